"""The commands of the desk's workflow: subscriptions (`feed`, `refresh`), and editing or
settling what was recorded (`wanted`, `trigger`, `hop`, `history`)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from deskcheck.cli import CLAIM_ID, cli, desk_options, open_desk
from deskcheck.domain.errors import DeskError
from deskcheck.domain.untrusted import make_visible

ROW_ID = CLAIM_ID  # any row number SQLite can hold


# -- subscriptions ----------------------------------------------------------------------------


@cli.group()
def feed() -> None:
    """Subscriptions: feeds the desk refreshes on its own."""


@feed.command("add")
@click.argument("url")
@click.option("--every", default="30m", show_default=True, help="How often: 30m, 2h, 1d.")
@click.option("--tag", "tags", multiple=True, help="A tag for every claim it brings (repeat).")
@click.option("--priority", type=click.IntRange(1, 4), default=3, show_default=True)
@click.option("--assign", "assignee", metavar="NAME", help="Assign what arrives to NAME.")
@click.option("--allow-private", is_flag=True, help="Let this feed reach private addresses.")
@click.option("--title", default="", help="A name for the feed [default: the feed's own].")
@desk_options
@click.pass_context
def feed_add(
    ctx: click.Context,
    url: str,
    every: str,
    tags: tuple[str, ...],
    priority: int,
    assignee: str | None,
    allow_private: bool,
    title: str,
    desk_path: Path | None,
    reviewer: str | None,
) -> None:
    """Subscribe to the feed at URL (first refreshed by the next `deskcheck refresh`)."""
    from deskcheck.work.feeds import add_feed

    with open_desk(ctx, desk_path, reviewer) as desk:
        feed_id = add_feed(
            desk,
            url,
            every=every,
            tags=tags,
            priority=priority,
            assignee=assignee,
            allow_private=allow_private,
            title=title,
        )
        added = desk.subscription(feed_id)
    click.echo(
        f"Subscribed: feed {feed_id} {make_visible(added.url)}, every {added.every_minutes} min"
    )


def _when(value: str | None) -> str:
    return value.replace("T", " ").rstrip("Z")[:16] if value else "never"


@feed.command("list")
@click.option("--all", "include_removed", is_flag=True, help="Removed feeds too.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@desk_options
@click.pass_context
def feed_list(
    ctx: click.Context,
    include_removed: bool,
    as_json: bool,
    desk_path: Path | None,
    reviewer: str | None,
) -> None:
    """The desk's feeds: claims, unread (for you), last refresh, errors."""
    from dataclasses import asdict

    from deskcheck.domain.untrusted import safe_json

    with open_desk(ctx, desk_path, reviewer) as desk:
        feeds = desk.subscriptions(include_removed=include_removed)
    if as_json:
        click.echo(safe_json([asdict(f) for f in feeds]))
        return
    if not feeds:
        click.echo("No feeds: `deskcheck feed add URL` subscribes to one.")
    for f in feeds:
        state = "" if f.state == "active" else f" [removed: {f.removed_reason}]"
        line = (
            f"{f.id:>4}  {f.title or f.url}  {f.claims} claims, {f.unread} unread ·"
            f" every {f.every_minutes} min · last refresh {_when(f.last_refresh_at)}"
            f"{f' (HTTP {f.last_status})' if f.last_status else ''}{state}"
        )
        click.echo(make_visible(line))
        click.echo(make_visible(f"      {f.url}"))
        if f.last_error:
            click.echo(make_visible(f"      error: {f.last_error}"))


@feed.command("remove")
@click.argument("feed_id", metavar="FEED", type=ROW_ID)
@click.option("--reason", required=True, help="Why the desk stops following it.")
@desk_options
@click.pass_context
def feed_remove(
    ctx: click.Context, feed_id: int, reason: str, desk_path: Path | None, reviewer: str | None
) -> None:
    """Stop refreshing FEED (its claims stay; the feed is kept, marked removed)."""
    with open_desk(ctx, desk_path, reviewer) as desk:
        desk.remove_subscription(feed_id, reason)
    click.echo(f"Removed feed {feed_id}")


