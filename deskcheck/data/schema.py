"""The desk schema and its migrations.

``PRAGMA user_version`` is the schema version. Each migration is a function that takes a
desk from version N-1 to N; ``upgrade`` runs the pending ones inside one ``BEGIN IMMEDIATE``
transaction, so two reviewers opening an old desk at the same moment cannot both migrate it,
and a failed upgrade leaves the desk as it was.

The tables follow DESIGN.md's domain words. CHECK constraints come from ``vocabulary``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database

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
    TRIGGER_STATES,
    sql_in,
)

APPEND_ONLY_TABLES = ("decisions", "revision_notes", "events", "comments")
TRIGGER_STATES_V1 = ("armed", "fired", "expired", "retired")  # as schema 1 wrote its CHECK


def _append_only_guards(table: str, key: str) -> str:
    """Triggers that refuse UPDATE, DELETE and an INSERT that would replace a row.

    The REPLACE guard matters: ``INSERT OR REPLACE`` deletes the old row without firing
    DELETE triggers unless recursive_triggers is on, and other SQLite clients leave it off.
    """
    return f"""
CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
BEGIN SELECT RAISE(ABORT, '{table} are append-only: record a new row instead'); END;
CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
BEGIN SELECT RAISE(ABORT, '{table} are append-only: nothing may be deleted'); END;
CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table}
WHEN EXISTS (SELECT 1 FROM {table} WHERE {key} = NEW.{key})
BEGIN SELECT RAISE(ABORT, '{table} are append-only: a row may not be replaced'); END;
"""


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
{_append_only_guards("decisions", "id")}
{_append_only_guards("revision_notes", "id")}
{_append_only_guards("events", "seq")}
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


SEARCHABLE: dict[str, tuple[str, ...]] = {
    "claims": ("text",),
    "interpretations": ("label", "statement", "implications"),
    "evidence": ("title", "excerpt"),
    "snapshots": ("title", "text"),
}
"""FTS5 indexes: claim text, interpretation statements, evidence title/excerpt, snapshot text."""


def add_search_v2(db: Database) -> None:
    """Version 2: full-text search, kept current by triggers; existing rows are indexed."""
    for table, columns in SEARCHABLE.items():
        db[table].enable_fts(columns, create_triggers=True)  # type: ignore[union-attr]
        db[table].rebuild_fts()  # type: ignore[union-attr]


SOURCES_V3 = """
ALTER TABLE claims ADD COLUMN external_id TEXT;   -- the feed's GUID or link, when it has one
ALTER TABLE claims ADD COLUMN fingerprint TEXT;   -- normalised-text hash, to catch re-posts
CREATE INDEX idx_claims_external_id ON claims (external_id);
CREATE INDEX idx_claims_fingerprint ON claims (fingerprint);

CREATE TABLE ingest_runs (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,          -- URL, file path or '-'
    format TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    new_count INTEGER NOT NULL DEFAULT 0,
    duplicate_count INTEGER NOT NULL DEFAULT 0,
    version_count INTEGER NOT NULL DEFAULT 0,
    rejected_count INTEGER NOT NULL DEFAULT 0,
    bozo INTEGER NOT NULL DEFAULT 0,  -- feedparser found the feed malformed
    bozo_reason TEXT,
    error TEXT                     -- why the whole source could not be read, if it could not
);

CREATE TABLE ingest_rejects (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES ingest_runs(id),
    position INTEGER,              -- item number in the source, from 1
    reason TEXT NOT NULL,
    excerpt TEXT NOT NULL DEFAULT ''
);
CREATE INDEX idx_ingest_rejects_run_id ON ingest_rejects (run_id);

CREATE TABLE claim_versions (      -- a later version of an ingested item: kept, not applied
    id INTEGER PRIMARY KEY,
    claim_id INTEGER NOT NULL REFERENCES claims(id),
    run_id INTEGER REFERENCES ingest_runs(id),
    text TEXT NOT NULL,
    seen_at TEXT NOT NULL
);
CREATE INDEX idx_claim_versions_claim_id ON claim_versions (claim_id);

ALTER TABLE snapshots ADD COLUMN etag TEXT;
ALTER TABLE snapshots ADD COLUMN last_modified TEXT;
ALTER TABLE snapshots ADD COLUMN redirects TEXT;  -- JSON list of the URLs passed through
ALTER TABLE snapshots ADD COLUMN body_zlib BLOB;  -- the raw body as fetched, zlib-compressed
ALTER TABLE snapshots ADD COLUMN body_truncated INTEGER NOT NULL DEFAULT 0;

ALTER TABLE revision_triggers ADD COLUMN last_checked_at TEXT;
ALTER TABLE revision_triggers ADD COLUMN last_status INTEGER;
ALTER TABLE revision_triggers ADD COLUMN last_sha256 TEXT;
"""


def add_sources_v3(db: Database) -> None:
    """Version 3: ingest runs and rejects, item identity for idempotent ingest, claim
    versions, conditional-request headers on snapshots, and what watched triggers last saw."""
    db.executescript(SOURCES_V3)


ANALYSIS_V4 = """
ALTER TABLE evidence ADD COLUMN relevance TEXT NOT NULL DEFAULT 'medium'
    CHECK (relevance IN ('high', 'medium', 'low'));
