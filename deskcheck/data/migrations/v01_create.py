"""Version 1: every domain table, the append-only guards and the queue indexes."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

from deskcheck.data.migrations.guards import append_only_guards
from deskcheck.domain.vocabulary import (
    ASSESSMENT_MARKS,
    CLAIM_STATUSES,
    CONFIDENCE_LEVELS,
    CUSTODY_KINDS,
    DEFAULT_VERDICT_SCALE,
    EVIDENCE_KINDS,
    EVIDENCE_WANTED_STATES,
    INFORMATION_CREDIBILITY,
    LINK_STATES,
    PRIORITIES,
    REVISION_NOTE_KINDS,
    SOURCE_RELIABILITY,
    sql_in,
)

APPEND_ONLY_TABLES = ("decisions", "revision_notes", "events", "comments")
TRIGGER_STATES_V1 = ("armed", "fired", "expired", "retired")  # as schema 1 wrote its CHECK


SCHEMA_V1 = f"""
CREATE TABLE desk_settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL          -- JSON
);

CREATE TABLE reviewers (
    name TEXT PRIMARY KEY CHECK (length(trim(name)) > 0),
    display_name TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE verdicts (           -- the desk's verdict scale; a desk may add its own
    name TEXT PRIMARY KEY CHECK (length(trim(name)) > 0),
    label TEXT NOT NULL,
    rating_value INTEGER,         -- ClaimReview reviewRating.ratingValue; NULL: not a rating
    rating_name TEXT,             -- ClaimReview reviewRating.alternateName
    claim_status TEXT NOT NULL DEFAULT 'decided' CHECK (claim_status IN ({sql_in(CLAIM_STATUSES)})),
    position INTEGER NOT NULL
);

CREATE TABLE claims (
    id INTEGER PRIMARY KEY,
    text TEXT NOT NULL CHECK (length(trim(text)) > 0),
    received_at TEXT NOT NULL,
    origin_url TEXT,
    status TEXT NOT NULL DEFAULT 'new' CHECK (status IN ({sql_in(CLAIM_STATUSES)})),
    priority INTEGER NOT NULL DEFAULT 3 CHECK (priority IN ({sql_in(PRIORITIES)})),
    assignee TEXT REFERENCES reviewers(name),
    verdict TEXT REFERENCES verdicts(name),  -- the latest decision's verdict, kept for the queue
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE claim_tags (
    claim_id INTEGER NOT NULL REFERENCES claims(id),
    tag TEXT NOT NULL CHECK (length(trim(tag)) > 0),
    PRIMARY KEY (claim_id, tag)
);

CREATE TABLE custody_hops (
    id INTEGER PRIMARY KEY,
    claim_id INTEGER NOT NULL REFERENCES claims(id),
    position INTEGER NOT NULL,    -- 1 is nearest the origin
    actor TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ({sql_in(CUSTODY_KINDS)})),
    url TEXT,
    seen_at TEXT,
    reliability TEXT NOT NULL DEFAULT 'F' CHECK (reliability IN ({sql_in(SOURCE_RELIABILITY)})),
    credibility INTEGER NOT NULL DEFAULT 6
        CHECK (credibility IN ({sql_in(INFORMATION_CREDIBILITY)})),
    note TEXT NOT NULL DEFAULT '',
    UNIQUE (claim_id, position)
);

CREATE TABLE interpretations (
    id INTEGER PRIMARY KEY,
    claim_id INTEGER NOT NULL REFERENCES claims(id),
    position INTEGER NOT NULL,
    label TEXT NOT NULL,          -- short name shown as the column heading
    statement TEXT NOT NULL CHECK (length(trim(statement)) > 0),
    implications TEXT NOT NULL DEFAULT '',   -- one implication per line
    catch_all INTEGER NOT NULL DEFAULT 0 CHECK (catch_all IN (0, 1)),
    created_by TEXT NOT NULL REFERENCES reviewers(name),
    created_at TEXT NOT NULL
);

CREATE TABLE evidence (
    id INTEGER PRIMARY KEY,
    claim_id INTEGER NOT NULL REFERENCES claims(id),
    title TEXT NOT NULL,
    url TEXT,
    excerpt TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL DEFAULT 'document' CHECK (kind IN ({sql_in(EVIDENCE_KINDS)})),
    reliability TEXT NOT NULL DEFAULT 'F' CHECK (reliability IN ({sql_in(SOURCE_RELIABILITY)})),
    credibility INTEGER NOT NULL DEFAULT 6
        CHECK (credibility IN ({sql_in(INFORMATION_CREDIBILITY)})),
    published_at TEXT,
    link_state TEXT NOT NULL DEFAULT 'unchecked' CHECK (link_state IN ({sql_in(LINK_STATES)})),
    added_by TEXT NOT NULL REFERENCES reviewers(name),
    added_at TEXT NOT NULL
);

CREATE TABLE snapshots (
    id INTEGER PRIMARY KEY,
    evidence_id INTEGER NOT NULL REFERENCES evidence(id),
    fetched_at TEXT NOT NULL,
    final_url TEXT,
    http_status INTEGER,
    content_type TEXT,
    byte_size INTEGER,
    sha256 TEXT,
    title TEXT NOT NULL DEFAULT '',
    text TEXT NOT NULL DEFAULT '',
    error TEXT                    -- why the fetch failed, when it did
);

CREATE TABLE assessments (
    id INTEGER PRIMARY KEY,
    evidence_id INTEGER NOT NULL REFERENCES evidence(id),
    interpretation_id INTEGER NOT NULL REFERENCES interpretations(id),
    mark TEXT NOT NULL CHECK (mark IN ({sql_in(ASSESSMENT_MARKS)})),
    reason TEXT NOT NULL DEFAULT '',
    assessed_by TEXT NOT NULL REFERENCES reviewers(name),
    assessed_at TEXT NOT NULL,
    UNIQUE (evidence_id, interpretation_id)
);

CREATE TABLE evidence_wanted (
    id INTEGER PRIMARY KEY,
    claim_id INTEGER NOT NULL REFERENCES claims(id),
    description TEXT NOT NULL CHECK (length(trim(description)) > 0),
    would_settle TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'wanted' CHECK (state IN ({sql_in(EVIDENCE_WANTED_STATES)})),
    evidence_id INTEGER REFERENCES evidence(id),
    created_by TEXT NOT NULL REFERENCES reviewers(name),
    created_at TEXT NOT NULL
);

CREATE TABLE review_sessions (
    id INTEGER PRIMARY KEY,
    reviewer TEXT NOT NULL REFERENCES reviewers(name),
    started_at TEXT NOT NULL,
    ended_at TEXT
);

CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    claim_id INTEGER NOT NULL REFERENCES claims(id),
    verdict TEXT NOT NULL REFERENCES verdicts(name),
    rationale TEXT NOT NULL CHECK (length(trim(rationale)) > 0),
    confidence TEXT NOT NULL DEFAULT 'medium' CHECK (confidence IN ({sql_in(CONFIDENCE_LEVELS)})),
    reviewer TEXT NOT NULL REFERENCES reviewers(name),
    decided_at TEXT NOT NULL,
    session_id INTEGER REFERENCES review_sessions(id)
);

