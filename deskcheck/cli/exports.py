"""Commands that write files for others: export, publish, archive."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from deskcheck.cli.base import CLAIM_ID, cli, desk_options, open_desk
from deskcheck.domain.errors import DeskError
from deskcheck.domain.untrusted import make_visible

if TYPE_CHECKING:
    pass


@cli.command()
@click.argument("claim_ids", metavar="[CLAIM]...", nargs=-1, type=CLAIM_ID)
@click.option(
    "--format",
    "format_",
    type=click.Choice(("markdown", "claimreview", "json", "csv")),
    default="markdown",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write here instead of standard output.",
)
@click.option("--force", is_flag=True, help="ClaimReview even for a verdict with no rating.")
@click.option("--replace", is_flag=True, help="Replace the output file if it exists.")
@click.option("--notes", is_flag=True, help="With --format csv: revision notes, not decisions.")
@click.option(
    "--unconfirmed",
    is_flag=True,
    help="ClaimReview even for a decision the two-person rule has not confirmed yet.",
)
@desk_options
@click.pass_context
def export(
    ctx: click.Context,
    claim_ids: tuple[int, ...],
    format_: str,
    output: Path | None,
    force: bool,
    replace: bool,
    notes: bool,
    unconfirmed: bool,
    desk_path: Path | None,
    reviewer: str | None,
) -> None:
    """Export claims: a Markdown desk note, ClaimReview JSON-LD, CSV; or the whole desk as a
    JSON bundle (--format json). The desk note is the desk's internal record; `deskcheck
    publish` writes the fact-check for readers, `deskcheck archive` the evidence snapshots
    as a WARC file."""
    from deskcheck.work.exports import export_bundle, export_claims, write_file

    if notes and format_ != "csv":  # else the decisions' desk notes come out, not the notes
        raise click.UsageError("--notes goes with --format csv: revision notes as CSV")
    with open_desk(ctx, desk_path, reviewer) as desk:
        if format_ == "json":
            if claim_ids:
                raise DeskError("a bundle is the whole desk: give no claim numbers")
            made = export_bundle(desk)
        else:
            made = export_claims(
                desk, list(claim_ids), format_, force=force, notes=notes, unconfirmed=unconfirmed
            )
    for problem in made.problems:
        click.echo(make_visible(problem), err=True)
    if output and str(output) != "-":
        written = write_file(output.expanduser(), made.text, replace=replace)
        click.echo(make_visible(f"Wrote {written}"))
    else:
        click.echo(made.text, nl=False)


@cli.command()
@click.argument("claim_id", metavar="CLAIM", type=CLAIM_ID)
@click.option(
    "--format",
    "format_",
    type=click.Choice(("html", "markdown")),
    default="html",
    show_default=True,
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False, allow_dash=True),
    help="Write here ('-' for standard output) [default: fact-check-CLAIM.html or .md in the"
    " desk's export_dir, else the current folder].",
)
@click.option("--force", is_flag=True, help="Publish even a lead, which is not a finding.")
@click.option(
    "--unconfirmed",
    is_flag=True,
    help="Publish a decision the two-person rule has not confirmed yet.",
)
@click.option("--replace", is_flag=True, help="Replace the output file if it exists.")
@desk_options
@click.pass_context
def publish(
    ctx: click.Context,
    claim_id: int,
    format_: str,
    output: Path | None,
    force: bool,
    unconfirmed: bool,
    replace: bool,
    desk_path: Path | None,
    reviewer: str | None,
) -> None:
    """Write the fact-check for readers: the claim, the rating on its scale, the reasoning,
    the sources with archive links, what could not be established, and corrections. HTML
    carries ClaimReview JSON-LD for search engines."""
    from deskcheck.work.exports import export_path, publish_claim, write_file

    with open_desk(ctx, desk_path, reviewer) as desk:
        made = publish_claim(desk, claim_id, format_, force=force, unconfirmed=unconfirmed)
        for problem in made.problems:
            click.echo(make_visible(problem), err=True)
        if output is not None and str(output) == "-":
            click.echo(made.text, nl=False)
            return
        suffix = "html" if format_ == "html" else "md"
        path = output.expanduser().absolute() if output else None
        target = path or export_path(desk, None, f"fact-check-{claim_id}.{suffix}")
        written = write_file(target, made.text, replace=replace)
    click.echo(make_visible(f"Wrote {written}"))


@cli.command()
@click.argument("claim_ids", metavar="[CLAIM]...", nargs=-1, type=CLAIM_ID)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The WARC file [default: evidence.warc.gz in the desk's export_dir, else here].",
)
@click.option("--replace", is_flag=True, help="Replace the output file if it exists.")
@desk_options
@click.pass_context
def archive(
    ctx: click.Context,
    claim_ids: tuple[int, ...],
    output: Path | None,
    replace: bool,
    desk_path: Path | None,
    reviewer: str | None,
) -> None:
    """Write the evidence snapshots of claims (all claims when none is named) as a WARC 1.1
    file: each fetch's request and response, as kept, for replay in web-archive tools."""
    from deskcheck.work.exports import archive_evidence, export_path

    with open_desk(ctx, desk_path, reviewer) as desk:
        path = output.expanduser().absolute() if output else None
        target = path or export_path(desk, None, "evidence.warc.gz")
        report = archive_evidence(desk, list(claim_ids), target, replace=replace)
    for skipped in report.skipped[:50]:
        click.echo(f"  left out {make_visible(skipped)}", err=True)
    click.echo(make_visible(report.summary()), err=True)
    click.echo(make_visible(f"Wrote {report.path}"))
    if not report.responses:
        sys.exit(1)  # an archive with no snapshot in it preserves nothing
