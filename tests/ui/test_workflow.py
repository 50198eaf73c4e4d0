"""The desk's workflow in the terminal: mark many claims and act once, the "mine" and
"unassigned" views, the claim desk's workflow keys and its history, saved queues shared
with the command line."""

from __future__ import annotations

import json
from pathlib import Path

from textual import events

from deskcheck.data import Desk
from deskcheck.ui.dialogs.workflow import AssignScreen, SavedQueuesScreen
from deskcheck.ui.screens.claim_desk import ClaimDeskScreen
from deskcheck.ui.screens.queue import QueueScreen
from deskcheck.ui.widgets.claim_table import ClaimTable
from deskcheck.ui.widgets.history import HistoryPanel
from deskcheck.ui.widgets.status_line import StatusLine
from tests.conftest import run_cli
from tests.ui.conftest import press, settle, type_text, until


def visible_ids(table: ClaimTable) -> list[int]:
    rows = (table.row_at(i) for i in range(table.total))
    return [row.id for row in rows if row is not None]


def status_text(app) -> str:
    return str(app.screen.query_one(StatusLine).render())


async def test_three_marked_claims_go_to_another_reviewer_in_one_act(
    sample_path: Path, make_app
) -> None:
    app = make_app(sample_path)  # the reviewer at the keyboard is "tester"
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ClaimTable)
        # the queue, newest first: 12, 11, 10, 9, 8 — mark 12, 11 and 8
        await press(pilot, "space", "space", "j", "j", "space")
        assert table.marked == {12, 11, 8}
        assert "3 marked" in status_text(app)
        await press(pilot, "A")
        assert isinstance(app.screen, AssignScreen)
        await type_text(pilot, "tom")
        await press(pilot, "right")  # completes the desk's reviewer "tomas"
        assert app.screen.query_one("#reviewer").value == "tomas"
        await press(pilot, "enter")
        assert isinstance(app.screen, QueueScreen)
        await settle(pilot)
    with Desk.open(sample_path, reviewer="check") as desk:
        assert {desk.claim(i).assignee for i in (12, 11, 8)} == {"tomas"}
        events = list(
            desk.db.query(
                "SELECT seq, at, actor, subject FROM events WHERE kind = 'claim.assigned'"
            )
        )
    # one act: one event per claim, written together (consecutive, one time, one reviewer)
    assert [e["subject"] for e in events] == ["claim:8", "claim:11", "claim:12"]
    assert [e["seq"] for e in events] == list(range(events[0]["seq"], events[0]["seq"] + 3))
    assert {(e["at"], e["actor"]) for e in events} == {(events[0]["at"], "tester")}

    # tomas opens the desk: his "mine" view (one key) shows the three, with his earlier ones
    app = make_app(sample_path, reviewer="tomas")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "M")
        table = app.screen.query_one(ClaimTable)
        mine = visible_ids(table)
        assert {12, 11, 8} <= set(mine)
        assert sorted(mine) == [2, 5, 8, 9, 10, 11, 12]
        assert "mine" in status_text(app)
        # the claim's history shows the assignment, by whom, and whose it was before
        await press(pilot, "g", "enter")
        assert isinstance(app.screen, ClaimDeskScreen) and app.screen.claim_id == 12
        history = str(app.screen.query_one("#notes", HistoryPanel).render())
        assert "Assigned to tomas" in history
        assert "tester assigned to tomas (was ines)" in history


async def test_unassigned_view_and_escape_clears_the_marks(sample_path: Path, make_app) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ClaimTable)
        await press(pilot, "U")
        assert sorted(visible_ids(table)) == [6, 8]
        await press(pilot, "space")
        assert "1 marked" in status_text(app)
        await press(pilot, "escape")  # marks first…
        assert table.marked == set() and "marked" not in status_text(app)
        assert table.total == 2
        await press(pilot, "escape")  # …then the view
        assert table.total == 12


async def test_priority_status_and_due_on_marked_claims(sample_path: Path, make_app) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "space", "space")  # 12 and 11
        await press(pilot, "P", "1")
        await press(pilot, "S", "tab")  # the status stays "checking"; tab to the reason
        await type_text(pilot, "waiting on the ministry")
        await press(pilot, "enter")
        await press(pilot, "D")
        await type_text(pilot, "2026-11-20 09:00")  # before the app's clock: overdue
        await press(pilot, "enter")
        await settle(pilot)
        table = app.screen.query_one(ClaimTable)
        rows = [table.row_at(i) for i in range(2)]
        assert [(r.id, r.priority, r.status) for r in rows] == [
            (12, 1, "checking"),
            (11, 1, "checking"),
        ]
        assert all(r.due_at == "2026-11-20T09:00:00Z" for r in rows)
    with Desk.open(sample_path, reviewer="check") as desk:
        reasons = [
            json.loads(e["body"])["reason"]
            for e in desk.db.query("SELECT body FROM events WHERE kind = 'claim.status_changed'")
        ]
    assert reasons == ["waiting on the ministry"] * 2