CREATE TABLE revision_notes (
    id INTEGER PRIMARY KEY,
    claim_id INTEGER NOT NULL REFERENCES claims(id),
    kind TEXT NOT NULL CHECK (kind IN ({sql_in(REVISION_NOTE_KINDS)})),
    verdict_changed INTEGER NOT NULL DEFAULT 0 CHECK (verdict_changed IN (0, 1)),
    verdict_before TEXT REFERENCES verdicts(name),
    verdict_after TEXT REFERENCES verdicts(name),
    what_was_wrong TEXT NOT NULL DEFAULT '',
    what_is_right TEXT NOT NULL CHECK (length(trim(what_is_right)) > 0),
    author TEXT NOT NULL REFERENCES reviewers(name),
    written_at TEXT NOT NULL
);

CREATE TABLE revision_triggers (
    id INTEGER PRIMARY KEY,
    claim_id INTEGER NOT NULL REFERENCES claims(id),
    condition TEXT NOT NULL CHECK (length(trim(condition)) > 0),
    url TEXT,                     -- watched by `deskcheck check` when set
    state TEXT NOT NULL DEFAULT 'armed' CHECK (state IN ({sql_in(TRIGGER_STATES_V1)})),
    created_by TEXT NOT NULL REFERENCES reviewers(name),
    created_at TEXT NOT NULL,
    expires_at TEXT,
    fired_at TEXT,
    fired_reason TEXT
);

CREATE TABLE events (
    seq INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,           -- canonical JSON
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
);

CREATE TRIGGER events_linked BEFORE INSERT ON events
WHEN NEW.prev_hash IS NOT COALESCE((SELECT hash FROM events ORDER BY seq DESC LIMIT 1), '')
BEGIN SELECT RAISE(ABORT, 'events: prev_hash is not the head of the chain'); END;
{append_only_guards("decisions", "id")}
{append_only_guards("revision_notes", "id")}
{append_only_guards("events", "seq")}
"""

INDEXES_V1: tuple[tuple[str, tuple[str, ...]], ...] = (
    # the queue's sort orders and filters (keyset pagination walks these)
    ("claims", ("received_at", "id")),
    ("claims", ("priority", "received_at", "id")),
    ("claims", ("status", "received_at", "id")),
    ("claims", ("verdict", "received_at", "id")),
    ("claims", ("assignee", "received_at", "id")),
    ("claim_tags", ("tag", "claim_id")),
    # everything attached to a claim is read by claim_id
    ("interpretations", ("claim_id", "position")),
    ("evidence", ("claim_id",)),
    ("evidence", ("url",)),
    ("snapshots", ("evidence_id", "fetched_at")),
    ("assessments", ("interpretation_id",)),
    ("evidence_wanted", ("claim_id",)),
    ("decisions", ("claim_id", "id")),
    ("decisions", ("reviewer",)),
    ("decisions", ("session_id",)),
    ("revision_notes", ("claim_id",)),
    ("revision_triggers", ("claim_id", "state")),
    ("revision_triggers", ("state",)),
    ("review_sessions", ("reviewer",)),
)


def create_v1(db: Database) -> None:
    """Version 1: every domain table, the append-only guards and the queue indexes."""
    db.executescript(SCHEMA_V1)
    for table, columns in INDEXES_V1:
        db[table].create_index(columns)  # type: ignore[union-attr]
    db["verdicts"].insert_all(  # type: ignore[union-attr]
        {
            "name": name,
            "label": label,
            "rating_value": value,
            "rating_name": rating,
            "claim_status": status,
            "position": position,
        }
        for position, (name, label, value, rating, status) in enumerate(DEFAULT_VERDICT_SCALE, 1)
    )


migrate = create_v1
