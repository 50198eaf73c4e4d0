"""Opening a desk file: recognising it as ours, the connection pragmas, write transactions.

Every connection gets the same discipline, because several reviewers share one file:
WAL so readers never block the writer, ``synchronous=FULL`` because decisions are an
audit trail, a busy timeout, foreign keys, and recursive triggers (without them an
``INSERT OR REPLACE`` deletes a row without firing the append-only DELETE guards).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from deskcheck.data.replicating import leave_checkpoints_to_replication
from deskcheck.domain.errors import NewerDesk, NotADesk

APPLICATION_ID = 0x4445534B
"""``PRAGMA application_id`` of every desk file: the bytes of 'DESK'."""

BUSY_TIMEOUT_SECONDS = 10.0


class DeskConnection(sqlite3.Connection):
    """A connection that knows its desk file: a write transaction asks, as it commits, whether
    Litestream has started replicating that file since the connection was opened."""

    desk_path: Path


def connect(path: Path, *, create: bool = False, read_only: bool = False) -> DeskConnection:
    """Open a raw connection to ``path`` without changing the file.

    The caller must check the file's identity (``desk_identity``) before it sets WAL or
    migrates, so that a file that is not a desk is refused untouched. ``read_only``: a
    connection that cannot write, even to checkpoint the WAL as it closes.
    """
    if not create and not path.exists():
        raise NotADesk(f"{path}: no desk file there (make one with `deskcheck init {path}`)")
    if path.is_dir():
        raise NotADesk(f"{path} is a directory, not a desk file")
    writable = not read_only and os.access(path, os.W_OK)
    mode = "rwc" if create else "rw" if writable else "ro"
    uri = f"file:{quote(str(path.resolve()))}?mode={mode}"
    try:
        conn = sqlite3.connect(
            uri,
            uri=True,
            timeout=BUSY_TIMEOUT_SECONDS,
            isolation_level=None,  # no implicit BEGIN: we issue BEGIN IMMEDIATE ourselves
            check_same_thread=False,  # Textual thread workers use the connection they open
            factory=DeskConnection,
        )
    except sqlite3.OperationalError as error:
        raise NotADesk(f"{path}: cannot open the desk file ({error})") from error
    conn.desk_path = path
    # a connection setting, not a change to the file
    leave_checkpoints_to_replication(conn, path)
    return conn


def desk_identity(conn: sqlite3.Connection, path: Path) -> tuple[int, int, int]:
    """Return (application_id, user_version, number of schema objects), refusing non-SQLite."""
    try:
        application_id = conn.execute("PRAGMA application_id").fetchone()[0]
        user_version = conn.execute("PRAGMA user_version").fetchone()[0]
        objects = conn.execute("SELECT count(*) FROM sqlite_schema").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise NotADesk(
            f"{path} is not a deskcheck desk: not a SQLite database ({error})"
        ) from error
    return application_id, user_version, objects


def refuse_unless_desk(
    conn: sqlite3.Connection, path: Path, *, create: bool, known_version: int
) -> int:
    """The desk's schema version; refuses a file that is not a desk (unless it is blank and
    ``create``) or a desk from a newer deskcheck. Reads only: nothing is written."""
    application_id, version, objects = desk_identity(conn, path)
    is_blank = application_id == 0 and objects == 0
    if application_id != APPLICATION_ID and not (is_blank and create):
        kind = " (an empty file)" if is_blank else " (a SQLite database made by another program)"
        raise NotADesk(f"{path} is not a deskcheck desk{kind}")
    if version > known_version:
        raise NewerDesk(
            f"{path} was written by a newer deskcheck (schema {version}; this deskcheck"
            f" knows up to {known_version}): upgrade deskcheck to open it"
        )
    return version


def check_desk_file(path: Path) -> None:
    """Refuse a file that is not a desk we can open, without loading the data layer (the
    command line asks this before the screen switches over; the UI opens the desk after)."""
    from deskcheck.data.migrations import SCHEMA_VERSION

    conn = connect(path)
    try:
        refuse_unless_desk(conn, path, create=False, known_version=SCHEMA_VERSION)
    finally:
        conn.close()


def apply_pragmas(conn: sqlite3.Connection, *, read_only: bool = False) -> None:
    """Set the per-connection rules. journal_mode=WAL is stored in the file; the rest are not."""
    conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
    # a search's hits go to a temporary table: in memory, not a temporary file
    conn.execute("PRAGMA temp_store = MEMORY")
    if read_only:
        conn.execute("PRAGMA foreign_keys = ON")
        return
    # a no-op on a desk already in WAL, which any desk under Litestream is (Litestream sets it)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("PRAGMA recursive_triggers = ON")


@contextmanager
def immediate_transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """A write transaction that takes the write lock at BEGIN.

    A plain (deferred) BEGIN that reads first and writes later fails at once with
    SQLITE_BUSY when another reviewer committed in between; BEGIN IMMEDIATE waits for
    the busy timeout instead. sqlite-utils calls made inside join as savepoints.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        if isinstance(conn, DeskConnection):
            # SQLite checkpoints as this COMMIT ends when the WAL is long; under Litestream
            # that is its job, and it may have started after this connection was opened
            leave_checkpoints_to_replication(conn, conn.desk_path)
        conn.execute("COMMIT")
