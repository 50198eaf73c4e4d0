"""Commands on one claim: show, similar, decide, confirm."""

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
@click.argument("claim_id", metavar="CLAIM", type=CLAIM_ID)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@desk_options
@click.pass_context
def show(
    ctx: click.Context, claim_id: int, as_json: bool, desk_path: Path | None, reviewer: str | None
) -> None:
    """Print a claim with everything attached to it."""
    from deskcheck.domain.untrusted import safe_json
    from deskcheck.export.plain_text import claim_text
    from deskcheck.work.claim_view import view_claim

    with open_desk(ctx, desk_path, reviewer) as desk:
        view = view_claim(desk, claim_id)
        if as_json:
            click.echo(safe_json(view.record.to_dict() | {"analysis": view.analysis.to_dict()}))
        else:
            click.echo(claim_text(view.record, desk, view.analysis))


@cli.command()
@click.argument("claim", metavar="CLAIM")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.option("--limit", type=click.IntRange(1, 50), default=5, show_default=True)
@desk_options
@click.pass_context
def similar(
    ctx: click.Context,
    claim: str,
    as_json: bool,
    limit: int,
    desk_path: Path | None,
    reviewer: str | None,
) -> None:
    """Earlier claims and published fact-checks that say what CLAIM says.

    CLAIM is a claim number on the desk, or a claim's text. Each match has a score (0–100;
    70 and above: probably already checked), what differs ("differs: raised ≠ cut": then
    it is similar, but says something else) and what they share. Exits 1 when nothing
    matches.
    """
    from deskcheck.domain.likeness import says_differently
    from deskcheck.domain.untrusted import safe_json
    from deskcheck.work.similar import match_dict, similar_to

    with open_desk(ctx, desk_path, reviewer) as desk:
        _claim_id, matches = similar_to(desk, claim, limit)
    if as_json:
        click.echo(safe_json({"matches": [match_dict(m) for m in matches]}))
    else:
        for m in matches:
            where = f"claim {m.id}" if m.kind == "claim" else f"published by {m.publisher}"
            verdict = m.verdict or "no verdict yet"
            otherwise = "  similar, but says something else" if m.says_otherwise else ""
            click.echo(
                make_visible(f"{m.score:3d}  {where}: {verdict} ({(m.date or '')[:10]}){otherwise}")
            )
            click.echo(make_visible(f"     {m.text[:200]}"))
            if m.differs:
                click.echo(make_visible(f"     {says_differently(m.differs)}"))
            click.echo(make_visible(f"     why: {m.reason}"))
        if not matches:
            click.echo("nothing on the desk or in the published fact-checks says this")
    if not matches:
        sys.exit(1)


@cli.command()
@click.argument("claim_id", metavar="CLAIM", type=CLAIM_ID)
@click.option("--verdict", required=True, help="A verdict of the desk's scale.")
@click.option("--rationale", required=True, help="Why: the reasoning readers will see.")
@click.option(
    "--confidence",
    type=click.Choice(["low", "medium", "high"]),
    default="medium",
    show_default=True,
)
@click.option(
    "--publish",
    is_flag=True,
    help="For publication (with the two-person rule, waits for a second reviewer).",
)
@click.option(
    "--despite",
    default="",
    metavar="TEXT",
    help="Why this verdict although the analysis does not support it (required then).",
)
@desk_options
@click.pass_context
def decide(
    ctx: click.Context,
    claim_id: int,
    verdict: str,
    rationale: str,
    confidence: str,
    publish: bool,
    despite: str,
    desk_path: Path | None,
    reviewer: str | None,
) -> None:
    """Record a decision on a claim (appended; earlier decisions are kept)."""
    from deskcheck.work.decisions import ReasonNeeded
    from deskcheck.work.decisions import decide as record_decision

    with open_desk(ctx, desk_path, reviewer) as desk:
        try:
            decided = record_decision(
                desk,
                claim_id,
                verdict,
                rationale,
                confidence=confidence,
                for_publication=publish,
                despite=despite,
            )
        except ReasonNeeded as error:
            raise DeskError(f"{error} with --despite TEXT") from None
        click.echo(
            make_visible(
                f"Recorded decision {decided.decision_id} on claim {claim_id}: {verdict}"
                f" ({confidence} confidence, by {desk.reviewer})"
            )
        )
        if publish and desk.setting("two_person_rule", False) is True:
            click.echo(
                "It waits for a second reviewer (the desk's two-person rule): another"
                f" reviewer confirms it with `deskcheck confirm {claim_id}`"
            )


@cli.command()
@click.argument("claim_id", metavar="CLAIM", type=CLAIM_ID)
@click.option("--rationale", default="", help="Why you confirm it (optional).")
@desk_options
@click.pass_context
def confirm(
    ctx: click.Context, claim_id: int, rationale: str, desk_path: Path | None, reviewer: str | None
) -> None:
    """Confirm another reviewer's decision for publication (the two-person rule)."""
    from deskcheck.work.decisions import confirm as confirm_decision

    with open_desk(ctx, desk_path, reviewer) as desk:
        confirm_decision(desk, claim_id, rationale)
        click.echo(make_visible(f"Confirmed the decision on claim {claim_id} (by {desk.reviewer})"))
