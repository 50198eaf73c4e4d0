"""Two reviewers, two desks open on one file: each sees the other's work, and a decision
recorded over someone else's change shows their change first."""

from __future__ import annotations

from pathlib import Path

from textual.message import Message

from deskcheck.data import Desk
from deskcheck.ui.app import POLL_SECONDS
from deskcheck.ui.dialogs.meanwhile import MeanwhileScreen
from deskcheck.ui.messages import DeskChanged, DeskVersion
from deskcheck.ui.screens.claim_desk import ClaimDeskScreen
from tests.ui.conftest import press, settle, type_text, until
from tests.ui.test_claim_desk_screen import open_claim, text_of


async def test_a_decision_in_one_desk_appears_in_the_other(sample_path: Path, make_app) -> None:
    """Without ines doing anything, mara's decision shows on ines's desk within two of its
    polls of the desk file, a poll being at most a second apart: within two seconds. (Counted
    in polls, not in seconds on the wall: on a machine busy with other tests a second-long
    poll can come late, and the wall clock measured the machine instead of the desk.)"""
    heard: list[Message] = []

    def listen(message: Message) -> None:
        if isinstance(message, DeskVersion | DeskChanged):
            heard.append(message)

    assert POLL_SECONDS <= 1.0
    mara, ines = make_app(sample_path, reviewer="mara"), make_app(sample_path, reviewer="ines")
    async with (
        mara.run_test(size=(120, 40)) as m,
        ines.run_test(size=(120, 40), message_hook=listen) as i,
    ):
        mine = await open_claim(m, 1)
        theirs = await open_claim(i, 1)
        await press(m, "d", "2", "tab")
        await type_text(m, "Still no memo")
        await press(m, "ctrl+s")
        assert "unverified · medium" in text_of(mine, "#decisions")
        since_the_write = len(heard)
        await until(
            i,
            lambda: "unverified · medium" in text_of(theirs, "#decisions"),
            5,
            what="mara's decision on ines's desk",
        )
        after = heard[since_the_write:]
        changed = [n for n, message in enumerate(after) if isinstance(message, DeskChanged)]
        assert changed, "ines's desk showed the decision without noticing the desk changed"
        polls = sum(isinstance(message, DeskVersion) for message in after[: changed[0]])
        assert 1 <= polls <= 2, f"ines's desk noticed the change at its poll number {polls}"
        assert "mara" in text_of(theirs, "#decisions")
        assert isinstance(i.app.screen, ClaimDeskScreen)


async def test_a_conflicting_decision_shows_the_other_reviewers_change_first(
    sample_path: Path, make_app
) -> None:
    app = make_app(sample_path, reviewer="ines")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_claim(pilot, 1)
        await press(pilot, "d", "5", "tab")  # ines starts deciding "false"…
        await type_text(pilot, "The memo is fake")
        # …while mara, in her own process, records a decision on the same claim
        with Desk.open(sample_path, reviewer="mara") as other:
            other.decide(1, "unverified", "Amazon declined to comment")
        await pilot.press("tab")
        await type_text(pilot, "A forged letterhead")  # the analysis asks why (false)
        await press(pilot, "ctrl+s")
        await until(
            pilot,
            lambda: isinstance(app.screen, MeanwhileScreen),
            what="the screen showing what changed meanwhile",
        )
        shown = str(app.screen.query_one("Static").render())
        assert "mara recorded a decision" in shown
        assert "Latest decision now: unverified by mara" in shown
        await press(pilot, "n")  # look first: nothing of ines's is written
        await settle(pilot)
    with Desk.open(sample_path, reviewer="check") as desk:
        assert [d.reviewer for d in desk.claim(1).decisions][:2] == ["mara", "mara"]
        await_again = desk.claim(1).decisions[0].verdict
        assert await_again == "unverified"


async def test_after_seeing_their_change_a_reviewer_may_still_record(
    sample_path: Path, make_app
) -> None:
    app = make_app(sample_path, reviewer="ines")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_claim(pilot, 1)
        await press(pilot, "d", "2", "tab")
        await type_text(pilot, "Mine")
        with Desk.open(sample_path, reviewer="mara") as other:
            other.decide(1, "lead", "Theirs")
        await press(pilot, "ctrl+s")
        await until(
            pilot,
            lambda: isinstance(app.screen, MeanwhileScreen),
            what="the screen showing what changed meanwhile",
        )
        await press(pilot, "y")
        await settle(pilot)
    with Desk.open(sample_path, reviewer="check") as desk:
        rationales = [d.rationale for d in desk.claim(1).decisions]
        assert set(rationales[:2]) == {"Mine", "Theirs"}  # both kept, nothing overwritten


async def test_two_person_rule_in_the_desk(sample_path: Path, make_app) -> None:
    with Desk.open(sample_path, reviewer="mara") as desk:
        desk.set_setting("two_person_rule", True)
        desk.decide(1, "unverified", "No memo", for_publication=True)
    app = make_app(sample_path, reviewer="ines")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("ClaimTable")
        await press(pilot, "G")
        assert table.current.awaiting_confirmation
        screen = await open_claim(pilot, 1)
        assert "waits for a second reviewer" in text_of(screen, "#decisions")
        await press(pilot, "y")
        await until(
            pilot,
            lambda: "confirms the decision" in text_of(screen, "#decisions"),
            what="the confirmation among the decisions",
        )
    with Desk.open(sample_path, reviewer="check") as desk:
        confirmation = [d for d in desk.claim(1).decisions if d.confirms_decision_id]
        assert [d.reviewer for d in confirmation] == ["ines"]
