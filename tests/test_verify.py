"""`deskcheck verify` proves every table against the event log and the schema against its
version: tampering with the plain sqlite3 module (triggers dropped where needed) is named."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from deskcheck.data import Desk
from deskcheck.data.bundle import export_bundle
from deskcheck.data.bundle_merge import merge
from deskcheck.work.intake import ingest
from tests.conftest import FIXTURES, run_cli


def verify(path: Path) -> tuple[int, str]:
    result = run_cli("verify", "--desk", str(path))
    return result.exit_code, result.output


def tamper(path: Path, *statements: str) -> None:
    """As an outsider with the file would: Python's sqlite3, default settings."""
    conn = sqlite3.connect(path)
    try:
        for statement in statements:
            conn.execute(statement)
        conn.commit()
    finally:
        conn.close()


@pytest.fixture
def desk_path(sample_path: Path) -> Path:
    """The sample desk, opened once (upgraded to the current schema) and verified clean."""
    Desk.open(sample_path, reviewer="mara").close()
    code, output = verify(sample_path)
    assert code == 0, output
    assert "tables against the events: ok" in output and "schema: ok" in output
    return sample_path


def unguard(table: str) -> list[str]:
    return [f"DROP TRIGGER {table}_no_update", f"DROP TRIGGER {table}_no_delete"]


# one UPDATE, one DELETE and one INSERT without an event, for every table of desk work
TAMPERING = {
    "claims": (
        "UPDATE claims SET verdict = 'false', status = 'decided' WHERE id = 1",
        "DELETE FROM claims WHERE id = 12",
        "INSERT INTO claims (text, received_at, created_at, updated_at, fingerprint)"
        " VALUES ('planted', '2026-01-01', '2026-01-01', '2026-01-01', 'planted')",
    ),
    "custody_hops": (
        "UPDATE custody_hops SET reliability = 'A' WHERE id = 1",
        "DELETE FROM custody_hops WHERE id = 2",
        "INSERT INTO custody_hops (claim_id, position, actor, kind) VALUES (1, 9, 'x', 'wire')",
    ),
    "interpretations": (
        "UPDATE interpretations SET statement = 'forged' WHERE id = 1",
        "DELETE FROM assessments WHERE interpretation_id = 2",  # (then the marks differ)
        "INSERT INTO interpretations (claim_id, position, label, statement, created_by,"
        " created_at) VALUES (1, 9, 'x', 'planted', 'mara', '2026-01-01')",
    ),
    "evidence": (
        "UPDATE evidence SET excerpt = 'forged', url = 'https://evil.example/' WHERE id = 3",
        "DELETE FROM assessments WHERE evidence_id = 3",
        "INSERT INTO evidence (claim_id, title, added_by, added_at)"
        " VALUES (1, 'planted', 'mara', '2026-01-01')",
    ),
    "assessments": (
        "UPDATE assessments SET mark = 'II' WHERE id = 1",
        "DELETE FROM assessments WHERE id = 1",
        "INSERT INTO assessments (evidence_id, interpretation_id, mark, assessed_by,"
        " assessed_at) SELECT e.id, i.id, 'II', 'mara', '2026-01-01' FROM evidence e"
        " JOIN interpretations i ON i.claim_id = e.claim_id WHERE NOT EXISTS (SELECT 1 FROM"
        " assessments a WHERE a.evidence_id = e.id AND a.interpretation_id = i.id) LIMIT 1",
    ),
    "evidence_wanted": (
        "UPDATE evidence_wanted SET state = 'obtained' WHERE id = 1",
        "DELETE FROM evidence_wanted WHERE id = 1",
        "INSERT INTO evidence_wanted (claim_id, description, created_by, created_at)"
        " VALUES (1, 'planted', 'mara', '2026-01-01')",
    ),
    "decisions": (
        *unguard("decisions"),
        "UPDATE decisions SET verdict = 'false' WHERE id = 1",
    ),
    "revision_notes": (
        *unguard("revision_notes"),
        "DELETE FROM revision_notes WHERE id = 1",
    ),
    "revision_triggers": (
        "UPDATE revision_triggers SET state = 'retired' WHERE id = 1",
        "DELETE FROM revision_triggers WHERE id = 1",
        "INSERT INTO revision_triggers (claim_id, condition, created_by, created_at)"
        " VALUES (1, 'planted', 'mara', '2026-01-01')",
    ),
    "reviewers": (
        "UPDATE reviewers SET display_name = 'Someone else' WHERE name = 'mara'",
        "INSERT INTO reviewers (name, display_name, created_at) VALUES ('x', 'X', '2026')",
    ),
    "desk_settings": (
        "UPDATE desk_settings SET value = 'true' WHERE key = 'organisation'",
        "DELETE FROM desk_settings",
        "INSERT INTO desk_settings (key, value) VALUES ('two_person_rule', 'false')",
    ),
    "verdicts": (
        "UPDATE verdicts SET rating_value = 5 WHERE name = 'false'",
        "DELETE FROM verdicts WHERE name = 'misleading'",
        "INSERT INTO verdicts (name, label, position) VALUES ('true ', 'True', 99)",
    ),
    "claim_tags": (
        "DELETE FROM claim_tags WHERE rowid = (SELECT min(rowid) FROM claim_tags)",
        "INSERT INTO claim_tags (claim_id, tag) VALUES (1, 'planted')",
    ),
    "interpretation_relations": ("DELETE FROM interpretation_relations",),
}


