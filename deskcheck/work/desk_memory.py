"""Each reviewer's deskcheck remembers the last state of each desk it saw, so a desk that
went back in time is noticed: a lost ``-wal`` file after a crash, a restored old backup, or
a copy put in place of the desk all leave the remembered head outside the event log.

The memory is one small JSON file in the reviewer's state directory (platformdirs), keyed by
the desk file's path, and holding the desk's first event with the head: a chain rewritten
from its first event on is a different history at the same place, and is said so (keyed by
the first event alone, such a rewrite was never compared with anything). It keeps the hashes
of the last ``WINDOW`` events seen, so after a loss it can tell where the desk's history and
the one seen part: the count of lost events is exact, or says "at least" when the parting is
further back than it remembers.

A loss, once seen, stays: the warning shows on every command until a reviewer runs
``deskcheck verify --accept``, which records on the desk who accepted what, and only then is
the desk's present head remembered in place of the lost one.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from deskcheck.data.connection import connect
from deskcheck.data.events import chain_tail, event_hashes
from deskcheck.domain.errors import NotADesk

MEMORY_FILE = "heads.json"
WINDOW = 256  # the last events' hashes remembered: ~20 KB a desk


def memory_path() -> Path:
    from platformdirs import user_state_path

    return user_state_path("deskcheck", appauthor=False) / MEMORY_FILE


@dataclass(frozen=True)
class Loss:
    """The desk no longer holds the state this reviewer last saw."""

    seen_seq: int
    seen_hash: str
    seen_at: str
    head_seq: int
    lost: int  # events seen that the desk no longer holds
    exact: bool  # False: at least ``lost`` (the parting is beyond the remembered window)
    rewritten_from_start: bool = False  # its first event is not the one seen

    def __str__(self) -> str:
        if self.rewritten_from_start:
            count = "its history was rewritten from its first event on"
        elif self.lost > 0:
            count = f"{'' if self.exact else 'at least '}{self.lost} events are missing"
        else:
            count = "its history was rewritten"
        return (
            f"this desk went back in time: the last state you saw (event {self.seen_seq},"
            f" seen {self.seen_at}) is no longer in its event log; {count}. A lost -wal"
            " file after a crash, or an old backup put in its place, does this: see the"
            " README, 'A desk that went back in time'. This warning stays until a reviewer"
            " runs `deskcheck verify --accept`"
        )

    def as_body(self) -> dict[str, Any]:
        return {
            "seen_seq": self.seen_seq,
            "seen_hash": self.seen_hash,
            "seen_at": self.seen_at,
            "head_seq": self.head_seq,
            "lost": self.lost,
            "exact": self.exact,
            "rewritten_from_start": self.rewritten_from_start,
        }


def _connect(path: Path) -> sqlite3.Connection | None:
    """A read-only connection: reading the head never writes to the desk file."""
    try:
        return connect(path, read_only=True)
    except (NotADesk, sqlite3.Error):
        return None


def _read(path: Path) -> tuple[str, int, list[str]] | None:
    """(first event's hash, head seq, the last WINDOW hashes oldest first); None: no log."""
    conn = _connect(path)
    if conn is None:
        return None
    try:
        first = event_hashes(conn, [1]).get(1)
        tail = chain_tail(conn, WINDOW)
        if first is None or not tail:
            return None
        return first, tail[-1][0], [digest for _, digest in tail]
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def _hashes_at(path: Path, seqs: list[int]) -> dict[int, str]:
    conn = _connect(path)
    if conn is None:
        return {}
    try:
        return event_hashes(conn, seqs)
    except sqlite3.Error:
        return {}
    finally:
        conn.close()


def _key(path: Path) -> str:
    return str(path.resolve())


def _load() -> dict[str, Any]:
    try:
        loaded = json.loads(memory_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


def _save(memory: dict[str, Any]) -> None:
    target = memory_path()
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_suffix(f".{os.getpid()}.tmp")
        temporary.write_text(json.dumps(memory, indent=1, sort_keys=True), encoding="utf-8")
        temporary.replace(target)  # whole or not at all, even with two deskchecks at once
    except OSError:
        pass  # a memory that cannot be kept costs the warning, never the reviewer's work


def _seen(path: Path) -> dict[str, Any] | None:
    seen = _load().get(_key(path))
    return seen if isinstance(seen, dict) and isinstance(seen.get("seq"), int) else None


def _loss(path: Path, seen: dict[str, Any]) -> Loss | None:
    now = _read(path)
    if now is None:
        return None
    first, head_seq, _hashes = now
    seen_seq, seen_hash = int(seen["seq"]), str(seen.get("hash", ""))
    at = str(seen.get("at"))
    if seen.get("first") not in (None, first):
        return Loss(seen_seq, seen_hash, at, head_seq, seen_seq, True, rewritten_from_start=True)
    if _hashes_at(path, [seen_seq]).get(seen_seq) == seen_hash:
        return None
    # where the two histories part: the newest remembered event the desk still holds as seen
    remembered = [str(h) for h in seen.get("window", []) if isinstance(h, str)]
    start = seen_seq - len(remembered) + 1
    present = _hashes_at(path, list(range(start, seen_seq + 1)))
    parted = next(
        (s for s in range(seen_seq, start - 1, -1) if present.get(s) == remembered[s - start]),
        None,
    )
    if parted is not None:
        return Loss(seen_seq, seen_hash, at, head_seq, seen_seq - parted, True)
    return Loss(seen_seq, seen_hash, at, head_seq, max(seen_seq - start + 1, 1), False)


def check(path: Path) -> Loss | None:
    """Whether the desk lost the state this reviewer last saw of it (a loss seen before and
    not yet accepted is still a loss)."""
    seen = _seen(path)
    if seen is None:
        return None
    return _loss(path, seen)


def remember(path: Path) -> None:
    """Remember the desk's head as seen now (after a command, a write, a session), unless
    it lost what was seen before: that stays until accepted (``accept``)."""
    now = _read(path)
    if now is None:
        return
    seen = _seen(path)
    if seen is not None and _loss(path, seen) is not None:
        return
    _keep(path, now)


def _keep(path: Path, now: tuple[str, int, list[str]]) -> None:
    first, head_seq, hashes = now
    memory = _load()
    memory[_key(path)] = {
        "first": first,
        "seq": head_seq,
        "hash": hashes[-1],
        "window": hashes,
        "at": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    _save(memory)


def accept(path: Path, reviewer: str) -> Loss | None:
    """Record on the desk that ``reviewer`` accepts its loss (the loss, as seen), then
    remember its present head; None when there was no loss to accept."""
    from deskcheck.data import Desk

    loss = check(path)
    if loss is None:
        return None
    with Desk.open(path, reviewer=reviewer) as desk:
        desk.accept_loss(loss.as_body())
    now = _read(path)
    if now is not None:
        _keep(path, now)
    return loss
