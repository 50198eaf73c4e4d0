"""`deskcheck keys`: every key of the desk, its id for the keymap, and what the reviewer's
keymap (``[keymap]`` in config.toml) moved or could not."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from deskcheck.cli.base import cli
from deskcheck.domain.untrusted import make_visible


@cli.command()
@click.option("--markdown", is_flag=True, help="The README's keys tables, as Markdown.")
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path, dir_okay=False),
    metavar="FILE",
    help="The config file whose [keymap] to apply [default: config.toml in your config directory].",
)
def keys(markdown: bool, config_path: Path | None) -> None:
    """Every key, screen by screen: the key, its keymap id and what it does."""
    from deskcheck.ui.keys import SECTIONS, keys_in_use, shown_key
    from deskcheck.ui.keys.keymap import check_keymap
    from deskcheck.ui.keys.markdown import markdown_tables
    from deskcheck.work.config import config_file, saved_keymap

    if markdown:  # the defaults: what the README documents
        click.echo(markdown_tables(), nl=False)
        return
    path = config_path or config_file()
    table, unread = saved_keymap(path)
    keymap = check_keymap(table)
    problems = [unread, *keymap.problems] if unread else keymap.problems
    for section in SECTIONS:
        click.echo(f"{section.heading}:")
        for key in section.keys:
            typed = " ".join(shown_key(k) for k in keys_in_use(key, keymap.keys))
            moved = " (moved by your keymap)" if key.id in keymap.keys else ""
            movable = "" if key.action and not key.fixed else " (fixed)"
            click.echo(f"  {typed:<18} {key.id:<28} {key.label}{moved}{movable}")
    if problems:
        click.echo(f"\nNot applied from {make_visible(str(path))}:", err=True)
        for problem in problems:
            click.echo(f"  {make_visible(problem)}", err=True)
        sys.exit(1)
