"""The workflow commands: assign, priority, status, tag, due, comment, the saved queues and
`list`. Registered on the `deskcheck` group of ``deskcheck.cli``; arguments and printing
only (the acts are in ``deskcheck.work.workflow``). Everything printed that came from the
desk passes the sanitiser (``make_visible``, ``safe_json``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from deskcheck.cli.base import CLAIM_ID, cli, desk_options, open_desk
from deskcheck.domain.untrusted import make_visible, safe_json
from deskcheck.domain.vocabulary import CLAIM_STATUSES, PRIORITIES

CLAIMS = click.argument("claim_ids", metavar="CLAIM...", nargs=-1, required=True, type=CLAIM_ID)
SORT_NAMES = ("newest", "oldest", "priority", "due")


def _claims(ids: tuple[int, ...]) -> str:
    return f"claim {ids[0]}" if len(ids) == 1 else f"{len(ids)} claims"


@cli.command()
@CLAIMS
@click.option("--to", "name", required=True, metavar="NAME", help='A reviewer, "me" or "none".')
@desk_options
@click.pass_context
def assign(
    ctx: click.Context,
    claim_ids: tuple[int, ...],
    name: str,
    desk_path: Path | None,
    reviewer: str | None,
) -> None:
    """Assign claims to a reviewer ("me" for yourself, "none" to unassign)."""
    from deskcheck.work.workflow import assign as assign_claims

    with open_desk(ctx, desk_path, reviewer) as desk:
        assigned = assign_claims(desk, claim_ids, name)
    whom = f"assigned to {make_visible(assigned)}" if assigned else "unassigned"
    click.echo(f"{_claims(claim_ids).capitalize()} {whom}")


@cli.command()
@CLAIMS
@click.option(
    "--set", "priority", required=True, type=click.IntRange(min(PRIORITIES), max(PRIORITIES))
)
@desk_options
@click.pass_context
def priority(
    ctx: click.Context,
    claim_ids: tuple[int, ...],
    priority: int,
    desk_path: Path | None,
    reviewer: str | None,
) -> None:
    """Set the priority of claims: 1 most urgent … 4."""
    from deskcheck.work.workflow import prioritise

    with open_desk(ctx, desk_path, reviewer) as desk:
        prioritise(desk, claim_ids, priority)
    click.echo(f"{_claims(claim_ids).capitalize()} now P{priority}")


@cli.command()
@CLAIMS
@click.option("--to", "status", required=True, type=click.Choice(CLAIM_STATUSES))
@click.option("--reason", required=True, help="Why: recorded with each claim's change.")
@desk_options
@click.pass_context
def status(
    ctx: click.Context,
    claim_ids: tuple[int, ...],
    status: str,
    reason: str,
    desk_path: Path | None,
    reviewer: str | None,
) -> None:
    """Move claims to another status, with the reason."""
    from deskcheck.work.workflow import move

    with open_desk(ctx, desk_path, reviewer) as desk:
        move(desk, claim_ids, status, reason)
    click.echo(f"{_claims(claim_ids).capitalize()} now {status.replace('_', ' ')}")


@cli.command()
@CLAIMS
@click.option("--add", "add", multiple=True, metavar="TAG", help="A tag to add (repeatable).")
@click.option("--remove", "remove", multiple=True, metavar="TAG", help="A tag to remove.")
@desk_options
@click.pass_context
def tag(
    ctx: click.Context,
    claim_ids: tuple[int, ...],
    add: tuple[str, ...],
    remove: tuple[str, ...],
    desk_path: Path | None,
    reviewer: str | None,
) -> None:
    """Add or remove tags on claims."""
    from deskcheck.work.workflow import tag as tag_claims

    with open_desk(ctx, desk_path, reviewer) as desk:
        changed = tag_claims(desk, claim_ids, add, remove)
    click.echo(f"{changed} tag {'change' if changed == 1 else 'changes'} on {_claims(claim_ids)}")
    if not changed:
        raise SystemExit(1)  # nothing useful was done: every tag was already so


@cli.command()
@CLAIMS
@click.option("--at", "when", metavar="WHEN", help="2026-12-01, 2026-12-01 17:00 (UTC), +2h, +3d")
@click.option("--clear", is_flag=True, help="Remove the due time.")
@desk_options
@click.pass_context
def due(
    ctx: click.Context,
    claim_ids: tuple[int, ...],
    when: str | None,
    clear: bool,
    desk_path: Path | None,
    reviewer: str | None,
) -> None:
    """Set when claims are due (or --clear it)."""
    from deskcheck.work.workflow import set_due

    if bool(when) == clear:
        raise click.UsageError("give either --at WHEN or --clear")
    with open_desk(ctx, desk_path, reviewer) as desk:
        stored = set_due(desk, claim_ids, None if clear else when)
    shown = f"due {stored.replace('T', ' ').replace('Z', ' UTC')}" if stored else "not due"
    click.echo(f"{_claims(claim_ids).capitalize()} {shown}")


@cli.command()
@click.argument("claim_id", metavar="CLAIM", type=CLAIM_ID)
@click.argument("text")
@desk_options
@click.pass_context
def comment(
    ctx: click.Context, claim_id: int, text: str, desk_path: Path | None, reviewer: str | None
) -> None:
    """Add a comment to a claim; @name mentions a reviewer (it shows in their "mine")."""
    from deskcheck.work.workflow import comment as add_comment

    with open_desk(ctx, desk_path, reviewer) as desk:
        done = add_comment(desk, claim_id, text)
    click.echo(make_visible(done.summary()))


# -- queues -------------------------------------------------------------------------------------


def queue_filters(command: Any) -> Any:
    for option in reversed(
        (
            click.option("--status", "statuses", multiple=True, type=click.Choice(CLAIM_STATUSES)),
            click.option("--verdict", "verdicts", multiple=True, metavar="VERDICT"),
            click.option("--tag", metavar="TAG"),
            click.option("--assignee", metavar="NAME"),
            click.option("--mine", is_flag=True, help="Assigned to me or mentioning me."),
            click.option("--unassigned", is_flag=True, help="Assigned to nobody."),
            click.option("--search", metavar="WORDS", help="Full-text search."),
            click.option("--sort", type=click.Choice(SORT_NAMES), default=None),
        )
    ):
        command = option(command)
    return command


def _query(desk: Any, **given: Any) -> Any:
    from deskcheck.data import QueueQuery
    from deskcheck.work.workflow import checked_query

    if given["mine"] and given["unassigned"]:
        raise click.UsageError("--mine and --unassigned exclude each other")
    reviewer = desk.reviewer
    return checked_query(
        desk,
        QueueQuery(
            statuses=tuple(given["statuses"]),
            verdicts=tuple(given["verdicts"]),
            tag=given["tag"],
            assignee=given["assignee"],
            search=given["search"],
            sort=given["sort"] or "newest",
            mine=reviewer if given["mine"] else None,
            unassigned=given["unassigned"],
        ),
    )


@cli.group()
def queue() -> None:
    """Saved queues: a named filter, sort and search the team shares."""


@queue.command("save")
@click.argument("name")
@queue_filters
@desk_options
@click.pass_context
def queue_save(
    ctx: click.Context, name: str, desk_path: Path | None, reviewer: str | None, **given: Any
) -> None:
    """Save a queue under NAME (a queue of that name is replaced)."""
    from deskcheck.work.workflow import save_queue

    with open_desk(ctx, desk_path, reviewer) as desk:
        _id, replaced = save_queue(desk, name, _query(desk, **given))
    click.echo(f"{'Replaced' if replaced else 'Saved'} queue {make_visible(name)}")


@queue.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@desk_options
@click.pass_context
def queue_list(
    ctx: click.Context, as_json: bool, desk_path: Path | None, reviewer: str | None
) -> None:
    """The desk's saved queues."""
    from deskcheck.data.saved_queues import describe_saved

    with open_desk(ctx, desk_path, reviewer) as desk:
        queues = desk.saved_queues()
    if as_json:
        click.echo(
            safe_json(
                [
                    {
                        "name": q.name,
                        "query": q.query,
                        "saved_by": q.saved_by,
                        "saved_at": q.saved_at,
                    }
                    for q in queues
                ]
            )
        )
        return
    if not queues:
        click.echo("No saved queues (`deskcheck queue save NAME` saves one).")
    for q in queues:
        click.echo(
            f"{make_visible(q.name)}  ·  {make_visible(describe_saved(q.query))}"
            f"  ·  saved by {make_visible(q.saved_by)} {q.saved_at[:10]}"
        )


