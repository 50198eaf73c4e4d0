"""Continuous replication with the real Litestream, to a local folder: a desk whose disk is
lost comes back whole with `deskcheck restore`, and the desk leaves the WAL to Litestream while
it runs. Every Litestream started here is stopped with its process group, pass or fail."""

from __future__ import annotations

import itertools
import subprocess
import sys
from pathlib import Path

import pytest

from deskcheck.data import Desk
from deskcheck.data.replicating import SQLITE_DEFAULT_AUTOCHECKPOINT, is_replicating
from deskcheck.data.verify import head_event
from deskcheck.domain.errors import DeskError
from deskcheck.work.replication import replica_target, restore
from tests.conftest import run_process
from tests.processes import running, stop_group
from tests.waiting import wait_until

ACTS = 1000


def replicate(desk: Path, replica: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "deskcheck",
        "--desk",
        str(desk),
        "replicate",
        "--to",
        str(replica),
    ]


def start_replicating(process: subprocess.Popen, desk: Path) -> None:
    wait_until(
        lambda: is_replicating(desk) or process.poll() is not None,
        what="`deskcheck replicate` to start Litestream",
        timeout=30,
    )
    assert process.poll() is None, process.communicate()


def autocheckpoint(desk: Desk) -> int:
    return int(desk.db.execute("PRAGMA wal_autocheckpoint").fetchone()[0])


