"""Fact-checks published elsewhere: a reference library that matching reads.

They are someone else's verdicts, not the desk's work, so they are kept outside the event
log (``published_checks`` is not in ``CHECKED_TABLES``): the log records the desk's acts, and
100,000 outside reviews would otherwise double it and the time ``verify`` takes. What the
log does keep is the ingest run that loaded them (source, time, counts). The same review
loaded again is skipped (same claim fingerprint, publisher and URL).
"""

from __future__ import annotations

from deskcheck.data.matching import index_published
from deskcheck.data.recorder import Recorder
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
    """Load a batch of published fact-checks; (how many were added, how many were here)."""
    conn = rec.db.conn
    before = conn.execute("SELECT coalesce(max(id), 0) FROM published_checks").fetchone()[0]
    rows = [
        (
            c.claim_text,
            c.claimant,
            c.claim_date,
            c.publisher,
            c.rating,
            c.reviewed_at,
            c.url,
            c.language,
            source,
            rec.at,
            fingerprint(c.claim_text),
        )
        for c in checks
    ]
    marks = ", ".join("?" for _ in COLUMNS)
    conn.executemany(
        f"INSERT OR IGNORE INTO published_checks ({', '.join(COLUMNS)}) VALUES ({marks})", rows
    )
    added = conn.execute(
        "SELECT id, claim_text FROM published_checks WHERE id > ? ORDER BY id", (before,)
    ).fetchall()
    index_published(conn, added)
    return len(added), len(checks) - len(added)