async def test_each_act_on_the_queue_says_what_it_did_once(sample_path: Path, make_app) -> None:
    """One notice per act: the queue's own handler and the desk screens' shared one both
    showed it, so every assignment, priority, status... came up twice, stacked."""
    app = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "space", "space")  # 12 and 11
        await press(pilot, "A")
        await type_text(pilot, "tomas")
        await press(pilot, "enter")
        await press(pilot, "P", "2")
        await settle(pilot)
        said = [str(n.message) for n in app._notifications]
        assert said.count("2 claims assigned to tomas") == 1, said
        assert said.count("2 claims now P2") == 1, said


async def test_n_counts_an_overdue_claim_as_needing_attention(sample_path: Path, make_app) -> None:
    with Desk.open(sample_path, reviewer="mara") as desk:
        # claim 11: held as a lead, which n passes by; moved back to checking and overdue
        desk.set_status([11], "checking", "the memo may be out")
        desk.decide(11, "unverified", "not yet")  # a verdict: not "no decision yet"
        desk.set_status([11], "checking", "still being worked")
        desk.set_due([11], "2026-11-25T17:00:00Z")
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ClaimTable)
        await press(pilot, "n")
        # 12 (no decision) is under the cursor; the next needing attention is 11: overdue
        assert table.current.id == 11
        said = [str(n.message) for n in app._notifications]
        assert any(m.startswith("Claim 11: overdue (due 2026-11-25T17:00:00Z)") for m in said)


async def test_the_claim_desk_keys_record_and_show_in_the_history(
    sample_path: Path, make_app
) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "G", "enter")  # claim 1
        assert isinstance(app.screen, ClaimDeskScreen)
        await press(pilot, "P", "4")
        await press(pilot, "C")
        await type_text(pilot, "@ines can you call the ministry? ")
        # pasted: a terminal delivers a paste whole, control characters and all
        app.screen.focused.post_message(events.Paste("\x1b]0;owned\x07 \u202egnp.exe"))
        await settle(pilot)
        await press(pilot, "ctrl+s")
        await press(pilot, "#")
        await type_text(pilot, "urgent, -ai")
        await press(pilot, "enter")
        await press(pilot, "A")
        await type_text(pilot, "me")
        await press(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, ClaimDeskScreen)
        history = await until(
            pilot,
            lambda: (
                text
                if "commented" in (text := str(screen.query_one("#notes").render()))
                and "assigned to tester" in text
                else None
            ),
            what="the comment and the assignment in the history",
        )
        assert "priority P2 → P4" in history
        assert "tagged urgent" in history and "tag ai removed" in history
        # the comment as written, its direction mark made visible
        assert "commented: @ines can you call the ministry? ␛]0;owned␇ ⟨RLO⟩gnp.exe" in history
        assert "\u202e" not in history and "\x1b" not in history
    # the mention puts the claim in ines's "mine" view
    with Desk.open(sample_path, reviewer="ines") as desk:
        from deskcheck.work.workflow import mine, queue_rows

        assert 1 in [row.id for row in queue_rows(desk, mine(desk))]


