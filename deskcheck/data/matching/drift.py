"""Is the matching index what this deskcheck's folding makes of the text? (the doctor asks)"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

from deskcheck.data.matching.index import stored
from deskcheck.domain.claim_terms import claim_terms

DRIFT_SAMPLE = 20  # claims and published checks each: the newest, and as many at random


@dataclass(frozen=True)
class IndexDrift:
    """How far the matching index is from what this deskcheck would write today. The index
    is written by Python code (``claim_terms``): after an upgrade that folds claims another
    way, or a write that bypassed deskcheck, lookups quietly miss what they should find."""

    sampled: int  # documents compared with their text, folded again
    differing: tuple[int, ...]  # of those, the ones that differ (rowids: minus for published)
    unindexed: int  # claims and published checks that have no document
    orphaned: int  # documents of no claim or published check

    @property
    def ok(self) -> bool:
        return not (self.differing or self.unindexed or self.orphaned)

    def __str__(self) -> str:
        parts = []
        if self.differing:
            parts.append(
                f"{len(self.differing)} of {self.sampled} documents sampled differ from what"
                " this deskcheck makes of their text"
            )
        if self.unindexed == 1:
            parts.append("1 claim or published fact-check is not indexed")
        elif self.unindexed:
            parts.append(f"{self.unindexed:,} claims or published fact-checks are not indexed")
        if self.orphaned:
            belong = "document belongs" if self.orphaned == 1 else "documents belong"
            parts.append(f"{self.orphaned:,} {belong} to nothing on the desk")
        return "; ".join(parts) or f"ok ({self.sampled} documents sampled)"


def _sampled(conn: sqlite3.Connection, table: str, text: str) -> list[tuple[int, str]]:
    # our own table and column names only
    newest = conn.execute(
        f"SELECT id, {text} FROM {table} ORDER BY id DESC LIMIT ?", (DRIFT_SAMPLE,)
    ).fetchall()
    anywhere = conn.execute(
        f"SELECT id, {text} FROM {table} ORDER BY random() LIMIT ?", (DRIFT_SAMPLE,)
    ).fetchall()
    return sorted(set(newest) | set(anywhere))


def index_drift(conn: sqlite3.Connection) -> IndexDrift:
    """Sample the index against the text it was made from, and count what it lacks."""
    documents = [(claim_id, text) for claim_id, text in _sampled(conn, "claims", "text")] + [
        (-check_id, text) for check_id, text in _sampled(conn, "published_checks", "claim_text")
    ]
    differing = []
    for rowid, text in documents:
        row = conn.execute("SELECT terms, names FROM match_fts WHERE rowid = ?", (rowid,))
        found = row.fetchone()
        if found is None or tuple(found) != stored(claim_terms(text)):
            differing.append(rowid)
    counts = conn.execute(
        "SELECT (SELECT count(*) FROM claims), (SELECT count(*) FROM published_checks),"
        " (SELECT count(*) FROM match_fts WHERE rowid > 0 AND rowid IN (SELECT id FROM claims)),"
        " (SELECT count(*) FROM match_fts WHERE rowid < 0"
        "  AND -rowid IN (SELECT id FROM published_checks)),"
        " (SELECT count(*) FROM match_fts)"
    ).fetchone()
    claims, published, claims_indexed, published_indexed, indexed = counts
    return IndexDrift(
        sampled=len(documents),
        differing=tuple(differing),
        unindexed=claims - claims_indexed + published - published_indexed,
        orphaned=indexed - claims_indexed - published_indexed,
    )
