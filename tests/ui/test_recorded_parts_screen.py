"""Settling what was recorded, from the claim desk with the keyboard: an evidence-wanted item
resolved by the evidence that settled it, a trigger retired with a reason, a custody hop
edited; verify passes and the claim's history shows each before and after."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Select

from deskcheck.data import Desk
from deskcheck.data.verify import verify_desk
from deskcheck.ui.dialogs.claim_history import ClaimHistoryScreen
from deskcheck.ui.dialogs.recorded_parts import HopPartScreen, TriggerPartScreen, WantedPartScreen
from tests.ui.conftest import press, settle, type_text, until
from tests.ui.test_claim_desk_screen import open_claim, text_of


async def test_resolve_retire_and_edit_then_the_history_shows_before_and_after(
    sample_path: Path, make_app
) -> None:
    with Desk.open(sample_path, reviewer="tester") as desk:
        before = desk.claim(1)
    wanted = before.evidence_wanted[0]
    settling = before.evidence[0]
    trigger = before.triggers[0]
    hop = before.custody[1]
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_claim(pilot, 1)

        # W: the first item, "resolve" (the first act); the evidence chosen from its list
        await press(pilot, "W")
        assert isinstance(app.screen, WantedPartScreen)
        await press(pilot, "tab", "tab")  # item → act → the evidence that settled it
        evidence = app.screen.query_one("#evidence", Select)
        assert app.focused is evidence
        await press(pilot, "enter", "down", "enter")
        assert evidence.value == settling.id
        await press(pilot, "ctrl+s")
        await until(
            pilot,
            lambda: f"[obtained] → evidence #{settling.id}" in text_of(screen, "#wanted"),
            what="resolved, with the evidence that settled it",
        )

        # T: the first trigger, "retire" (the last act: the form opens on "disarm"), with the
        # reason
        await press(pilot, "T")
        assert isinstance(app.screen, TriggerPartScreen)
        act = app.screen.query_one("#act", Select)
        assert act.value == "disarm"
        act.value = "retire"
        app.screen.query_one("#reason", Input).focus()
        await type_text(pilot, "The memo was published on the record")
        await press(pilot, "ctrl+s")
        await until(
            pilot,
            lambda: "retired: The memo was published" in text_of(screen, "#triggers"),
            what="retired, with the reason",
        )

        # K: the second hop, "edit": the actor retyped, the grade changed
        await press(pilot, "K")
        assert isinstance(app.screen, HopPartScreen)
        await press(pilot, "enter", "down", "enter")  # the second hop
        actor = app.screen.query_one("#actor", Input)
        assert actor.value == hop.actor
        actor.focus()
        actor.value = ""
        await type_text(pilot, "Cointelegraph wire desk")
        grade = app.screen.query_one("#grade", Input)
        grade.focus()
        grade.value = ""
        await type_text(pilot, "B2")
        await press(pilot, "ctrl+s")
        await until(
            pilot,
            lambda: "Cointelegraph wire desk (wire) B2" in text_of(screen, "#custody"),
            what="the edited hop in the chain",
        )

        # L: the history, with what each change replaced
        await press(pilot, "L")
        await until(pilot, lambda: isinstance(app.screen, ClaimHistoryScreen), what="history")
        history = str(app.screen.query_one("#history-lines").render())
        assert f"custody hop {hop.id} actor: {hop.actor} → Cointelegraph wire desk" in history
        assert f"custody hop {hop.id} reliability: {hop.reliability} → B" in history
        assert f"revision trigger {trigger.id} state: armed → retired" in history
        assert "state reason: (none) → The memo was published on the record" in history
        assert f"evidence wanted {wanted.id} state: wanted → obtained" in history
        assert f"evidence wanted {wanted.id} evidence id: (none) → {settling.id}" in history
        await press(pilot, "escape")
        await settle(pilot)
    assert verify_desk(sample_path).ok
    with Desk.open(sample_path, reviewer="tester") as desk:
        after = desk.claim(1)
    assert after.evidence_wanted[0].evidence_id == settling.id
    assert after.triggers[0].state_reason == "The memo was published on the record"
    assert after.custody[1].grade == "B2"


async def test_a_retire_without_a_reason_is_refused_on_the_form(
    sample_path: Path, make_app
) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_claim(pilot, 1)
        await press(pilot, "T")
        app.screen.query_one("#act", Select).value = "retire"
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, TriggerPartScreen)  # the form stays open
        assert "the reason is required" in str(app.screen.query_one(".form-error").render())


async def test_t_opens_on_an_act_that_can_be_undone_and_says_what_it_did(
    sample_path: Path, make_app
) -> None:
    """The trigger form used to open on "retire it for good"; it opens on "disarm" now, and
    saving says "Trigger disarmed" in words, not "Trigger: disarm"."""
    app = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_claim(pilot, 1)
        await press(pilot, "T")
        assert isinstance(app.screen, TriggerPartScreen)
        assert app.screen.query_one("#act", Select).value == "disarm"
        await press(pilot, "ctrl+s")
        await until(pilot, lambda: app.screen is screen, what="back on the claim desk")
        await until(
            pilot,
            lambda: any(
                n.message.startswith("Trigger ") and "disarmed" in n.message
                for n in app._notifications
            ),
            what="the notice in words",
        )
        assert "disarmed" in text_of(screen, "#triggers")
