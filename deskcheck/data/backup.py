"""A consistent copy of a desk while reviewers keep working (SQLite's online backup API)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from deskcheck.data.connection import APPLICATION_ID, connect, desk_identity
from deskcheck.domain.errors import DeskError, NotADesk


def backup(source: Path, target: Path) -> None:
    if target.exists():
        raise DeskError(f"{target} already exists: back up to a new file")
    conn = connect(source)
    try:
        if desk_identity(conn, source)[0] != APPLICATION_ID:
            raise NotADesk(f"{source} is not a deskcheck desk")
        conn.execute("PRAGMA busy_timeout = 10000")
        copy = sqlite3.connect(target)
        try:
            # the backup restarts by itself when a writer changes the source meanwhile
            conn.backup(copy, pages=256, sleep=0.05)
            copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            copy.close()
    finally:
        conn.close()
