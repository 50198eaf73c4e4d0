"""The `deskcheck` command as a user runs it: output, exit codes and one-line errors."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import run_cli, run_process


def test_show_json_prints_the_worked_case(sample_path: Path) -> None:
    result = run_cli("show", "1", "--json", "--desk", str(sample_path))
    assert result.exit_code == 0
    claim = json.loads(result.output)
    assert len(claim["custody"]) == 3
    assert len(claim["interpretations"]) == 2
    assert len(claim["evidence"]) >= 5
    assert all(len(e["assessments"]) == 2 for e in claim["evidence"])
    assert len(claim["evidence_wanted"]) == 2
    assert [d["verdict"] for d in claim["decisions"]] == ["lead"]
    assert len(claim["triggers"]) == 2
    assert "no primary source" in claim["warnings"]


def test_show_prints_a_readable_claim(sample_path: Path) -> None:
    result = run_cli("--desk", str(sample_path), "show", "1")
    assert result.exit_code == 0
    assert "Claim 1 · lead" in result.output
    assert "! no primary source" in result.output
    assert "Heavier reading: C (consistent)" in result.output
    assert "Procedural reading" in result.output


def test_decide_appends_a_decision(sample_path: Path) -> None:
    result = run_cli(
        "decide",
        "1",
        "--verdict",
        "unverified",
        "--rationale",
        "No memo after a month.",
        "--confidence",
        "low",
        "--desk",
        str(sample_path),
        "--reviewer",
        "ines",
    )
    assert result.exit_code == 0, result.output
    assert "Recorded decision" in result.output and "by ines" in result.output
    claim = json.loads(run_cli("show", "1", "--json", "--desk", str(sample_path)).output)
    assert [(d["verdict"], d["reviewer"]) for d in claim["decisions"]] == [
        ("unverified", "ines"),
        ("lead", "mara"),
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["show", "999"], "no claim 999 on this desk"),
        (["decide", "1", "--verdict", "maybe", "--rationale", "x"], "unknown verdict 'maybe'"),
        (["decide", "999", "--verdict", "lead", "--rationale", "x"], "no claim 999"),
        (["decide", "1", "--verdict", "lead", "--rationale", " "], "rationale is required"),
    ],
)
def test_mistakes_get_one_clear_line_and_no_traceback(
    sample_path: Path, args: list[str], message: str
) -> None:
    result = run_process(*args, "--desk", str(sample_path))
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"just some notes\n" * 100, "not a deskcheck desk: not a SQLite database"),
        (None, "a SQLite database made by another program"),
    ],
)
def test_a_file_that_is_not_a_desk_is_refused_in_one_line(
    tmp_path: Path, content: bytes | None, message: str
) -> None:
    path = tmp_path / "notes.db"
    if content is None:
        conn = sqlite3.connect(path)
        conn.execute("CREATE TABLE t (x)")
        conn.close()
    else:
        path.write_bytes(content)
    result = run_process("show", "1", "--desk", str(path))
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_a_missing_desk_says_how_to_make_one(tmp_path: Path) -> None:
    result = run_process("show", "1", "--desk", str(tmp_path / "none.db"))
    assert result.returncode == 1
    assert "deskcheck init" in result.stderr


def test_verify_prints_the_head_and_fails_on_a_broken_chain(sample_path: Path) -> None:
    good = run_cli("verify", "--desk", str(sample_path))
    assert good.exit_code == 0
    head = good.output.split("head: ")[1].split()[0]
    assert len(head) == 64
    assert run_cli("verify", "--expect", head, "--desk", str(sample_path)).exit_code == 0

    conn = sqlite3.connect(sample_path, isolation_level=None)
    conn.execute("DROP TRIGGER events_no_update")
    conn.execute("UPDATE events SET actor = 'mallory' WHERE seq = 5")
    conn.close()
    bad = run_process("verify", "--desk", str(sample_path))
    assert bad.returncode == 1
    assert "BROKEN at event 5" in bad.stdout


def test_init_makes_a_sample_or_an_empty_desk(tmp_path: Path) -> None:
    sample, empty = tmp_path / "a.db", tmp_path / "b.db"
    assert run_cli("init", str(sample)).exit_code == 0
    assert run_cli("init", str(empty), "--empty").exit_code == 0
    assert json.loads(run_cli("show", "1", "--json", "--desk", str(sample)).output)["id"] == 1
    assert "no claim 1" in run_process("show", "1", "--desk", str(empty)).stderr
    again = run_process("init", str(sample))
    assert again.returncode == 1 and "already exists" in again.stderr


def test_the_default_desk_is_seeded_from_the_sample_on_first_use(tmp_path: Path) -> None:
    env = {"XDG_DATA_HOME": str(tmp_path / "data"), "DESKCHECK_DESK": "", "HOME": str(tmp_path)}
    import os

    result = run_process("show", "1", env={**os.environ, **env})
    assert result.returncode == 0, result.stderr
    assert "Created your desk" in result.stderr
    created = tmp_path / "data" / "deskcheck" / "desk.db"
    assert created.is_file()
    second = run_process("show", "1", env={**os.environ, **env})
    assert "Created your desk" not in second.stderr


def test_deskcheck_alone_prints_the_queue(sample_path: Path) -> None:
    result = run_cli("--desk", str(sample_path), "--reviewer", "ines")
    assert result.exit_code == 0
    assert "reviewer ines" in result.output
    assert "lead 2" in result.output


def test_doctor_reports_the_sqlite_version_and_the_wal_risk(sample_path: Path) -> None:
    import sqlite3 as sqlite

    run_cli("show", "1", "--desk", str(sample_path))  # a desk in use is in WAL mode
    result = run_cli("doctor", "--desk", str(sample_path))
    assert result.exit_code == 0
    assert f"SQLite: {sqlite.sqlite_version}" in result.output
    assert "journal mode: wal" in result.output
    assert "integrity (quick check): ok" in result.output
    old = tuple(int(p) for p in sqlite.sqlite_version.split(".")) < (3, 51, 3)
    assert ("predates 3.51.3" in result.output) == old


def test_settings_are_shown_and_set(sample_path: Path) -> None:
    result = run_cli("setting", "--desk", str(sample_path))
    assert 'organisation = {"name": "Monexus desk (sample)"' in result.output
    assert "two_person_rule = null" in result.output
    assert run_cli("setting", "two_person_rule", "true", "--desk", str(sample_path)).exit_code == 0
    assert "two_person_rule = true" in run_cli("setting", "--desk", str(sample_path)).output
    bad = run_process("setting", "two_person_rule", "yes please", "--desk", str(sample_path))
    assert bad.returncode == 1 and "is not JSON" in bad.stderr
