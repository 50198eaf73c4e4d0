"""Version 12: published fact-checks, repeat links and the matching index."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


MATCHING_V12 = """
-- fact-checks published elsewhere (a ClaimReview DataFeed, Google Fact Check Tools answers):
-- a reference library that matching reads, not desk work. They are not in the event log:
-- they are someone else's verdicts, reloadable from their source, and 100,000 of them would
-- otherwise double the log. Loading the same review again changes nothing (UNIQUE).
CREATE TABLE published_checks (
    id INTEGER PRIMARY KEY,
    claim_text TEXT NOT NULL CHECK (length(trim(claim_text)) > 0),
    claimant TEXT,
    claim_date TEXT,
    publisher TEXT NOT NULL,
    rating TEXT NOT NULL DEFAULT '',
    reviewed_at TEXT,
    url TEXT,
    language TEXT,
    source TEXT NOT NULL,          -- the file or URL it was loaded from
    loaded_at TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    UNIQUE (fingerprint, publisher, url)
);

-- a claim the reviewer recognised as a repeat of an earlier claim on the desk or of a
-- published fact-check: desk work, recorded with its event
CREATE TABLE claim_repeats (
    id INTEGER PRIMARY KEY,
    claim_id INTEGER NOT NULL REFERENCES claims(id),
    repeat_of_claim_id INTEGER REFERENCES claims(id),
    repeat_of_published_id INTEGER REFERENCES published_checks(id),
    score INTEGER NOT NULL DEFAULT 0,
    reason TEXT NOT NULL DEFAULT '',
    linked_by TEXT NOT NULL REFERENCES reviewers(name),
    linked_at TEXT NOT NULL,
    CHECK ((repeat_of_claim_id IS NULL) <> (repeat_of_published_id IS NULL)),
    CHECK (repeat_of_claim_id IS NOT claim_id)
);
CREATE INDEX idx_claim_repeats_claim ON claim_repeats (claim_id, id);

-- the matching document of every claim (rowid = claim id) and published fact-check
-- (rowid = -id): folded, lemmatised terms (domain/claim_terms.py), written by deskcheck's
-- own code because the folding is Python; derived, like the other full-text indexes
CREATE VIRTUAL TABLE match_fts USING fts5(
    terms, names UNINDEXED, tokenize = 'unicode61 remove_diacritics 0'
);
"""


def add_matching_v12(db: Database) -> None:
    """Version 12: published fact-checks, repeat-of links, and the matching index (every
    claim already on the desk is indexed)."""
    from deskcheck.data.matching import index_all_claims

    db.executescript(MATCHING_V12)
    index_all_claims(db.conn)


migrate = add_matching_v12