async def test_a_saved_queue_goes_from_the_cli_to_the_desk_and_back(
    sample_path: Path, make_app
) -> None:
    saved = run_cli(
        "queue", "save", "Open work", "--status", "checking", "--status", "new",
        "--sort", "priority", "--desk", str(sample_path), "--reviewer", "mara",
    )  # fmt: skip
    assert saved.exit_code == 0, saved.output
    listed = run_cli("list", "--queue", "open work", "--json", "--desk", str(sample_path))
    cli_ids = [row["id"] for row in json.loads(listed.output)]
    assert cli_ids == [6, 7, 12]  # P1, then P2, then P3

    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "Q")
        assert isinstance(app.screen, SavedQueuesScreen)
        await press(pilot, "enter")
        table = app.screen.query_one(ClaimTable)
        await until(pilot, lambda: visible_ids(table) == cli_ids, what="the saved queue")
        assert "sorted priority" in status_text(app)
        assert "queue “Open work”" in status_text(app)  # named while its filters hold

        # now saved from the filter form (ctrl+n) and read back by the command line
        await press(pilot, "escape")
        assert "queue “Open work”" not in status_text(app)
        await press(pilot, "f")
        await press(pilot, "down", "down", "space")  # status: lead
        await press(pilot, "ctrl+n")
        await type_text(pilot, "Leads")
        await press(pilot, "enter")
        await until(pilot, lambda: sorted(visible_ids(table)) == [1, 11], what="the leads")
        await settle(pilot)
        assert "queue “Leads”" in status_text(app)
        tui_ids = visible_ids(table)
    listed = run_cli("list", "--queue", "LEADS", "--desk", str(sample_path))
    assert [int(line.split()[0]) for line in listed.output.splitlines()] == tui_ids
    names = run_cli("queue", "list", "--desk", str(sample_path)).output
    # the filter form started from the queue on screen: its sort stays
    assert "Leads  ·  sorted priority · status lead  ·  saved by tester" in names
    assert "Open work" in names


async def test_hostile_text_from_the_command_line_shows_as_text(
    sample_path: Path, make_app
) -> None:
    hostile = "see \x1b]8;;https://evil.example\x07here\x1b]8;;\x07 [b]bold[/b] \u202eexe"
    assert run_cli("comment", "1", hostile, "--desk", str(sample_path)).exit_code == 0
    assert run_cli("tag", "1", "--add", "[red]x[/red]", "--desk", str(sample_path)).exit_code == 0
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "G", "enter")
        history = str(app.screen.query_one("#notes", HistoryPanel).render())
        assert "commented: see ␛]8;;https://evil.example␇here␛]8;;␇ [b]bold[/b] ⟨RLO⟩exe" in history
        assert "tagged [red]x[/red]" in history
        assert "\x1b" not in history and "\u202e" not in history


async def test_marked_claims_are_exported_in_one_file(
    sample_path: Path, make_app, tmp_path: Path
) -> None:
    target = tmp_path / "two.md"
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "space", "space", "x", "tab")  # 12 and 11; to the path
        box = app.screen.query_one("#path")
        box.value = ""
        await type_text(pilot, str(target))
        await press(pilot, "enter")
        await until(pilot, target.exists, what="the exported file")
    note = target.read_text(encoding="utf-8")
    assert "# Desk note: claim 12" in note and "# Desk note: claim 11" in note


async def test_hostile_text_pasted_into_the_forms_is_refused_and_shown_as_text(
    sample_path: Path, make_app
) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "A")
        app.screen.focused.post_message(events.Paste("tomas\x1b]0;owned\x07"))
        await settle(pilot)
        await press(pilot, "enter")
        await press(pilot, "D")
        app.screen.focused.post_message(events.Paste("\u202e2026-12-01"))
        await settle(pilot)
        await press(pilot, "enter")
        await settle(pilot)
        errors = [str(n.message) for n in app._notifications if n.severity == "error"]
    assert len(errors) == 2, errors
    assert "control or invisible characters" in errors[0] and "\x1b" not in errors[0]
    assert "due time '⟨RLO⟩2026-12-01' is not understood" in errors[1]
    with Desk.open(sample_path, reviewer="check") as desk:
        assert desk.claim(12).assignee == "ines" and desk.claim(12).due_at is None


async def test_the_filter_form_reaches_a_reviewer_by_any_spelling_and_refuses_a_stranger(
    sample_path: Path, make_app
) -> None:
    """An assignee typed in the filter form is read as the desk reads names: `Tomas` reaches
    tomas; a name that reaches no reviewer is refused with the desk's reviewers, where it used to
    show an empty queue as if nobody had work."""
    from deskcheck.ui.dialogs.filters import FilterScreen

    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ClaimTable)
        for typed in ("Tomas", "zed"):
            await press(pilot, "f")
            assert isinstance(app.screen, FilterScreen)
            field = app.screen.query_one("#assignee")
            field.value = ""
            field.focus()
            await type_text(pilot, typed)
            await press(pilot, "ctrl+s")
            if typed == "Tomas":
                await until(
                    pilot,
                    lambda: sorted(visible_ids(table)) == [2, 5, 9, 10],
                    what="tomas's claims",
                )
                assert "assignee: tomas" in status_text(app)
        await until(
            pilot,
            lambda: any("no reviewer 'zed'" in n.message for n in app._notifications),
            what="the refusal naming the desk's reviewers",
        )
        assert sorted(visible_ids(table)) == [2, 5, 9, 10]  # the queue kept as it was
