"""Claims that try markup, escape sequences and invisible characters are shown as data."""

from __future__ import annotations

import html
from pathlib import Path

import pytest

from deskcheck.data import Desk
from deskcheck.ui.screens.claim_desk import ClaimDeskScreen
from deskcheck.ui.screens.queue import QueueScreen
from tests.ui.conftest import press, settle, until

HOSTILE = (
    "[@click=app.quit]x[/] [bold red]loud[/] \x1b]52;c;aGk=\x07 \x1b[2J \x9b31m"
    " \u202eevil\u202c zero\u200bwidth"
)


@pytest.fixture
def hostile_desk(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.db"
    with Desk.open(path, reviewer="feed", create=True) as desk:
        claim = desk.add_claim(HOSTILE, origin_url="https://x.example/\x1b[31m")
        desk.add_custody_hop(claim, "[@click=app.quit]hop \x1b]52;c;aGk=\x07", "social")
        interpretation = desk.add_interpretation(
            claim, "[b]label[/b]", HOSTILE, implications=HOSTILE
        )
        evidence = desk.add_evidence(claim, HOSTILE, url="https://e.example/", excerpt=HOSTILE)
        desk.assess(evidence, interpretation, "C", HOSTILE)
        desk.want_evidence(claim, HOSTILE)
        desk.decide(claim, "lead", HOSTILE)
        desk.add_revision_note(claim, "update", HOSTILE, what_was_wrong=HOSTILE)
        desk.add_trigger(claim, HOSTILE, url="https://t.example/\x9b")
    return path


def screen_text(app) -> str:
    """What the terminal would show, from the app's own SVG screenshot."""
    return html.unescape(app.export_screenshot()).replace("\xa0", " ")


def assert_shown_as_data(svg: str) -> None:
    assert "\x1b" not in svg
    assert not any(0x80 <= ord(c) <= 0x9F for c in svg)
    assert "\u202e" not in svg and "\u200b" not in svg
    assert "[@click=app.quit]x[/]" in svg
    assert "[bold red]loud[/]" in svg
    assert "␛]52;c;aGk=␇" in svg
    assert "⟨U+009B⟩31m" in svg
    assert "⟨RLO⟩evil⟨PDF⟩" in svg
    assert "zero⟨ZWSP⟩width" in svg


async def test_every_screen_shows_hostile_text_literally(hostile_desk: Path, make_app) -> None:
    app = make_app(hostile_desk)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        assert_shown_as_data(screen_text(app))
        await press(pilot, "enter")
        assert isinstance(app.screen, ClaimDeskScreen)
        svg = screen_text(app)
        assert_shown_as_data(svg)
        assert "[@click=app.quit]hop" in svg
        assert "[b]label[/b]" in svg
        assert "contains hidden or bidirectional Unicode characters" in svg


async def test_clicking_the_claim_text_in_the_queue_runs_no_action(
    hostile_desk: Path, make_app
) -> None:
    app = make_app(hostile_desk)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        for x in range(50, 80, 3):  # across the claim text of the queue row
            await pilot.click("ClaimTable", offset=(x, 0))
        await settle(pilot)
        assert app.is_running
        assert isinstance(app.screen, QueueScreen)


async def test_clicking_the_text_on_the_claim_desk_runs_no_action(
    hostile_desk: Path, make_app
) -> None:
    app = make_app(hostile_desk)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, ClaimDeskScreen)
        for y in range(0, 3):
            for x in range(0, 40, 4):
                await pilot.click("#claim-header", offset=(x, y))
        await pilot.click("#decisions", offset=(2, 2))
        await settle(pilot)
        assert app.is_running
        assert isinstance(app.screen, ClaimDeskScreen)


async def test_hostile_titles_in_form_choices_are_literal(hostile_desk: Path, make_app) -> None:
    """The "derives from" choices list evidence titles: still data, not markup."""
    app = make_app(hostile_desk)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "a")
        app.screen.query_one("#derived_from").focus()
        await press(pilot, "enter")  # open the list of choices
        shown = screen_text(app)
        # parsed as markup, the brackets would vanish and "x" would become a live link
        assert "evidence #1: [@click=app.quit]x[/]" in shown
        assert "\x1b" not in shown
        await press(pilot, "escape", "escape")
        assert app.is_running


async def test_hostile_verdict_and_reviewer_names_are_shown_as_data(
    sample_path: Path, make_app
) -> None:
    """A verdict or reviewer name with escape sequences (from an old bundle, or sqlite3)
    reaches the queue and the claim desk only through the sanitiser."""
    from tests.test_names import plant_hostile_names

    plant_hostile_names(sample_path)
    app = make_app(sample_path)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)  # all twelve claims fit on the screen
        svg = screen_text(app)
        assert "\x1b" not in svg and not any(0x80 <= ord(c) <= 0x9F for c in svg)
        assert "evil␛]" in svg  # the verdict column shows the first characters
        app.push_screen(ClaimDeskScreen(2))
        await until(pilot, lambda: "mal␛[31mory" in screen_text(app), what="claim 2's decision")
        svg = screen_text(app)
        assert "\x1b" not in svg and not any(0x80 <= ord(c) <= 0x9F for c in svg)
        assert "evil␛]52;c;aGk=␇␛[2J⟨U+009B⟩31m" in svg


def assert_no_terminal_controls(shown: str) -> None:
    assert "\x1b" not in shown and "\x07" not in shown
    assert not any(0x80 <= ord(c) <= 0x9F for c in shown)
    assert "\u202e" not in shown and "\u200b" not in shown


@pytest.mark.parametrize(
    ("key", "what"),
    [
        ("e", "Evidence"),  # the item's title and excerpt, as recorded
        ("E", "Short name"),  # the interpretation's statement and implications
        ("W", "Evidence wanted"),  # the description, to edit
        ("T", "Revision trigger"),  # the trigger's condition, to edit
        ("K", "Custody hop"),  # the hop's actor, to edit
    ],
)
async def test_forms_that_edit_recorded_text_send_no_controls_to_the_terminal(
    hostile_desk: Path, make_app, key: str, what: str
) -> None:
    """An edit form fills its fields with the text as recorded (a page's title, a feed
    author's name); drawn raw, an ESC in it reached the terminal (through `serve`, the
    browser's): ``ESC[2J`` cleared it and OSC 52 wrote the reviewer's clipboard."""
    app = make_app(hostile_desk)
    async with app.run_test(size=(200, 50)) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        assert isinstance(app.screen, ClaimDeskScreen)
        await press(pilot, key)
        await until(pilot, lambda: what in screen_text(app), what=f"the form of {key}")
        shown = screen_text(app)
        assert_no_terminal_controls(shown)
        assert "␛]52;c;aGk=␇" in shown  # the text is there, its controls made visible
