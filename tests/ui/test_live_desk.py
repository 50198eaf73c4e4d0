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
    """Without ines doing anything, mara's decision shows on ines's desk, noticed at the first
    (or, on a busy machine, second) poll of the desk file that could see it; polls are at most
    POLL_SECONDS = 1 s apart: within about two seconds. (Counted in polls rather than seconds
    on the wall: with the machine busy with other tests a poll comes late, and a wall-clock
    bound measured the machine instead of the desk.)"""
    heard: list[Message] = []

    def listen(message: Message) -> None:
        if isinstance(message, DeskVersion | DeskChanged):
            heard.append(message)

    def polls() -> list[DeskVersion]:
        return [message for message in heard if isinstance(message, DeskVersion)]

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
        await until(i, polls, what="ines's desk to poll the desk file")
        before_the_write = polls()[-1].version  # what ines's desk last saw
        since = len(heard)
        await press(m, "ctrl+s")
        assert "unverified · medium" in text_of(mine, "#decisions")
        await until(
            i,
            lambda: "unverified · medium" in text_of(theirs, "#decisions"),
            5,
            what="mara's decision on ines's desk",
        )
        after = heard[since:]
        changed = [n for n, message in enumerate(after) if isinstance(message, DeskChanged)]
        assert changed, "ines's desk showed the decision without noticing the desk changed"
        seen = [
            message
            for message in after[: changed[0]]
            if isinstance(message, DeskVersion) and message.version != before_the_write
        ]
        assert 1 <= len(seen) <= 2, f"noticed at poll {len(seen)} after the write"
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


async def test_a_workflow_form_saved_over_another_reviewers_change_names_it_in_words(
    sample_path: Path, make_app
) -> None:
    """The workflow keys (S here) are guarded like a decision: mara's change of status,
    priority and tags since ines opened the form is shown first, in words (it showed the
    events' codes, such as ``claim.status_changed``)."""
    app = make_app(sample_path, reviewer="ines")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_claim(pilot, 1)
        await press(pilot, "S", "tab")
        await type_text(pilot, "Waiting on the ministry")
        with Desk.open(sample_path, reviewer="mara") as other:
            other.set_status([1], "dropped", "The editor dropped it")
            other.set_priority([1], 1)
            other.tag([1], ["urgent"], [])
        await press(pilot, "ctrl+s")
        await until(
            pilot,
            lambda: isinstance(app.screen, MeanwhileScreen),
            what="the screen showing what changed meanwhile",
        )
        shown = str(app.screen.query_one("Static").render())
        assert "mara changed the status" in shown
        assert "mara changed the priority" in shown
        assert "mara changed the tags" in shown
        assert "claim." not in shown
        await press(pilot, "n")
        await settle(pilot)
    with Desk.open(sample_path, reviewer="check") as desk:
        assert desk.claim(1).status == "dropped"  # nothing of ines's was written


async def test_a_session_opened_elsewhere_reloads_no_screen_and_a_comment_does(
    sample_path: Path, make_app
) -> None:
    """On a served desk every login and every closed tab records an event; each made every
    open tab read its queue again (at 50 tabs, ten seconds of the server's CPU a login). A
    desk whose only news is a session started or ended is not read again; real work is."""
    heard: list[Message] = []

    def listen(message: Message) -> None:
        if isinstance(message, DeskVersion | DeskChanged):
            heard.append(message)

    def polls_after(since: int) -> list[DeskVersion]:
        return [m for m in heard[since:] if isinstance(m, DeskVersion)]

    app = make_app(sample_path, reviewer="ines")
    async with app.run_test(size=(120, 40), message_hook=listen) as pilot:
        await settle(pilot)
        await until(pilot, lambda: polls_after(0), what="the first poll of the desk file")
        before, since = polls_after(0)[-1].version, len(heard)
        with Desk.open(sample_path, reviewer="tomas") as other:
            other.start_session()
            other.end_session()

        def polls_since_the_write() -> int:
            seen = [n for n, m in enumerate(polls_after(since)) if m.version != before]
            return len(polls_after(since)) - seen[0] if seen else 0

        # the poll that saw the write, and one more: nothing for any screen to read again
        await until(pilot, lambda: polls_since_the_write() >= 2, what="two polls after it")
        assert not any(isinstance(m, DeskChanged) for m in heard[since:])
        since = len(heard)
        with Desk.open(sample_path, reviewer="tomas") as other:
            other.add_comment(1, "Seen the memo?")
        await until(
            pilot,
            lambda: any(isinstance(m, DeskChanged) for m in heard[since:]),
            what="the comment noticed",
        )
