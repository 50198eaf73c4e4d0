"""Version 11: subscriptions, feed reads, an item's context and settled parts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database

from deskcheck.domain.vocabulary import (
    PRIORITIES,
    TRIGGER_STATES,
    sql_in,
)

WORKFLOW_V11 = f"""
-- what an ingested item said besides the claim (its summary or description, as text), and
-- the item's own date; received_at is when the desk received it
ALTER TABLE claims ADD COLUMN published_at TEXT;
ALTER TABLE claims ADD COLUMN context TEXT NOT NULL DEFAULT '';

-- a feed the desk refreshes on its own, with its rules for what arrives
CREATE TABLE subscriptions (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    every_minutes INTEGER NOT NULL DEFAULT 30 CHECK (every_minutes BETWEEN 5 AND 10080),
    tags TEXT NOT NULL DEFAULT '[]',              -- JSON list, given to every arriving claim
    priority INTEGER NOT NULL DEFAULT 3 CHECK (priority IN ({sql_in(PRIORITIES)})),
    assignee TEXT REFERENCES reviewers(name),
    allow_private INTEGER NOT NULL DEFAULT 0 CHECK (allow_private IN (0, 1)),
    state TEXT NOT NULL DEFAULT 'active' CHECK (state IN ('active', 'removed')),
    removed_reason TEXT,
    added_by TEXT NOT NULL REFERENCES reviewers(name),
    added_at TEXT NOT NULL,
    etag TEXT,                                    -- for the next conditional GET
    last_modified TEXT,
    last_refresh_at TEXT,
    last_status INTEGER,
    last_error TEXT,
    next_due_at TEXT
);
CREATE UNIQUE INDEX idx_subscriptions_active_url ON subscriptions (url) WHERE state = 'active';

ALTER TABLE claims ADD COLUMN subscription_id INTEGER REFERENCES subscriptions(id);
CREATE INDEX idx_claims_subscription ON claims (subscription_id, id);

-- how far each reviewer has read each feed (the claims after it are unread)
CREATE TABLE feed_reads (
    id INTEGER PRIMARY KEY,
    subscription_id INTEGER NOT NULL REFERENCES subscriptions(id),
    reviewer TEXT NOT NULL REFERENCES reviewers(name),
    read_through INTEGER NOT NULL,                -- the last claim id read
    read_at TEXT NOT NULL,
    UNIQUE (subscription_id, reviewer)
);

-- what was recorded can be settled or withdrawn, with the reason kept
ALTER TABLE evidence_wanted ADD COLUMN closed_reason TEXT;
ALTER TABLE evidence_wanted ADD COLUMN closed_at TEXT;
ALTER TABLE custody_hops ADD COLUMN removed_reason TEXT;
ALTER TABLE custody_hops ADD COLUMN removed_at TEXT;

-- a trigger may be disarmed (kept, not watched, re-armable): the state list grows, which in
-- SQLite means a new table
CREATE TABLE revision_triggers_v10 (
    id INTEGER PRIMARY KEY,
    claim_id INTEGER NOT NULL REFERENCES claims(id),
    condition TEXT NOT NULL CHECK (length(trim(condition)) > 0),
    url TEXT,                     -- watched by `deskcheck check` when set
    state TEXT NOT NULL DEFAULT 'armed' CHECK (state IN ({sql_in(TRIGGER_STATES)})),
    created_by TEXT NOT NULL REFERENCES reviewers(name),
    created_at TEXT NOT NULL,
    expires_at TEXT,
    fired_at TEXT,
    fired_reason TEXT,
    last_checked_at TEXT,
    last_status INTEGER,
    last_sha256 TEXT,
    state_reason TEXT             -- why it was disarmed or retired
);
INSERT INTO revision_triggers_v10 (id, claim_id, condition, url, state, created_by, created_at,
    expires_at, fired_at, fired_reason, last_checked_at, last_status, last_sha256)
SELECT id, claim_id, condition, url, state, created_by, created_at, expires_at, fired_at,
    fired_reason, last_checked_at, last_status, last_sha256 FROM revision_triggers;
DROP TABLE revision_triggers;
ALTER TABLE revision_triggers_v10 RENAME TO revision_triggers;
CREATE INDEX idx_revision_triggers_claim_id_state ON revision_triggers (claim_id, state);
CREATE INDEX idx_revision_triggers_state ON revision_triggers (state);
"""


def received_fixes(db: Database) -> list[dict[str, Any]]:
    """Ingested claims of an older desk: their received_at was the item's date. It becomes
    published_at, and received_at becomes when the desk took the item in (the event's time).
    Returned as the update bodies the upgrade records, so the log keeps what was replaced."""
    found = db.execute(
        "SELECT c.id, c.received_at, e.at FROM events e"
        " JOIN claims c ON c.id = json_extract(e.body, '$.id')"
        " WHERE e.kind = 'claim.ingested' ORDER BY c.id"
    ).fetchall()
    return [
        {
            "table": "claims",
            "id": claim_id,
            "before": {"received_at": received, "published_at": None},
            "after": {"received_at": at, "published_at": received},
        }
        for claim_id, received, at in found
        if received != at
    ]


def add_workflow_v11(db: Database) -> list[dict[str, Any]]:
    """Version 11: subscriptions and how far each reviewer read them; an ingested item's
    context and published date; recorded parts that can be resolved, disarmed or removed
    with a reason. Older ingested claims get their dates right (see ``received_fixes``)."""
    fixes = received_fixes(db)
    db.executescript(WORKFLOW_V11)
    for fix in fixes:
        db.execute(
            "UPDATE claims SET received_at = ?, published_at = ? WHERE id = ?",
            [fix["after"]["received_at"], fix["after"]["published_at"], fix["id"]],
        )
    return fixes


migrate = add_workflow_v11
