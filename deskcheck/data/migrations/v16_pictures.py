"""Version 16 (issue #28): pictures, an image that is a claim or evidence.

Numbered by the plan of the session (14 and 15 are other work's); the lead renumbers by
renaming this module when the versions land in another order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from deskcheck.data.migrations.guards import append_only_guards

if TYPE_CHECKING:
    from sqlite_utils import Database


PICTURES_V16 = """
-- a picture as the desk received it: the bytes (a snapshot: kept, never changed), what
-- Pillow read of them, and its perceptual hashes (domain/picture_hashes.py) as signed 64-bit
-- integers, so "seen before?" compares them with every stored picture at once
CREATE TABLE pictures (
    id INTEGER PRIMARY KEY,
    claim_id INTEGER NOT NULL REFERENCES claims(id),
    evidence_id INTEGER REFERENCES evidence(id),  -- NULL: the picture is the claim itself
    source_url TEXT,              -- where it was fetched from (NULL: a file on the desk's host)
    file_name TEXT,               -- the local file's name, as given
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
    content_type TEXT NOT NULL,   -- from the bytes, not from what a server declared
    byte_size INTEGER NOT NULL CHECK (byte_size > 0),
    width INTEGER NOT NULL CHECK (width > 0),
    height INTEGER NOT NULL CHECK (height > 0),
    frames INTEGER NOT NULL DEFAULT 1,
    captured_at TEXT,             -- EXIF DateTimeOriginal, ISO 8601
    camera TEXT,                  -- EXIF make and model (text from outside)
    grayscale INTEGER NOT NULL DEFAULT 0 CHECK (grayscale IN (0, 1)),
    phash INTEGER NOT NULL,
    dhash INTEGER NOT NULL,
    phash_mirror INTEGER NOT NULL,
    dhash_mirror INTEGER NOT NULL,
    body BLOB NOT NULL,
    added_by TEXT NOT NULL REFERENCES reviewers(name),
    added_at TEXT NOT NULL
);
CREATE INDEX idx_pictures_claim ON pictures (claim_id, id);
CREATE INDEX idx_pictures_sha256 ON pictures (sha256);
"""


def add_pictures_v16(db: Database) -> None:
    # a desk put back to an older version number by hand (the upgrade tests do) may hold the
    # table already: made once, never twice
    if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'pictures'").fetchone():
        return
    db.executescript(PICTURES_V16 + append_only_guards("pictures", "id"))


migrate = add_pictures_v16
