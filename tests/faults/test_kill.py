"""Killing a writer at any moment leaves a desk that verifies, keeps every decision it had
recorded, and re-running the ingest ends with exactly the full set of claims (SQLite's crash
tests, in miniature)."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from deskcheck.data import Desk
from deskcheck.data.verify import verify_desk
from deskcheck.ingest.pipeline import ingest
from tests.processes import python, running

ITEMS = 3000
MOMENTS = 20
LANES = 4  # desks killed on at once; each lane kills its own desk MOMENTS // LANES times

WORKER = """
import sys
from deskcheck.data import Desk
from deskcheck.ingest.pipeline import ingest
desk_path, feed, moment = sys.argv[1:]
with Desk.open(desk_path, reviewer="worker") as desk:
    print("started", flush=True)
    ingest(desk, feed)
    for n in range(100_000):
        desk.decide(1 + n % 12, "unverified", f"moment {moment} decision {n}")
        print(n, flush=True)  # decide() has returned: this decision is recorded
"""


def kill_at(desk: Path, feed: Path, moment: int, seconds: float) -> int | None:
    """Run the worker on the desk, SIGKILL it ``seconds`` after it started, and return the
    last decision it reported recorded (None if it had recorded none)."""
    reported: list[int] = []
    command = python(WORKER, str(desk), str(feed), str(moment))
    with running(command, stdout=subprocess.PIPE, text=True) as worker:
        assert worker.stdout is not None and worker.stdout.readline().strip() == "started"
        reader = threading.Thread(  # drain the pipe so the worker never waits on it
            target=lambda: reported.extend(int(line) for line in worker.stdout), daemon=True
        )
        reader.start()
        time.sleep(seconds)  # the random moment is the subject of the test
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
        reader.join(timeout=30)
    return reported[-1] if reported else None


def decisions_of(desk: Desk, moment: int) -> list[int]:
    rows = desk.db.execute(
        "SELECT rationale FROM decisions WHERE rationale LIKE ?", [f"moment {moment} decision %"]
    ).fetchall()
    return sorted(int(rationale.rsplit(" ", 1)[1]) for (rationale,) in rows)


def kill_one_desk_again_and_again(desk: Path, feed: Path, moments: list[tuple[int, float]]) -> None:
    decisions_before = 0
    for moment, seconds in moments:
        last_reported = kill_at(desk, feed, moment, seconds)
        report = verify_desk(desk)
        assert report.ok, f"moment {moment}: {report}"
        with Desk.open(desk, reviewer="rerun") as opened:
            recorded = decisions_of(opened, moment)
            rerun = ingest(opened, str(feed))
            assert rerun.error is None
            assert opened.queue_count() == 12 + ITEMS, f"moment {moment}"
            decisions = opened.db.execute("SELECT count(*) FROM decisions").fetchone()[0]
        # every decision the worker saw recorded is there, and none is missing in between
        assert recorded == list(range(len(recorded))), f"moment {moment}: a gap"
        if last_reported is not None:
            assert len(recorded) > last_reported, (
                f"moment {moment}: decision {last_reported} was recorded, then lost"
            )
        assert decisions >= decisions_before, f"moment {moment}: earlier decisions lost"
        decisions_before = decisions
    assert verify_desk(desk).ok


@pytest.mark.slow
def test_sigkill_at_twenty_moments(sample_path: Path, tmp_path: Path) -> None:
    feed = tmp_path / "items.jsonl"
    feed.write_text(
        "".join(
            json.dumps({"text": f"Wire item number {n} about the port", "id": f"w-{n}"}) + "\n"
            for n in range(ITEMS)
        )
    )
    Desk.open(sample_path, reviewer="setup").close()
    rng = random.Random(20261126)
    moments = [(moment, rng.uniform(0.0, 1.5)) for moment in range(MOMENTS)]
    desks = [tmp_path / f"lane{lane}.db" for lane in range(LANES)]
    for desk in desks:
        shutil.copyfile(sample_path, desk)
    with ThreadPoolExecutor(LANES) as pool:
        lanes = [
            pool.submit(kill_one_desk_again_and_again, desk, feed, moments[lane::LANES])
            for lane, desk in enumerate(desks)
        ]
        for lane in lanes:
            lane.result()
