"""Version 10: due times, comments and saved queues."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

from deskcheck.data.migrations.guards import append_only_guards

DUE_ORDER = "coalesce(due_at, '9999-12-31T23:59:59Z')"
"""A claim's place in the due sort: no due time sorts after every due time."""

DESK_WORK = f"""
-- who works on a claim and by when: the due time is UTC, ISO 8601 ('2026-12-01T17:00:00Z')
ALTER TABLE claims ADD COLUMN due_at TEXT;
CREATE INDEX idx_claims_due ON claims ({DUE_ORDER}, received_at, id);

-- the discussion of a claim: append-only, like decisions; mentions are the canonical names
-- of the reviewers an @name in the body named (a JSON list)
CREATE TABLE comments (
    id INTEGER PRIMARY KEY,
    claim_id INTEGER NOT NULL REFERENCES claims(id),
    body TEXT NOT NULL CHECK (length(trim(body)) > 0),
    mentions TEXT NOT NULL DEFAULT '[]',
    reviewer TEXT NOT NULL REFERENCES reviewers(name),
    written_at TEXT NOT NULL
);
CREATE INDEX idx_comments_claim_id ON comments (claim_id, id);
{append_only_guards("comments", "id")}

-- a named filter, sort and search the team shares (the query is JSON, see saved_queues.py)
CREATE TABLE saved_queues (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    query TEXT NOT NULL,
    saved_by TEXT NOT NULL REFERENCES reviewers(name),
    saved_at TEXT NOT NULL
);

-- a claim's history (assignments, comments, status changes) is read by subject
CREATE INDEX idx_events_subject ON events (subject, seq);
"""


def add_desk_work_v10(db: Database) -> None:
    """Due times, comments, saved queues, and the event index a claim's history reads."""
    db.executescript(DESK_WORK)


migrate = add_desk_work_v10
