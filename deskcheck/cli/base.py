"""The `deskcheck` group and what every command shares: the --desk and --reviewer options,
opening the desk (with the went-back-in-time warning), and one-line errors.

It imports only click at start; the data layer is imported by the commands that need it,
and Textual only when the desk is opened in the terminal UI, so `deskcheck --help` and the
scripting commands start fast.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from deskcheck import __version__
from deskcheck.domain.errors import DeskError
from deskcheck.domain.untrusted import make_visible

if TYPE_CHECKING:
    from deskcheck.data import Desk
    from deskcheck.ui.app import DeskApp

# SQLite's integers are 64-bit: a larger number names no claim, and is said so at the prompt
CLAIM_ID = click.IntRange(1, 2**63 - 1)


class DeskGroup(click.Group):
    """Turns the errors a user can act on into one line on stderr, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DeskError as error:
            # messages may quote outside text (a verdict name, a URL): never raw to a terminal
            raise click.ClickException(make_visible(str(error))) from None
        except sqlite3.Error as error:
            raise click.ClickException(
                f"the desk file could not be used ({error}); check it with `deskcheck verify`"
                " and `deskcheck doctor`, or restore a backup (`deskcheck backup` makes them)"
            ) from None


def desk_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--desk and --reviewer, accepted before or after the command name."""
    command = click.option(
        "--reviewer",
        metavar="NAME",
        help="Who is reviewing [default: $DESKCHECK_REVIEWER, else the OS user].",
    )(command)
    return click.option(
        "--desk",
        "desk_path",
        type=click.Path(path_type=Path, dir_okay=False),
        metavar="PATH",
        help="The desk file [default: $DESKCHECK_DESK, else desk.db in your data directory].",
    )(command)


def with_desk(command: Callable[..., Any]) -> Callable[..., Any]:
    """--desk and --reviewer, and the desk opened for the command: ``command(desk, **options)``
    runs inside the desk's ``with`` (closed, and the head remembered, when it returns)."""

    @desk_options
    @click.pass_context
    @functools.wraps(command)
    def opened(
        ctx: click.Context, desk_path: Path | None, reviewer: str | None, **options: Any
    ) -> Any:
        with open_desk(ctx, desk_path, reviewer) as desk:
            return command(desk, **options)

    return opened


def echo_record(message: str, record: dict[str, Any], as_json: bool) -> None:
    """What an act recorded: one line of words, or with --json the record (through the
    sanitiser like every output: a record holds text from outside)."""
    from deskcheck.domain.untrusted import safe_json

    click.echo(safe_json(record) if as_json else make_visible(message))


def given_reviewer(ctx: click.Context, reviewer: str | None) -> str | None:
    """The --reviewer given before or after the command; an empty one is refused, not
    quietly replaced by the OS user."""
    given = reviewer if reviewer is not None else ctx.find_root().params.get("reviewer")
    if given is not None and not given.strip():
        raise click.BadParameter("a reviewer's name cannot be empty", param_hint="--reviewer")
    return given


def _settings(
    ctx: click.Context, desk_path: Path | None, reviewer: str | None
) -> tuple[Path, str, bool]:
    from deskcheck.work.config import default_desk_path, default_reviewer

    parent = ctx.find_root().params
    chosen = desk_path or parent.get("desk_path")
    name = given_reviewer(ctx, reviewer) or default_reviewer()
    return (chosen or default_desk_path(), name, chosen is None)


def open_desk(ctx: click.Context, desk_path: Path | None, reviewer: str | None) -> Desk:
    """Open the chosen desk; the default desk is seeded from the sample desk on first use."""
    from deskcheck.work.config import copy_sample_desk
    from deskcheck.work.opening import open_desk as open_for

    path, name, is_default = _settings(ctx, desk_path, reviewer)
    if is_default and not path.exists():
        copy_sample_desk(path)
        click.echo(f"Created your desk at {path} from the sample desk.", err=True)
    desk, loss = open_for(path, name)
    if loss is not None:
        _warn(loss)
    ctx.find_root().call_on_close(lambda: remember(path))
    return desk


