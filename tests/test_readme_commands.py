"""The README's commands table and the command line agree, both ways (as sqlite-utils checks
its docs): every command and every option is in the table, on the row of its command, and
every command the table names exists."""

from __future__ import annotations

import re

import click
import pytest

from deskcheck.cli import cli
from tests.conftest import REPO

SHARED = {"--desk", "--reviewer", "--help"}  # every command has them; the README says so once
OPTION = re.compile(r"(?<![\w-])(--[a-z][a-z-]*|-[a-zA-Z])\b")


def commands_table() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Commands\n", 1)[1].split("\n## ", 1)[0]
    return [line for line in section.splitlines() if line.startswith("| `deskcheck")]


def named_in(row: str) -> set[str]:
    """The command paths a row's first cell names: `deskcheck hop edit\\|move ID` names
    ``hop edit`` and ``hop move``; `a` / `b` names both."""
    first = row.split("` |", 1)[0]
    names: set[str] = set()
    for part in re.findall(r"`deskcheck([^`]*)`", first + "`"):
        words = part.replace("\\|", "|").split()
        group = words[0] if words else ""
        if group in cli.commands and isinstance(cli.commands[group], click.Group):  # type: ignore[attr-defined]
            for sub in (words[1] if len(words) > 1 else "").split("|"):
                names.add(f"{group} {sub}".strip())
        else:
            names.add(group)
    return names


def leaves(group: click.Group, prefix: str = "") -> dict[str, click.Command]:
    found: dict[str, click.Command] = {}
    for name, command in group.commands.items():
        path = f"{prefix}{name}"
        if command.hidden:  # a maintainer's command (build-sample), not the user's
            continue
        if isinstance(command, click.Group):
            found |= leaves(command, path + " ")
        else:
            found[path] = command
    return found


COMMANDS = leaves(cli)  # type: ignore[arg-type]


def rows_naming(path: str) -> list[str]:
    return [row for row in commands_table() if path in named_in(row)]


@pytest.mark.parametrize("path", sorted(COMMANDS))
def test_every_command_and_its_options_are_in_the_readme(path: str) -> None:
    rows = rows_naming(path)
    assert rows, f"`deskcheck {path}` is not in the README's commands table"
    documented = {option for row in rows for option in OPTION.findall(row)}
    # an option is documented by any of its spellings: -o for --output, --catch-all for
    # --catch-all/--not-catch-all
    missing = sorted(
        param.opts[-1]
        for param in COMMANDS[path].params
        if isinstance(param, click.Option)
        and not set(param.opts + param.secondary_opts) & (documented | SHARED)
    )
    assert not missing, f"`deskcheck {path}`: {', '.join(missing)} not on its README row"


def test_every_command_the_readme_names_exists() -> None:
    named = set().union(*(named_in(row) for row in commands_table())) - {""}
    unknown = sorted(n for n in named if n not in COMMANDS)
    assert not unknown, f"the README names commands deskcheck does not have: {unknown}"
