"""Publishing for readers: `publish` writes a claim's fact-check and records the act."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from deskcheck.cli.base import CLAIM_ID, cli, desk_options, open_desk
from deskcheck.domain.errors import DeskError
from deskcheck.domain.untrusted import make_visible

if TYPE_CHECKING:
    from deskcheck.data import Desk


def _parsed(given: str) -> Any:
    try:
        return json.loads(given)
    except ValueError as error:
        raise DeskError(f"--organisation is a JSON object: {error}") from None


def _organisation(given: str | None, desk: Desk, *, asking: bool) -> None:
    """The newsroom's identity: given as JSON, else asked in a terminal at the first
    publication on a desk that has only the sample's; a script is told how to give it."""
    from deskcheck.work.publishing import organisation_needed, set_organisation

    if given is not None:
        set_organisation(desk, _parsed(given))
        return
    if not organisation_needed(desk):
        return
    if not asking:
        raise DeskError(
            "not published: the desk still publishes as the sample's organisation (or none);"
            ' give your newsroom with --organisation \'{"name": "…", "url": "https://…",'
            ' "logo": "https://…"}\' (recorded as the desk\'s setting)'
        )
    click.echo("The desk publishes as the sample's organisation: who publishes its pages?")
    value = {
        "name": click.prompt("Newsroom name"),
        "url": click.prompt("Web address (https://…)"),
        "logo": click.prompt("Logo address (https://…, empty for none)", default=""),
    }
    set_organisation(desk, value)


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
@click.option(
    "--url",
    help="The page's address [default: the one recorded, else the"
    " organisation's url_pattern, else its web address + /claims/CLAIM].",
)
@click.option(
    "--organisation",
    metavar="JSON",
    help='The newsroom: {"name": …, "url": …, "logo": …}, recorded as the desk\'s setting'
    " (asked in a terminal at the first publication on a desk with the sample's).",
)
@click.option(
    "--preview",
    is_flag=True,
    help="Print the page as publishing now would make it, and record nothing.",
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
    url: str | None,
    organisation: str | None,
    preview: bool,
    force: bool,
    unconfirmed: bool,
    replace: bool,
    desk_path: Path | None,
    reviewer: str | None,
) -> None:
    """Publish the fact-check for readers: write the page (the claim, the rating on its
    scale, the summary and reasoning, the sources, what could not be established, public
    corrections) and record the publication with its date and URL. The first publication
    dates the page; publishing again after the decision or a public note changed records
    an update. HTML carries ClaimReview JSON-LD and link-preview tags."""
    from deskcheck.work.exports import export_path, write_file
    from deskcheck.work.publishing import (
        PageDraft,
        draft_page,
        publication_words,
        publish_draft,
    )

    to_stdout = output is not None and str(output) == "-"
    with open_desk(ctx, desk_path, reviewer) as desk:
        shown = _parsed(organisation) if organisation is not None else None

        def drafted() -> PageDraft:
            return draft_page(
                desk,
                claim_id,
                format_,
                force=force,
                unconfirmed=unconfirmed,
                url=url,
                organisation=shown,
            )

        draft = drafted()  # what refuses the page (no decision, a lead…) is said first
        if not preview:
            _organisation(organisation, desk, asking=sys.stdin.isatty() and not to_stdout)
            shown = None
            draft = drafted()  # under the newsroom now recorded
        for problem in draft.problems:
            click.echo(make_visible(problem), err=True)
        if preview:
            click.echo(draft.text, nl=False)
            return
        if to_stdout:
            click.echo(draft.text, nl=False)
        else:
            suffix = "html" if format_ == "html" else "md"
            path = output.expanduser().absolute() if output else None
            target = path or export_path(desk, None, f"fact-check-{claim_id}.{suffix}")
            written = write_file(target, draft.text, replace=replace)
            click.echo(make_visible(f"Wrote {written}"))
        publication = publish_draft(desk, draft)
        # on standard error: standard output says where the page went, or is the page
        click.echo(make_visible(publication_words(publication, draft)), err=True)
