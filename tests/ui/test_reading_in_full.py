"""Nothing important is clipped without a way to see it: `z` zooms a column to the whole
screen with every implication, `v` shows an evidence item's excerpt and latest snapshot in
full (searchable with `/`), the custody chain's notes are in the detail pane, and a link
mark comes before the title, where an ellipsis cannot hide it. On a short terminal the
header, custody and evidence-wanted strips end in "… H: all" when cut, the bottom panes say
"↓ n more · H: all" on their rule, and `H` reads the claim in full."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import TextArea

from deskcheck.data import Desk
from deskcheck.ui.dialogs.text_viewer import TextViewerScreen
from deskcheck.ui.widgets.interpretations import InterpretationText
from tests.ui.conftest import press, type_text
from tests.ui.test_claim_desk_screen import open_claim, text_of
from tests.ui.test_feeds_snapshots import feed_desk  # noqa: F401  (a fixture)

LONG_PAGE = "\n".join(f"Line {n} of the page." for n in range(1, 200)) + "\nThe memo\x1b[31m."


async def test_z_zooms_the_interpretation_with_every_implication(
    sample_path: Path, make_app
) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_claim(pilot, 1)
        box = screen.query_one(InterpretationText)
        last_implication = "reads less as principle and more as market share"
        await press(pilot, "z")
        assert screen.maximized is box
        assert box.region.height >= box.virtual_size.height  # all of it shows
        assert last_implication in text_of(screen, "#statement-text")
        await press(pilot, "escape")  # back to the desk, not the queue
        assert screen.maximized is None and app.screen is screen


async def test_v_shows_the_latest_snapshot_in_full_and_finds_a_word(
    sample_path: Path, make_app
) -> None:
    with Desk.open(sample_path, reviewer="check") as desk:
        evidence_id = desk.claim(1).evidence[0].id
        desk.add_snapshot(
            evidence_id,
            fetched_at="2026-11-26T11:00:00Z",
            http_status=200,
            title="Page",
            text=LONG_PAGE,
        )
    app = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_claim(pilot, 1)
        await press(pilot, "v")
        viewer = app.screen
        assert isinstance(viewer, TextViewerScreen)
        area = viewer.query_one(TextArea)
        assert "\x1b" not in area.text  # the escape sequence is shown, not obeyed
        assert "Line 199 of the page." in area.text
        await press(pilot, "slash")
        await type_text(pilot, "the memo")
        await press(pilot, "enter")
        row = area.selection.start[0]
        assert area.text.splitlines()[row].startswith("The memo")
        assert area.scroll_offset.y > 0  # scrolled down to it
        await press(pilot, "escape")
        assert not isinstance(app.screen, TextViewerScreen)


async def test_hop_notes_show_in_the_detail_pane(sample_path: Path, make_app) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_claim(pilot, 1)
        assert "are not named" in text_of(screen, "#detail")


def shown_lines(screen, selector: str) -> list[str]:
    return text_of(screen, selector).splitlines()


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_header_custody_and_wanted_are_whole_or_marked_and_h_reads_all(
    sample_path: Path, make_app, size: tuple[int, int]
) -> None:
    remark = "Ask the wire desk for the source list [b]today[/b] \x1b[31m before noon."
    with Desk.open(sample_path, reviewer="check") as desk:
        desk.add_comment(1, remark)
    app = make_app(sample_path)
    async with app.run_test(size=size) as pilot:
        screen = await open_claim(pilot, 1)
        for selector in ("#claim-header", "#custody", "#wanted"):
            pane = screen.query_one(selector).parent
            assert pane.max_scroll_y == 0, f"{selector} is clipped without a mark"
            assert screen.region.contains_region(pane.region)
        header, custody = text_of(screen, "#claim-header"), text_of(screen, "#custody")
        wanted = text_of(screen, "#wanted")
        assert "no primary source" in header and "Claim 1 · lead" in header
        assert wanted.startswith("Evidence wanted (2)")
        if size == (120, 40):  # room for it all
            assert "assigned mara" in header and "channel (social)" in custody
            assert "An official response" in wanted
            assert "H: all" not in header + custody + wanted
        else:  # 80×24: each strip says it is cut, and the key that reads it
            for shown in (header, custody, wanted):
                assert shown.splitlines()[-1].endswith("… H: all")
            assert "assigned mara" not in header
            decisions = screen.query(".history-pane").first()  # the rationale goes on below
            assert decisions.border_title.startswith("↓ ")
            assert decisions.border_title.endswith("H: all")
            screen.query_one("#header-pane").focus()  # z on the header: all of it, and back
            await press(pilot, "z")
            assert "assigned mara" in text_of(screen, "#claim-header")
            await press(pilot, "escape")
            assert screen.maximized is None and app.screen is screen
            assert text_of(screen, "#claim-header").endswith("… H: all")
        await press(pilot, "H")
        viewer = app.screen
        assert isinstance(viewer, TextViewerScreen)
        text = " ".join(viewer.query_one(TextArea).text.split())
        assert "assignee: mara" in text and "export-controls" in text
        assert "An official response from Amazon, Anthropic or the Commerce Department" in text
        assert "Revisit if the memo or an official response appears." in text  # the rationale
        assert "Cointelegraph Telegram channel — social" in text
        assert "source list [b]today[/b]" in text and "\x1b" not in text  # the comment
        await press(pilot, "escape")
        assert app.screen is screen


async def test_a_long_claim_is_cut_with_a_mark_in_the_header(sample_path: Path, make_app) -> None:
    long_claim = " ".join(f"Word{n}" for n in range(400)) + " THE-END"
    with Desk.open(sample_path, reviewer="check") as desk:
        claim_id = desk.add_claim(long_claim)
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_claim(pilot, claim_id)
        lines = shown_lines(screen, "#claim-header")
        assert screen.query_one("#header-pane").max_scroll_y == 0
        assert "THE-END" not in "".join(lines)
        assert lines[-1].endswith("… H: all")
        assert any(line.endswith("…") for line in lines[:-1])  # the claim's words cut, marked
        await press(pilot, "H")
        assert "THE-END" in app.screen.query_one(TextArea).text


async def test_on_a_short_terminal_the_context_gives_way_to_status_and_warnings(
    feed_desk: Path,  # noqa: F811
    make_app,
) -> None:
    """Claim 14 came from a feed with what the item said besides it (its context)."""
    app = make_app(feed_desk)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_claim(pilot, 14)
        header = text_of(screen, "#claim-header")
        assert "Claim 14 · new" in header and "no primary source" in header
        assert "police say" not in header and header.endswith("… H: all")
        await press(pilot, "H")
        assert "police say." in app.screen.query_one(TextArea).text