def _warn(loss: object) -> None:
    click.secho(f"WARNING: {make_visible(str(loss))}", err=True, fg="red", bold=True)


def warn_if_gone_back(path: Path) -> bool:
    """Say loudly when the desk lost the state this reviewer last saw (a lost -wal…)."""
    from deskcheck.work.desk_memory import check

    loss = check(path)
    if loss is not None:
        _warn(loss)
    return loss is not None


def remember(path: Path) -> None:
    from deskcheck.work.opening import remember as remember_head

    remember_head(path)


@click.group(cls=DeskGroup, invoke_without_command=True)
@desk_options
@click.option(
    "--no-images",
    is_flag=True,
    help="Draw no pictures in the desk (also: DESKCHECK_PICTURES=off; or halfblocks).",
)
@click.version_option(__version__, prog_name="deskcheck")
@click.pass_context
def cli(ctx: click.Context, desk_path: Path | None, reviewer: str | None, no_images: bool) -> None:
    """deskcheck: a fact-check desk for the terminal.

    Run without a command to open the desk.
    """
    if ctx.invoked_subcommand is None:
        run_desk_ui(ctx, desk_path, reviewer)


def run_desk_ui(ctx: click.Context, desk_path: Path | None, reviewer: str | None) -> None:
    """Open the review desk in the terminal; without a terminal, print the queue instead."""
    from deskcheck.work.config import (
        configured_reviewer,
        copy_sample_desk,
        default_desk_path,
    )

    parent = ctx.find_root().params
    path = desk_path or parent.get("desk_path") or default_desk_path()
    name = given_reviewer(ctx, reviewer) or configured_reviewer()
    if not (desk_path or parent.get("desk_path")) and not path.exists():
        copy_sample_desk(path)
        click.echo(f"Created your desk at {path} from the sample desk.", err=True)
    # textual-serve runs the desk with its web driver and no terminal: still the UI
    if not sys.stdout.isatty() and not os.environ.get("TEXTUAL_DRIVER"):
        with open_desk(ctx, path, name) as desk:
            from deskcheck.export.plain_text import desk_summary

            click.echo(desk_summary(desk))
        return
    app = desk_app(path, name, pictures=picture_mode(no_images=bool(parent.get("no_images"))))
    summary = app.run()
    if app.crash:  # logged by the app; the terminal gets one line and a failing exit
        click.echo(make_visible(app.crash), err=True)
        sys.exit(1)
    if app.return_code:  # the desk could not be opened, or the app ended on an error
        sys.exit(app.return_code)
    if summary:
        click.echo(summary)


def desk_app(path: Path, reviewer: str | None, *, pictures: str = "halfblocks") -> DeskApp:
    """The review desk on ``path``, after refusing a file it could not open while the
    terminal is still the reviewer's (the error is then one plain line)."""
    from deskcheck.ui.app import DeskApp
    from deskcheck.work.desk_file import check_desk_file

    check_desk_file(path)
    if pictures == "auto":
        # textual-image asks the terminal what it can draw when first imported: now, while
        # the terminal is still ours, not from inside the running app
        import textual_image.widget  # noqa: F401
    return DeskApp(path, reviewer, pictures=pictures)


def picture_mode(*, no_images: bool) -> str:
    """How the desk draws pictures: --no-images, else $DESKCHECK_PICTURES (auto, halfblocks
    or off), else "auto" on the reviewer's own terminal and half-blocks through `serve`
    (the browser's terminal has no Kitty or Sixel graphics)."""
    from deskcheck.ui.app import SERVED_FROM_ENV
    from deskcheck.ui.widgets.picture import PICTURE_MODES, PICTURES_ENV

    if no_images:
        return "off"
    chosen = os.environ.get(PICTURES_ENV, "").strip().lower()
    if chosen in PICTURE_MODES:
        return chosen
    return "halfblocks" if os.environ.get(SERVED_FROM_ENV) else "auto"
