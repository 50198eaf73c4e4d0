"""Decisions, revision notes and events can only grow: no UPDATE, DELETE or REPLACE.

These run on a plain sqlite3 connection with default settings (recursive_triggers off),
the way another SQLite client would open the desk, and through the sqlite3 shell.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

from deskcheck.data import Desk

FORBIDDEN = {
    "decisions": [
        "UPDATE decisions SET verdict = 'verified' WHERE id = 1",
        "DELETE FROM decisions WHERE id = 1",
        "INSERT OR REPLACE INTO decisions (id, claim_id, verdict, rationale, reviewer, decided_at)"
        " VALUES (1, 1, 'verified', 'rewritten', 'mara', '2026-06-14T11:20:00Z')",
        "REPLACE INTO decisions (id, claim_id, verdict, rationale, reviewer, decided_at)"
        " VALUES (1, 1, 'verified', 'rewritten', 'mara', '2026-06-14T11:20:00Z')",
        "INSERT INTO decisions (id, claim_id, verdict, rationale, reviewer, decided_at)"
        " VALUES (1, 1, 'verified', 'x', 'mara', 'x')"
        " ON CONFLICT(id) DO UPDATE SET verdict = 'verified'",
    ],
    "revision_notes": [
        "UPDATE revision_notes SET what_is_right = 'rewritten' WHERE id = 1",
        "DELETE FROM revision_notes",
        "INSERT OR REPLACE INTO revision_notes (id, claim_id, kind, what_is_right, author,"
        " written_at) VALUES (1, 2, 'update', 'rewritten', 'mara', 'x')",
    ],
    "events": [
        "UPDATE events SET body = '{}' WHERE seq = 1",
        "DELETE FROM events WHERE seq = (SELECT max(seq) FROM events)",
        "INSERT OR REPLACE INTO events (seq, at, actor, kind, subject, body, prev_hash, hash)"
        " SELECT seq, at, actor, kind, subject, '{}', prev_hash, hash FROM events WHERE seq = 1",
    ],
}
CASES = [(table, sql) for table, statements in FORBIDDEN.items() for sql in statements]


def _snapshot(conn: sqlite3.Connection, table: str) -> list[tuple]:
    return conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()


@pytest.mark.parametrize(("table", "sql"), CASES)
def test_other_clients_cannot_rewrite_history(
    raw: sqlite3.Connection, table: str, sql: str
) -> None:
    before = _snapshot(raw, table)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        raw.execute(sql)
    assert _snapshot(raw, table) == before


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="the sqlite3 shell is not installed")
@pytest.mark.parametrize(("table", "sql"), CASES)
def test_the_sqlite3_shell_cannot_rewrite_history(sample_path: Path, table: str, sql: str) -> None:
    Desk.open(sample_path, reviewer="tester").close()
    result = subprocess.run(
        ["sqlite3", str(sample_path), sql + ";"], capture_output=True, text=True, timeout=30
    )
    assert result.returncode != 0
    assert "append-only" in result.stderr


def test_events_must_link_to_the_head_of_the_chain(raw: sqlite3.Connection) -> None:
    with pytest.raises(sqlite3.DatabaseError, match="prev_hash is not the head"):
        raw.execute(
            "INSERT INTO events (at, actor, kind, subject, body, prev_hash, hash)"
            " VALUES ('x', 'mallory', 'decision.recorded', 'claim:1', '{}', 'forged', 'forged')"
        )


def test_a_new_decision_supersedes_without_overwriting(sample_desk: Desk) -> None:
    before = sample_desk.claim(1).decisions
    sample_desk.decide(
        1, "unverified", "The memo has not surfaced after a month.", confidence="low"
    )
    after = sample_desk.claim(1).decisions
    assert len(after) == len(before) + 1
    assert after[0].verdict == "unverified" and after[0].reviewer == "tester"
    assert after[1:] == before  # the earlier decision is untouched
    assert sample_desk.claim(1).verdict == "unverified"
