"""Version 3: ingest runs, item versions, conditional requests and watched triggers."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


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


migrate = add_sources_v3