-- what an item repeats or reports: another evidence item, or a hop of the custody chain;
-- corroboration counts the independent roots these links lead to
ALTER TABLE evidence ADD COLUMN derived_from_evidence_id INTEGER REFERENCES evidence(id);
ALTER TABLE evidence ADD COLUMN derived_from_hop_id INTEGER REFERENCES custody_hops(id);

CREATE TABLE interpretation_relations (
    first_id INTEGER NOT NULL REFERENCES interpretations(id),
    second_id INTEGER NOT NULL REFERENCES interpretations(id),
    relation TEXT NOT NULL CHECK (relation IN ('exclusive', 'compatible')),
    PRIMARY KEY (first_id, second_id),
    CHECK (first_id < second_id)
);
"""


def add_analysis_v4(db: Database) -> None:
    """Version 4: evidence relevance and derivation (for weighted scores and independent
    roots), and whether two interpretations exclude each other or can both hold."""
    db.executescript(ANALYSIS_V4)


CONFIRMATION_V5 = """
-- the two-person rule: a decision for publication waits for a different reviewer's
-- confirming decision (a new row: decisions stay append-only)
ALTER TABLE decisions ADD COLUMN for_publication INTEGER NOT NULL DEFAULT 0
    CHECK (for_publication IN (0, 1));
ALTER TABLE decisions ADD COLUMN confirms_decision_id INTEGER REFERENCES decisions(id);
CREATE INDEX idx_decisions_confirms ON decisions (confirms_decision_id);
"""


def add_confirmation_v5(db: Database) -> None:
    """Version 5: decisions for publication and the confirmations they wait for."""
    db.executescript(CONFIRMATION_V5)


SEARCH_LOOKUP_V6 = """
-- a full-text hit on an interpretation, an evidence item or a snapshot names its row; the
-- search needs only the claim it belongs to. These small covering indexes answer that
-- without reading the wide rows (at 100,000 claims: 28 ms → 11 ms for a common word)
CREATE INDEX idx_interpretations_claim_of ON interpretations (id, claim_id);
CREATE INDEX idx_evidence_claim_of ON evidence (id, claim_id);
CREATE INDEX idx_snapshots_evidence_of ON snapshots (id, evidence_id);
"""


def add_search_lookup_v6(db: Database) -> None:
    """Version 6: covering indexes from a searched row to its claim."""
    db.executescript(SEARCH_LOOKUP_V6)


CHAIN_GUARD_V7 = """
-- an event may not be replaced through any unique key: INSERT OR REPLACE with another
-- event's hash would otherwise delete that event through the UNIQUE(hash) conflict
DROP TRIGGER events_no_replace;
CREATE TRIGGER events_no_replace BEFORE INSERT ON events
WHEN EXISTS (SELECT 1 FROM events WHERE seq = NEW.seq OR hash = NEW.hash)
BEGIN SELECT RAISE(ABORT, 'events are append-only: a row may not be replaced'); END;
"""


def guard_chain_v7(db: Database) -> None:
    """Version 7: no unique key of the event log lets a REPLACE delete an event."""
    db.executescript(CHAIN_GUARD_V7)


LOGINS_V8 = """
-- reviewer logins for `deskcheck serve --team`: a password hash (scrypt), never a password
CREATE TABLE reviewer_logins (
    name TEXT PRIMARY KEY REFERENCES reviewers(name),
    password_hash TEXT NOT NULL CHECK (password_hash LIKE 'scrypt$%'),
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    created_at TEXT NOT NULL,
    changed_at TEXT NOT NULL
);

-- a refused login: the name as typed (cut short), the address it came from, and why
CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    address TEXT NOT NULL,
    reason TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX idx_login_failures_address ON login_failures (address, at);
"""


def add_logins_v8(db: Database) -> None:
    """Version 8: reviewer logins (password hashes) and refused logins, for `serve --team`."""
    db.executescript(LOGINS_V8)


EXCHANGE_V9 = """
-- the HTTP exchange behind a snapshot, so that it can be archived as WARC request and
-- response records: JSON lists of [name, value] pairs in the order sent and received, and
-- the protocol version. Snapshots taken before this version have none of these.
ALTER TABLE snapshots ADD COLUMN http_version TEXT;
ALTER TABLE snapshots ADD COLUMN request_headers TEXT;
ALTER TABLE snapshots ADD COLUMN response_headers TEXT;
"""


def add_exchange_v9(db: Database) -> None:
    """Version 9: the request and response headers of a snapshot's fetch (for WARC)."""
    db.executescript(EXCHANGE_V9)


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
{_append_only_guards("comments", "id")}

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


MIGRATIONS: tuple[Callable[[Database], list[dict[str, Any]] | None], ...] = (
    create_v1,
    add_search_v2,
    add_sources_v3,
    add_analysis_v4,
    add_confirmation_v5,
    add_search_lookup_v6,
    guard_chain_v7,
    add_logins_v8,
    add_exchange_v9,
    add_desk_work_v10,
    add_workflow_v11,
    add_matching_v12,
    add_published_key_v13,
)
SCHEMA_VERSION = len(MIGRATIONS)
BASELINE_VERSION = 7
"""From this version on every row has its event; a desk upgraded from before records a
baseline event for the rows that lack one (see ``projection.baseline_bodies``)."""
