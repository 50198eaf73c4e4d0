"""Plain words where they appear (#24): every score, grade and column head is said on the
screen that shows it, at 80×24 and at 120×40; a reading nobody rated is never "leading"; the
claim's history reads as sentences; a repeat of a lead is never called "decided"."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Static

from deskcheck.data import Desk
from deskcheck.ui.dialogs.claim_history import ClaimHistoryScreen
from deskcheck.ui.dialogs.decision import DecisionScreen
from deskcheck.ui.dialogs.repeat_choice import RepeatChoiceScreen
from deskcheck.ui.screens.claim_desk import ClaimDeskScreen
from deskcheck.ui.widgets.similar_claims import SimilarClaims
from tests.ui.conftest import press, settle, until
from tests.ui.test_claim_desk_screen import open_claim

SIZES = [(80, 24), (120, 40)]


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


@pytest.mark.parametrize("size", SIZES)
async def test_the_queue_says_what_its_column_heads_mean(
    sample_path: Path, make_app, size: tuple[int, int]
) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        legend = app.screen.query_one("#queue-legend", Static)
        words = str(legend.render())
        assert legend.region.height == 1 and legend.region.y < size[1] - 1  # on screen
        assert len(words) <= size[0] - 2  # never cut: the wording that fits is chosen
        for head in ("! ", "int interpretations", "evi evidence", "⚑ ", "~ ≠ changed", "✗ gone"):
            assert head in words
        if size[0] >= 120:
            assert "⚠ no primary" in words and "⟲ circular" in words


@pytest.mark.parametrize("size", SIZES)
async def test_the_claim_desk_says_what_marks_and_grades_mean(
    sample_path: Path, make_app, size: tuple[int, int]
) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=size) as pilot:
        screen = await open_claim(pilot, 3)
        await settle(pilot)
        legend = screen.query_one("#marks-legend", Static)
        words = str(legend.render())
        assert legend.region.height == 1 and legend.region.width > 0
        assert len(words) < legend.region.width  # the whole line shows
        assert "CC C" in words and "N neutral" in words and "I II" in words
        assert "gr grade" in words


@pytest.mark.parametrize("size", SIZES)
async def test_the_decision_form_says_each_standing_in_words_and_never_leading_unrated(
    sample_path: Path, make_app, size: tuple[int, int]
) -> None:
    """Claim 3 gets a fourth reading nobody rated: the form calls it "not rated yet", not
    "leading" (it has no point against it only because nothing was weighed against it);
    the others say their points against in words, not "weighted -1.4142"."""
    with Desk.open(sample_path, reviewer="mara") as desk:
        desk.add_interpretation(3, "Staged photo", "The scene was staged for the camera.")
    app = make_app(sample_path)
    async with app.run_test(size=size) as pilot:
        await open_claim(pilot, 3)
        await settle(pilot)
        await press(pilot, "d")
        await until(pilot, lambda: isinstance(app.screen, DecisionScreen), what="the form")
        notes = "\n".join(str(s.render()) for s in app.screen.query(".form-note"))
        lines = {line.split(":", 1)[0]: line for line in notes.splitlines() if ":" in line}
        assert lines["Staged photo"] == "Staged photo: not rated yet · 0 of 2 rated"
        assert "leading" not in lines["Staged photo"]
        assert lines["This week's flood"].startswith(
            "This week's flood: ruled out · 3 points against from 2 items"
        )
        assert "weighted by grade and relevance: 4.2" in lines["This week's flood"]
        assert lines["Older photo reused"].startswith("Older photo reused: leading · 0 points")
        assert "-1.4142" not in notes and "-4.2426" not in notes
        assert "Not rated yet: Staged photo." in notes


@pytest.mark.parametrize("size", SIZES)
async def test_the_history_reads_as_sentences(
    sample_path: Path, make_app, size: tuple[int, int]
) -> None:
    hostile = "Seen [b]again[/b] \x1b[31m@tomas \u202eok"
    with Desk.open(sample_path, reviewer="mara") as desk:
        desk.add_comment(3, hostile)
    app = make_app(sample_path)
    async with app.run_test(size=size) as pilot:
        await open_claim(pilot, 3)
        await settle(pilot)
        await press(pilot, "L")
        await until(pilot, lambda: isinstance(app.screen, ClaimHistoryScreen), what="history")
        shown = text_of(app.screen, "#history-lines")
        assert "ines rated evidence #10 on This week's flood: II (strongly inconsistent)" in shown
        assert "ines recorded a decision: false (high confidence)" in shown
        assert "claim 3 verdict: (none) → false" in shown
        assert "mara added a comment: “Seen [b]again[/b]" in shown  # markup shown, not applied
        assert "\x1b" not in shown and "\u202e" not in shown
        for raw in ("comment.added", "assessment.added", "claims 3", "null"):
            assert raw not in shown


@pytest.mark.parametrize("size", SIZES)
async def test_a_repeat_of_a_lead_is_treated_as_a_lead_not_decided(
    sample_path: Path, make_app, size: tuple[int, int]
) -> None:
    """Claim 1's verdict is a lead: the "already checked?" pane says so, and linking a
    rewording to it starts the decision from "treated as a lead … not decided yet"."""
    with Desk.open(sample_path, reviewer="mara") as desk:
        desk.add_claim(
            "Shortly before Washington limited foreign access to frontier AI systems, Amazon"
            " raised security concerns about Anthropic's newest AI models",
            received_at="2026-11-26T11:00:00Z",
        )
    app = make_app(sample_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "g", "enter")
        await until(pilot, lambda: isinstance(app.screen, ClaimDeskScreen), what="claim desk")
        desk_screen = app.screen
        await until(pilot, lambda: bool(desk_screen.repeats.matches), what="the matches")
        pane = str(desk_screen.query_one(SimilarClaims).render())
        assert "claim 1 · lead, not decided" in pane
        await press(pilot, "=")
        await until(pilot, lambda: isinstance(app.screen, RepeatChoiceScreen), what="choice")
        await press(pilot, "enter")
        await until(pilot, lambda: isinstance(app.screen, DecisionScreen), what="the offer")
        starting = text_of(app.screen, "#starting")
        assert "claim 1 (treated as a lead 2026-06-14 by mara, not decided yet)" in starting
        assert "decided 2026" not in starting
