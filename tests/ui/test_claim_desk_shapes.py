"""The claim desk on the shapes real work brings, at every terminal size from 80×24 up:
claims with 1, 2, 3, 5 and 8 interpretations, a 2,000-character claim, 200 evidence items,
right-to-left text. On opening, every interpretation's label is on screen; each one's
statement and every implication can be read in full (in its pane, or zoomed with `z`); and
no line is cut without a visible mark (an ellipsis, a scrollbar, a "more" in a frame)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.app import App
from textual.containers import ScrollableContainer
from textual.errors import NoWidget
from textual.pilot import Pilot
from textual.widgets import Static

from deskcheck.data import Desk
from deskcheck.ui.screens.claim_desk import ClaimDeskScreen
from deskcheck.ui.widgets.evidence_marks import MarkList
from deskcheck.ui.widgets.interpretations import InterpretationText
from tests.ui.conftest import press, settle, until

SIZES = [(80, 24), (100, 30), (120, 40), (200, 60)]
RTL = "قراءة"  # "reading", Arabic: right-to-left text in a label, statement, title


@dataclass(frozen=True)
class Shape:
    name: str
    interpretations: int
    evidence: int = 6
    claim_chars: int = 90
    rtl: bool = False


SHAPES = [
    Shape("one", 1),
    Shape("two", 2),
    Shape("three", 3),
    Shape("five", 5),
    Shape("eight", 8),
    Shape("long claim", 3, claim_chars=2000),
    Shape("200 items", 8, evidence=200),
    Shape("right to left", 3, rtl=True),
]


def label(shape: Shape, n: int) -> str:
    return f"{RTL} {n}" if shape.rtl else f"Reading {n} of {shape.name}"


def statement(shape: Shape, n: int) -> str:
    words = f"{RTL} {RTL} " if shape.rtl else ""
    # long enough to wrap at every width: the pane must show it whole or say there is more
    return words + f"Statement {n}: " + " ".join(f"word{k}" for k in range(40 + 10 * n))


def implications(n: int) -> list[str]:
    return [f"Implication {n}.{k}: " + "then this follows " * (3 + k) + "END" for k in range(4)]


@pytest.fixture(scope="module")
def shapes_desk(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    path = tmp_path_factory.mktemp("shapes") / "shapes.db"
    ids: dict[str, int] = {}
    with Desk.open(path, reviewer="mara", create=True) as desk:
        for shape in SHAPES:
            text = (f"{RTL} " if shape.rtl else "") + f"The {shape.name} claim: "
            text += "x" * max(0, shape.claim_chars - len(text))
            claim = desk.add_claim(
                text,
                origin_url="https://example.org/" + "very-long-path/" * 8,
                tags=("health", "elections", "shipping", "ports", "fees"),
                assignee="mara",
            )
            ids[shape.name] = claim
            made = [
                desk.add_interpretation(
                    claim,
                    label(shape, n),
                    statement(shape, n),
                    implications="\n".join(implications(n)),
                )
                for n in range(1, shape.interpretations + 1)
            ]
            for k in range(shape.evidence):
                title = (f"{RTL} " if shape.rtl else "") + f"Evidence item {k} " + "t" * 60
                evidence = desk.add_evidence(claim, title, reliability="B", credibility=2)
                if k < 6:  # some rated, some not: both are shown
                    for n, interpretation in enumerate(made):
                        if (n + k) % 3:
                            desk.assess(evidence, interpretation, ("C", "I", "N")[k % 3])
    return path, ids


def screen_lines(app: App) -> list[str]:
    return [strip.text for strip in app.screen._compositor.render_strips()]


def flat(text: str) -> str:
    return " ".join(text.split())


def cut_without_a_mark(app: App) -> list[str]:
    """Every place on the screen that holds more than it shows, without saying so."""
    screen, lines = app.screen, screen_lines(app)
    problems = []
    for widget in screen.query("*"):
        try:  # the part of it on screen (a parent may show less than all of it)
            visible = screen.find_widget(widget).visible_region
        except NoWidget:
            continue
        scrolled = any(isinstance(a, ScrollableContainer) for a in widget.ancestors)
        if isinstance(widget, (ScrollableContainer, MarkList)):
            if widget.max_scroll_y > 0 and not widget.show_vertical_scrollbar:
                problems.append(f"#{widget.id or type(widget).__name__}: more below, no scrollbar")
        elif isinstance(widget, Static) and not scrolled:
            region = widget.content_region
            needed = widget.get_content_height(region.size, region.size, region.width)
            if needed > region.height:
                problems.append(f"#{widget.id}: {needed} lines in {region.height}, no mark")
        if isinstance(widget, (Static, MarkList)) and widget.styles.text_wrap == "nowrap":
            region = (
                widget.scrollable_content_region
                if isinstance(widget, MarkList)
                else widget.content_region
            ).intersection(visible)
            for y in range(region.y, min(region.bottom, len(lines))):
                shown = lines[y][region.x : region.right].rstrip()
                if cell_len(shown) >= region.width and not shown.endswith("…"):
                    full = shown  # a line exactly as wide as the widget is not cut
                    if isinstance(widget, MarkList):
                        index = y - region.y + round(widget.scroll_y)
                        if index < widget.option_count:
                            full = str(widget.get_option_at_index(index).prompt)
                    if cell_len(full) > region.width:
                        problems.append(f"#{widget.id}: line {y} cut without …: {shown!r}")
    return problems


async def open_desk(pilot: Pilot, claim_id: int) -> ClaimDeskScreen:
    screen = ClaimDeskScreen(claim_id)
    await pilot.app.push_screen(screen)
    await until(pilot, lambda: screen.record is not None, what=f"claim {claim_id} read")
    return screen


def framed_text(app: App) -> str:
    """The screen's words with the frames' lines taken out."""
    return flat(" ".join(screen_lines(app)).translate(str.maketrans("", "", "│╭╮╰╯─▁▂▃▄▅▆▇█")))


@pytest.mark.parametrize("size", SIZES, ids=[f"{w}x{h}" for w, h in SIZES])
async def test_every_interpretation_readable_at_every_size(
    shapes_desk: tuple[Path, dict[str, int]], make_app, size: tuple[int, int]
) -> None:
    path, ids = shapes_desk
    app = make_app(path, reviewer="mara")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for shape in SHAPES:
            screen = await open_desk(pilot, ids[shape.name])
            await settle(pilot)
            assert screen.record is not None
            shown = "\n".join(screen_lines(app))
            for n in range(1, shape.interpretations + 1):
                # the label starts its line: what is cut is its end, with an ellipsis
                assert label(shape, n)[:9] in shown, f"{shape.name}: label {n} not on screen"
            assert cut_without_a_mark(app) == [], shape.name
            heading = str(screen.query_one("#marks-heading").render())
            if shape.evidence > screen.query_one(MarkList).content_region.height:
                assert f"of {shape.evidence}" in heading and "more ↓" in heading
            pane = screen.query_one(InterpretationText)
            for n in range(1, shape.interpretations + 1):
                assert pane.border_title == f"{n} of {shape.interpretations}"
                text = flat(str(pane.query_one("#statement-text", Static).render()))
                assert flat(statement(shape, n)) in text
                for implication in implications(n):
                    assert flat(implication) in text
                await pilot.press("z")
                assert screen.maximized is pane
                if pane.max_scroll_y > 0:  # longer than the whole screen: it says so
                    assert pane.show_vertical_scrollbar and "more" in str(pane.border_subtitle)
                else:
                    assert implications(n)[-1][-40:] in framed_text(app)  # the last one's end
                await pilot.press("escape")
                assert screen.maximized is None and app.screen is screen
                await pilot.press("l")
            assert screen.focus_column == shape.interpretations - 1
            await press(pilot, "q")
