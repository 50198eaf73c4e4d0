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
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

import orjson

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
    row = conn.execute("SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1").fetchone()
    return (row[0], row[1]) if row else (0, GENESIS_HASH)


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
    """Append one event. Must run inside the write transaction that made the change.

    ``head`` is the chain head when the caller already knows it (a batch in one transaction).
    """
    if not conn.in_transaction:
        raise RuntimeError("events are appended inside the write transaction they record")
    head_seq, head_hash = head or chain_head(conn)
    seq = head_seq + 1
    body_json = canonical_json(body)
    digest = event_hash(
        head_hash, seq=seq, at=at, actor=actor, kind=kind, subject=subject, body=body_json
    )
    conn.execute(
        "INSERT INTO events (seq, at, actor, kind, subject, body, prev_hash, hash)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (seq, at, actor, kind, subject, body_json, head_hash, digest),
    )
    return Event(seq, at, actor, kind, subject, body_json, head_hash, digest)


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
    conn: sqlite3.Connection, events: Iterator[Event] | None = None, then: Any = None
) -> ChainReport:
    """Recompute every hash; stop at the first event whose link or hash is wrong.
    ``then(event)`` is called with each event that verified (a replay, in the same pass)."""
    prev_hash = GENESIS_HASH
    expected_seq = 1
    count = 0
    for event in events if events is not None else iter_events(conn):
        seq, at, actor, kind, subject, body, linked_to, digest = event
        if seq != expected_seq:
            return ChainReport(count, prev_hash, event, f"expected event {expected_seq} next")
        if linked_to != prev_hash:
            return ChainReport(count, prev_hash, event, "its prev_hash is not the previous hash")
        if fields_hash(prev_hash, seq, at, actor, kind, subject, body) != digest:
            return ChainReport(count, prev_hash, event, "its content does not match its hash")
        if then is not None:
            then(event)
        prev_hash = digest
        expected_seq += 1
        count += 1
    return ChainReport(count, prev_hash)


def chain_contains(conn: sqlite3.Connection, head_hash: str) -> bool:
    """Whether a head recorded earlier (outside the desk) is still an event of this chain."""
    return conn.execute("SELECT 1 FROM events WHERE hash = ?", (head_hash,)).fetchone() is not None
