"""Several reviewers' processes on one desk file at once: nothing lost, nothing locked out."""

from __future__ import annotations

import contextlib
import subprocess
from pathlib import Path

import pytest

from deskcheck.data import Desk
from deskcheck.data.verify import verify_desk
from tests.processes import python, running

WRITER = """
import sys, sqlite3
from deskcheck.data import Desk
path, name = sys.argv[1], sys.argv[2]
errors = 0
with Desk.open(path, reviewer=name) as desk:
    for n in range(250):
        try:
            desk.decide(1 + n % 12, "lead", f"{name} decision {n}")
        except sqlite3.OperationalError as error:
            errors += 1
            print("ERROR", error, flush=True)
print("done", errors)
"""


@pytest.mark.slow
def test_eight_processes_record_two_thousand_decisions(sample_path: Path) -> None:
    Desk.open(sample_path, reviewer="setup").close()
    with contextlib.ExitStack() as stack:
        writers = [
            stack.enter_context(
                running(
                    python(WRITER, str(sample_path), f"reviewer{n}"),
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
            )
            for n in range(8)
        ]
        outputs = [w.communicate(timeout=600) for w in writers]
    for writer, (out, err) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, err
        assert "database is locked" not in out + err
        assert out.strip().endswith("done 0"), out
    with Desk.open(sample_path, reviewer="check") as desk:
        counts = dict(
            desk.db.execute(
                "SELECT reviewer, count(*) FROM decisions WHERE reviewer LIKE 'reviewer%'"
                " GROUP BY reviewer"
            ).fetchall()
        )
    assert counts == {f"reviewer{n}": 250 for n in range(8)}
    report = verify_desk(sample_path)
    assert report.ok
