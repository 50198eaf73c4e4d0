"""Full disks, read-only, corrupt, truncated and long-locked desks: one clear message each,
never a traceback, and nothing already recorded lost."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from deskcheck.data import Desk
from deskcheck.data.verify import verify_desk
from deskcheck.domain.errors import DeskBusy, DeskFull, ReadOnlyDesk
from tests.conftest import run_process
from tests.processes import python, running


def decisions(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM decisions").fetchone()[0]
    finally:
        conn.close()


def test_a_full_disk_refuses_the_write_and_keeps_the_desk(sample_path: Path) -> None:
    with Desk.open(sample_path, reviewer="t") as desk:
        pages = desk.db.execute("PRAGMA page_count").fetchone()[0]
        desk.db.execute(f"PRAGMA max_page_count = {pages}")  # as if the disk were full
        before = len(desk.claim(1).decisions)
        with pytest.raises(DeskFull, match="is full"):
            desk.decide(1, "lead", "x" * 200_000)
        assert len(desk.claim(1).decisions) == before
    assert verify_desk(sample_path).ok


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write read-only files")
def test_a_read_only_desk_opens_and_refuses_writes(sample_path: Path) -> None:
    Desk.open(sample_path, reviewer="t").close()
    sample_path.chmod(0o444)
    with Desk.open(sample_path, reviewer="t") as desk:
        assert desk.read_only
        assert desk.claim(1).verdict == "lead"
        with pytest.raises(ReadOnlyDesk, match="read-only: nothing was recorded"):
            desk.decide(1, "lead", "no")


def test_a_read_only_desk_is_recognised_by_its_permissions(sample_path: Path, monkeypatch) -> None:
    """As root the file mode does not stop writes, so the check on os.access is tested."""
    Desk.open(sample_path, reviewer="t").close()
    real_access = os.access
    monkeypatch.setattr(
        os,
        "access",
        lambda p, mode: (
            False if str(p) == str(sample_path) and mode == os.W_OK else real_access(p, mode)
        ),
    )
    with Desk.open(sample_path, reviewer="t") as desk:
        assert desk.read_only
        with pytest.raises(ReadOnlyDesk):
            desk.decide(1, "lead", "no")
    assert decisions(sample_path) == 9


@pytest.mark.parametrize("damage", ["truncate", "scribble"])
def test_a_damaged_desk_gives_one_line_and_advice(sample_path: Path, damage: str) -> None:
    data = sample_path.read_bytes()
    if damage == "truncate":
        sample_path.write_bytes(data[: len(data) // 3])
    else:
        sample_path.write_bytes(data[:8192] + os.urandom(len(data) - 8192))
    for command in (["show", "1"], ["verify"], ["doctor"]):
        result = run_process(*command, "--desk", str(sample_path))
        assert result.returncode != 0, command
        assert "Traceback" not in result.stderr, result.stderr
        output = result.stdout + result.stderr
        assert any(
            word in output
            for word in ("malformed", "not a database", "integrity", "deskcheck verify")
        )


LOCKER = """
import select, sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
# hold the lock until the test lets go; at most 30 s, so a desk that waited for ever fails
select.select([sys.stdin], [], [], 30)
conn.execute("ROLLBACK")
print("released", flush=True)
"""


def test_a_desk_locked_for_long_gives_a_clear_message(sample_path: Path, monkeypatch) -> None:
    import deskcheck.data.connection as connection

    Desk.open(sample_path, reviewer="t").close()
    with running(
        python(LOCKER, str(sample_path)),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    ) as locker:
        assert locker.stdout is not None and locker.stdout.readline().strip() == "locked"
        monkeypatch.setattr(connection, "BUSY_TIMEOUT_SECONDS", 0.5)
        with Desk.open(sample_path, reviewer="t") as desk:
            started = time.monotonic()
            with pytest.raises(DeskBusy, match="stayed locked by another reviewer"):
                desk.decide(1, "lead", "waiting")
            assert time.monotonic() - started < 3
        assert locker.poll() is None, "the lock was let go before the test was done"
        locker.communicate("release\n", timeout=30)  # the other reviewer lets go
        assert locker.returncode == 0
    assert decisions(sample_path) == 9
