"""The commands of subscriptions: `feed add|list|remove|import|export` and `refresh`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from deskcheck.cli.base import CLAIM_ID, cli, desk_options, open_desk
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
        from deskcheck.work.feeds import remove_feed

        remove_feed(desk, feed_id, reason)
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
    added = len(report.added)
    click.echo(f"{added} {'feed' if added == 1 else 'feeds'} added, {len(report.skipped)} skipped")
    for line in report.skipped:
        click.echo(f"  {make_visible(line)}")
    if not report.added:
        sys.exit(1)


@feed.command("export")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="A file.")
@click.option("--replace", is_flag=True, help="Replace the output file if it exists.")
@desk_options
@click.pass_context
def feed_export(
    ctx: click.Context,
    output: Path | None,
    replace: bool,
    desk_path: Path | None,
    reviewer: str | None,
) -> None:
    """The desk's feeds as OPML (standard output, or -o FILE)."""
    from deskcheck.work.exports import write_file
    from deskcheck.work.feeds import export_opml

    with open_desk(ctx, desk_path, reviewer) as desk:
        body = export_opml(desk)
    if output and str(output) != "-":
        # as every export: whole or not at all, and an existing file only with --replace
        written = write_file(output.expanduser(), body, replace=replace)
        click.echo(make_visible(f"Wrote {written}"))
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
        for feed_id in feed_ids:  # a feed named is refreshed or refused: never "none is due"
            named = desk.subscription(feed_id)
            if named.state != "active":
                raise click.ClickException(
                    make_visible(
                        f"feed {feed_id} was removed ({named.removed_reason}): it is no longer"
                        " refreshed; `deskcheck feed add` subscribes to it again"
                    )
                )
        reports = refresh_feeds(desk, only=feed_ids, due_only=not every_feed)
    if not reports:
        click.echo("No feed is due.")
        return
    for report in reports:
        click.echo(make_visible(report.summary()))
    if all(r.error for r in reports):
        sys.exit(1)


# -- editing and settling what was recorded ----------------------------------------------------
