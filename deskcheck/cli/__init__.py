"""The `deskcheck` command: one module per subject, each registering its commands on the
group in ``base``. ``main`` is the console script."""

from __future__ import annotations

import sys

import click

from deskcheck.cli import (  # noqa: F401  (each registers its commands on `cli`)
    claim_parts,
    claims,
    desk_file,
    desk_work,
    exchange,
    exports,
    feeds,
    keys,
    publishing,
    recorded_parts,
    replication,
    sources,
)
from deskcheck.cli.base import cli, desk_app
from deskcheck.domain.untrusted import make_visible

__all__ = ["cli", "desk_app", "main"]


def main() -> None:
    try:
        cli(prog_name="deskcheck")
    except Exception as error:  # an error nobody foresaw: never exit 0, never a traceback
        from deskcheck.work.errorlog import log_exception, one_line

        path = log_exception(error, " ".join(sys.argv))
        click.echo(make_visible(one_line(error, path)), err=True)
        sys.exit(1)
