"""Parts of a claim, added, edited or settled: `wanted`, `trigger`, `hop`; and a claim's
`history`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from deskcheck.cli.base import CLAIM_ID, cli, desk_options, echo_record, open_desk, with_desk
from deskcheck.domain.untrusted import make_visible
from deskcheck.domain.vocabulary import CUSTODY_KINDS
from deskcheck.work import recorded_parts as parts

if TYPE_CHECKING:
    from deskcheck.data import Desk

ROW_ID = CLAIM_ID  # any row number SQLite can hold


@cli.group()
def wanted() -> None:
    """Evidence wanted: add, edit, resolve with the evidence that settled it, or drop."""


@wanted.command("add")
@click.argument("claim_id", metavar="CLAIM", type=CLAIM_ID)
@click.option("--description", required=True, help="What is wanted (the memo, a statement…).")
@click.option("--would-settle", default="", help="What it would settle.")
@click.option("--json", "as_json", is_flag=True, help="Print the record as JSON.")
@with_desk
def wanted_add(
    desk: Desk, claim_id: int, description: str, would_settle: str, as_json: bool
) -> None:
    """Record evidence that would settle CLAIM but is not in hand."""
    from deskcheck.domain.claim_parts import NewWanted
    from deskcheck.work.claim_parts import want_evidence

    new = NewWanted(description, would_settle)
    row_id = want_evidence(desk, claim_id, new)
    echo_record(
        f"Evidence wanted {row_id} on claim {claim_id}",
        {"id": row_id, "claim_id": claim_id, **vars(new)},
        as_json,
    )


@wanted.command("edit")
@click.argument("wanted_id", metavar="ID", type=ROW_ID)
@click.option("--description")
@click.option("--would-settle")
@desk_options
@click.pass_context
def wanted_edit(
    ctx: click.Context,
    wanted_id: int,
    description: str | None,
    would_settle: str | None,
    desk_path: Path | None,
    reviewer: str | None,
) -> None:
    """Change what is wanted or what it would settle."""
    _done(
        ctx,
        desk_path,
        reviewer,
        lambda d: parts.edit_wanted(
            d, wanted_id, description=description, would_settle=would_settle
        ),
    )


@wanted.command("resolve")
@click.argument("wanted_id", metavar="ID", type=ROW_ID)
@click.option("--evidence", "evidence_id", required=True, type=ROW_ID, help="The settling item.")
@click.option("--note", default="", help="How it settled it (optional).")
@desk_options
@click.pass_context
def wanted_resolve(
    ctx: click.Context,
    wanted_id: int,
    evidence_id: int,
    note: str,
    desk_path: Path | None,
    reviewer: str | None,
) -> None:
    """Mark it obtained, linking the evidence item that settled it."""
    _done(
        ctx,
        desk_path,
        reviewer,
        lambda d: parts.resolve_wanted(d, wanted_id, evidence_id, note),
    )


@wanted.command("drop")
@click.argument("wanted_id", metavar="ID", type=ROW_ID)
@click.option("--reason", required=True)
@desk_options
@click.pass_context
def wanted_drop(
    ctx: click.Context, wanted_id: int, reason: str, desk_path: Path | None, reviewer: str | None
) -> None:
    """No longer wanted (kept, with the reason)."""
    _done(
        ctx,
        desk_path,
        reviewer,
        lambda d: parts.drop_wanted(d, wanted_id, reason),
    )


@cli.group()
def trigger() -> None:
    """Revision triggers: add, edit, disarm, arm again, retire."""


@trigger.command("add")
@click.argument("claim_id", metavar="CLAIM", type=CLAIM_ID)
@click.option("--condition", required=True, help="Revisit the claim when…")
@click.option("--url", help="A page to watch: `deskcheck check` fires the trigger when it changes.")
@click.option("--json", "as_json", is_flag=True, help="Print the record as JSON.")
@with_desk
def trigger_add(desk: Desk, claim_id: int, condition: str, url: str | None, as_json: bool) -> None:
    """Arm a revision trigger on CLAIM."""
    from deskcheck.domain.claim_parts import NewTrigger
    from deskcheck.work.claim_parts import arm_trigger

    row_id = arm_trigger(desk, claim_id, NewTrigger(condition, url))
    stored = next(t for t in desk.claim(claim_id).triggers if t.id == row_id)
    echo_record(
        f"Trigger {row_id} armed on claim {claim_id}",
        {"id": row_id, "claim_id": claim_id, "condition": condition, "url": stored.url},
        as_json,
    )


@trigger.command("edit")
@click.argument("trigger_id", metavar="ID", type=ROW_ID)
@click.option("--condition")
@click.option("--url", help="The URL to watch ('' stops watching).")
@desk_options
@click.pass_context
def trigger_edit(
    ctx: click.Context,
    trigger_id: int,
    condition: str | None,
    url: str | None,
    desk_path: Path | None,
    reviewer: str | None,
) -> None:
    """Change a trigger's condition or watched URL."""
    _done(
        ctx,
        desk_path,
        reviewer,
        lambda d: parts.edit_trigger(d, trigger_id, condition=condition, url=url),
    )


