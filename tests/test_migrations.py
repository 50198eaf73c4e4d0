"""Opening desks of other versions, and files that are not desks."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest

from deskcheck.data import Desk, QueueQuery
from deskcheck.data.connection import APPLICATION_ID
from deskcheck.data.migrations import SCHEMA_VERSION
from deskcheck.data.verify import verify_desk
from deskcheck.domain.errors import NewerDesk, NotADesk
from tests.conftest import FIXTURES

V1_FIXTURE = FIXTURES / "desk_schema_v1.db"
TABLES = [
    "claims",
    "custody_hops",
    "interpretations",
    "evidence",
    "snapshots",
    "assessments",
    "evidence_wanted",
    "decisions",
    "revision_notes",
    "revision_triggers",
    "reviewers",
    "verdicts",
    "claim_tags",
    "events",
]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _columns(path: Path, table: str) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
    finally:
        conn.close()


def _rows(path: Path, table: str, columns: list[str] | None = None) -> list[tuple]:
    """Rows of ``table`` (only ``columns``, when a later schema added some)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    chosen = ", ".join(columns) if columns else "*"
    try:
        return conn.execute(f"SELECT {chosen} FROM {table} ORDER BY 1").fetchall()
    finally:
        conn.close()


@pytest.fixture
def v1_desk(tmp_path: Path) -> Path:
    target = tmp_path / "old.db"
    shutil.copyfile(V1_FIXTURE, target)
    return target


def test_the_fixture_is_a_first_version_desk(v1_desk: Path) -> None:
    conn = sqlite3.connect(v1_desk)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert "claims_fts" not in {r[0] for r in conn.execute("SELECT name FROM sqlite_schema")}
    conn.close()


def test_a_first_version_desk_upgrades_without_loss(v1_desk: Path) -> None:
    columns = {table: _columns(v1_desk, table) for table in TABLES}
    before = {table: _rows(v1_desk, table) for table in TABLES}
    with Desk.open(v1_desk, reviewer="tester") as desk:
        assert desk.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        # the new search covers what the old desk held
        found = desk.queue_page(QueueQuery(search="Telegram summary"))
        assert [row.id for row in found] == [1]
        assert desk.claim(1).decisions[0].verdict == "lead"
    for table in TABLES:
        after = _rows(v1_desk, table, columns[table])
        if table == "events":
            assert after[: len(before[table])] == before[table]
            assert [e[3] for e in after[len(before[table]) :]] == ["desk.upgraded"]
        else:
            assert after == before[table], table
    assert verify_desk(v1_desk).ok


def test_an_upgraded_first_version_desk_keeps_reviewer_logins(v1_desk: Path) -> None:
    """Version 7 adds the logins of `serve --team`; an old desk can hold them at once."""
    with Desk.open(v1_desk, reviewer="tester") as desk:
        desk.add_login("Ines", "a long enough passphrase")
        found, why = desk.check_password("ines", "a long enough passphrase")
        assert found is not None and found.name == "ines" and why == ""
    assert verify_desk(v1_desk).ok


def test_two_reviewers_opening_an_old_desk_upgrade_it_once(v1_desk: Path) -> None:
    first = Desk.open(v1_desk, reviewer="a")
    second = Desk.open(v1_desk, reviewer="b")
    first.close()
    second.close()
    kinds = [r[3] for r in _rows(v1_desk, "events")]
    assert kinds.count("desk.upgraded") == 1


def test_a_desk_from_a_newer_deskcheck_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "future.db"
    Desk.open(path, reviewer="tester", create=True).close()
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    digest = _digest(path)
    with pytest.raises(NewerDesk, match="newer deskcheck"):
        Desk.open(path, reviewer="tester")
    assert _digest(path) == digest


def test_a_sqlite_file_that_is_not_a_desk_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.execute("INSERT INTO recipes VALUES ('bread')")
    conn.commit()
    conn.close()
    digest = _digest(path)
    with pytest.raises(NotADesk, match="made by another program"):
        Desk.open(path, reviewer="tester")
    with pytest.raises(NotADesk):  # not even when asked to create a desk there
        Desk.open(path, reviewer="tester", create=True)
    assert _digest(path) == digest
    assert not Path(f"{path}-wal").exists()


def test_a_text_file_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("These are my notes, not a desk.\n" * 50)
    digest = _digest(path)
    with pytest.raises(NotADesk, match="not a SQLite database"):
        Desk.open(path, reviewer="tester")
    assert _digest(path) == digest


def test_a_missing_file_is_not_created_unless_asked(tmp_path: Path) -> None:
    path = tmp_path / "nothing.db"
    with pytest.raises(NotADesk, match="no desk file there"):
        Desk.open(path, reviewer="tester")
    assert not path.exists()


