"""A consistent copy of a desk while reviewers keep working (SQLite's online backup API)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from deskcheck.data.connection import APPLICATION_ID, connect, desk_identity
from deskcheck.domain.errors import DeskError, NotADesk


def backup(source: Path, target: Path) -> None:
    try:
        there = target.exists()
    except OSError as error:  # a name too long, a path through a file
        raise DeskError(f"cannot back up to {target}: {error.strerror or error}") from None
    if there:
        raise DeskError(f"{target} already exists: back up to a new file")
    conn = connect(source)
    try:
        if desk_identity(conn, source)[0] != APPLICATION_ID:
            raise NotADesk(f"{source} is not a deskcheck desk")
        conn.execute("PRAGMA busy_timeout = 10000")
        _copy(conn, target)
    finally:
        conn.close()


def _copy(conn: sqlite3.Connection, target: Path) -> None:
    """The copy, or no file at all: a half-made backup would pass for one, and would block
    the next attempt at the same name. A place that cannot be written is said as such, not
    as a fault of the desk."""
    if not target.parent.is_dir():
        raise DeskError(f"cannot back up to {target}: the folder {target.parent} does not exist")
    try:
        copy = sqlite3.connect(target)
    except sqlite3.Error as error:
        raise DeskError(f"cannot back up to {target}: {error}") from None
    try:
        # the backup restarts by itself when a writer changes the source meanwhile
        conn.backup(copy, pages=256, sleep=0.05)
        copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
    except BaseException as error:
        copy.close()
        target.unlink(missing_ok=True)
        if isinstance(error, sqlite3.Error):
            raise DeskError(f"the backup to {target} failed ({error}); nothing was kept") from None
        raise
    copy.close()
