"""The matrix screen: rating by keyboard across, transposing, scores that follow."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable

from deskcheck.data import Desk
from deskcheck.ui.screens.claim_desk import ClaimDeskScreen
from deskcheck.ui.screens.matrix import MatrixScreen
from tests.ui.conftest import press, settle, type_text
from tests.ui.test_claim_desk_screen import open_claim


def cell(screen: MatrixScreen, row: int, column: int) -> str:
    return str(screen.query_one(DataTable).get_cell_at((row, column)))


async def open_matrix(pilot, claim_id: int) -> MatrixScreen:
    await open_claim(pilot, claim_id)
    await press(pilot, "m")
    screen = pilot.app.screen
    assert isinstance(screen, MatrixScreen)
    return screen


async def test_claim_one_matrix_says_none_is_eliminated(sample_path: Path, make_app) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_matrix(pilot, 1)
        summary = str(screen.query_one("#matrix-summary").render())
        assert "none is eliminated" in summary
        assert "⚠ no primary source" in summary
        table = screen.query_one(DataTable)
        assert table.row_count == 3  # two interpretations and the diagnosticity row
        assert cell(screen, 0, 0).startswith("Heavier reading")
        # points against, weighted and rated come right after the interpretation
        assert [cell(screen, r, 1) for r in (0, 1)] == ["0", "0"]


async def test_rating_across_by_keyboard_updates_the_scores(sample_path: Path, make_app) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_matrix(pilot, 7)
        table = screen.query_one(DataTable)
        # the half-year report (second evidence column) is unrated against "shift changes"
        table.cursor_coordinate = (1, 5)
        await settle(pilot)
        await press(pilot, "5")  # II, recorded at once, no form
        assert cell(screen, 1, 5) == "II"
        assert cell(screen, 1, 1) == "2"  # two points against: II counts 2
        assert "4,000 cuts leads" in str(screen.query_one("#matrix-summary").render())
        # the last pair of the matrix: the cursor stays on it
        assert table.cursor_coordinate == (1, 5)
        await press(pilot, "apostrophe")  # a reason for the mark just given
        await type_text(pilot, "600 is not 4000")
        await press(pilot, "enter")
    with Desk.open(sample_path, reviewer="check") as desk:
        claim = desk.claim(7)
        filing, shifts = claim.evidence[1], claim.interpretations[1]
        assessment = next(a for a in filing.assessments if a.interpretation_id == shifts.id)
        assert (assessment.mark, assessment.reason) == ("II", "600 is not 4000")


async def test_t_transposes_the_matrix_and_escape_goes_back_to_the_desk(
    sample_path: Path, make_app
) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_matrix(pilot, 7)
        table = screen.query_one(DataTable)
        assert cell(screen, 0, 0).startswith("4,000 cuts")  # interpretations as rows
        await press(pilot, "T")
        assert cell(screen, 0, 0).startswith("#")  # evidence as rows now
        assert table.row_count == 4  # two items, points against and weighted
        await press(pilot, "escape")
        assert isinstance(app.screen, ClaimDeskScreen)


async def test_relations_and_diagnostic_sort(sample_path: Path, make_app) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_matrix(pilot, 3)
        await press(pilot, "s")
        table = screen.query_one(DataTable)
        labels = [str(c.label) for c in table.columns.values()][4:6]
        assert labels[0].startswith("#")  # the most diagnostic item first
        await press(pilot, "x", "down", "enter")  # first pair: exclude each other
    with Desk.open(sample_path, reviewer="check") as desk:
        assert desk.claim(3).relations[0][2] == "exclusive"


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_matrix_says_its_figures_and_glyphs_in_words(
    sample_path: Path, make_app, size: tuple[int, int]
) -> None:
    """Claim 3 at 80×24 and 120×40: the score columns are words (not IS/WIS), the figures
    are counts of what speaks against each reading, and the lines under the table say what
    each mark, figure and glyph means; the selected cell's grade is in words."""
    app = make_app(sample_path)
    async with app.run_test(size=size) as pilot:
        screen = await open_matrix(pilot, 3)
        table = screen.query_one(DataTable)
        heads = [str(c.label) for c in table.columns.values()][:4]
        assert heads == ["interpretation", "against", "weighted", "rated"]
        # this week's flood: II and I, 3 points against; weighted by grade (B2) and relevance
        assert [cell(screen, 0, c) for c in (1, 2, 3)] == ["3", "4.2", "2/2"]
        legend = str(screen.query_one("#matrix-legend").render())
        for words in ("CC", "inconsistent", "against", "weighted", "▲ leading", "✗ ruled out"):
            assert words in legend
        assert "⚷ linchpin" in legend and "diagnosticity" in legend
        assert "IS/WIS" not in legend
        shown = str(screen.query_one("#matrix-cell").render())
        assert "grade B2: source usually reliable, information probably true" in shown
        assert "bearing on This week's flood" in shown


def test_matrix_of_claim_one(snap_compare, sample_path: Path, make_app) -> None:
    async def run_before(pilot) -> None:
        await open_matrix(pilot, 1)

    assert snap_compare(make_app(sample_path), terminal_size=(120, 40), run_before=run_before)
