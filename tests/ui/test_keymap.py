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