def test_a_new_desk_is_created_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    with Desk.open(path, reviewer="tester", create=True) as desk:
        assert desk.queue_count() == 0
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.close()


def test_an_older_desk_gets_its_ingested_claims_dates_right(tmp_path: Path) -> None:
    """Before, an ingested claim's received_at was the item's date. The upgrade makes that
    published_at, sets received_at to when the desk took it in, and records each change as
    an event with what it replaced; verify then passes."""
    old = tmp_path / "old.db"
    shutil.copyfile(FIXTURES / "desk_schema_v6_ingested.db", old)
    before = dict(_rows(old, "claims", ["id", "received_at"]))
    with Desk.open(old, reviewer="mara") as desk:
        claim = desk.claim(1)
        assert claim.published_at == before[1] == "2026-11-20T08:15:00Z"
        assert claim.received_at == "2026-11-30T11:26:13Z"  # when the ingest ran
        fixes = [e for e in desk.claim_history(1) if e["kind"] == "desk.migrated_row"]
        assert fixes[0]["body"]["before"]["received_at"] == "2026-11-20T08:15:00Z"
        assert desk.queue_page(limit=1)[0].received_at == "2026-11-30T11:26:13Z"
    assert verify_desk(old).ok
    with sqlite3.connect(old) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_snapshots_gain_their_http_exchange_and_keep_what_they_had(tmp_path: Path) -> None:
    """The migration that keeps request and response headers (for WARC) leaves older
    snapshots as they were, with no headers: the archive says so for them."""
    old = tmp_path / "v6.db"
    shutil.copyfile(FIXTURES / "desk_schema_v6_ingested.db", old)
    before = _rows(old, "snapshots")
    with Desk.open(old, reviewer="mara") as desk:
        assert desk.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    columns = _columns(old, "snapshots")
    assert {"http_version", "request_headers", "response_headers"} <= set(columns)
    after = _rows(old, "snapshots", columns[: len(before[0])] if before else None)
    assert after == before
    exchange = _rows(old, "snapshots", ["http_version", "request_headers", "response_headers"])
    assert set(exchange) <= {(None, None, None)}
    assert verify_desk(old).ok


def test_an_upgraded_old_desk_takes_the_desk_work(v1_desk: Path) -> None:
    """The latest migration adds due times, comments and saved queues to an old desk."""
    with Desk.open(v1_desk, reviewer="mara") as desk:
        assert desk.claim(1).due_at is None and desk.claim(1).comments == ()
        desk.set_due([1], "2026-12-01T17:00:00Z")
        desk.add_comment(1, "still waiting on the memo")
        desk.save_queue("Leads", QueueQuery(statuses=("lead",)))
        assert [row.id for row in desk.queue_page(QueueQuery(sort="due"), limit=1)] == [1]
    assert verify_desk(v1_desk).ok


def test_a_version_16_desk_searches_what_its_reviewers_recorded(tmp_path: Path) -> None:
    """Version 17 indexes the wanted evidence, triggers, decisions, notes and comments a
    desk already held, and every one written after; the desk still verifies."""
    path = tmp_path / "v16.db"
    with Desk.open(path, reviewer="mara", create=True) as desk:
        claim = desk.add_claim("The port doubles its fees in March")
        desk.want_evidence(claim, "The harbour board's zorbleton minutes")
    conn = sqlite3.connect(path)
    with conn:
        undo_search_all_v17(conn)
        conn.execute("PRAGMA user_version = 16")
    conn.close()
    with Desk.open(path, reviewer="mara") as desk:
        assert desk.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert [r.id for r in desk.queue_page(QueueQuery(search="zorbleton"))] == [claim]
        desk.add_comment(claim, "asked the quillmarsh office")
        assert [r.id for r in desk.queue_page(QueueQuery(search="quillmarsh"))] == [claim]
    report = verify_desk(path)
    assert report.ok, [str(d) for d in [*report.schema, *report.rows]]


def test_an_upgraded_desk_matches_the_claims_it_already_held(v1_desk: Path) -> None:
    """The matching schema indexes every claim already on the desk as it upgrades."""
    claims = [r[0] for r in _rows(v1_desk, "claims") if r]
    with Desk.open(v1_desk, reviewer="tester") as desk:
        assert desk.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        indexed = desk.db.execute("SELECT count(*) FROM match_fts WHERE rowid > 0").fetchone()[0]
        assert indexed == len(claims)
        text = desk.claim(1).text
        matches = desk.similar(text.upper())
        assert matches and (matches[0].kind, matches[0].id) == ("claim", 1)


