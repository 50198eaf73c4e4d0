"""Marking at the speed of thought: `1`–`6` record the mark at once and move on, a reason is
one key away, and rating mode walks the pairs not rated yet. The keys are counted."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from deskcheck.data import Desk
from deskcheck.domain.vocabulary import ASSESSMENT_MARKS
from deskcheck.ui.dialogs.reason import ReasonScreen
from deskcheck.ui.screens.claim_desk import ClaimDeskScreen
from tests.ui.conftest import settle, type_text, until
from tests.ui.test_claim_desk_screen import open_claim


class CountedKeys:
    """Presses keys the way a reviewer does, one at a time, and counts them."""

    def __init__(self, pilot: Pilot) -> None:
        self.pilot = pilot
        self.count = 0

    async def __call__(self, *keys: str) -> None:
        for key in keys:
            self.count += 1
            await self.pilot.press(key)  # no settling between keys: typed straight on


def marks_of(path: Path, claim_id: int) -> dict[tuple[int, int], str | None]:
    with Desk.open(path, reviewer="check") as desk:
        record = desk.claim(claim_id)
        return {
            (e.id, i.id): e.mark_for(i.id) for e in record.evidence for i in record.interpretations
        }


async def test_marking_claim_one_seven_items_against_both_readings_takes_14_keys(
    sample_path: Path, make_app
) -> None:
    before = marks_of(sample_path, 1)
    assert len(before) == 14  # seven items, two interpretations
    # a new mark for every pair: the next mark of the scale after the one it has now
    wanted = {
        pair: ASSESSMENT_MARKS[(ASSESSMENT_MARKS.index(mark or "NA") + 1) % 6]
        for pair, mark in before.items()
    }
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_claim(pilot, 1)
        keys = CountedKeys(pilot)
        # across: each item against both interpretations, then the next item
        for pair in sorted(wanted):
            await keys(str(ASSESSMENT_MARKS.index(wanted[pair]) + 1))
        await settle(pilot)
        assert keys.count <= 16
        assert isinstance(app.screen, ClaimDeskScreen)  # no form opened on the way
        assert screen.focus_column == 1  # on the last pair: the seventh item, second reading
    assert marks_of(sample_path, 1) == wanted


async def test_rating_mode_walks_only_the_pairs_not_rated_and_a_reason_is_one_key(
    sample_path: Path, make_app
) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_claim(pilot, 7)
        unrated = [pair for pair, mark in marks_of(sample_path, 7).items() if mark is None]
        assert unrated  # the worked case leaves claim 7 half-rated
        keys = CountedKeys(pilot)
        await keys("R")
        status = str(screen.query_one("#status").render())
        assert "RATING" in status and "1–6 mark it" in status  # the keys of the mode, said
        for _ in unrated:
            await keys("4")
        await until(pilot, lambda: not screen.walk.rating, what="rating mode to end, all rated")
        assert keys.count == 1 + len(unrated)
        await keys("apostrophe")
        assert isinstance(app.screen, ReasonScreen)
        await type_text(pilot, "the numbers differ tenfold")
        await keys("enter")
        await settle(pilot)
        assert "RATING" not in str(screen.query_one("#status").render())
    with Desk.open(sample_path, reviewer="check") as desk:
        record = desk.claim(7)
        for evidence_id, interpretation_id in unrated:
            evidence = next(e for e in record.evidence if e.id == evidence_id)
            assert evidence.mark_for(interpretation_id) == "I"
        last = next(e for e in record.evidence if e.id == unrated[-1][0])
        reasons = [a.reason for a in last.assessments if a.interpretation_id == unrated[-1][1]]
        assert reasons == ["the numbers differ tenfold"]
