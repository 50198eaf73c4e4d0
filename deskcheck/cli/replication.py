"""`deskcheck replicate` and `deskcheck restore`: a continuous copy of the desk by Litestream,
and the desk brought back from it after a lost disk (arguments and printing only; the work is
in ``deskcheck.work.replication``)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from deskcheck.cli.base import _settings, cli, desk_options
from deskcheck.domain.untrusted import make_visible

REPLICA_HELP = (
    "A folder (on another disk) or s3://bucket/prefix; an S3-compatible store adds"
    " ?endpoint=https://…; credentials come from Litestream's environment variables."
)


@cli.command()
@click.option("--to", "target", required=True, metavar="PATH|s3://BUCKET/PREFIX", help=REPLICA_HELP)
@desk_options
@click.pass_context
def replicate(
    ctx: click.Context, target: str, desk_path: Path | None, reviewer: str | None
) -> None:
    """Copy the desk continuously, with Litestream, until stopped (Ctrl-C or SIGTERM).

    Reviewers keep working meanwhile; the desk leaves its WAL checkpoints to Litestream."""
    from deskcheck.work.replication import Replication, replica_target

    path, _name, _ = _settings(ctx, desk_path, reviewer)
    where = replica_target(target)
    with Replication(path, where) as running:
        click.echo(
            make_visible(f"Replicating {path} to {where.shown} with Litestream; Ctrl-C stops"),
            err=True,
        )
        status = running.wait()
    if status:
        raise click.ClickException(
            f"Litestream stopped with exit status {status}: nothing is being replicated (its"
            " log above says why)"
        )


@cli.command()
@click.option(
    "--from", "source", required=True, metavar="PATH|s3://BUCKET/PREFIX", help=REPLICA_HELP
)
@click.argument("new_path", metavar="NEW_PATH", type=click.Path(path_type=Path, dir_okay=False))
def restore(source: str, new_path: Path) -> None:
    """Bring a replicated desk back into NEW_PATH, then verify it."""
    from deskcheck.work.replication import replica_target
    from deskcheck.work.replication import restore as restore_desk

    restored = restore_desk(replica_target(source), new_path)
    report = restored.report
    chain = report.chain
    assert chain is not None
    click.echo(make_visible(f"Restored {restored.path} from {source}"))
    click.echo(f"head: {restored.head_hash}")
    click.echo(f"head event: {restored.head_seq}, recorded {make_visible(restored.head_at)}")
    integrity = "ok" if report.integrity == ["ok"] else "; ".join(report.integrity)
    click.echo(f"integrity: {make_visible(integrity)}")
    click.echo(f"event chain: {'ok' if chain.ok else 'BROKEN'}, {chain.events} events")
    click.echo("schema: " + ("ok" if not report.schema else f"{len(report.schema)} difference(s)"))
    click.echo(
        "tables against the events: "
        + ("ok" if not report.rows else f"{len(report.rows)} difference(s)")
    )
    if not report.ok:
        click.echo(
            make_visible(
                f"verify found problems: see `deskcheck verify --desk {new_path}`; the desk"
                " was restored as found, nothing was changed"
            ),
            err=True,
        )
        sys.exit(1)
    click.echo("verify: ok")