def undo_search_all_v17(conn: sqlite3.Connection) -> None:
    """A desk as version 16 left it: search reaches no recorded text beyond evidence."""
    from deskcheck.data.migrations.v17_search_all import SEARCHABLE_V17

    for table in SEARCHABLE_V17:
        for suffix in ("ai", "ad", "au"):
            conn.execute(f"DROP TRIGGER {table}_{suffix}")
        conn.execute(f"DROP TABLE {table}_fts")
        conn.execute(f"DROP INDEX idx_{table}_claim_of")


def undo_pictures_v16(conn: sqlite3.Connection) -> None:
    """A desk as version 15 left it: no pictures (their guards and indexes go with them)."""
    undo_search_all_v17(conn)
    conn.execute("DROP TABLE pictures")


def undo_border_v15(conn: sqlite3.Connection) -> None:
    """A desk as version 14 left it: decisions say nothing of another desk."""
    undo_pictures_v16(conn)
    conn.execute("ALTER TABLE decisions DROP COLUMN from_desk")
    conn.execute("ALTER TABLE decisions DROP COLUMN from_key")


def undo_publications_v14(conn: sqlite3.Connection) -> None:
    """A desk as version 13 left it: no publications, no summaries, no public notes."""
    undo_border_v15(conn)
    conn.execute("DROP TABLE publications")
    conn.execute("ALTER TABLE decisions DROP COLUMN summary")
    conn.execute("ALTER TABLE revision_notes DROP COLUMN public")


def test_a_version_13_desk_gains_publications_and_keeps_its_notes_internal(
    tmp_path: Path,
) -> None:
    """Version 14: every note an older desk wrote stays internal (nothing reaches readers
    that the desk did not mark public), decisions have no summary, nothing is published."""
    path = tmp_path / "v13.db"
    with Desk.open(path, reviewer="mara", create=True) as desk:
        claim = desk.add_claim("The ferry to Osk stops running in winter")
        desk.decide(claim, "verified", "The timetable says so.")
        desk.add_revision_note(claim, "correction", "It stops in January only.")
    conn = sqlite3.connect(path)
    with conn:
        undo_publications_v14(conn)
        conn.execute("PRAGMA user_version = 13")
    conn.close()
    with Desk.open(path, reviewer="mara") as desk:
        record = desk.claim(claim)
        assert [n.public for n in record.revision_notes] == [0]
        assert record.latest_decision is not None and record.latest_decision.summary == ""
        assert record.publications == ()
    report = verify_desk(path)
    assert report.ok, [str(d) for d in [*report.schema, *report.rows]]


def test_published_checks_loaded_twice_without_a_url_become_one(tmp_path: Path) -> None:
    """Schema 12 let a URL-less review load again at each ingest. The upgrade keeps the first
    copy, points a repeat link that cited a later copy at it (recorded, so verify passes),
    drops the later copies from the matching index, and the same review then loads once."""
    from deskcheck.domain.models import PublishedCheck

    path = tmp_path / "v12.db"
    review = PublishedCheck(
        claim_text="The river was dyed green by the city on purpose",
        claimant=None,
        claim_date=None,
        publisher="Faktencheck Nord",
        rating="Falsch",
        reviewed_at="2026-03-01",
        url=None,
        language="de",
    )
    with Desk.open(path, reviewer="mara", create=True) as desk:
        claim = desk.add_claim("Die Stadt hat den Fluss absichtlich grün gefärbt")
        desk.add_published("feed.json", [review])
    # as schema 12 left it: no key over URL-less reviews, and a second copy loaded
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("DROP INDEX idx_published_checks_review")
    conn.close()
    with Desk.open(path, reviewer="mara") as desk:
        assert desk.add_published("feed.json", [review]) == (1, 0)  # the bug: loaded again
        desk.link_repeat(claim, of_published=2, score=80, reason="river, green")
    conn = sqlite3.connect(path)
    with conn:
        undo_publications_v14(conn)
        conn.execute("PRAGMA user_version = 12")
    conn.close()

    with Desk.open(path, reviewer="mara") as desk:
        assert desk.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert desk.published_count() == 1
        (link,) = desk.repeats_of(claim)
        assert link["repeat_of_published_id"] == 1 and link["linked_by"] == "mara"
        index = desk.db.execute("SELECT rowid FROM match_fts WHERE rowid < 0").fetchall()
        assert index == [(-1,)]
        matches = desk.similar("The river was dyed green by the city on purpose")
        assert [(m.kind, m.id) for m in matches if m.kind == "published"] == [("published", 1)]
        assert desk.add_published("feed.json", [review]) == (0, 1)
    report = verify_desk(path)
    assert report.ok, [str(d) for d in [*report.schema, *report.rows]]
