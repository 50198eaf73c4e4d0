"""Taking ingested items onto the desk: idempotent, in batches, each item with its event.

An item is the same claim as one already on the desk when it has the same external id
(GUID, post id or link), else the same text fingerprint. The same id with different text is
a later version of the item: it is recorded in ``claim_versions`` and the claim under review
is left as the reviewer last saw it.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from deskcheck.data.recorder import Recorder
from deskcheck.domain.fingerprint import fingerprint
from deskcheck.domain.models import IncomingClaim, IngestCounts

INSERT_CLAIM = """
INSERT INTO claims (text, received_at, origin_url, status, priority, created_at, updated_at,
                    external_id, fingerprint)
VALUES (?, ?, ?, 'new', ?, ?, ?, ?, ?)
"""
INSERT_HOP = """
INSERT INTO custody_hops (claim_id, position, actor, kind, url, seen_at)
VALUES (?, ?, ?, ?, ?, ?)
"""
INSERT_EVIDENCE = """
INSERT INTO evidence (claim_id, title, url, excerpt, kind, added_by, added_at, published_at)
VALUES (?, ?, ?, ?, 'review', ?, ?, ?)
"""


def _existing(
    conn: sqlite3.Connection, item: IncomingClaim, print_: str
) -> tuple[int, str, bool] | None:
    """(claim id, its text, whether it matched by external id) of the claim already here."""
    if item.external_id:
        row = conn.execute(
            "SELECT id, text FROM claims WHERE external_id = ? LIMIT 1", (item.external_id,)
        ).fetchone()
        if row:
            return row[0], row[1], True
    row = conn.execute(
        "SELECT id, text FROM claims WHERE fingerprint = ? LIMIT 1", (print_,)
    ).fetchone()
    return (row[0], row[1], False) if row else None


def _record_version(rec: Recorder, run_id: int, claim_id: int, text: str) -> bool:
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
    rec.event(
        "claim.version_seen",
        f"claim:{claim_id}",
        {"table": "claim_versions", "id": cursor.lastrowid, "row": row},
    )
    return True


def _insert(rec: Recorder, run_id: int, item: IncomingClaim, print_: str) -> int:
    conn = rec.db.conn
    received = item.received_at or rec.at
    cursor = conn.execute(
        INSERT_CLAIM,
        (
            item.text,
            received,
            item.origin_url,
            item.priority,
            rec.at,
            rec.at,
            item.external_id,
            print_,
        ),
    )
    claim_id = int(cursor.lastrowid or 0)
    hops: list[tuple[Any, ...]] = []
    if item.author:
        hops.append((claim_id, 1, item.author, item.author_kind, item.origin_url, received))
    if item.source:
        hops.append(
            (claim_id, len(hops) + 1, item.source, item.source_kind, item.source_url, rec.at)
        )
    conn.executemany(INSERT_HOP, hops)
    for tag in sorted(set(item.tags)):
        conn.execute("INSERT INTO claim_tags (claim_id, tag) VALUES (?, ?)", (claim_id, tag))
    for review in item.outside_reviews:
        conn.execute(
            INSERT_EVIDENCE,
            (
                claim_id,
                review["title"],
                review.get("url"),
                review.get("excerpt", ""),
                rec.actor,
                rec.at,
                review.get("published_at"),
            ),
        )
    rec.event(
        "claim.ingested",
        f"claim:{claim_id}",
        {"id": claim_id, "run_id": run_id, "fingerprint": print_, "item": item.__dict__},
    )
    return claim_id


def take_in(rec: Recorder, run_id: int, items: list[IncomingClaim]) -> IngestCounts:
    """Record one batch of items inside the caller's write transaction."""
    counts = IngestCounts()
    conn = rec.db.conn
    for item in items:
        print_ = fingerprint(item.text)
        existing = _existing(conn, item, print_)
        if existing is None:
            counts.new_claims.append(_insert(rec, run_id, item, print_))
            counts.new += 1
        elif (
            existing[2]  # matched by external id: the same item, edited at its source
            and existing[1] != item.text
            and _record_version(rec, run_id, existing[0], item.text)
        ):
            counts.version += 1
        else:
            counts.duplicate += 1
    return counts
