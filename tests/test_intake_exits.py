"""What `ingest`, `show`, `decide` and the command line as a whole say and return when they
did nothing useful or met an error nobody foresaw: one line, a non-zero exit, no traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from deskcheck.data import Desk
from tests.conftest import run_process


@pytest.fixture
def desk_path(tmp_path: Path) -> Path:
    path = tmp_path / "desk.db"
    Desk.open(path, reviewer="mara", create=True).close()
    return path


@pytest.mark.parametrize(
    ("name", "body", "says"),
    [
        ("empty.jsonl", b"", "the source is empty"),
        ("blank.jsonl", b"  \n\t\n\r\n", "the source is empty"),
        ("blank.csv", b"\n\n", "the source is empty"),
        ("rejected.jsonl", b'{"x": 1}\n{"text": ""}\n[1]\n', "all 3 items were rejected"),
        ("rejected.csv", b"text,url\n,\n   ,x\n", "all 2 items were rejected"),
        (
            "nothing.json",
            json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": []}).encode(),
            "the source holds no items",
        ),
    ],
)
def test_an_ingest_that_takes_nothing_in_exits_non_zero_in_one_line(
    desk_path: Path, tmp_path: Path, name: str, body: bytes, says: str
) -> None:
    source = tmp_path / name
    source.write_bytes(body)
    took = run_process("ingest", str(source), "--desk", str(desk_path), "--reviewer", "mara")
    assert took.returncode == 1, took.stdout
    assert says in took.stdout.splitlines()[0]
    assert "0 new" not in took.stdout and "Traceback" not in took.stderr
    with Desk.open(desk_path, reviewer="mara") as desk:
        assert desk.ingest_runs()[0]["error"]  # the run is recorded as one that failed


def test_an_ingest_of_items_already_on_the_desk_is_not_a_failure(
    desk_path: Path, tmp_path: Path
) -> None:
    source = tmp_path / "tips.jsonl"
    source.write_text('{"text": "The bridge closes in May"}\n', encoding="utf-8")
    for _ in range(2):
        took = run_process("ingest", str(source), "--desk", str(desk_path), "--reviewer", "m")
        assert took.returncode == 0, took.stdout


HUGE = "99999999999999999999999"


@pytest.mark.parametrize(
    "args",
    [
        ("show", HUGE),
        ("decide", HUGE, "--verdict", "false", "--rationale", "why"),
        ("add-evidence", HUGE, "https://example.org/"),
        ("confirm", HUGE),
        ("export", HUGE),
    ],
)
def test_a_huge_claim_number_is_refused_in_one_line(sample_path: Path, args) -> None:
    done = run_process(*args, "--desk", str(sample_path), "--reviewer", "mara")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr and "OverflowError" not in done.stderr
    assert "is not in the range" in done.stderr


def test_an_empty_reviewer_name_is_refused(sample_path: Path) -> None:
    done = run_process(
        "decide",
        "2",
        "--verdict",
        "false",
        "--rationale",
        "why",
        "--despite",
        "x",
        "--desk",
        str(sample_path),
        "--reviewer",
        "",
    )
    assert done.returncode == 2
    assert "a reviewer's name cannot be empty" in done.stderr


def test_an_unexpected_error_exits_non_zero_with_one_line_and_the_log(
    sample_path: Path, tmp_path: Path
) -> None:
    """The installed package changed under the command: a module it imports is gone."""
    log = tmp_path / "state" / "deskcheck.log"
    code = (
        "import sys; sys.modules['deskcheck.work.claim_view'] = None\n"
        "from deskcheck.cli import main\n"
        f"sys.argv = ['deskcheck', 'show', '1', '--desk', {str(sample_path)!r}]\n"
        "main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=os.environ | {"DESKCHECK_LOG": str(log)},
        timeout=60,
    )
    assert done.returncode == 1
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and "ModuleNotFoundError" in lines[0] and str(log) in lines[0]
    assert "Traceback" in log.read_text(encoding="utf-8")


def test_the_log_goes_to_the_state_directory_by_default(tmp_path: Path) -> None:
    code = "from deskcheck.work.errorlog import log_path; print(log_path())"
    env = {k: v for k, v in os.environ.items() if k != "DESKCHECK_LOG"}
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=env | {"XDG_STATE_HOME": str(tmp_path)},
        timeout=60,
    )
    assert Path(done.stdout.strip()).is_relative_to(tmp_path)


def test_an_empty_reviewer_name_is_refused_when_opening_the_desk(sample_path: Path) -> None:
    done = run_process("--reviewer", "", "--desk", str(sample_path))
    assert done.returncode == 2
    assert "a reviewer's name cannot be empty" in done.stderr
