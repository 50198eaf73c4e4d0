"""The queue: keys, search, filters, sort, next-needing-attention, new claim, help, palette,
and the session summary on quit."""

from __future__ import annotations

from pathlib import Path

from textual.command import CommandList, CommandPalette

from deskcheck.data import Desk
from deskcheck.ui.dialogs.forms import NewClaimScreen
from deskcheck.ui.dialogs.help import HelpScreen
from deskcheck.ui.dialogs.summary import SessionSummaryScreen
from deskcheck.ui.screens.claim_desk import ClaimDeskScreen
from deskcheck.ui.screens.queue import QueueScreen
from deskcheck.ui.widgets.claim_table import ClaimTable
from deskcheck.ui.widgets.key_bar import KeyBar
from deskcheck.ui.widgets.status_line import StatusLine
from tests.ui.conftest import press, settle, type_text, until


def visible_ids(table: ClaimTable) -> list[int]:
    rows = (table.row_at(i) for i in range(table.total))
    return [row.id for row in rows if row is not None]


async def test_the_queue_opens_on_the_sample_desk(sample_path: Path, make_app) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        table = app.screen.query_one(ClaimTable)
        assert table.total == 12
        assert visible_ids(table) == list(range(12, 0, -1))  # newest first
        status = str(app.screen.query_one(StatusLine).render())
        assert "sample.db" in status and "reviewer tester" in status
        assert "lead 2" in status and "revision due 1" in status


async def test_moving_and_opening_with_the_keyboard(sample_path: Path, make_app) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ClaimTable)
        await press(pilot, "j", "j", "down")
        assert table.cursor == 3
        await press(pilot, "k", "up")
        assert table.cursor == 1
        await press(pilot, "G")
        assert table.current.id == 1
        await press(pilot, "g")
        assert table.current.id == 12
        await press(pilot, "pagedown")
        assert table.current.id == 1  # the whole sample fits on one screen
        await press(pilot, "pageup", "j", "enter")
        assert isinstance(app.screen, ClaimDeskScreen)
        assert app.screen.claim_id == 11
        await press(pilot, "escape")
        assert isinstance(app.screen, QueueScreen)
        assert table.current.id == 11  # back where we were


async def test_search_shows_a_filtered_queue(sample_path: Path, make_app) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        await type_text(pilot, "telegram")
        await press(pilot, "enter")
        table = app.screen.query_one(ClaimTable)
        assert visible_ids(table) == [1]
        assert "search “telegram”" in str(app.screen.query_one(StatusLine).render())
        await press(pilot, "escape")
        assert table.total == 12


async def test_filters_by_status(sample_path: Path, make_app) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "f")
        # the status list has focus: move to "lead" (third) and tick it
        await press(pilot, "down", "down", "space", "ctrl+s")
        table = app.screen.query_one(ClaimTable)
        assert sorted(visible_ids(table)) == [1, 11]


async def test_sort_cycles_through_the_orders(sample_path: Path, make_app) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ClaimTable)
        await press(pilot, "s")
        assert visible_ids(table)[0] == 1  # oldest first
        await press(pilot, "s")
        ids = visible_ids(table)
        priorities = [table.row_at(i).priority for i in range(table.total)]
        assert priorities == sorted(priorities)
        assert ids[0] == 3  # the oldest P1 claim


async def test_n_jumps_to_the_next_claim_needing_attention(sample_path: Path, make_app) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ClaimTable)
        seen = []
        for _ in range(5):
            await press(pilot, "n")
            seen.append(table.current.id)
        # checking 12 (no decision) is first in line; then 7, 6 (new), 5 (revision due), wrap
        assert seen == [7, 6, 5, 12, 7]
        said = [str(n.message) for n in app._notifications]
        # and each stop says why
        assert any(m.startswith("Claim 5: revision due") for m in said), said
        assert any(m.startswith("Claim 6: new, not looked at yet") for m in said), said
        assert any("Claim 12: " in m and "no decision yet" in m for m in said), said


