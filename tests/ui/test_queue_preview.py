"""Under the queue's table, the claim under the cursor in a preview: its whole text (the row
shows about twenty characters of it at 80 columns), who has it, its custody, the best
"already checked?" match, its context; what does not fit is marked, and `H` reads it all.
The preview follows the cursor without a read per key."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.widgets import TextArea

from deskcheck.data import Desk
from deskcheck.ui.dialogs.text_viewer import TextViewerScreen
from deskcheck.ui.widgets.claim_preview import ClaimPreviewPane
from tests.ui.conftest import press, settle, type_text, until

SIZES = [(80, 24), (120, 40)]
HOSTILE = "[b]bold?[/b] \x1b[31mred\x1b[0m \u202eevil\u202c"
LONG_CLAIM = (
    "The harbour authority of Zanderquay said "
    + " ".join(f"clause {n} of the tariff changes;" for n in range(1, 70))
    + f" {HOSTILE} and the last words are ferrymen agree."
)


def preview_text(app) -> str:
    return str(app.screen.query_one("#preview-text").render())


def shown_on_screen(app, widget) -> bool:
    return widget.display and app.screen.region.contains_region(widget.region)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_preview_shows_the_claim_under_the_cursor_in_full(
    sample_path: Path, make_app, size: tuple[int, int]
) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "G")  # claim 1, the worked case
        pane = app.screen.query_one(ClaimPreviewPane)
        await until(pilot, lambda: "Unnamed sources" in preview_text(app), what="claim 1")
        shown = preview_text(app)
        # the whole claim, wrapped, where the row shows its first words
        assert "limit foreign access to frontier AI systems." in shown
        assert "Custody 1 Unnamed sources (anonymous) F6" in shown
        assert "no primary source" in shown
        assert "Already checked?" in shown
        assert "assigned mara" in shown
        assert shown_on_screen(app, pane)
        assert pane.border_title == "claim 1"
        await press(pilot, "k")  # the cursor moves: the preview follows
        await until(pilot, lambda: "Kessford city council" in preview_text(app), what="claim 2")
        assert "Amazon" not in preview_text(app)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_a_long_claim_is_marked_cut_and_h_reads_it_all(
    sample_path: Path, make_app, size: tuple[int, int]
) -> None:
    with Desk.open(sample_path, reviewer="check") as desk:
        claim_id = desk.add_claim(LONG_CLAIM, assignee="mara")
        desk.add_custody_hop(claim_id, "Harbour \x1b[2Jdesk", "official_record", reliability="B")
    app = make_app(sample_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        pane = app.screen.query_one(ClaimPreviewPane)
        await until(pilot, lambda: "Harbour" in preview_text(app), what="the new claim's preview")
        shown = preview_text(app)
        assert "\x1b" not in shown and "\u202e" not in shown  # shown, never obeyed
        assert "[b]bold?[/b]" in shown  # not markup
        await until(pilot, lambda: "H reads it all" in pane.border_subtitle, what="the cut mark")
        assert pane.border_subtitle.startswith("↓ ")
        await press(pilot, "H")
        viewer = app.screen
        assert isinstance(viewer, TextViewerScreen)
        text = viewer.query_one(TextArea).text
        assert "the last words are ferrymen agree." in " ".join(text.split())
        assert "\x1b" not in text and "assigned: mara" in text
        await press(pilot, "escape")
        assert app.screen.query_one(ClaimPreviewPane) is pane


async def test_the_preview_reads_a_few_claims_not_one_per_key(
    sample_path: Path, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A slow read (a large desk, a busy disk) holds neither the cursor nor the keys; the
    claims passed meanwhile are not read: the one the cursor stopped at is read next."""
    reads: list[int] = []
    held = threading.Event()
    original = Desk.claim_preview

    def slow(desk: Desk, claim_id: int):
        reads.append(claim_id)
        if len(reads) == 1:
            held.wait(10)
        return original(desk, claim_id)

    app = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        reads.clear()
        monkeypatch.setattr(Desk, "claim_preview", slow)
        await type_text(pilot, "j")  # claim 11: its read is held
        await until(pilot, lambda: reads == [11], what="the first read")
        await type_text(pilot, "j" * 10)  # on down to claim 1 meanwhile
        table = app.screen.query_one("ClaimTable")
        assert table.current.id == 1  # the keys were not held up by the read
        assert "Amazon raised" in preview_text(app)  # its words, from the row, at once
        held.set()
        await settle(pilot)
        assert reads == [11, 1]
        assert "Unnamed sources (anonymous)" in preview_text(app)
