"""Version 8: reviewer logins and login failures for `deskcheck serve`."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


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


migrate = add_logins_v8
