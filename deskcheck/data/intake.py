"""Taking ingested items onto the desk: idempotent, in batches, each item with its event.

An item is the same claim as one already on the desk when it has the same external id
(GUID, post id or link), else the same text fingerprint. The same id with different text is
a later version of the item: it is recorded in ``claim_versions`` and the claim under review
is left as the reviewer last saw it.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from deskcheck.data.matching import INSERT, best_score, stored
from deskcheck.data.recorder import Recorder
from deskcheck.domain.claim_terms import ClaimTerms, claim_terms
from deskcheck.domain.fingerprint import fingerprint
from deskcheck.domain.likeness import LIKELY
from deskcheck.domain.models import IncomingClaim, IngestCounts

HOP = ("claim_id", "position", "actor", "kind", "url", "seen_at")


def _insert_row(conn: sqlite3.Connection, table: str, row: dict[str, Any]) -> int:
    """Insert one row (our own table and column names) and return its id."""
    columns = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    cursor = conn.execute(f"INSERT INTO {table} ({columns}) VALUES ({marks})", list(row.values()))
    return int(cursor.lastrowid or 0)


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
    """The claim and what came with it (custody hops, tags, outside reviews), recorded in
    one event that carries every row it wrote, so the log can rebuild them."""
    conn = rec.db.conn
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
    claim_id = _insert_row(conn, "claims", claim)
    parts: list[tuple[str, dict[str, Any]]] = []
    if item.author:
        hop = (item.author, item.author_kind, item.origin_url, item.published_at or received)
        parts.append(("custody_hops", dict(zip(HOP, (claim_id, 1, *hop), strict=True))))
    if item.source:
        hop = (item.source, item.source_kind, item.source_url, rec.at)
        parts.append(
            ("custody_hops", dict(zip(HOP, (claim_id, len(parts) + 1, *hop), strict=True)))
        )
    parts += [("claim_tags", {"claim_id": claim_id, "tag": tag}) for tag in sorted(set(item.tags))]
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
        parts.append(("evidence", evidence))
    rows = [
        {"table": table, "id": _insert_row(conn, table, row), "row": row} for table, row in parts
    ]
    rec.event(
        "claim.ingested",
        f"claim:{claim_id}",
        {
            "id": claim_id,
            "run_id": run_id,
            "fingerprint": print_,
            "item": item.__dict__,
            "row": claim,
            "rows": rows,
        },
    )
    return claim_id


# document counts made during one ingest run, by run: counts only grow, so an earlier
# batch's count is a fair guide to which terms are rare (the run's last batch drops it)
_RUN_COUNTS: dict[int, dict[str, int]] = {}


def _match_new(rec: Recorder, run_id: int, new: list[tuple[int, ClaimTerms]]) -> int:
    """Index the batch's new claims and count those that probably repeat an earlier claim
    or a published fact-check (a claim of the same batch is not earlier)."""
    conn = rec.db.conn
    conn.executemany(INSERT, ((claim_id, *stored(terms)) for claim_id, terms in new))
    first = new[0][0] if new else 0
    probably = 0
    if run_id not in _RUN_COUNTS:
        _RUN_COUNTS.clear()  # one run at a time is remembered
    memo = _RUN_COUNTS.setdefault(run_id, {})
    for claim_id, terms in new:
        best = best_score(conn, terms, claim_id, before=first, memo=memo)
        probably += best is not None and best[1] >= LIKELY
    return probably


def take_in(rec: Recorder, run_id: int, items: list[IncomingClaim]) -> IngestCounts:
    """Record one batch of items inside the caller's write transaction."""
    counts = IngestCounts()
    conn = rec.db.conn
    new: list[tuple[int, ClaimTerms]] = []
    for item in items:
        print_ = fingerprint(item.text)
        existing = _existing(conn, item, print_)
        if existing is None:
            claim_id = _insert(rec, run_id, item, print_)
            counts.new_claims.append(claim_id)
            new.append((claim_id, claim_terms(item.text)))
            counts.new += 1
        elif (
            existing[2]  # matched by external id: the same item, edited at its source
            and existing[1] != item.text
            and _record_version(rec, run_id, existing[0], item.text)
        ):
            counts.version += 1
        else:
            counts.duplicate += 1
    counts.probably_checked = _match_new(rec, run_id, new)
    return counts