@queue.command("remove")
@click.argument("name")
@desk_options
@click.pass_context
def queue_remove(
    ctx: click.Context, name: str, desk_path: Path | None, reviewer: str | None
) -> None:
    """Remove a saved queue (its event keeps what it was)."""
    from deskcheck.work.workflow import remove_queue

    with open_desk(ctx, desk_path, reviewer) as desk:
        removed = remove_queue(desk, name)
    click.echo(f"Removed queue {make_visible(removed)}")


@cli.command("list")
@click.option("--queue", "queue_name", metavar="NAME", help="A saved queue.")
@queue_filters
@click.option("--limit", type=click.IntRange(1, 100_000), default=1000, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@desk_options
@click.pass_context
def list_claims(
    ctx: click.Context,
    queue_name: str | None,
    limit: int,
    as_json: bool,
    desk_path: Path | None,
    reviewer: str | None,
    **given: Any,
) -> None:
    """The claims of a queue: a saved one (--queue NAME) or the filters given."""
    from deskcheck.work.workflow import queue_rows, saved_query

    with open_desk(ctx, desk_path, reviewer) as desk:
        if queue_name is not None:
            if any(v for k, v in given.items() if k != "sort") or given["sort"]:
                raise click.UsageError("--queue takes no other filters: the saved queue has them")
            query = saved_query(desk, queue_name)
        else:
            query = _query(desk, **given)
        rows = queue_rows(desk, query, limit)
    if as_json:
        keep = ("id", "status", "priority", "verdict", "assignee", "due_at", "received_at", "text")
        click.echo(safe_json([{k: getattr(r, k) for k in keep} for r in rows]))
        return
    for row in rows:
        first_line = row.text.strip().splitlines()[0] if row.text.strip() else ""
        click.echo(
            f"{row.id:>6} {row.status.replace('_', ' '):<12} P{row.priority}"
            f" {make_visible(row.assignee or '—')[:12]:<12} {(row.due_at or '—')[:16]:<16}"
            f" {make_visible(first_line)[:80]}"
        )
    if not rows:
        click.echo("No claims in this queue.", err=True)