@feed.command("import")
@click.argument("opml", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--every", default="30m", show_default=True, help="How often: 30m, 2h, 1d.")
@click.option("--allow-private", is_flag=True, help="Let these feeds reach private addresses.")
@desk_options
@click.pass_context
def feed_import(
    ctx: click.Context,
    opml: Path,
    every: str,
    allow_private: bool,
    desk_path: Path | None,
    reviewer: str | None,
) -> None:
    """Subscribe to every feed of an OPML file (as newsboat, Thunderbird… export them)."""
    from deskcheck.work.feeds import import_opml

    with open_desk(ctx, desk_path, reviewer) as desk:
        report = import_opml(
            desk, opml.read_bytes()[: 20 * 1024 * 1024], every=every, allow_private=allow_private
        )
    click.echo(f"{len(report.added)} feeds added, {len(report.skipped)} skipped")
    for line in report.skipped:
        click.echo(f"  {make_visible(line)}")
    if not report.added:
        sys.exit(1)


@feed.command("export")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="A file.")
@desk_options
@click.pass_context
def feed_export(
    ctx: click.Context, output: Path | None, desk_path: Path | None, reviewer: str | None
) -> None:
    """The desk's feeds as OPML (standard output, or -o FILE)."""
    from deskcheck.work.feeds import export_opml

    with open_desk(ctx, desk_path, reviewer) as desk:
        body = export_opml(desk)
    if output:
        output.write_bytes(body)
        click.echo(f"Wrote {output}")
    else:
        sys.stdout.buffer.write(body)


@cli.command()
@click.argument("feed_ids", metavar="[FEED]...", nargs=-1, type=ROW_ID)
@click.option("--all", "every_feed", is_flag=True, help="Every feed, due or not.")
@desk_options
@click.pass_context
def refresh(
    ctx: click.Context,
    feed_ids: tuple[int, ...],
    every_feed: bool,
    desk_path: Path | None,
    reviewer: str | None,
) -> None:
    """Refresh the feeds that are due (or FEED..., or --all): conditional GET, politely."""
    from deskcheck.work.feeds import refresh as refresh_feeds

    with open_desk(ctx, desk_path, reviewer) as desk:
        reports = refresh_feeds(desk, only=feed_ids, due_only=not every_feed)
    if not reports:
        click.echo("No feed is due.")
        return
    for report in reports:
        click.echo(make_visible(report.summary()))
    if all(r.error for r in reports):
        sys.exit(1)


# -- editing and settling what was recorded ----------------------------------------------------


def _done(ctx: click.Context, desk_path: Path | None, reviewer: str | None, act: Any) -> None:
    with open_desk(ctx, desk_path, reviewer) as desk:
        message = act(desk)
    click.echo(message)


@cli.group()
def wanted() -> None:
    """Evidence wanted: edit, resolve with the evidence that settled it, or drop."""


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
        lambda d: (
            d.edit_wanted(wanted_id, description=description, would_settle=would_settle)
            or f"Edited evidence wanted {wanted_id}"
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
        lambda d: (
            d.resolve_wanted(wanted_id, evidence_id, note)
            or f"Evidence wanted {wanted_id} obtained: evidence {evidence_id}"
        ),
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
        lambda d: d.drop_wanted(wanted_id, reason) or f"Dropped evidence wanted {wanted_id}",
    )


@cli.group()
def trigger() -> None:
    """Revision triggers: edit, disarm, arm again, retire."""


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
    from deskcheck.domain.urls import BadURL, web_url

    if url:
        try:
            url = web_url(url)
        except BadURL as error:
            raise DeskError(f"the URL to watch: {error}") from None
    _done(
        ctx,
        desk_path,
        reviewer,
        lambda d: (
            d.edit_trigger(trigger_id, condition=condition, url=url)
            or f"Edited trigger {trigger_id}"
        ),
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
            lambda d: d.move_trigger(trigger_id, act, reason) or f"Trigger {trigger_id}: {act}",
        )


_trigger_act("disarm", "Stop watching it for now (kept; `arm` turns it back on).", False)
_trigger_act("arm", "Arm a disarmed, fired or expired trigger again.", False)
_trigger_act("retire", "Retire it for good, with the reason.", True)


@cli.group()
def hop() -> None:
    """Custody hops: edit, move, remove."""


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
    from deskcheck.domain.vocabulary import parse_grade

    changes: dict[str, Any] = {
        k: v for k, v in {"actor": actor, "kind": kind, "url": url, "note": note}.items() if v
    }
    if grade:
        changes["reliability"], changes["credibility"] = parse_grade(grade)
    _done(
        ctx, desk_path, reviewer, lambda d: d.edit_hop(hop_id, **changes) or f"Edited hop {hop_id}"
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
        lambda d: d.move_hop(hop_id, position) or f"Hop {hop_id} is now at {position}",
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
        ctx, desk_path, reviewer, lambda d: d.remove_hop(hop_id, reason) or f"Removed hop {hop_id}"
    )


@cli.command()
@click.argument("claim_id", metavar="CLAIM", type=CLAIM_ID)
@desk_options
@click.pass_context
def history(
    ctx: click.Context, claim_id: int, desk_path: Path | None, reviewer: str | None
) -> None:
    """Every change recorded on a claim, with what each edit replaced."""
    from deskcheck.export.plain_text import history_lines

    with open_desk(ctx, desk_path, reviewer) as desk:
        events = desk.claim_history(claim_id)
    for line in history_lines(events):
        click.echo(make_visible(line))


__all__ = ["DeskError"]
