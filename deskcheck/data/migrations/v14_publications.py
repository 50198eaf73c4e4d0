"""Version 14: publishing is an act of the desk; a decision's summary for readers; public
and internal revision notes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from deskcheck.data.migrations.guards import append_only_guards

if TYPE_CHECKING:
    from sqlite_utils import Database

PUBLICATIONS_V14 = f"""
-- the one-paragraph answer readers get first ("In short"); '' on older decisions, whose
-- pages fall back to the rationale's first sentence (and say so to the publisher)
ALTER TABLE decisions ADD COLUMN summary TEXT NOT NULL DEFAULT '';

-- 1: a note readers see on the page (correction, clarification, update); 0: kept on the
-- desk and in the desk note. Older notes stay internal: nothing reaches readers unasked.
ALTER TABLE revision_notes ADD COLUMN public INTEGER NOT NULL DEFAULT 0 CHECK (public IN (0, 1));

-- each time a claim's fact-check was published: the first dates the page, a later one is an
-- update; append-only, like decisions
CREATE TABLE publications (
    id INTEGER PRIMARY KEY,
    claim_id INTEGER NOT NULL REFERENCES claims(id),
    decision_id INTEGER NOT NULL REFERENCES decisions(id),
    kind TEXT NOT NULL CHECK (kind IN ('first', 'update')),
    url TEXT NOT NULL CHECK (url LIKE 'http://%' OR url LIKE 'https://%'),
    published_by TEXT NOT NULL REFERENCES reviewers(name),
    published_at TEXT NOT NULL
);
CREATE INDEX idx_publications_claim_id ON publications (claim_id, id);
{append_only_guards("publications", "id")}
"""


def add_publications_v14(db: Database) -> None:
    db.executescript(PUBLICATIONS_V14)


migrate = add_publications_v14