async def test_a_new_claim_is_added_from_the_queue(sample_path: Path, make_app) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "N")
        assert isinstance(app.screen, NewClaimScreen)
        await type_text(pilot, "The mayor resigned this morning")
        await press(pilot, "tab")
        await type_text(pilot, "https://example.org/post")
        await press(pilot, "tab", "backspace")
        await type_text(pilot, "1")
        await press(pilot, "tab")
        await type_text(pilot, "politics, local")
        form = app.screen
        await press(pilot, "enter")
        assert isinstance(app.screen, QueueScreen), str(form.query_one(".form-error").render())
        table = app.screen.query_one(ClaimTable)
        await until(
            pilot,
            lambda: table.total == 13 and table.current is not None,
            what="the new claim in the queue",
        )
        assert table.current.id == 13
        assert table.current.priority == 1
    with Desk.open(sample_path, reviewer="check") as desk:
        claim = desk.claim(13)
        assert claim.text == "The mayor resigned this morning"
        assert claim.tags == ("local", "politics")
        assert claim.origin_url == "https://example.org/post"


async def test_a_fresh_desk_starts_empty_and_takes_a_first_claim(tmp_path: Path, make_app) -> None:
    path = tmp_path / "fresh.db"
    Desk.open(path, reviewer="tester", create=True).close()
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ClaimTable)
        assert table.total == 0
        await press(pilot, "n")  # nothing needs attention; no crash
        await press(pilot, "N")
        await type_text(pilot, "First claim")
        await press(pilot, "ctrl+s")
        await until(pilot, lambda: table.total == 1, what="the first claim in the queue")
        await press(pilot, "enter")
        assert isinstance(app.screen, ClaimDeskScreen)


async def test_help_lists_the_keys_of_the_screen(sample_path: Path, make_app) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(str(line) for line in app.screen.lines)
        for words in (
            "full-text search",
            "filter by status",
            "sort: newest",
            "next claim needing attention",
            "new claim",
            "open the claim desk",
            "quit",
            "Keys on the queue",  # a human title, the screen underneath first
            "Keys on the claim desk",
        ):
            assert words in text
        assert text.index("Keys on the queue") < text.index("Keys on the claim desk")
        assert "slash" not in text and "question_mark" not in text  # keys as typed
        await press(pilot, "escape")
        assert isinstance(app.screen, QueueScreen)


async def test_every_key_is_also_a_palette_command(sample_path: Path, make_app) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        for words in ("Search", "Filter", "Sort", "New claim", "Next needing attention"):
            assert words in titles
        await press(pilot, "ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await type_text(pilot, "sort")
        commands = app.screen.query_one(CommandList)
        await until(
            pilot,
            lambda: (
                commands.highlighted is not None
                and str(commands.get_option_at_index(commands.highlighted).prompt).startswith(
                    "Sort"
                )
            ),
            what="the palette to offer the Sort command",
        )
        await press(pilot, "enter")
        assert isinstance(app.screen, QueueScreen)
        assert app.screen.query_state.sort == "oldest"


async def test_quitting_shows_the_session_summary(sample_path: Path, make_app) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "G", "enter")
        await press(pilot, "d", "2", "tab")
        await type_text(pilot, "Still no record")
        await press(pilot, "ctrl+s")
        await press(pilot, "3", "4")  # two marks
        await press(pilot, "w")
        await type_text(pilot, "The memo itself")
        await press(pilot, "enter", "enter")  # an evidence wanted item
        await press(pilot, "escape", "q")
        assert isinstance(app.screen, SessionSummaryScreen)
        assert "Claims touched: 1 (claim 1)" in app.screen.text
        assert "Marks changed: 2" in app.screen.text
        assert "Evidence wanted: 1" in app.screen.text
        assert "Decisions: 1 (unverified 1)" in app.screen.text
        await press(pilot, "enter")
    assert app.return_value is not None
    assert "Review session of tester" in app.return_value


