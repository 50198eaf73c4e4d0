"""Killing a writer at any moment leaves a desk that verifies, and re-running the ingest
ends with exactly the full set of claims (SQLite's crash tests, in miniature)."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from deskcheck.data import Desk
from deskcheck.data.verify import verify_desk
from deskcheck.ingest.pipeline import ingest

ITEMS = 3000

WORKER = """
import sys
from deskcheck.data import Desk
from deskcheck.ingest.pipeline import ingest
with Desk.open(sys.argv[1], reviewer="worker") as desk:
    print("started", flush=True)
    ingest(desk, sys.argv[2])
    for n in range(100_000):
        desk.decide(1 + n % 12, "unverified", f"decision {n}")
"""


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
    decisions_before = 0
    for moment in range(20):
        worker = subprocess.Popen(
            [sys.executable, "-c", WORKER, str(sample_path), str(feed)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert worker.stdout is not None and worker.stdout.readline().strip() == "started"
        time.sleep(rng.uniform(0.0, 1.5))
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(timeout=30)
        report = verify_desk(sample_path)
        assert report.ok, f"moment {moment}: {report}"
        with Desk.open(sample_path, reviewer="rerun") as desk:
            rerun = ingest(desk, str(feed))
            assert rerun.error is None
            assert desk.queue_count() == 12 + ITEMS, f"moment {moment}"
            decisions = desk.db.execute("SELECT count(*) FROM decisions").fetchone()[0]
        assert decisions >= decisions_before  # nothing recorded was lost
        decisions_before = decisions
    assert verify_desk(sample_path).ok
