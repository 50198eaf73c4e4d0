"""Shared fixtures: real desk files in a temporary directory, and the real CLI."""

from __future__ import annotations

import os
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


# read at import by the golden-page tests themselves: a switch for the developer, not a setting
TEST_SWITCHES = {"DESKCHECK_UPDATE_GOLDEN"}


@pytest.fixture(autouse=True)
def own_state_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test runs as a user with nothing set up: no DESKCHECK_* variable of the shell it
    was started from (the README tells users to set DESKCHECK_REVIEWER), its own HOME, and
    its own data, config and state directories (platformdirs reads XDG_*), never the
    machine's; child processes inherit all of it."""
    for name in list(os.environ):
        if name.startswith("DESKCHECK_") and name not in TEST_SWITCHES:
            monkeypatch.delenv(name)
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    monkeypatch.setenv("HOME", str(home))
    for variable, folder in (
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_STATE_HOME", "state"),
    ):
        monkeypatch.setenv(variable, str(tmp_path / folder))
    return tmp_path / "state"


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
