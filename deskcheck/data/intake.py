"""Taking ingested items onto the desk: idempotent, in batches, each item with its event.

An item is the same claim as one already on the desk when it has the same external id
(GUID, post id or link), else the same text fingerprint. The same id with different text is
a later version of the item: it is recorded in ``claim_versions`` and the claim under review
is left as the reviewer last saw it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import Any

from deskcheck.data.desk_work import tag_from_outside
from deskcheck.data.events import chain_head
from deskcheck.data.matching import match_new
from deskcheck.data.recorder import Recorder
from deskcheck.domain.claim_terms import ClaimTerms, claim_terms
from deskcheck.domain.fingerprint import fingerprint
from deskcheck.domain.models import IncomingClaim, IngestCounts

HOP = ("claim_id", "position", "actor", "kind", "url", "seen_at")


_CHUNK = 500  # values bound in one IN (...) list


def _known(conn: sqlite3.Connection, column: str, values: set[str]) -> dict[str, tuple[int, str]]:
    """(the earliest claim id, its text) by ``column`` value, for the values given: what a
    lookup of each value alone (``LIMIT 1`` on the column's index) would find."""
    found: dict[str, tuple[int, str]] = {}
    ordered = sorted(values)
    for start in range(0, len(ordered), _CHUNK):
        chunk = ordered[start : start + _CHUNK]
        rows = conn.execute(
            f"SELECT {column}, id, text FROM claims WHERE {column} IN"
            f" ({', '.join('?' for _ in chunk)}) ORDER BY id",
            chunk,
        ).fetchall()
        for value, claim_id, text in rows:
            found.setdefault(value, (claim_id, text))
    return found


def _next_id(conn: sqlite3.Connection, table: str, key: str = "id") -> int:
    """The id SQLite would give the table's next row (the largest plus one): the batch holds
    the write lock, so ids are given here and the rows written with one statement each."""
    return int(conn.execute(f"SELECT coalesce(max({key}), 0) + 1 FROM {table}").fetchone()[0])


def _record_version(
    rec: Recorder, run_id: int, claim_id: int, text: str, events: list[Event]
) -> bool:
    conn = rec.db.conn
    seen = conn.execute(
        "SELECT 1 FROM claim_versions WHERE claim_id = ? AND text = ?", (claim_id, text)
    ).fetchone()
    if seen:
        return False
    row = {"claim_id": claim_id, "run_id": run_id, "text": text, "seen_at": rec.at}
    cursor = conn.execute(
        "INSERT INTO claim_versions (claim_id, run_id, text, seen_at) VALUES (?, ?, ?, ?)",
        (claim_id, run_id, text, rec.at),
    )
    events.append(
        (
            "claim.version_seen",
            f"claim:{claim_id}",
            {"table": "claim_versions", "id": cursor.lastrowid, "row": row},
            True,
        )
    )
    return True


# kind, subject, body, whether the body is plain: appended together at the end of the batch
Event = tuple[str, str, dict[str, Any], bool]
_PLAIN = (str, int, bool, type(None))


def _plain_item(item: IncomingClaim) -> bool:
    """Whether the item holds only strings, integers, None and booleans (and tuples and
    string-keyed dicts of them): its ingest event may then be spelled by orjson."""
    for value in item.__dict__.values():
        if type(value) in _PLAIN:
            continue
        if type(value) is not tuple:
            return False
        for part in value:
            if type(part) is dict:
                if not all(type(k) is str and type(v) in _PLAIN for k, v in part.items()):
                    return False
            elif type(part) not in _PLAIN:
                return False
    return True


CLAIM_COLUMNS = (
    "id",
    "text",
    "received_at",
    "origin_url",
    "status",
    "priority",
    "created_at",
    "updated_at",
    "external_id",
    "fingerprint",
    "published_at",
    "context",
    "assignee",
    "subscription_id",
)
EVIDENCE_COLUMNS = (
    "id",
    "claim_id",
    "title",
    "url",
    "excerpt",
    "kind",
    "added_by",
    "added_at",
    "published_at",
)


@dataclass
class _Batch:
    """The rows of a batch's new claims, with the ids SQLite would give them one by one."""

    claim_id: int
    hop_id: int
    tag_id: int
    evidence_id: int
    claims: list[tuple[Any, ...]] = field(default_factory=list)
    hops: list[tuple[Any, ...]] = field(default_factory=list)
    tags: list[tuple[Any, ...]] = field(default_factory=list)
    evidence: list[tuple[Any, ...]] = field(default_factory=list)

    @classmethod
    def at_end_of(cls, conn: sqlite3.Connection) -> _Batch:
        return cls(
            _next_id(conn, "claims"),
            _next_id(conn, "custody_hops"),
            _next_id(conn, "claim_tags", "rowid"),
            _next_id(conn, "evidence"),
        )

    def write(self, conn: sqlite3.Connection) -> None:
        def insert(table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]]) -> None:
            if rows:
                marks = ", ".join("?" for _ in columns)
                conn.executemany(
                    f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows
                )

        insert("claims", CLAIM_COLUMNS, self.claims)
        insert("custody_hops", ("id", *HOP), self.hops)
        insert("claim_tags", ("rowid", "claim_id", "tag"), self.tags)
        insert("evidence", EVIDENCE_COLUMNS, self.evidence)


