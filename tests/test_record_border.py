"""The record covers everything that can change an outcome: published fact-checks (a
claim found "already checked"), repeat links and reviewer logins (who can act on the desk
through serve) are proved by verify like every other table."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from deskcheck.data import Desk
from deskcheck.data.bundle import export_bundle, restore
from deskcheck.data.verify import verify_desk
from deskcheck.domain.models import PublishedCheck
from tests.conftest import run_process

CHECKS = [
    PublishedCheck(claim_text="The ferry stops on Sundays", publisher="Polígrafo", rating="Falso"),
    PublishedCheck(claim_text="Trams stop in March", publisher="Observador", rating="Enganador"),
]


def _desk(tmp_path: Path) -> Path:
    path = tmp_path / "desk.db"
    with Desk.open(path, reviewer="operator", create=True) as desk:
        desk.add_published("feed.json", CHECKS)
        desk.add_login("mara", "mara's long passphrase")
        desk.add_login("tomas", "tomas's long passphrase")
    assert verify_desk(path).ok
    return path


def _sql(path: Path, statement: str) -> None:
    conn = sqlite3.connect(path)
    with conn:
        conn.execute(statement)
    conn.close()


@pytest.mark.parametrize(
    "forgery",
    [
        "UPDATE published_checks SET rating = 'Verdadeiro' WHERE id = 1",
        "UPDATE published_checks SET publisher = 'Observador' WHERE id = 1",
        "DELETE FROM published_checks WHERE id = 2",
        "INSERT INTO published_checks (claim_text, publisher, source, loaded_at, fingerprint)"
        " VALUES ('A planted review', 'Nobody', 'x', '2026-01-01T00:00:00Z', 'f')",
    ],
)
def test_a_forged_published_check_is_caught_by_verify(tmp_path: Path, forgery: str) -> None:
    path = _desk(tmp_path)
    head = run_process("verify", "--desk", str(path)).stdout.split("head: ")[1].split()[0]
    _sql(path, forgery)
    verified = run_process("verify", "--expect", head, "--desk", str(path))
    assert verified.returncode == 1
    assert "published_checks row" in verified.stdout, verified.stdout


@pytest.mark.parametrize(
    "forgery",
    [  # mara's hash copied onto tomas: the attacker who knows mara's password is tomas now
        "UPDATE reviewer_logins SET password_hash ="
        " (SELECT password_hash FROM reviewer_logins WHERE name = 'mara') WHERE name = 'tomas'",
        "UPDATE reviewer_logins SET disabled = 0 WHERE name = 'tomas'",
        "INSERT INTO reviewer_logins VALUES ('ghost', 'scrypt$1$1$1$AA==$AA==', 0, 'x', 'x')",
    ],
)
def test_a_forged_login_row_is_caught_by_verify(tmp_path: Path, forgery: str) -> None:
    path = _desk(tmp_path)
    with Desk.open(path, reviewer="operator") as desk:
        desk.set_login_disabled("tomas")
    _sql(path, forgery)
    report = verify_desk(path)
    assert not report.ok
    assert any(d.table == "reviewer_logins" for d in report.rows), report.rows


@pytest.mark.parametrize(
    "forgery",
    [  # a repeat link decides "already checked": pointed elsewhere, removed or planted
        "UPDATE claim_repeats SET repeat_of_claim_id = NULL, repeat_of_published_id = 2",
        "DELETE FROM claim_repeats",
        "INSERT INTO claim_repeats (claim_id, repeat_of_published_id, linked_by, linked_at)"
        " VALUES (1, 1, 'operator', '2026-01-01T00:00:00Z')",
    ],
)
def test_a_forged_repeat_link_is_caught_by_verify(tmp_path: Path, forgery: str) -> None:
    path = _desk(tmp_path)
    with Desk.open(path, reviewer="operator") as desk:
        first = desk.add_claim("The ferry stops on Sundays from March")
        again = desk.add_claim("Ferry to stop on Sundays, a post says")
        desk.link_repeat(again, of_claim=first)
    assert verify_desk(path).ok
    _sql(path, forgery)
    report = verify_desk(path)
    assert not report.ok
    assert any(d.table == "claim_repeats" for d in report.rows), report.rows


def test_events_keep_no_password_hash_and_a_bundle_carries_no_login(tmp_path: Path) -> None:
    path = _desk(tmp_path)
    with Desk.open(path, reviewer="operator") as desk:
        hashes = [h for (h,) in desk.db.execute("SELECT password_hash FROM reviewer_logins")]
        log = " ".join(b for (b,) in desk.db.execute("SELECT body FROM events"))
        text = export_bundle(desk)
    assert not any(h in log or h in text for h in hashes)
    restored = tmp_path / "restored.db"
    restore(text, restored)
    assert verify_desk(restored).ok
    with Desk.open(restored, reviewer="zoe") as desk:
        assert desk.all_logins() == []
        said = [json.loads(b) for (b,) in desk.db.execute(
            "SELECT body FROM events WHERE kind = 'login.not_carried'")]  # fmt: skip
    assert {b["name"] for b in said} == {"mara", "tomas"}