@pytest.mark.slow
def test_a_desk_lost_with_its_disk_comes_back_from_the_replica(
    sample_path: Path, tmp_path: Path
) -> None:
    replica = tmp_path / "replica"
    probes = itertools.count()

    def shipped(head: str) -> bool:
        """Whether the replica already holds the act ``head``: restore it aside and look."""
        probe = tmp_path / f"probe-{next(probes)}.db"
        try:
            return head_event(restore(replica_target(str(replica)), probe).path)[1] == head
        except DeskError:  # nothing shipped yet
            return False

    with running(
        replicate(sample_path, replica), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as process:
        start_replicating(process, sample_path)
        with Desk.open(sample_path, reviewer="alice") as desk:
            for n in range(ACTS):
                desk.decide(1 + n % 12, "lead", f"decision {n} while replicating")
            last_seq, last_head, last_at = head_event(sample_path)
        wait_until(lambda: shipped(last_head), what="Litestream to ship the last act", timeout=90)
        stop_group(process)  # SIGKILL: the machine died with the disk

    for suffix in ("", "-wal", "-shm"):
        Path(f"{sample_path}{suffix}").unlink(missing_ok=True)
    restored = tmp_path / "restored.db"
    result = run_process("restore", "--from", str(replica), str(restored))
    assert result.returncode == 0, result.stderr
    assert f"head: {last_head}" in result.stdout
    assert f"head event: {last_seq}, recorded {last_at}" in result.stdout
    assert "verify: ok" in result.stdout
    verified = run_process("--desk", str(restored), "verify")
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert f"head: {last_head}" in verified.stdout
    with Desk.open(restored, reviewer="check") as desk:
        count = desk.db.execute(
            "SELECT count(*) FROM decisions WHERE rationale LIKE '% while replicating'"
        ).fetchone()[0]
    assert count == ACTS


@pytest.mark.slow
def test_a_team_server_replicates_while_it_serves(sample_path: Path, tmp_path: Path) -> None:
    from tests.serving import serving
    from tests.test_serve import add_logins

    add_logins(sample_path, "mara")
    replica = tmp_path / "replica"
    probes = itertools.count()
    with serving(sample_path, "--team", "--replicate-to", str(replica)):
        assert is_replicating(sample_path)  # Litestream runs before the server listens
        with Desk.open(sample_path, reviewer="mara") as desk:
            desk.decide(1, "lead", "recorded while the desk is served")
        head = head_event(sample_path)[1]

        def shipped() -> bool:
            probe = tmp_path / f"probe-{next(probes)}.db"
            try:
                return head_event(restore(replica_target(str(replica)), probe).path)[1] == head
            except DeskError:
                return False

        wait_until(shipped, what="the served desk's last act in the replica", timeout=90)
    assert not is_replicating(sample_path)  # stopping the server stopped Litestream


def litestream_children(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(c) for c in children if Path(f"/proc/{c}/comm").read_text().strip() == "litestream"]


@pytest.mark.slow
def test_litestream_dying_under_a_server_gives_the_wal_back_and_says_so(
    sample_path: Path, tmp_path: Path
) -> None:
    """Litestream killed (or out of credentials) while the server goes on: the desk must
    checkpoint again (else its WAL grows without end) and the operator is told."""
    import os
    import signal

    from tests.serving import serving
    from tests.test_serve import add_logins

    add_logins(sample_path, "mara")
    with serving(sample_path, "--team", "--replicate-to", str(tmp_path / "replica")) as served:
        assert is_replicating(sample_path)
        (litestream,) = wait_until(
            lambda: litestream_children(served.process.pid), what="Litestream to run"
        )
        os.kill(litestream, signal.SIGKILL)
        wait_until(
            lambda: not is_replicating(sample_path), what="the marker to be let go", timeout=30
        )
        assert served.process.poll() is None  # still serving
        with Desk.open(sample_path, reviewer="mara") as desk:
            desk.decide(1, "lead", "recorded after Litestream died")
            assert autocheckpoint(desk) == SQLITE_DEFAULT_AUTOCHECKPOINT
        os.killpg(served.process.pid, signal.SIGTERM)
        said = served.process.communicate(timeout=30)[1].decode()
    assert "Litestream stopped (exit status -9)" in said


@pytest.mark.slow
def test_the_desk_leaves_checkpoints_to_litestream_only_while_it_runs(
    sample_path: Path, tmp_path: Path
) -> None:
    earlier = Desk.open(sample_path, reviewer="alice")  # open before replication starts
    try:
        assert autocheckpoint(earlier) == SQLITE_DEFAULT_AUTOCHECKPOINT
        with running(
            replicate(sample_path, tmp_path / "replica"),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        ) as process:
            start_replicating(process, sample_path)
            earlier.decide(1, "lead", "written while Litestream runs")
            assert autocheckpoint(earlier) == 0
            with Desk.open(sample_path, reviewer="bob") as later:
                assert autocheckpoint(later) == 0
            # a second Litestream on the same WAL is refused, and the first keeps running
            second = run_process("--desk", str(sample_path), "replicate", "--to", str(tmp_path))
            assert second.returncode != 0
            assert "already being replicated" in second.stderr
            assert process.poll() is None
            stop_group(process)  # killed: the marker file stays, its lock goes
        assert not is_replicating(sample_path)
        earlier.decide(1, "lead", "written after Litestream stopped")
        assert autocheckpoint(earlier) == SQLITE_DEFAULT_AUTOCHECKPOINT
    finally:
        earlier.close()


@pytest.mark.parametrize(
    ("target", "said"),
    [
        ("s3://AKIAEXAMPLE:s3cr3tKey@bucket/desk", "credentials do not go in the replica"),
        ("s3://bucket", "names no prefix"),
        ("s3:///desk", "names no bucket"),
        ("ftp://host/desk", "a replica is a folder or one of"),
        ("javascript://x/y", "a replica is a folder or one of"),
        ("replica\x1b[2J", "control characters"),
        ("", "no replica given"),
        ("   ", "no replica given"),
    ],
)
def test_a_careless_replica_address_is_refused_in_one_line(
    sample_path: Path, target: str, said: str
) -> None:
    result = run_process("--desk", str(sample_path), "replicate", "--to", target)
    assert result.returncode != 0
    assert said in result.stderr and "Traceback" not in result.stderr
    assert "s3cr3tKey" not in result.stderr + result.stdout  # a key is never echoed back
    assert "\x1b" not in result.stderr + result.stdout
    assert not is_replicating(sample_path)


def test_a_file_in_the_way_of_the_replica_folder_is_refused(
    sample_path: Path, tmp_path: Path
) -> None:
    in_the_way = tmp_path / "notes.txt"
    in_the_way.write_text("not a folder")
    result = run_process("--desk", str(sample_path), "replicate", "--to", str(in_the_way))
    assert result.returncode != 0 and "is a file" in result.stderr


def test_replicating_a_file_that_is_not_a_desk_is_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    import sqlite3

    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    result = run_process("--desk", str(other), "replicate", "--to", str(tmp_path / "r"))
    assert result.returncode != 0 and "not a deskcheck desk" in result.stderr
    assert not (tmp_path / "r").exists()


def test_restoring_from_an_empty_replica_says_so_and_leaves_no_file(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    target = tmp_path / "restored.db"
    result = run_process("restore", "--from", str(tmp_path / "empty"), str(target))
    assert result.returncode != 0
    assert "Litestream could not restore" in result.stderr and "Traceback" not in result.stderr
    assert not target.exists()


def test_restore_never_overwrites_a_desk(sample_path: Path, tmp_path: Path) -> None:
    before = sample_path.read_bytes()
    result = run_process("restore", "--from", str(tmp_path), str(sample_path))
    assert result.returncode != 0 and "already exists" in result.stderr
    assert sample_path.read_bytes() == before


@pytest.mark.slow
def test_a_replica_folder_named_like_shell_or_yaml_is_taken_literally(
    sample_path: Path, tmp_path: Path
) -> None:
    """A folder name with a `$VARIABLE`, a colon, a `#` and quotes reaches Litestream as it is
    (the configuration is JSON, and Litestream does not expand variables in it)."""
    folder = tmp_path / 'copy of $HOME: #1 "desk"'
    with running(
        replicate(sample_path, folder), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    ) as process:
        start_replicating(process, sample_path)
        wait_until(lambda: (folder / "ltx").is_dir(), what="the replica in that folder")
    assert not (tmp_path / "copy of").exists()