def _trigger_act(act: str, help_text: str, reason_required: bool) -> None:
    @trigger.command(act, help=help_text)
    @click.argument("trigger_id", metavar="ID", type=ROW_ID)
    @click.option("--reason", required=reason_required, default=None if reason_required else "")
    @desk_options
    @click.pass_context
    def command(
        ctx: click.Context,
        trigger_id: int,
        reason: str,
        desk_path: Path | None,
        reviewer: str | None,
    ) -> None:
        _done(
            ctx,
            desk_path,
            reviewer,
            lambda d: parts.move_trigger(d, trigger_id, act, reason),
        )


_trigger_act("disarm", "Stop watching it for now (kept; `arm` turns it back on).", False)
_trigger_act("arm", "Arm a disarmed, fired or expired trigger again.", False)
_trigger_act("retire", "Retire it for good, with the reason.", True)


@cli.group()
def hop() -> None:
    """Custody hops: add, edit, move, remove."""


@hop.command("add")
@click.argument("claim_id", metavar="CLAIM", type=CLAIM_ID)
@click.option("--actor", required=True, help="Who passed the claim on.")
@click.option("--kind", required=True, type=click.Choice(CUSTODY_KINDS))
@click.option("--url", help="Where it was seen.")
@click.option("--seen-at", help="When: 2026-06-14, or 2026-06-14 07:55 (UTC).")
@click.option("--grade", default="F6", show_default=True, help="Admiralty grade, such as C3.")
@click.option("--note", default="")
@click.option("--json", "as_json", is_flag=True, help="Print the record as JSON.")
@with_desk
def hop_add(
    desk: Desk,
    claim_id: int,
    actor: str,
    kind: str,
    url: str | None,
    seen_at: str | None,
    grade: str,
    note: str,
    as_json: bool,
) -> None:
    """Add a custody hop after CLAIM's last one (the origin is hop 1)."""
    from deskcheck.domain.claim_parts import NewHop
    from deskcheck.work.claim_parts import add_hop

    row_id = add_hop(desk, claim_id, NewHop(actor, kind, url, seen_at, grade, note))
    stored = next(h for h in desk.claim(claim_id).custody if h.id == row_id)
    echo_record(
        f"Added hop {row_id} to claim {claim_id}: {actor}",
        {
            "id": row_id,
            "claim_id": claim_id,
            "position": stored.position,
            "actor": actor,
            "kind": kind,
            "url": stored.url,
            "seen_at": stored.seen_at,
            "reliability": stored.reliability,
            "credibility": stored.credibility,
            "note": note,
        },
        as_json,
    )


@hop.command("edit")
@click.argument("hop_id", metavar="ID", type=ROW_ID)
@click.option("--actor")
@click.option("--kind")
@click.option("--url")
@click.option("--grade", help="Admiralty grade, such as C3.")
@click.option("--note")
@desk_options
@click.pass_context
def hop_edit(
    ctx: click.Context,
    hop_id: int,
    actor: str | None,
    kind: str | None,
    url: str | None,
    grade: str | None,
    note: str | None,
    desk_path: Path | None,
    reviewer: str | None,
) -> None:
    """Change a hop's actor, kind, URL, grade or note."""
    # an option given empty means empty: a note or URL cleared, an actor refused by name
    _done(
        ctx,
        desk_path,
        reviewer,
        lambda d: parts.edit_hop(
            d, hop_id, actor=actor, kind=kind, url=url, grade=grade, note=note
        ),
    )


@hop.command("move")
@click.argument("hop_id", metavar="ID", type=ROW_ID)
@click.option("--to", "position", required=True, type=click.IntRange(1, 10_000))
@desk_options
@click.pass_context
def hop_move(
    ctx: click.Context, hop_id: int, position: int, desk_path: Path | None, reviewer: str | None
) -> None:
    """Put a hop at another place in the chain (1 is the origin)."""
    _done(
        ctx,
        desk_path,
        reviewer,
        lambda d: parts.move_hop(d, hop_id, position),
    )


@hop.command("remove")
@click.argument("hop_id", metavar="ID", type=ROW_ID)
@click.option("--reason", required=True)
@desk_options
@click.pass_context
def hop_remove(
    ctx: click.Context, hop_id: int, reason: str, desk_path: Path | None, reviewer: str | None
) -> None:
    """Take a hop out of the chain (kept, with the reason)."""
    _done(
        ctx,
        desk_path,
        reviewer,
        lambda d: parts.remove_hop(d, hop_id, reason),
    )


@cli.command()
@click.argument("claim_id", metavar="CLAIM", type=CLAIM_ID)
@desk_options
@click.pass_context
def history(
    ctx: click.Context, claim_id: int, desk_path: Path | None, reviewer: str | None
) -> None:
    """Every change recorded on a claim, with what each edit replaced."""
    from deskcheck.export.history_words import history_lines

    with open_desk(ctx, desk_path, reviewer) as desk:
        events = desk.claim_history(claim_id)
        labels = {i.id: i.label for i in desk.claim(claim_id).interpretations}
    for line in history_lines(events, labels):
        click.echo(make_visible(line))


def _done(ctx: click.Context, desk_path: Path | None, reviewer: str | None, act: Any) -> None:
    """Run one act on the desk and print what it says (through the sanitiser, like all
    output: an act may one day say something that came from outside)."""
    with open_desk(ctx, desk_path, reviewer) as desk:
        message = act(desk)
    click.echo(make_visible(str(message)))
