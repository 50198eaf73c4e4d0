"""The desk's workflow below the screens: assign, prioritise, move, tag, due times, comments
and saved queues — each an event the log can prove, refused loudly on hostile input."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from deskcheck.data import Desk, QueueQuery
from deskcheck.data.bundle import export_bundle, merge, restore
from deskcheck.data.migrations import SCHEMA_VERSION
from deskcheck.data.verify import verify_desk
from deskcheck.domain.due import parse_due
from deskcheck.domain.errors import InvalidValue, UnknownClaim, UnknownRecord
from deskcheck.work.workflow import (
    assign,
    comment,
    mine,
    queue_rows,
    save_queue,
    saved_query,
    set_due,
    unassigned,
)
from tests.conftest import run_cli
from tests.test_schema import full_scans
from tests.test_verify import tamper, verify

NOW = "2026-11-26T12:00:00Z"


def desk_at(path: Path, reviewer: str = "tester") -> Desk:
    return Desk.open(path, reviewer=reviewer, clock=lambda: NOW)


def test_the_new_schema_is_the_current_version(sample_path: Path) -> None:
    with desk_at(sample_path) as desk:
        assert desk.db.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        tables = set(desk.db.table_names())
        assert {"comments", "saved_queues"} <= tables
        assert "due_at" in desk.db["claims"].columns_dict
    assert verify_desk(sample_path).ok


# -- one act, many claims, one event each -----------------------------------------------------


def test_assigning_several_claims_is_one_transaction_with_an_event_each(
    sample_path: Path,
) -> None:
    with desk_at(sample_path) as desk:
        desk.set_priority([6], 1)  # the reviewer's first write (which adds them) is done
        head = desk.head_seq()
        assert assign(desk, [6, 8, 12], "ines") == "ines"
        events = list(desk.db.query("SELECT * FROM events WHERE seq > ?", [head]))
        assert [e["kind"] for e in events] == ["claim.assigned"] * 3
        assert [json.loads(e["body"])["after"]["assignee"] for e in events] == ["ines"] * 3
        # one claim that does not exist: nothing is assigned at all
        with pytest.raises(UnknownClaim):
            assign(desk, [7, 99], "mara")
        assert desk.claim(7).assignee == "ines"
        assert desk.head_seq() == head + 3


def test_me_and_none(sample_path: Path) -> None:
    with desk_at(sample_path, "mara") as desk:
        assert assign(desk, [6], "me") == "mara"
        assert assign(desk, [6], "none") is None
        assert desk.claim(6).assignee is None


@pytest.mark.parametrize(
    "look_alike",
    ["Tomas", "TOMAS", "tоmas", "ｔｏｍａｓ"],  # case, Cyrillic о, full-width
    ids=["case", "upper", "cyrillic", "fullwidth"],
)
def test_a_look_alike_name_reaches_the_reviewer_it_looks_like(
    sample_path: Path, look_alike: str
) -> None:
    with desk_at(sample_path) as desk:
        assert assign(desk, [6], look_alike) == "tomas"
        assert "tоmas" not in desk.reviewer_names()  # no second "tomas" was made


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("bob", "no reviewer 'bob' on this desk (reviewers: ines, mara,"),
        ("to\x1b]0;x\x07mas", "contains control or invisible characters (␛, ␇)"),
        ("to\u202emas", "contains control or invisible characters (⟨RLO⟩)"),
        ("tomas\u200b", "contains control or invisible characters (⟨ZWSP⟩)"),
        (" tomas", "has space at its start or end"),
        ("x" * 500, "longer than 200 characters"),
    ],
    ids=["unknown", "osc", "bidi", "zero-width", "space", "long"],
)
def test_a_name_that_names_nobody_is_refused(sample_path: Path, name: str, said: str) -> None:
    with desk_at(sample_path) as desk, pytest.raises(InvalidValue) as refused:
        desk.assign([6], name)  # (the work layer trims what was typed; the desk does not)
    assert said in str(refused.value)
    assert "\x1b" not in str(refused.value) and "\u202e" not in str(refused.value)


@pytest.mark.parametrize("priority", [0, 5, -1, 2**70, True, "1", 1.0001])
def test_a_priority_outside_one_to_four_is_refused(sample_path: Path, priority: object) -> None:
    with desk_at(sample_path) as desk, pytest.raises(InvalidValue, match="priority"):
        desk.set_priority([6], priority)  # type: ignore[arg-type]


def test_a_status_change_needs_a_reason_and_keeps_it(sample_path: Path) -> None:
    with desk_at(sample_path) as desk:
        with pytest.raises(InvalidValue, match="reason"):
            desk.set_status([6], "checking", "  ")
        with pytest.raises(InvalidValue, match="status 'done'"):
            desk.set_status([6], "done", "why not")
        desk.set_status([6, 7], "dropped", "a duplicate of 5")
        activity = desk.claim_activity(7)
    assert activity[0].what == "status checking → dropped: a duplicate of 5"


def test_tags_are_added_and_removed_with_an_event_each(sample_path: Path) -> None:
    with desk_at(sample_path) as desk:
        assert desk.tag([1, 2], add=["urgent", "urgent"], remove=["ai"]) == 3  # 2 has no ai
        assert "urgent" in desk.claim(2).tags and "ai" not in desk.claim(1).tags
        assert desk.tag([1], add=["urgent"]) == 0  # already so: nothing recorded
        with pytest.raises(InvalidValue, match="control or invisible"):
            desk.tag([1], add=["x\x1b[31m"])
    assert verify_desk(sample_path).ok


# -- due times --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("+2h", "2026-11-26T14:00:00Z"),
        ("3d", "2026-11-29T12:00:00Z"),
        ("+1w", "2026-12-03T12:00:00Z"),
        ("2026-12-01", "2026-12-01T17:00:00Z"),
        ("2026-12-01 09:30", "2026-12-01T09:30:00Z"),
        ("2026-12-01T09:30:00+02:00", "2026-12-01T07:30:00Z"),
    ],
)
def test_due_times_as_typed(typed: str, stored: str) -> None:
    assert parse_due(typed, NOW) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "2026-02-30",  # no such day
        "2026-13-01",
        "tomorrow",
        "+99999999999999999999d",
        "+999999d",  # beyond ten years
        "9999-12-31",
        "1969-12-31",
        "+-3d",
        "2026-12-01 25:00",
        "\x1b[2J",
        "٢٠٢٦-١٢-٠١",  # Arabic-Indic digits: refused, not guessed at
    ],
)
def test_odd_due_times_are_refused_with_what_is_accepted(sample_path: Path, typed: str) -> None:
    with desk_at(sample_path) as desk, pytest.raises(InvalidValue) as refused:
        set_due(desk, [6], typed)
    assert "use a date (2026-12-01)" in str(refused.value)
    assert "\x1b" not in str(refused.value)
    with desk_at(sample_path) as desk:
        assert desk.claim(6).due_at is None


def test_a_feed_rule_sets_a_due_time_through_the_data_layer(sample_path: Path) -> None:
    with desk_at(sample_path) as desk:
        desk.set_due([6], "2026-11-27T12:00:00Z", reason="feed https://wire.example/: due in 24h")
        assert desk.claim_activity(6)[0].what == (
            "due 2026-11-27 12:00 (feed https://wire.example/: due in 24h)"
        )
        with pytest.raises(InvalidValue):
            desk.set_due([6], "tomorrow")


def test_the_due_sort_pages_soonest_first_and_undated_last(sample_path: Path) -> None:
    with desk_at(sample_path) as desk:
        desk.set_due([5], "2026-11-28T09:00:00Z")
        desk.set_due([9], "2026-11-27T09:00:00Z")
        query = QueueQuery(sort="due")
        ids = []
        after = None
        while page := desk.queue_page(query, after=after, limit=3):
            ids += [row.id for row in page]
            after = query.key_of(page[-1])
        assert ids[:2] == [9, 5] and sorted(ids) == list(range(1, 13))
        assert desk.queue_position(query, 5) == 1


@pytest.mark.parametrize(
    "query",
    [
        QueueQuery(sort="due"),
        QueueQuery(mine="tomas"),
        QueueQuery(unassigned=True),
        QueueQuery(needs_attention=True, now=NOW),
    ],
    ids=["due", "mine", "unassigned", "attention-overdue"],
)
def test_the_new_queues_never_scan_the_claims(sample_desk: Desk, query: QueueQuery) -> None:
    issued: list[tuple[str, dict]] = []
    sample_desk.db._tracer = lambda sql, params: issued.append((sql, params or {}))
    first = query.page(sample_desk.db, limit=1)
    query.page(sample_desk.db, after=query.key_of(first[0]), limit=50)
    sample_desk.db._tracer = None
    # mine reads the comments' mentions (one pass over the comments, not the claims)
    for sql, params in issued:
        assert [s for s in full_scans(sample_desk, sql, params) if s != "SCAN m"] == [], sql


def test_overdue_counts_as_needing_attention(sample_path: Path) -> None:
    with desk_at(sample_path) as desk:
        attention = QueueQuery(needs_attention=True, now=NOW)
        before = {row.id for row in desk.queue_page(attention)}
        desk.set_due([2, 4], "2026-11-25T00:00:00Z")  # decided: settled, not overdue
        desk.set_status([10], "checking", "reopened")
        desk.set_due([10], "2026-11-25T00:00:00Z")  # checking, with a verdict, overdue
        after = {row.id for row in desk.queue_page(attention)}
    assert after - before == {10}


# -- comments and mentions --------------------------------------------------------------------


def test_a_mention_puts_the_claim_in_that_reviewers_mine(sample_path: Path) -> None:
    with desk_at(sample_path, "mara") as desk:
        done = comment(desk, 6, "@Ines, @tоmas (Cyrillic о) and @nobody: see the wire. a@b.c")
        assert done.mentions == ["ines", "tomas"]
        assert done.unknown == ["nobody"]
        assert desk.claim(6).comments[0].mentions == ("ines", "tomas")
    with desk_at(sample_path, "ines") as desk:
        ids = [row.id for row in queue_rows(desk, mine(desk))]
    assert 6 in ids and 7 in ids and 12 in ids  # mentioned in 6; assigned 7 and 12
    with desk_at(sample_path, "mara") as desk:
        assert 6 not in [row.id for row in queue_rows(desk, mine(desk))]
        assert [row.id for row in queue_rows(desk, unassigned())] == [8, 6]


def test_comments_are_append_only(raw: sqlite3.Connection, sample_path: Path) -> None:
    with desk_at(sample_path) as desk:
        comment(desk, 1, "first")
    for sql in (
        "UPDATE comments SET body = 'rewritten'",
        "DELETE FROM comments",
        "INSERT OR REPLACE INTO comments (id, claim_id, body, reviewer, written_at)"
        " VALUES (1, 1, 'rewritten', 'mara', 'x')",
    ):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            raw.execute(sql)


@pytest.mark.parametrize("body", ["", "   ", "a\x00b", "x" * 20_001])
def test_an_empty_or_unstorable_comment_is_refused(sample_path: Path, body: str) -> None:
    with desk_at(sample_path) as desk, pytest.raises(InvalidValue):
        comment(desk, 1, body)


def test_comments_are_in_the_desk_note_and_show(sample_path: Path) -> None:
    with desk_at(sample_path, "mara") as desk:
        comment(desk, 1, "Call the *ministry* \x1b]0;x\x07 @ines")
    note = run_cli("export", "1", "--format", "markdown", "--desk", str(sample_path)).output
    assert "## Discussion" in note
    assert "mara, 2026-11-26 12:00 UTC: Call the \\*ministry\\* ␛\\]0;x␇ @ines" in note
    shown = run_cli("show", "1", "--desk", str(sample_path)).output
    assert "Discussion" in shown and "Call the *ministry* ␛]0;x␇ @ines" in shown
    assert "\x1b" not in note + shown


# -- saved queues -----------------------------------------------------------------------------


def test_a_saved_queue_is_shared_and_mine_means_each_reviewer(sample_path: Path) -> None:
    with desk_at(sample_path, "mara") as desk:
        save_queue(desk, "My open work", QueueQuery(mine="mara", statuses=("checking", "new")))
        assert saved_query(desk, "my open work").mine == "mara"
    with desk_at(sample_path, "ines") as desk:
        query = saved_query(desk, "MY OPEN WORK")
        assert query.mine == "ines"
        assert [row.id for row in queue_rows(desk, query)] == [12, 7]
        # saved again under a look-alike name: the same queue, replaced; its old query kept
        _id, replaced = save_queue(desk, "My оpen work", replace(query, sort="oldest"))
        assert replaced
        assert [q.name for q in desk.saved_queues()] == ["My open work"]
        with pytest.raises(UnknownRecord, match="no saved queue 'nope'"):
            saved_query(desk, "nope")
    assert verify_desk(sample_path).ok


@pytest.mark.parametrize(
    "stored",
    [
        "not json",
        '{"sort": "DROP TABLE claims"}',
        '{"statuses": "new"}',
        '{"mine": "yes"}',
        '{"tag": 5}',
        '{"extra": 1}',
        "[]",
    ],
)
def test_a_tampered_saved_queue_is_refused_by_name(sample_path: Path, stored: str) -> None:
    with desk_at(sample_path) as desk:
        save_queue(desk, "Q", QueueQuery())
    tamper(sample_path, f"UPDATE saved_queues SET query = '{stored}'")
    result = run_cli("list", "--queue", "Q", "--desk", str(sample_path))
    assert result.exit_code == 1
    assert "saved queue 'Q' cannot be read" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("evil\x1b]0;x\x07", "control or invisible characters (␛, ␇)"),
        ("\u202eeuq", "control or invisible characters (⟨RLO⟩)"),
        ("", "required"),
        ("q" * 81, "longer than 80"),
    ],
)
def test_a_hostile_queue_name_is_refused(sample_path: Path, name: str, said: str) -> None:
    result = run_cli("queue", "save", name, "--desk", str(sample_path))
    assert result.exit_code == 1 and said in result.output
    assert "\x1b" not in result.output and "\u202e" not in result.output


# -- every table of desk work is proved by the log --------------------------------------------


@pytest.fixture
def worked_desk(sample_path: Path) -> Path:
    with desk_at(sample_path, "mara") as desk:
        comment(desk, 1, "first @ines")
        comment(desk, 2, "second")
        save_queue(desk, "Leads", QueueQuery(statuses=("lead",)))
        save_queue(desk, "Mine", QueueQuery(mine="mara"))
        desk.set_due([1], "2026-12-01T17:00:00Z")
        desk.tag([1], add=["urgent"])
    code, output = verify(sample_path)
    assert code == 0, output
    return sample_path


TAMPERING = {
    "comments": (
        ["DROP TRIGGER comments_no_update", "UPDATE comments SET body = 'forged' WHERE id = 1"],
        ["DROP TRIGGER comments_no_delete", "DELETE FROM comments WHERE id = 2"],
        [
            "INSERT INTO comments (claim_id, body, reviewer, written_at)"
            " VALUES (1, 'planted', 'mara', '2026-01-01')"
        ],
    ),
    "saved_queues": (
        ["UPDATE saved_queues SET query = '{\"search\": \"x\"}' WHERE name = 'Leads'"],
        ["DELETE FROM saved_queues WHERE name = 'Mine'"],
        [
            "INSERT INTO saved_queues (name, query, saved_by, saved_at)"
            " VALUES ('planted', '{}', 'mara', '2026')"
        ],
    ),
    "claims": (
        ["UPDATE claims SET due_at = NULL WHERE id = 1"],
        ["UPDATE claims SET assignee = 'tomas' WHERE id = 6"],
        ["UPDATE claims SET due_at = '2020-01-01T00:00:00Z' WHERE id = 2"],
    ),
    "claim_tags": (
        ["DELETE FROM claim_tags WHERE tag = 'urgent'"],
        ["INSERT INTO claim_tags (claim_id, tag) VALUES (2, 'planted')"],
        ["UPDATE claim_tags SET tag = 'calm' WHERE tag = 'urgent'"],
    ),
}


@pytest.mark.parametrize(
    ("table", "statements"),
    [(table, s) for table, cases in TAMPERING.items() for s in cases],
    ids=[f"{t}-{i}" for t, cases in TAMPERING.items() for i in range(len(cases))],
)
def test_every_change_outside_the_log_is_named(
    worked_desk: Path, table: str, statements: list[str]
) -> None:
    tamper(worked_desk, *statements)
    code, output = verify(worked_desk)
    assert code == 1, output
    named = {line.split()[0] for line in output.splitlines() if line.startswith("  ")}
    assert table in named, output


def test_a_removed_tag_and_queue_replay_as_removed(worked_desk: Path) -> None:
    with desk_at(worked_desk) as desk:
        desk.tag([1], remove=["urgent", "ai"])
        desk.remove_queue("leads")
    code, output = verify(worked_desk)
    assert code == 0, output


def test_a_bundle_carries_comments_and_queues(worked_desk: Path, tmp_path: Path) -> None:
    with desk_at(worked_desk) as desk:
        bundle = export_bundle(desk)
    restored = tmp_path / "restored.db"
    restore(bundle, restored)
    with desk_at(restored) as desk:
        assert [c.body for c in desk.claim(1).comments] == ["first @ines"]
        assert [q.name for q in desk.saved_queues()] == ["Leads", "Mine"]
    merged = tmp_path / "merged.db"
    with Desk.open(merged, reviewer="tester", create=True) as desk:
        added = merge(desk, bundle)
        assert added["comments"] == 2
    assert verify_desk(merged).ok


def test_a_link_check_of_marked_claims_checks_only_their_urls(sample_path: Path) -> None:
    from deskcheck.work.links import check_links

    totals: list[int] = []
    with desk_at(sample_path) as desk:
        every = len(desk.check_targets())
        claim_one = len([t for t in desk.check_targets() if t.claim_id == 1])
        check_links(
            desk,
            claim_ids=[1],
            progress=lambda _done, total: totals.append(total),
            cancelled=lambda: True,  # counted, then stopped before any fetch
        )
    assert totals[0] == claim_one and 0 < claim_one < every


def test_a_saved_queue_with_a_garbled_list_is_described_not_crashed() -> None:
    from deskcheck.data.saved_queues import describe_saved

    assert describe_saved({"statuses": 5, "sort": "due"}) == "sorted due"
    assert describe_saved({"unreadable": True}) == "unreadable"


def test_merged_comments_show_in_the_history_with_their_author(
    worked_desk: Path, tmp_path: Path
) -> None:
    with desk_at(worked_desk) as desk:
        bundle = export_bundle(desk)
    with Desk.open(tmp_path / "other.db", reviewer="tester", create=True) as desk:
        merge(desk, bundle)
        claim_id = next(
            c.claim_id for i in desk.all_claim_ids() for c in desk.claim(i).comments
            if c.body == "first @ines"
        )  # fmt: skip
        said = [a.what for a in desk.claim_activity(claim_id)]
    assert "merged mara's comment: first @ines" in said
