"""Typing straight on, as fast as a terminal delivers keys: a decision recorded at 80×24 by
keyboard alone, with every key sent before the screen has caught up — none is lost and
none lands in the wrong widget — and read back with `deskcheck show --json`."""

from __future__ import annotations

import json
from pathlib import Path

from textual import events
from textual.app import App
from textual.keys import _character_to_key

from deskcheck.ui.screens.claim_desk import ClaimDeskScreen
from tests.conftest import run_process
from tests.ui.conftest import settle, until
from tests.ui.test_claim_desk_screen import open_claim


def send_all_at_once(app: App, *keys: str) -> None:
    """Keys as a terminal delivers them to a busy app: all queued before any is handled.
    A key is a key name ("enter", "ctrl+s") or text to type, one key per character."""
    for item in keys:
        names = [item] if item in {"enter", "tab", "ctrl+s", "down"} else list(item)
        for name in names:
            character = name if len(name) == 1 else None
            key = events.Key(_character_to_key(name) if character else name, character)
            key.set_sender(app)
            app.post_message(key)


def decisions_shown(desk: Path) -> list[dict]:
    shown = run_process("show", "1", "--json", "--desk", str(desk))
    assert shown.returncode == 0, shown.stderr
    return json.loads(shown.stdout)["decisions"]


async def test_a_decision_typed_straight_on_at_80_by_24_loses_no_key(
    sample_path: Path, make_app
) -> None:
    rationale = "Agreed: still a lead; no memo yet"
    app = make_app(sample_path, reviewer="ines")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_claim(pilot, 1)
        # d opens the form; 2 picks "unverified" as the form opens; enter moves on to the
        # rationale; the letters follow at once; tab, down: confidence high; ctrl+s records
        send_all_at_once(app, "d", "2", "enter", rationale, "tab", "down", "ctrl+s")
        await until(
            pilot,
            lambda: (
                app.screen is screen
                and "unverified · high" in str(screen.query_one("#decisions").render())
            ),
            what="the decision typed ahead to be recorded",
        )
        await settle(pilot)
    latest = decisions_shown(sample_path)[0]
    assert (latest["verdict"], latest["reviewer"], latest["confidence"]) == (
        "unverified",
        "ines",
        "high",
    )
    assert latest["rationale"] == rationale
    assert isinstance(screen, ClaimDeskScreen)


async def test_keys_held_while_a_look_was_lost_are_still_handed_on(
    sample_path: Path, make_app
) -> None:
    """The gate hands a held key on when it looks again. Once, under load, a look asked for
    never came, and each further key typed released only one held character: the text
    stayed short until the reviewer typed more. A look lost that way is now asked again."""
    from textual.widgets import TextArea

    app = make_app(sample_path, reviewer="ines")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_claim(pilot, 1)
        await pilot.press("d")
        await until(pilot, lambda: app.screen is not screen, what="the decision form")
        await until(pilot, lambda: app.screen.is_mounted, what="the form mounted")
        app.screen.query_one("#rationale", TextArea).focus()
        await settle(pilot)
        app._look_pending = True  # a look asked for that never comes
        app._look_asked_at = 0.0
        send_all_at_once(app, "a lost look")
        rationale = app.screen.query_one("#rationale", TextArea)
        await until(
            pilot,
            lambda: rationale.text == "a lost look",
            seconds=3,
            what=f"every typed key in the rationale (it has {rationale.text!r})",
        )


async def test_a_comment_typed_on_past_ctrl_s_while_another_process_writes_loses_nothing(
    sample_path: Path, make_app
) -> None:
    """ctrl+s, then the next words without a pause, while another reviewer's process writes
    the same claim: the form stays open until the comment is recorded, so every key after
    ctrl+s goes into it; the "changed meanwhile" question takes no key typed before it
    appeared; no key reaches the desk behind; "look first" keeps the whole text."""
    from textual.widgets import TextArea

    from deskcheck.data import Desk
    from deskcheck.ui.dialogs.meanwhile import MeanwhileScreen
    from deskcheck.ui.dialogs.workflow import CommentScreen

    def desk_state() -> tuple[int, int, int, int]:
        with Desk.open(sample_path, reviewer="check") as desk:
            claim = desk.claim(1)
            return (
                len(claim.decisions),
                len(claim.triggers),
                len(claim.evidence_wanted),
                len(claim.interpretations),
            )

    before = desk_state()
    app = make_app(sample_path, reviewer="ines")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_claim(pilot, 1)
        send_all_at_once(app, "C", "The memo is still missing")
        await until(pilot, lambda: isinstance(app.screen, CommentScreen), what="the form")
        form = app.screen
        other = run_process(
            "comment", "1", "Tomas was here", "--desk", str(sample_path), "--reviewer", "tomas"
        )
        assert other.returncode == 0, other.stderr
        # every letter of the words after ctrl+s is a key of the desk or of the dialog
        typed_on = ", and the wire named nobody; ask tomas"
        send_all_at_once(app, "ctrl+s", typed_on)
        await until(pilot, lambda: isinstance(app.screen, MeanwhileScreen), what="the question")
        body = form.query_one("#body", TextArea)
        await until(
            pilot,
            lambda: body.text == "The memo is still missing" + typed_on,
            what=f"every key typed on in the comment (it has {body.text!r})",
            seconds=30,  # each key waits for the one before: under load, ~40 keys take a while
        )
        await settle(pilot)
        assert isinstance(app.screen, MeanwhileScreen)  # the "n" typed on answered nothing
        assert app.screen_stack[-3:] == [screen, form, app.screen]
        await pilot.press("n")  # look first
        await until(pilot, lambda: app.screen is form, what="back on the form, text kept")
        assert body.text == "The memo is still missing" + typed_on
        assert "kept" in str(form.query_one(".form-error").render())
        await pilot.press("ctrl+s")
        await until(pilot, lambda: app.screen is screen, what="the comment recorded")
        await settle(pilot)
    assert desk_state() == before  # no desk key fired: nothing else was recorded
    with Desk.open(sample_path, reviewer="check") as desk:
        said = [c.body for c in desk.claim(1).comments]
    assert said.count("The memo is still missing" + typed_on) == 1
    assert "Tomas was here" in said
