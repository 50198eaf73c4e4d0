"""One registry of keys (deskcheck.ui.keys): the README's keys tables are made from it, every
binding the desk declares comes from it, and the reviewer's keymap is checked against it.

`DESKCHECK_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_readme_keys.py` writes the
README's tables again from the registry (or: `deskcheck keys --markdown`)."""

from __future__ import annotations

import importlib
import os
import pkgutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.binding import Binding
from textual.dom import DOMNode

import deskcheck.ui
from deskcheck.cli import cli
from deskcheck.ui.keys import BY_ID, SECTIONS, split_keys
from deskcheck.ui.keys.keymap import check_keymap
from deskcheck.ui.keys.markdown import in_readme, markdown_tables, with_tables
from deskcheck.work.config import save_reviewer, saved_keymap, saved_reviewer
from tests.conftest import REPO

README = REPO / "README.md"


def test_the_readme_keys_tables_are_the_registry() -> None:
    text = README.read_text(encoding="utf-8")
    if os.environ.get("DESKCHECK_UPDATE_GOLDEN"):
        README.write_text(with_tables(text), encoding="utf-8")
        text = README.read_text(encoding="utf-8")
    assert in_readme(text) == markdown_tables(), (
        "the README's keys tables are not the registry's: run"
        " `DESKCHECK_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_readme_keys.py`"
    )


def test_the_readme_lists_every_key_with_its_id() -> None:
    tables = in_readme(README.read_text(encoding="utf-8"))
    for key in BY_ID.values():
        if key.action is not None and not key.fixed:
            assert f"`{key.id}`" in tables, key.id
    assert "| `/` | full-text search" in tables  # keys as typed, not Textual's names
    assert "slash" not in tables and "question_mark" not in tables


def declared_bindings() -> list[tuple[str, Binding]]:
    """Every binding a deskcheck screen, dialog or widget declares (its own BINDINGS)."""
    for module in pkgutil.walk_packages(deskcheck.ui.__path__, "deskcheck.ui."):
        if ".serve" not in module.name:
            importlib.import_module(module.name)
    found: list[tuple[str, Binding]] = []
    stack = [DOMNode]
    seen: set[type] = set()
    while stack:
        cls = stack.pop()
        for sub in cls.__subclasses__():
            if sub in seen:
                continue
            seen.add(sub)
            stack.append(sub)
            if sub.__module__.startswith("deskcheck."):
                found += [
                    (sub.__qualname__, b)
                    for b in sub.__dict__.get("BINDINGS", [])
                    if isinstance(b, Binding)
                ]
    return found


def test_the_readme_keymap_example_is_one_the_desk_takes() -> None:
    import tomllib

    text = README.read_text(encoding="utf-8")
    example = text.split("\n### Moving keys", 1)[1].split("```toml\n", 1)[1].split("```", 1)[0]
    keymap = check_keymap(tomllib.loads(example)["keymap"])
    assert keymap.problems == []
    assert keymap.keys == {
        "desk.decide": "ctrl+d",
        "queue.search": "slash,ctrl+k",
        "matrix.transpose": "t",
    }


def test_every_binding_the_desk_declares_comes_from_the_registry() -> None:
    declared = declared_bindings()
    assert len(declared) > 100
    for owner, binding in declared:
        assert binding.id in BY_ID, f"{owner}: {binding.key} → {binding.action} has no id"
        key = BY_ID[binding.id]
        assert (binding.key, binding.action, binding.description, binding.show) == (
            key.keys,
            key.action,
            key.label,
            key.show,
        ), owner
    bound = {binding.id for _, binding in declared}
    listed = {k.id for k in BY_ID.values() if k.action is not None}
    assert listed - bound == set(), "registry entries no screen binds"


def test_ids_are_unique_and_keys_never_collide_on_a_screen() -> None:
    entries = [key for section in SECTIONS for key in section.keys]
    by_id: dict[str, object] = {}
    for key in entries:
        assert by_id.setdefault(key.id, key) is key, f"two keys are called {key.id}"
    for section in SECTIONS:
        taken: dict[str, str] = {}
        for key in section.keys:
            for typed in split_keys(key.keys):
                assert taken.setdefault(typed, key.id) == key.id, (section.name, typed)


# -- the reviewer's keymap ---------------------------------------------------------------------


def test_a_keymap_moves_keys_by_id_written_either_way() -> None:
    keymap = check_keymap(
        {
            "desk.decide": "ctrl+d",
            "queue": {"filter": "v", "search": ["slash", "ctrl+k"]},  # [keymap.queue], dotted
        }
    )
    assert keymap.problems == []
    assert keymap.keys == {
        "desk.decide": "ctrl+d",
        "queue.filter": "v",
        "queue.search": "slash,ctrl+k",
    }


def test_keys_are_read_as_a_reviewer_writes_them() -> None:
    keymap = check_keymap({"queue.filter": "shift+v", "queue.sort": ",", "desk.decide": "?"})
    assert keymap.problems == ['desk.decide = ?: ? is already "Help" (help) on the claim desk']
    assert keymap.keys["queue.filter"] == "V"  # the key Textual sees for shift+v
    assert keymap.keys["queue.sort"] == "comma"


def test_a_keymap_never_raises_whatever_it_holds() -> None:
    import random

    pieces = [*"aZ,+ _-/?\\\x1b\x00\n[]ü😀", "ctrl", "shift", "f1", "space", "comma", "slash"]
    ids = list(BY_ID)
    chance = random.Random(24)
    for _ in range(3000):
        value = "".join(chance.choice(pieces) for _ in range(chance.randint(0, 6)))
        keymap = check_keymap({chance.choice(ids): value})
        assert all("\x1b" not in problem for problem in keymap.problems)


