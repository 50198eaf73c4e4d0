"""The event log: every write to the desk appends one event, chained by SHA-256.

``hash = sha256(prev_hash ‖ canonical JSON of the event)``. The hash is computed here in
Python, not in a trigger, so that any SQLite client can open the desk (an app-defined
``sha256()`` would be missing there). Triggers in the schema keep the log append-only and
linked; ``verify_chain`` recomputes every hash and names the first event that does not match.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

import orjson

from deskcheck.domain.event_kinds import known_kind

GENESIS_HASH = ""
"""prev_hash of the first event."""


class Event(NamedTuple):
    seq: int
    at: str
    actor: str
    kind: str
    subject: str
    body: str
    prev_hash: str
    hash: str


def blob_digest(value: bytes) -> dict[str, Any]:
    """How a stored page body stands in the log: its hash and size, not a copy."""
    return {"sha256": hashlib.sha256(value).hexdigest(), "bytes": len(value)}


def _blob(value: Any) -> Any:
    if isinstance(value, bytes):
        return blob_digest(value)
    raise TypeError(f"{type(value).__name__} cannot go into an event")


# one encoder for every event: json.dumps would build this same encoder on every call
_CANONICAL = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_blob
)


def canonical_json(value: Any) -> str:
    """One spelling per value: sorted keys, no spaces, UTF-8 kept as is."""
    return _CANONICAL.encode(value)


def canonical_json_of_plain(value: Any) -> str:
    """``canonical_json`` of a value its caller knows holds only strings, integers, None,
    booleans, and lists, tuples and string-keyed mappings of them (no float, no bytes):
    orjson spells those byte for byte as json does (tests/test_events.py), several times
    faster; an ingest writes one such body per claim."""
    try:
        return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode("utf-8")
    except orjson.JSONEncodeError:  # a lone surrogate, an integer beyond 64 bits
        return canonical_json(value)


def event_hash(
    prev_hash: str, *, seq: int, at: str, actor: str, kind: str, subject: str, body: str
) -> str:
    """sha256(prev_hash ‖ canonical JSON of the event's fields)."""
    return fields_hash(prev_hash, seq, at, actor, kind, subject, body)


def fields_hash(
    prev_hash: str, seq: int, at: str, actor: str, kind: str, subject: str, body: str
) -> str:
    if (
        type(seq) is int
        and type(at) is str
        and type(actor) is str
        and type(kind) is str
        and type(subject) is str
        and type(body) is str
        and type(prev_hash) is str
    ):
        # orjson spells this canonical JSON byte for byte as json does (sorted keys, no
        # spaces, UTF-8 kept, the same escapes: tests/test_events.py checks every character),
        # several times faster; verify hashes every event of the log
        try:
            payload = orjson.dumps(
                {
                    "actor": actor,
                    "at": at,
                    "body": body,
                    "kind": kind,
                    "seq": seq,
                    "subject": subject,
                },
                option=orjson.OPT_SORT_KEYS,
            )
            return hashlib.sha256(prev_hash.encode("utf-8") + payload).hexdigest()
        except orjson.JSONEncodeError:  # a lone surrogate: json's spelling says what is wrong
            pass
    payload_text = canonical_json(
        {"seq": seq, "at": at, "actor": actor, "kind": kind, "subject": subject, "body": body}
    )
    return hashlib.sha256((prev_hash + payload_text).encode("utf-8")).hexdigest()


def chain_head(conn: sqlite3.Connection) -> tuple[int, str]:
    """(seq, hash) of the newest event, or (0, GENESIS_HASH) for an empty log."""
    tail = chain_tail(conn, 1)
    return tail[0] if tail else (0, GENESIS_HASH)


def chain_tail(conn: sqlite3.Connection, count: int) -> list[tuple[int, str]]:
    """(seq, hash) of the newest ``count`` events, oldest first; the last is the head."""
    rows = conn.execute("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT ?", [count])
    return [(int(seq), str(digest)) for seq, digest in reversed(rows.fetchall())]


def event_hashes(conn: sqlite3.Connection, seqs: list[int]) -> dict[int, str]:
    """The hash of each of these events the log holds, by seq."""
    if not seqs:
        return {}
    marks = ", ".join("?" for _ in seqs)
    found = conn.execute(f"SELECT seq, hash FROM events WHERE seq IN ({marks})", seqs)
    return {int(seq): str(digest) for seq, digest in found}


INSERT_EVENTS = (
    "INSERT INTO events (seq, at, actor, kind, subject, body, prev_hash, hash)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
)


def append_encoded(
    conn: sqlite3.Connection,
    *,
    at: str,
    actor: str,
    encoded: Iterable[tuple[str, str, str]],
    head: tuple[int, str] | None = None,
) -> tuple[int, str]:
    """The one way events enter the log: (kind, subject, canonical JSON body) each, chained
    in order after ``head`` (the chain head, when the caller already knows it) with one
    statement. Must run inside the write transaction that made the change; returns the new
    head. A kind that is not in ``domain.event_kinds`` is refused."""
    if not conn.in_transaction:
        raise RuntimeError("events are appended inside the write transaction they record")
    seq, prev = head or chain_head(conn)
    rows = []
    for kind, subject, body_json in encoded:
        known_kind(kind)
        seq += 1
        digest = fields_hash(prev, seq, at, actor, kind, subject, body_json)
        rows.append((seq, at, actor, kind, subject, body_json, prev, digest))
        prev = digest
    conn.executemany(INSERT_EVENTS, rows)
    return seq, prev


def append_event(
    conn: sqlite3.Connection,
    *,
    at: str,
    actor: str,
    kind: str,
    subject: str,
    body: Mapping[str, Any],
    head: tuple[int, str] | None = None,
) -> Event:
    """Append one event (see ``append_encoded``)."""
    prev = (head or chain_head(conn))[1]
    body_json = canonical_json(body)
    seq, digest = append_encoded(
        conn, at=at, actor=actor, encoded=[(kind, subject, body_json)], head=head
    )
    return Event(seq, at, actor, kind, subject, body_json, prev, digest)


def iter_events(conn: sqlite3.Connection, batch: int = 5000) -> Iterator[Event]:
    """All events in order, read in batches so no read transaction stays open for long."""
    last = 0
    while True:
        rows = conn.execute(
            "SELECT seq, at, actor, kind, subject, body, prev_hash, hash FROM events"
            " WHERE seq > ? ORDER BY seq LIMIT ?",
            (last, batch),
        ).fetchall()
        if not rows:
            return
        for row in rows:
            yield Event(*row)
        last = rows[-1][0]


@dataclass(frozen=True)
class ChainReport:
    events: int
    head_hash: str
    bad_event: Event | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.bad_event is None


def verify_chain(
    conn: sqlite3.Connection | None,
    events: Iterable[tuple[Any, ...]] | None = None,
    then: Callable[[Any], None] | None = None,
) -> ChainReport:
    """The chain rule, the one place it is written: each event follows the one before
    (seq), links to its hash (prev_hash), and hashes to its own hash. Stops at the first
    event that breaks it. ``events``: the raw rows (seq, at, actor, kind, subject, body,
    prev_hash, hash) or Events, else all of ``conn``'s; ``then(row)`` is called with each
    row that verified (a replay in the same pass: verify's hot path)."""
    prev_hash, expected, hash_of = GENESIS_HASH, 1, fields_hash
    assert events is not None or conn is not None
    for row in events if events is not None else iter_events(conn):  # type: ignore[arg-type]
        seq, at, actor, kind, subject, body, linked_to, digest = row
        if seq != expected:
            problem = f"expected event {expected} next"
        elif linked_to != prev_hash:
            problem = "its prev_hash is not the previous hash"
        elif hash_of(prev_hash, seq, at, actor, kind, subject, body) != digest:
            problem = "its content does not match its hash"
        else:
            if then is not None:
                then(row)
            prev_hash = digest
            expected += 1
            continue
        return ChainReport(expected - 1, prev_hash, Event._make(row), problem)
    return ChainReport(expected - 1, prev_hash)


def chain_contains(conn: sqlite3.Connection, head_hash: str) -> bool:
    """Whether a head recorded earlier (outside the desk) is still an event of this chain."""
    return conn.execute("SELECT 1 FROM events WHERE hash = ?", (head_hash,)).fetchone() is not None
