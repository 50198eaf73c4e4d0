"""Fact-checks published elsewhere: a reference library that matching reads.

They are someone else's verdicts, yet they change an outcome (a claim found "already
checked", a repeat link citing one), so the record covers them: each batch loaded is one
``published.loaded`` event holding the batch's id range, count and the SHA-256 of its rows
(``batch_digest``), and ``verify`` proves every row against it. The rows themselves are not
copied into the log: 100,000 outside reviews would double it and the time ``verify`` takes,
and the digest catches a changed rating or publisher, a row added or removed, all the same.
The same review loaded again is skipped (same claim fingerprint, publisher and URL).
"""

from __future__ import annotations

import hashlib
import sqlite3
from typing import Any

import orjson

from deskcheck.data.matching import index_published
from deskcheck.data.recorder import Recorder
from deskcheck.data.rules import given_time, required, web_address
from deskcheck.domain.fingerprint import fingerprint
from deskcheck.domain.models import PublishedCheck

COLUMNS = (
    "claim_text",
    "claimant",
    "claim_date",
    "publisher",
    "rating",
    "reviewed_at",
    "url",
    "language",
    "source",
    "loaded_at",
    "fingerprint",
)


def add_published(rec: Recorder, source: str, checks: list[PublishedCheck]) -> tuple[int, int]:
    """Load a batch of published fact-checks; (how many were added, how many were here).
    A check whose URL is no web URL, or whose date is no date, refuses the whole batch (the
    ingest parsers leave such checks out before they come here)."""
    conn = rec.db.conn
    before = conn.execute("SELECT coalesce(max(id), 0) FROM published_checks").fetchone()[0]
    rows = [_row(c, source, rec.at) for c in checks]
    marks = ", ".join("?" for _ in COLUMNS)
    conn.executemany(
        f"INSERT OR IGNORE INTO published_checks ({', '.join(COLUMNS)}) VALUES ({marks})", rows
    )
    added = conn.execute(
        "SELECT id, claim_text FROM published_checks WHERE id > ? ORDER BY id", (before,)
    ).fetchall()
    index_published(conn, added)
    record_batch(rec, [int(row[0]) for row in added], source)
    return len(added), len(checks) - len(added)


def _row(check: PublishedCheck, source: str, at: str) -> tuple[Any, ...]:
    """A published check as stored, by the desk's rules for text, URLs and dates."""
    return (
        required("a published check's claim", check.claim_text),
        check.claimant,
        given_time("a published check's claim date", check.claim_date),
        required("a published check's publisher", check.publisher),
        check.rating,
        given_time("a published check's review date", check.reviewed_at),
        web_address("a published check's URL", check.url),
        check.language,
        source,
        at,
        fingerprint(check.claim_text),
    )


def batch_digest(conn: sqlite3.Connection, first: int, last: int) -> tuple[int, str]:
    """(rows, SHA-256) of the published checks with ids first..last, every column."""
    rows = conn.execute(
        f"SELECT id, {', '.join(COLUMNS)} FROM published_checks WHERE id BETWEEN ? AND ?"
        " ORDER BY id",
        [first, last],
    ).fetchall()
    return len(rows), hashlib.sha256(orjson.dumps([list(r) for r in rows])).hexdigest()


def record_batch(
    rec: Recorder, ids: list[int], source: str, kind: str = "published.loaded"
) -> None:
    """The event that vouches for a batch just loaded (ids contiguous: one INSERT)."""
    if not ids:
        return
    first, last = min(ids), max(ids)
    count, digest = batch_digest(rec.db.conn, first, last)
    body: dict[str, Any] = {"first": first, "last": last, "count": count, "sha256": digest}
    rec.event(kind, "desk", {**body, "source": source})