def test_two_keys_can_swap() -> None:
    keymap = check_keymap({"queue.filter": "s", "queue.sort": "f"})
    assert keymap.problems == [] and keymap.keys == {"queue.filter": "s", "queue.sort": "f"}


@pytest.mark.parametrize(
    ("table", "said"),
    [
        ({"queue.serch": "v"}, 'no key is called "queue.serch"'),
        ({"queue.filter": 3}, "queue.filter: a key is text"),
        ({"queue.filter": True}, "(this is true/false)"),
        ({"queue.filter": {"deeper": "v"}}, 'no key is called "queue.filter.deeper"'),
        ({"queue.filter": [1, 2]}, "(this is a list)"),
        ({"queue.filter": ""}, 'queue.filter: "" is no key'),
        ({"queue.filter": "j"}, 'j is already "Down" (queue.down) on the queue'),
        ({"queue.filter": "n"}, "queue.filter = n: n is already"),
        ({"desk.decide": "tab"}, "tab is Textual's own"),
        ({"desk.decide": "down"}, "↓ is Textual's own"),
        ({"commands": "d"}, 'd is already "Decision" (desk.decide) on the claim desk'),
        ({"form.save": "ctrl+d"}, "ctrl+d is a text field's own"),
        ({"viewer.close": "ctrl+d"}, "viewer.close cannot be moved"),
        ({"pane.next": "ctrl+d"}, "pane.next cannot be moved"),
        ({"queue.filter": "v,w,x,y,z"}, "more than 4 keys"),
        ({"queue.filter": "ctrl+"}, 'queue.filter: "ctrl+" is no key'),
        ({"queue.filter": "hyperdrive+x"}, "is no key"),
        ({"queue.filter": "notakey"}, '"notakey" is no key'),
        ({"queue.filter": "v v"}, '"v v" is no key'),
    ],
)
def test_a_bad_entry_is_left_out_with_the_reason(table: object, said: str) -> None:
    keymap = check_keymap(table)
    assert keymap.keys == {}
    assert len(keymap.problems) == 1 and said in keymap.problems[0], keymap.problems


def test_of_two_keys_moved_to_one_key_the_later_is_left_out() -> None:
    keymap = check_keymap({"queue.filter": "v", "queue.sort": "v"})
    assert keymap.keys == {"queue.filter": "v"}
    assert 'queue.sort = v: v is already "Filter" (queue.filter)' in keymap.problems[0]


def test_hostile_text_in_a_keymap_is_named_visibly_and_briefly() -> None:
    hostile = {
        "[b]bold[/b]": "v",
        "\x1b[31mred": "v",
        "queue.filter": "\x1b[2J",
        "queue.sort": "x" * 100_000,
        "queue.search": "\u202eevil",
        "x" * 100_000: "v",
    }
    keymap = check_keymap(hostile)
    assert keymap.keys == {}
    assert len(keymap.problems) == 6
    for problem in keymap.problems:
        assert "\x1b" not in problem and "\u202e" not in problem
        assert len(problem) < 200
    assert '"[b]bold[/b]"' in keymap.problems[0]  # as written, never markup


def test_a_keymap_that_is_not_a_table_is_left_out() -> None:
    assert "is a table of id" in check_keymap("ctrl+d").problems[0]
    assert check_keymap(None).problems == []
    many = {f"nothing.{n}": "v" for n in range(1000)}
    assert check_keymap(many).problems == ["1000 entries: more than 500, none read"]


def test_the_config_file_is_read_whatever_it_holds(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    assert saved_keymap(config) == (None, None)  # no file: no keymap, nothing wrong
    config.write_text('reviewer = "ana"\n[keymap]\ndesk.decide = "ctrl+d"\n', encoding="utf-8")
    assert saved_keymap(config) == ({"desk": {"decide": "ctrl+d"}}, None)
    config.write_text("[keymap\n", encoding="utf-8")
    assert "config.toml is not TOML" in str(saved_keymap(config)[1])
    config.write_bytes(b"\xff\xfe[keymap]")
    assert "could not be read" in str(saved_keymap(config)[1])
    config.write_text("a = " + "[" * 100_000 + "]" * 100_000, encoding="utf-8")
    assert saved_keymap(config)[1] is not None  # too deep: refused, never a traceback
    config.write_text("# " + "x" * 2_000_000, encoding="utf-8")
    assert "larger than 1 MB" in str(saved_keymap(config)[1])


def test_saving_the_reviewer_keeps_the_keymap(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('reviewer = "ana"\n\n[keymap]\n"desk.decide" = "ctrl+d"\n', encoding="utf-8")
    save_reviewer("tomas", config)
    assert saved_reviewer(config) == "tomas"
    assert saved_keymap(config) == ({"desk.decide": "ctrl+d"}, None)


def test_deskcheck_keys_lists_every_key_and_what_the_keymap_left_out(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(
        '[keymap]\nqueue.filter = "v"\n"\\u001b[31m" = "x"\nqueue.sort = "j"\n', encoding="utf-8"
    )
    result = CliRunner().invoke(cli, ["keys", "--config", str(config)])
    assert result.exit_code == 1
    assert "queue.filter" in result.output and "(moved by your keymap)" in result.output
    lines = result.output.splitlines()
    assert any(line.split()[:2] == ["v", "queue.filter"] for line in lines)
    assert any(line.split()[:2] == ["s", "queue.sort"] for line in lines)  # left as it was
    assert "\x1b" not in result.output
    assert 'no key is called "␛[31m"' in result.output or "no key is called" in result.output
    assert 'j is already "Down"' in result.output


def test_deskcheck_keys_markdown_is_the_readme_tables() -> None:
    result = CliRunner().invoke(cli, ["keys", "--markdown"])
    assert result.exit_code == 0
    assert result.output == markdown_tables()
