"""Shared fixtures: real desk files in a temporary directory, and the real CLI."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pytest_httpserver import HTTPServer

from deskcheck.cli import cli
from deskcheck.data import Desk
from deskcheck.work.config import sample_desk_file

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def own_state_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test's deskcheck remembers desk heads in its own state directory (platformdirs
    reads XDG_STATE_HOME), never the machine's; child processes inherit it."""
    state = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    return state


@pytest.fixture
def sample_path(tmp_path: Path) -> Path:
    """A private copy of the committed sample desk (the repository copy stays pristine)."""
    target = tmp_path / "sample.db"
    shutil.copyfile(sample_desk_file(), target)
    return target


@pytest.fixture
def sample_desk(sample_path: Path) -> Iterator[Desk]:
    with Desk.open(sample_path, reviewer="tester") as desk:
        yield desk


@pytest.fixture
def empty_desk(tmp_path: Path) -> Iterator[Desk]:
    with Desk.open(tmp_path / "empty.db", reviewer="tester", create=True) as desk:
        yield desk


@pytest.fixture
def raw(sample_path: Path) -> Iterator[sqlite3.Connection]:
    """A plain sqlite3 connection with default settings, as another SQLite client opens it
    (recursive_triggers off, foreign keys off)."""
    Desk.open(sample_path, reviewer="tester").close()  # WAL mode set, as in real use
    conn = sqlite3.connect(sample_path, isolation_level=None)
    yield conn
    conn.close()


@pytest.fixture
def httpserver() -> Iterator[HTTPServer]:
    """A real HTTP server on 127.0.0.1 that serves requests in threads, so a slow or
    endless response in one test cannot hold up the next (replaces the plugin's own)."""
    server = HTTPServer(host="127.0.0.1", threaded=True)
    server.start()
    yield server
    server.clear()
    server.stop()


def run_cli(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def run_process(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run deskcheck as a real process, as a user would from a shell."""
    return subprocess.run(
        [sys.executable, "-m", "deskcheck", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