def _insert(rec: Recorder, run_id: int, item: IncomingClaim, print_: str, batch: _Batch) -> Event:
    """The claim and what came with it (custody hops, tags, outside reviews), and the one
    event that carries every row it wrote, so the log can rebuild them."""
    received = rec.at  # when the desk received it; the item's own date is published_at
    claim = {
        "text": item.text,
        "received_at": received,
        "origin_url": item.origin_url,
        "status": "new",
        "priority": item.priority,
        "created_at": rec.at,
        "updated_at": rec.at,
        "external_id": item.external_id,
        "fingerprint": print_,
        "published_at": item.published_at,
        "context": item.context,
        "assignee": item.assignee,
        "subscription_id": item.subscription_id,
    }
    claim_id = batch.claim_id
    batch.claim_id += 1
    batch.claims.append((claim_id, *claim.values()))
    rows: list[dict[str, Any]] = []
    if item.author:
        hop = (item.author, item.author_kind, item.origin_url, item.published_at or received)
        rows.append(_hop(batch, (claim_id, 1, *hop)))
    if item.source:
        hop = (item.source, item.source_kind, item.source_url, rec.at)
        rows.append(_hop(batch, (claim_id, len(rows) + 1, *hop)))
    for tag in sorted({t for t in map(tag_from_outside, item.tags) if t}):
        batch.tags.append((batch.tag_id, claim_id, tag))
        row = {"claim_id": claim_id, "tag": tag}
        rows.append({"table": "claim_tags", "id": batch.tag_id, "row": row})
        batch.tag_id += 1
    for review in item.outside_reviews:
        evidence = {
            "claim_id": claim_id,
            "title": review["title"],
            "url": review.get("url"),
            "excerpt": review.get("excerpt", ""),
            "kind": "review",
            "added_by": rec.actor,
            "added_at": rec.at,
            "published_at": review.get("published_at"),
        }
        batch.evidence.append((batch.evidence_id, *evidence.values()))
        rows.append({"table": "evidence", "id": batch.evidence_id, "row": evidence})
        batch.evidence_id += 1
    body = {
        "id": claim_id,
        "run_id": run_id,
        "fingerprint": print_,
        "item": item.__dict__,
        "row": claim,
        "rows": rows,
    }
    return "claim.ingested", f"claim:{claim_id}", body, _plain_item(item)


def _hop(batch: _Batch, values: tuple[Any, ...]) -> dict[str, Any]:
    hop_id = batch.hop_id
    batch.hop_id += 1
    batch.hops.append((hop_id, *values))
    return {"table": "custody_hops", "id": hop_id, "row": dict(zip(HOP, values, strict=True))}


def take_in(rec: Recorder, run_id: int, items: list[IncomingClaim]) -> IngestCounts:
    """Record one batch of items inside the caller's write transaction: the claims already
    here are found with one query per batch, the new rows and their events are written
    with one statement per table, in the order one by one would have written them."""
    counts = IngestCounts()
    conn = rec.db.conn
    head = chain_head(conn)
    prints = [fingerprint(item.text) for item in items]
    by_id = _known(conn, "external_id", {i.external_id for i in items if i.external_id})
    by_print = _known(conn, "fingerprint", set(prints))
    batch = _Batch.at_end_of(conn)
    events: list[Event] = []
    new: list[tuple[int, ClaimTerms]] = []
    for item, print_ in zip(items, prints, strict=True):
        existing = by_id.get(item.external_id) if item.external_id else None
        by_external_id = existing is not None
        existing = existing or by_print.get(print_)
        if existing is None:
            event = _insert(rec, run_id, item, print_, batch)
            claim_id = event[2]["id"]
            events.append(event)
            if item.external_id:
                by_id.setdefault(item.external_id, (claim_id, item.text))
            by_print.setdefault(print_, (claim_id, item.text))
            counts.new_claims.append(claim_id)
            if item.pictures or item.picture_files:
                counts.new_pictures.append((claim_id, item.pictures + item.picture_files))
            new.append((claim_id, claim_terms(item.text)))
            counts.new += 1
            continue
        # matched by external id with other text: the same item, edited at its source
        edited = by_external_id and existing[1] != item.text
        if edited and batch.claims:
            batch.write(conn)  # the version's claim may be one of this batch's
            batch = _Batch.at_end_of(conn)
        if edited and _record_version(rec, run_id, existing[0], item.text, events):
            counts.version += 1
        else:
            counts.duplicate += 1
    batch.write(conn)
    rec.events(events)
    counts.probably_checked = match_new(conn, run_id, new, head)
    return counts