async def test_an_unknown_reviewer_is_asked_once(sample_path: Path, make_app, tmp_path) -> None:
    from deskcheck.ui.dialogs.reviewer import ReviewerScreen
    from deskcheck.work.config import saved_reviewer

    app = make_app(sample_path, reviewer=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ReviewerScreen)
        await press(pilot, "ctrl+u")
        await type_text(pilot, "Ana Lima")
        await press(pilot, "enter")
        assert isinstance(app.screen, QueueScreen)
        assert "reviewer Ana Lima" in str(app.screen.query_one(StatusLine).render())
    assert saved_reviewer(tmp_path / "config.toml") == "Ana Lima"


async def test_a_read_only_desk_shows_a_banner_and_refuses_writes(
    sample_path: Path, make_app, monkeypatch
) -> None:
    import os

    Desk.open(sample_path, reviewer="t").close()
    real = os.access
    monkeypatch.setattr(
        os,
        "access",
        lambda p, mode: False if str(p) == str(sample_path) and mode == os.W_OK else real(p, mode),
    )
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert "READ-ONLY" in str(app.screen.query_one(StatusLine).render())
        await press(pilot, "N")
        await type_text(pilot, "Cannot be written")
        await press(pilot, "ctrl+s")
        assert app.screen.query_one(ClaimTable).total == 12
        assert any("read-only" in str(n.message) for n in app._notifications)


async def test_the_key_bar_shows_whole_keys_and_a_click_presses_one(
    sample_path: Path, make_app
) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        bar = app.screen.query_one(KeyBar)
        line = str(bar.render())
        assert len(line) == 80
        assert line.startswith(" ⏎ Open  / Search ")
        # help and the palette, where every key is, stay at the right at any width
        assert line.endswith(" ? Help  ^p Commands ")
        # only whole keys: the last one shown before the gap is a complete description
        shown = line[: line.rindex(" ? Help ")].rstrip()
        assert any(shown.endswith(b.description) for b, _ in bar.shown_bindings())
        search = line.index("Search")
        await pilot.click(KeyBar, offset=(search, 0))
        await settle(pilot)
        assert app.focused is not None and app.focused.id == "search"
        await press(pilot, "escape")
        await pilot.click(KeyBar, offset=(line.index("Commands"), 0))
        await settle(pilot)
        assert isinstance(app.screen, CommandPalette)
        await press(pilot, "escape")
        await pilot.click(KeyBar, offset=(line.index("Help"), 0))
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        await press(pilot, "escape", "G", "enter")
        assert isinstance(app.screen, ClaimDeskScreen)  # some thirty keys: help still shows
        assert str(app.screen.query_one(KeyBar).render()).endswith(" ? Help  ^p Commands ")


async def test_who_has_each_claim_shows_on_a_wide_terminal(sample_path: Path, make_app) -> None:
    """`A` changed nothing visible on the queue: at 120 columns a `who` column names the
    assignee (an assignment shows at once); at 80 columns the claim's words keep the room."""

    def line(app, claim_id: int) -> str:
        table = app.screen.query_one(ClaimTable)
        position = next(i for i in range(table.total) if table.row_at(i).id == claim_id)
        strip = table.render_line(position - int(table.scroll_offset.y))
        return "".join(segment.text for segment in strip)

    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        header = str(app.screen.query_one("#queue-header").render())
        assert " who " in header
        assert "mara" in line(app, 1) and "tomas" in line(app, 2)
        table = app.screen.query_one(ClaimTable)
        await press(pilot, "g")
        assert table.current is not None and table.current.id == 12
        await press(pilot, "A")
        await type_text(pilot, "tomas")
        await press(pilot, "enter")
        await until(pilot, lambda: "tomas" in line(app, 12), what="the new assignee in the row")
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert " who " not in str(app.screen.query_one("#queue-header").render())
        assert "tomas" not in line(app, 12)