@pytest.mark.parametrize(
    ("table", "statement"),
    [
        (table, s)
        for table, statements in TAMPERING.items()
        for s in statements
        if not s.startswith("DROP TRIGGER")
    ],
)
def test_every_change_outside_the_log_is_named(desk_path: Path, table: str, statement: str) -> None:
    guards = [s for s in TAMPERING[table] if s.startswith("DROP TRIGGER")]
    tamper(desk_path, *guards, statement)
    code, output = verify(desk_path)
    assert code == 1, output
    lines = [line for line in output.splitlines() if line.startswith("  ")]
    named = {line.split()[0] for line in lines}
    expected = {table} | ({"assessments"} if "assessments" in statement else set())
    assert named & expected, output


def test_the_forged_verdict_is_named_with_the_event_that_set_it(desk_path: Path) -> None:
    tamper(desk_path, "UPDATE claims SET verdict = 'false', status = 'decided' WHERE id = 1")
    code, output = verify(desk_path)
    assert code == 1
    assert "claims row 1, column verdict: the table says 'false', the events say 'lead'" in output
    assert "(last set by event" in output


def test_a_dropped_trigger_is_named_by_verify_and_doctor(desk_path: Path) -> None:
    tamper(desk_path, "DROP TRIGGER decisions_no_update")
    code, output = verify(desk_path)
    assert code == 1 and "trigger decisions_no_update is missing" in output
    doctor = run_cli("doctor", "--desk", str(desk_path))
    assert doctor.exit_code == 1 and "decisions_no_update is missing" in doctor.output


def test_an_added_trigger_is_named(desk_path: Path) -> None:
    tamper(
        desk_path,
        "CREATE TRIGGER rewrite AFTER INSERT ON decisions BEGIN"
        " UPDATE claims SET verdict = 'verified' WHERE id = NEW.claim_id; END",
    )
    code, output = verify(desk_path)
    assert code == 1 and "trigger rewrite should not be there" in output


def test_no_unique_key_lets_a_replace_delete_an_event(desk_path: Path) -> None:
    conn = sqlite3.connect(desk_path)
    first_hash = conn.execute("SELECT hash FROM events WHERE seq = 1").fetchone()[0]
    head_seq, head_hash = conn.execute(
        "SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1"
    ).fetchone()
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute(
            "INSERT OR REPLACE INTO events (seq, at, actor, kind, subject, body, prev_hash,"
            " hash) VALUES (?, 'x', 'x', 'x', 'x', '{}', ?, ?)",
            (head_seq + 1, head_hash, first_hash),
        )
    assert conn.execute("SELECT count(*) FROM events WHERE seq = 1").fetchone()[0] == 1
    conn.close()


def test_ingested_and_merged_desks_verify_clean(tmp_path: Path, sample_path: Path) -> None:
    target = tmp_path / "ingested.db"
    with Desk.open(target, reviewer="mara", create=True) as desk:
        for feed in sorted((FIXTURES / "feeds").iterdir()):
            ingest(desk, str(feed))
        with Desk.open(sample_path, reviewer="tomas") as other:
            bundle = export_bundle(other)
        merge(desk, bundle)
    code, output = verify(target)
    assert code == 0, output


def test_an_older_desk_is_vouched_for_by_its_upgrade_baseline(tmp_path: Path) -> None:
    """Ingest before schema 7 recorded the claim but not its hops, tags and reviews."""
    old = tmp_path / "old.db"
    shutil.copyfile(FIXTURES / "desk_schema_v6_ingested.db", old)
    code, output = verify(old)
    assert code == 1 and "custody_hops row 1 has no event" in output
    Desk.open(old, reviewer="mara").close()  # the upgrade records the baseline
    code, output = verify(old)
    assert code == 0, output
    assert "17 rows written by an older deskcheck are vouched for by the baseline" in output
    tamper(old, "UPDATE custody_hops SET actor = 'someone else' WHERE id = 1")
    code, output = verify(old)
    assert code == 1 and "custody_hops row 1, column actor" in output


def test_a_verdict_that_is_not_its_latest_decisions_is_named_by_the_rule(desk_path: Path) -> None:
    tamper(desk_path, "UPDATE claims SET verdict = 'verified' WHERE id = 1")
    code, output = verify(desk_path)
    assert code == 1
    assert (
        "claims row 1, column verdict: the table says 'verified', but its latest decision"
        " says 'lead'" in output
    )


def test_an_appended_event_with_json_that_orjson_refuses_is_replayed_and_named(
    desk_path: Path,
) -> None:
    """Someone who can rewrite the file can also append a well-chained event; verify must
    still read any JSON Python's json reads (orjson refuses NaN)."""
    from deskcheck.data.events import chain_head, event_hash

    conn = sqlite3.connect(desk_path)
    try:
        seq, head = chain_head(conn)
        body = '{"after":{"priority":NaN},"id":1,"table":"claims"}'
        fields = {
            "seq": seq + 1,
            "at": "2026-11-30T00:00:00Z",
            "actor": "mara",
            "kind": "claim.updated",
            "subject": "claim:1",
            "body": body,
        }
        digest = event_hash(head, **fields)  # type: ignore[arg-type]
        conn.execute(
            "INSERT INTO events (seq, at, actor, kind, subject, body, prev_hash, hash)"
            " VALUES (:seq, :at, :actor, :kind, :subject, :body, :prev, :hash)",
            {**fields, "prev": head, "hash": digest},
        )
        conn.commit()
    finally:
        conn.close()
    code, output = verify(desk_path)
    assert code == 1, output
    assert "claims row 1, column priority: the table says 2, the events say nan" in output
