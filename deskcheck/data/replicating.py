"""Whether Litestream replicates a desk right now, so that the desk leaves the WAL to it.

Litestream copies the WAL's frames before they are checkpointed into the file, and keeps the
WAL from restarting by holding a read transaction; it runs the checkpoints itself. A desk
connection that checkpoints meanwhile races it (Litestream then notices a gap and starts a new
snapshot), so while replication runs every desk connection turns its automatic checkpoint off.

The process that runs Litestream (``deskcheck replicate``, ``serve --replicate-to``) holds an
exclusive ``flock`` on a marker file beside the desk for as long as Litestream runs. A lock, not
the file's presence, is the sign: the kernel drops it when that process dies, however it dies,
so a marker left behind by a killed process never turns a desk's checkpoints off for good.
"""

from __future__ import annotations

import fcntl
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from deskcheck.domain.errors import DeskError

SQLITE_DEFAULT_AUTOCHECKPOINT = 1000
"""Pages of WAL after which a committing connection checkpoints (SQLite's default)."""


def marker_path(desk: Path) -> Path:
    return desk.with_name(desk.name + "-replicating")


def is_replicating(desk: Path) -> bool:
    """Whether a live process holds the desk's replication marker."""
    try:
        fd = os.open(marker_path(desk), os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    except OSError:
        return False
    finally:
        os.close(fd)  # closing drops the shared lock we may have taken
    return False


def leave_checkpoints_to_replication(conn: sqlite3.Connection, desk: Path) -> bool:
    """Turn this connection's automatic checkpoint off while the desk is replicated, and back
    to SQLite's default when it is not; returns whether it is replicated."""
    replicating = is_replicating(desk)
    pages = 0 if replicating else SQLITE_DEFAULT_AUTOCHECKPOINT
    conn.execute(f"PRAGMA wal_autocheckpoint = {pages}")
    return replicating


def refuse_if_replicating(desk: Path, what: str) -> None:
    """For the few acts that rewrite a desk file whole (journal mode, VACUUM, replacing it)."""
    if is_replicating(desk):
        raise DeskError(
            f"{desk} is being replicated by Litestream: stop `deskcheck replicate` before you"
            f" {what}"
        )


@contextmanager
def replication_marker(desk: Path, description: str) -> Iterator[Path]:
    """Hold the desk's replication marker for the duration; refuses a desk that another
    process already replicates (two Litestreams on one WAL would fight over checkpoints)."""
    marker = marker_path(desk)
    try:
        fd = os.open(marker, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as error:
        raise DeskError(f"cannot mark {desk} as replicated: {error.strerror or error}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DeskError(
                f"{desk} is already being replicated by another process ({marker} is held)"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, f"pid {os.getpid()}: {description}\n".encode())
        try:
            yield marker
        finally:
            marker.unlink(missing_ok=True)
    finally:
        os.close(fd)
