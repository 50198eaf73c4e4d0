"""Nothing important is clipped without a way to see it: `z` zooms a column to the whole
screen with every implication, `v` shows an evidence item's excerpt and latest snapshot in
full (searchable with `/`), the custody chain's notes are in the detail pane, and a link
mark comes before the title, where an ellipsis cannot hide it."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import TextArea

from deskcheck.data import Desk
from deskcheck.ui.dialogs.text_viewer import TextViewerScreen
from deskcheck.ui.widgets.interpretations import InterpretationText
from tests.ui.conftest import press, type_text
from tests.ui.test_claim_desk_screen import open_claim, text_of

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
