"""A desk that went back in time is noticed by the reviewer who saw what it lost.

The scenario of a lost ``-wal``: a reviewer's desk stays open (the TUI) while decisions are
recorded from the command line; the holder is killed, so the WAL is never checkpointed into
the main file; someone deletes the ``-wal``. The decisions are gone, and the reviewer who
recorded them is told on the next open and by verify."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from tests.conftest import run_process

HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1])
conn.execute("SELECT count(*) FROM claims").fetchone()  # holds the WAL open
print("holding", flush=True)
sys.stdin.read()  # until killed
"""


def test_a_lost_wal_is_noticed_on_the_next_open_and_by_verify(sample_path: Path) -> None:
    desk = str(sample_path)
    assert run_process("show", "1", "--desk", desk, "--reviewer", "mara").returncode == 0
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, desk],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        for n in range(3):
            decided = run_process(
                "decide", "1", "--verdict", "lead", "--rationale", f"Still a lead ({n}).",
                "--desk", desk, "--reviewer", "mara",
            )  # fmt: skip
            assert decided.returncode == 0, decided.stderr
        wal = Path(f"{desk}-wal")
        assert wal.exists() and wal.stat().st_size > 0  # the decisions live in the WAL only
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)
    wal.unlink()
    Path(f"{desk}-shm").unlink(missing_ok=True)

    shown = run_process("show", "1", "--desk", desk, "--reviewer", "mara")
    assert "Still a lead (2)." not in shown.stdout  # the decisions are really gone
    assert "WARNING: this desk went back in time" in shown.stderr
    assert "events are missing" in shown.stderr
    verified = run_process("verify", "--desk", desk)
    assert verified.returncode == 1 or "went back in time" in shown.stderr


def test_verify_fails_when_the_remembered_head_is_gone(sample_path: Path) -> None:
    desk = str(sample_path)
    assert run_process("decide", "1", "--verdict", "lead", "--rationale", "Seen.",
                       "--desk", desk, "--reviewer", "mara").returncode == 0  # fmt: skip
    backup = sample_path.with_name("before.db")  # an older copy, put in the desk's place later
    assert run_process("backup", str(backup), "--desk", desk).returncode == 0
    assert run_process("decide", "1", "--verdict", "lead", "--rationale", "Seen again.",
                       "--desk", desk, "--reviewer", "mara").returncode == 0  # fmt: skip
    for suffix in ("-wal", "-shm"):
        Path(desk + suffix).unlink(missing_ok=True)
    backup.replace(sample_path)
    verified = run_process("verify", "--desk", desk)
    assert verified.returncode == 1
    assert (
        "went back in time" in verified.stderr and "2 events are missing" in verified.stderr
    )  # the decision and its verdict


def _decide(desk: str, rationale: str, reviewer: str = "mara") -> None:
    done = run_process("decide", "1", "--verdict", "lead", "--rationale", rationale,
                       "--desk", desk, "--reviewer", reviewer)  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_the_loss_is_counted_exactly_after_new_work_and_stays_until_accepted(
    sample_path: Path,
) -> None:
    """Two decisions (four events) lost, then one new decision written on the old copy: the
    head is two behind the one seen, but four events are missing (it said 2)."""
    desk = str(sample_path)
    _decide(desk, "Seen.")
    backup = sample_path.with_name("before.db")
    assert run_process("backup", str(backup), "--desk", desk).returncode == 0
    _decide(desk, "Lost one.")
    _decide(desk, "Lost two.")
    for suffix in ("-wal", "-shm"):
        Path(desk + suffix).unlink(missing_ok=True)
    backup.replace(sample_path)
    _decide(desk, "Written after the loss.", reviewer="tomas")

    for _ in range(2):  # the warning stays: seeing the desk again does not make it right
        shown = run_process("show", "1", "--desk", desk, "--reviewer", "mara")
        assert "went back in time" in shown.stderr and "4 events are missing" in shown.stderr
    verified = run_process("verify", "--desk", desk)
    assert verified.returncode == 1 and "4 events are missing" in verified.stderr

    accepted = run_process("verify", "--accept", "--desk", desk, "--reviewer", "lead")
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert "accepted by lead" in accepted.stdout
    shown = run_process("show", "1", "--desk", desk, "--reviewer", "mara")
    assert "went back in time" not in shown.stderr
    history = run_process("verify", "--desk", desk)
    assert history.returncode == 0
    import sqlite3

    conn = sqlite3.connect(desk)
    actor, body = conn.execute(
        "SELECT actor, body FROM events WHERE kind = 'desk.loss_accepted'"
    ).fetchone()
    conn.close()
    assert actor == "lead" and '"lost":4' in body


def test_a_history_rewritten_from_its_first_event_is_noticed(sample_path: Path) -> None:
    """The desk's identity was its first event: a chain rewritten from event 1 on (or
    another desk put at this path) was a desk never seen, so nothing was compared."""
    desk = str(sample_path)
    _decide(desk, "Seen.")
    other = sample_path.with_name("other.db")
    from deskcheck.data import Desk

    with Desk.open(other, reviewer="mallory", create=True) as forged:
        forged.add_claim("A history that starts somewhere else")
    for suffix in ("-wal", "-shm"):
        Path(desk + suffix).unlink(missing_ok=True)
    import shutil

    shutil.copyfile(other, sample_path)
    shown = run_process("show", "1", "--desk", desk, "--reviewer", "mara")
    assert "rewritten from its first event on" in shown.stderr, shown.stderr
