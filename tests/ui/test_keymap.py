"""The reviewer's keymap ([keymap] in config.toml) on the running desk: a moved key acts
and its old key does not; footer, help and palette show the move; a bad keymap is said in
one line and the desk opens all the same. And help lists every key of the registry."""

from __future__ import annotations

from pathlib import Path

import pytest

from deskcheck.ui.dialogs.decision import DecisionScreen
from deskcheck.ui.dialogs.filters import FilterScreen
from deskcheck.ui.dialogs.help import HelpScreen, HelpText
from deskcheck.ui.keys import BY_NAME, plain, rows
from deskcheck.ui.screens.claim_desk import ClaimDeskScreen
from deskcheck.ui.screens.queue import QueueScreen
from deskcheck.ui.widgets.claim_table import ClaimTable
from deskcheck.ui.widgets.key_bar import KeyBar
from tests.ui.conftest import press, settle, until


def write_config(sample_path: Path, text: str) -> None:
    # make_app's config file: beside the desk, in the test's own directory
    (sample_path.parent / "config.toml").write_text(text, encoding="utf-8")


def warnings(app) -> list[str]:
    return [str(n.message) for n in app._notifications if n.severity == "warning"]


async def test_a_keymap_moves_a_key_the_old_one_stops(sample_path: Path, make_app) -> None:
    write_config(sample_path, '[keymap]\nqueue.filter = "v"\n"desk.decide" = "ctrl+d"\n')
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        assert warnings(app) == []
        assert " v Filter " in str(app.screen.query_one(KeyBar).render())
        await press(pilot, "f")
        assert isinstance(app.screen, QueueScreen)  # f no longer filters
        await press(pilot, "v")
        assert isinstance(app.screen, FilterScreen)
        await press(pilot, "escape")
        commands = {c.title: c.help for c in app.get_system_commands(app.screen)}
        assert commands["Filter"].startswith("key: v ·")

        await press(pilot, "enter")
        assert isinstance(app.screen, ClaimDeskScreen)
        await press(pilot, "d")
        assert not isinstance(app.screen, DecisionScreen)
        await press(pilot, "ctrl+d")
        assert isinstance(app.screen, DecisionScreen)
        await press(pilot, "escape")
        await press(pilot, "question_mark")
        text = " ".join(app.screen.query_one(HelpText).content.plain.split())
        assert "ctrl+d record a decision" in text
        assert "v filter by status" in text


HOSTILE = r"""reviewer = "tester"
[keymap]
queue.filter = "v"
"\u001b[31mred" = "x"
queue.sort = "j"
queue.search = 3
"[b]bold[/b]" = "[i]x[/i]"
queue.new-claim = "\u001b[2J"
queue.feeds = "%s"
"queue.ingest" = ["ctrl+o", 7]
""" % ("y" * 50_000)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_bad_keymap_is_said_in_one_line_and_the_desk_opens(
    sample_path: Path, make_app, size: tuple[int, int]
) -> None:
    write_config(sample_path, HOSTILE)
    app = make_app(sample_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        said = warnings(app)
        assert len(said) == 1
        line = said[0]
        assert line.startswith("Keymap in config.toml: ")
        assert "(and 6 more)" in line and "`deskcheck keys` lists every key" in line
        assert "\n" not in line and "\x1b" not in line and len(line) < 300
        # what was right still moved; what was wrong left the key where it was
        await press(pilot, "v")
        assert isinstance(app.screen, FilterScreen)
        await press(pilot, "escape")
        table = app.screen.query_one(ClaimTable)
        before = table.cursor
        await press(pilot, "j")
        assert table.cursor == before + 1  # j still moves: the sort did not take it
        assert app.crash is None


async def test_a_config_file_that_is_not_toml_is_said_and_the_desk_opens(
    sample_path: Path, make_app
) -> None:
    write_config(sample_path, "[keymap\nqueue.filter = 'v'\n")
    app = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        await until(pilot, lambda: warnings(app), what="the keymap's notice")
        assert "config.toml is not TOML" in warnings(app)[0]
        await press(pilot, "f")
        assert isinstance(app.screen, FilterScreen)  # the keys as they come


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_help_lists_every_key_of_every_screen(
    sample_path: Path, make_app, size: tuple[int, int]
) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(app.screen.query_one(HelpText).content.plain.split())
        assert text.index("Keys on the claim desk") < text.index("Keys on the queue")
        for name in ("queue", "desk", "matrix", "feeds", "form", "viewer", "app"):
            for entries, typed in rows(BY_NAME[name]):
                line = " ".join([*typed, *plain(entries[0].words).split()])
                assert line in text, line


async def test_a_keymap_moves_the_forms_save_and_cancel_and_their_keys_line_says_so(
    sample_path: Path, make_app
) -> None:
    """A newsroom whose terminals take ctrl+s (flow control) moves save: every form's keys
    line names the new keys, the new key records, and ctrl+s and escape no longer act."""
    from deskcheck.data import Desk
    from deskcheck.ui.dialogs.workflow import CommentScreen

    write_config(sample_path, '[keymap]\n"form.save" = "f3"\n"form.cancel" = "f2"\n')
    app = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert warnings(app) == []
        await press(pilot, "g", "enter")
        assert isinstance(app.screen, ClaimDeskScreen)
        claim_id = app.screen.claim_id
        await press(pilot, "C")
        form = app.screen
        assert isinstance(form, CommentScreen)
        keys_line = str(form.query_one("#form-keys").render())
        assert "f3: add" in keys_line and "f2: cancel" in keys_line
        assert "ctrl+s" not in keys_line and "escape" not in keys_line
        await pilot.press(*"moved keys work")
        await press(pilot, "ctrl+s", "escape")
        assert app.screen is form  # neither saves nor leaves now
        await press(pilot, "f3")
        await until(pilot, lambda: not isinstance(app.screen, CommentScreen), what="saved")
        await settle(pilot)
    with Desk.open(sample_path, reviewer="tester") as desk:
        comments = [c.body for c in desk.claim(claim_id).comments]
    assert "moved keys work" in comments


def test_a_dialog_key_its_text_names_still_cannot_be_moved() -> None:
    from deskcheck.ui.keys.keymap import check_keymap

    keymap = check_keymap({"preview.publish": "p", "form.save": "f3"})
    assert keymap.keys == {"form.save": "f3"}
    assert any("preview.publish cannot be moved" in p for p in keymap.problems)


def test_a_form_key_moved_onto_a_text_fields_own_key_is_left_out() -> None:
    """ctrl+w deletes a word in a text field: as save, it would never reach the form."""
    from deskcheck.ui.keys.keymap import check_keymap

    keymap = check_keymap({"form.save": "ctrl+w", "form.cancel": "ctrl+a"})
    assert keymap.keys == {}
    assert any("form.save = ctrl+w: ctrl+w is a text field's own" in p for p in keymap.problems)
    assert any("form.cancel = ctrl+a" in p for p in keymap.problems)
