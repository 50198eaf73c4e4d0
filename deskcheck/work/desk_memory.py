"""Each reviewer's deskcheck remembers the last state of each desk it saw, so a desk that
went back in time is noticed: a lost ``-wal`` file after a crash, a restored old backup, or
a copy put in place of the desk all leave the remembered head outside the event log.

The memory is one small JSON file in the reviewer's state directory (platformdirs), keyed by
the desk's id (the hash of its first event: stable for the desk's life) and its path.
"""

from __future__ import annotations

import json
import os
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

MEMORY_FILE = "heads.json"


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

    def __str__(self) -> str:
        missing = self.seen_seq - self.head_seq
        count = f"{missing} events are missing" if missing > 0 else "its history was rewritten"
        return (
            f"this desk went back in time: the last state you saw (event {self.seen_seq},"
            f" seen {self.seen_at}) is no longer in its event log; {count}. A lost -wal"
            " file after a crash, or an old backup put in its place, does this: see the"
            " README, 'A desk that went back in time'"
        )


def _read_head(path: Path) -> tuple[str, int, str] | None:
    """(desk id, head seq, head hash), read with plain sqlite3; None when there is no log."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        first = conn.execute("SELECT hash FROM events WHERE seq = 1").fetchone()
        head = conn.execute("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").fetchone()
        return (str(first[0]), int(head[0]), str(head[1])) if first and head else None
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def _has_event(path: Path, event_hash: str) -> bool:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return (
            conn.execute("SELECT 1 FROM events WHERE hash = ?", [event_hash]).fetchone() is not None
        )
    finally:
        conn.close()


def _key(desk_id: str, path: Path) -> str:
    return f"{desk_id}|{path.resolve()}"


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


def check(path: Path) -> Loss | None:
    """Whether the desk lost the state this reviewer last saw of it."""
    now = _read_head(path)
    if now is None:
        return None
    desk_id, head_seq, _head_hash = now
    seen = _load().get(_key(desk_id, path))
    if not isinstance(seen, dict) or _has_event(path, str(seen.get("hash", ""))):
        return None
    return Loss(int(seen.get("seq", 0)), str(seen.get("hash")), str(seen.get("at")), head_seq)


def remember(path: Path) -> None:
    """Remember the desk's head as seen now (after a command, a write, a session)."""
    now = _read_head(path)
    if now is None:
        return
    desk_id, head_seq, head_hash = now
    memory = _load()
    seen_at = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    memory[_key(desk_id, path)] = {"seq": head_seq, "hash": head_hash, "at": seen_at}
    _save(memory)
