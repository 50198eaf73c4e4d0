"""Version 13: a published fact-check with no URL loads only once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database


# the same review loads once even without a URL: the UNIQUE of version 12 counts NULL URLs as
# all different, so a URL-less review loaded again at every ingest. INSERT OR IGNORE skips a
# row that conflicts with this index as with any other unique key.
PUBLISHED_KEY_V13 = """
CREATE UNIQUE INDEX idx_published_checks_review
    ON published_checks (fingerprint, publisher, coalesce(url, ''));
"""

PUBLISHED_TWINS = """
SELECT p.id, (SELECT min(k.id) FROM published_checks k
              WHERE k.fingerprint = p.fingerprint AND k.publisher = p.publisher
                AND coalesce(k.url, '') = coalesce(p.url, '')) AS kept
FROM published_checks p WHERE coalesce(p.url, '') = ''
"""


def published_twins(db: Database) -> dict[int, int]:
    """URL-less published checks loaded more than once: each later copy → the first one."""
    return {twin: kept for twin, kept in db.execute(PUBLISHED_TWINS).fetchall() if twin != kept}


def add_published_key_v13(db: Database) -> list[dict[str, Any]]:
    """Version 13: a published review loads once, URL or not. Copies already loaded are
    removed (the lowest id is kept, with its place in the matching index); a repeat link that
    cited a removed copy is pointed at the kept one, recorded as an update of the link."""
    twins = published_twins(db)
    fixes: list[dict[str, Any]] = []
    for twin, kept in sorted(twins.items()):
        links = db.execute(
            "SELECT id FROM claim_repeats WHERE repeat_of_published_id = ? ORDER BY id", [twin]
        ).fetchall()
        for (link,) in links:
            db.execute(
                "UPDATE claim_repeats SET repeat_of_published_id = ? WHERE id = ?", [kept, link]
            )
            fixes.append(
                {
                    "table": "claim_repeats",
                    "id": link,
                    "before": {"repeat_of_published_id": twin},
                    "after": {"repeat_of_published_id": kept},
                }
            )
        db.execute("DELETE FROM match_fts WHERE rowid = ?", [-twin])
        db.execute("DELETE FROM published_checks WHERE id = ?", [twin])
    db.execute(PUBLISHED_KEY_V13)  # one statement: no executescript COMMIT mid-upgrade
    return fixes


migrate = add_published_key_v13
