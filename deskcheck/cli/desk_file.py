"""The commands that keep the desk file itself: create it, verify it, check its health,
back it up, restore or merge a bundle, change its settings, serve it, rebuild the sample.

Registered on the `deskcheck` group of ``deskcheck.cli`` (arguments and printing only; the
work is in the layers below).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from deskcheck.cli.base import _settings, cli, desk_options, open_desk, warn_if_gone_back
from deskcheck.domain.errors import DeskError
from deskcheck.domain.untrusted import make_visible


@cli.command()
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--empty", is_flag=True, help="An empty desk instead of a copy of the sample desk.")
@click.option("--reviewer", metavar="NAME", help="Who creates the desk.")
@click.pass_context
def init(ctx: click.Context, path: Path, empty: bool, reviewer: str | None) -> None:
    """Create a new desk at PATH (a copy of the sample desk unless --empty)."""
    from deskcheck.work.desk_file import create_desk

    if path.exists():
        raise DeskError(f"{path} already exists: choose another path for the new desk")
    _path, name, _ = _settings(ctx, path, reviewer)
    create_desk(path, name, empty=empty)
    click.echo(f"Created {'an empty' if empty else 'a sample'} desk at {path}")


@cli.command()
@click.option("--expect", "expect_head", metavar="HASH", help="A head hash recorded earlier.")
@click.option(
    "--accept",
    is_flag=True,
    help="Accept that the desk went back in time (recorded: who accepted what); the warning stops.",
)
@desk_options
@click.pass_context
def verify(
    ctx: click.Context,
    expect_head: str | None,
    accept: bool,
    desk_path: Path | None,
    reviewer: str | None,
) -> None:
    """Check the desk: SQLite integrity, foreign keys, the event hash chain, the schema, and
    every table against a replay of the event log."""
    import re

    from deskcheck.work.desk_file import verify_desk

    if expect_head is not None:
        # a head pasted from a note or a mail may carry spaces or capitals: the same hash
        expect_head = expect_head.strip().lower()
        if not re.fullmatch(r"[0-9a-f]{64}", expect_head):
            raise click.BadParameter(
                "a head hash is 64 hexadecimal characters, as `deskcheck verify` prints after"
                " 'head:'",
                param_hint="--expect",
            )
    path, name, _ = _settings(ctx, desk_path, reviewer)
    report = verify_desk(path, expect_head=expect_head)
    went_back = warn_if_gone_back(path)
    if accept:
        from deskcheck.work.desk_memory import accept as accept_loss

        accepted = accept_loss(path, name)
        if accepted is None:
            click.echo("nothing to accept: the desk holds the last state you saw")
        else:
            click.echo(make_visible(f"accepted by {name} (recorded on the desk): {accepted}"))
            went_back = False
    click.echo(f"integrity: {'ok' if report.integrity == ['ok'] else '; '.join(report.integrity)}")
    problems = report.foreign_key_problems
    click.echo("foreign keys: " + ("ok" if not problems else f"{len(problems)} broken references"))
    for table, rowid, parent, _fk in problems[:20]:
        click.echo(f"  {table} row {rowid} refers to a missing {parent} row")
    chain = report.chain
    assert chain is not None
    if chain.ok:
        click.echo(f"event chain: ok, {chain.events} events")
        click.echo(f"head: {chain.head_hash}")
    else:
        bad = chain.bad_event
        assert bad is not None
        click.echo(
            f"event chain: BROKEN at event {bad.seq} ({bad.kind}, {bad.subject}, {bad.at}):"
            f" {chain.problem}; the {chain.events} events before it verify"
        )
    if report.expected_head_found is not None:
        click.echo(
            make_visible(f"expected head {expect_head}: ")
            + ("found in the chain" if report.expected_head_found else "NOT in the chain")
        )
    click.echo("schema: " + ("ok" if not report.schema else f"{len(report.schema)} difference(s)"))
    for difference in report.schema:
        click.echo(f"  {make_visible(str(difference))}")
    rows = "ok" if not report.rows else f"{len(report.rows)} difference(s) from the events"
    click.echo(f"tables against the events: {rows} (replayed in {report.replay_seconds:.2f} s)")
    for row in report.rows:
        click.echo(f"  {make_visible(str(row))}")
    if report.baseline_rows:
        click.echo(
            f"  note: {report.baseline_rows} rows written by an older deskcheck are vouched for"
            " by the baseline recorded when the desk was upgraded, not by events of their own"
        )
    if not report.ok or went_back:
        sys.exit(1)


@cli.command("import")
@click.argument("bundle", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.argument("path", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--with-settings",
    is_flag=True,
    help="Keep the other desk's settings and feeds (left off by default: its policies).",
)
@click.option("--reviewer", metavar="NAME", help="Who imports (recorded with what is left off).")
@click.pass_context
def import_bundle(
    ctx: click.Context, bundle: Path, path: Path, with_settings: bool, reviewer: str | None
) -> None:
    """Restore a bundle as a new desk at PATH (event log included)."""
    from deskcheck.work.bundles import import_bundle as restore

    _path, name, _default = _settings(ctx, path, reviewer)
    imported = restore(bundle, path, name, with_settings=with_settings)
    click.echo(make_visible(f"Restored {bundle} as {path}; {imported}"))


@cli.command()
@click.argument("bundle", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option(
    "--unsigned",
    is_flag=True,
    help="Merge a bundle with no signature, or signed by a key no peer has (marked unsigned).",
)
@desk_options
@click.pass_context
def merge(
    ctx: click.Context, bundle: Path, unsigned: bool, desk_path: Path | None, reviewer: str | None
) -> None:
    """Merge a bundle into this desk: add what is missing, change nothing that is here.
    The bundle must be signed by a peer (BUNDLE.sig beside it) unless --unsigned."""
    from deskcheck.work.bundles import merge_bundle

    with open_desk(ctx, desk_path, reviewer) as desk:
        summary = merge_bundle(desk, bundle, unsigned=unsigned)
    click.echo(make_visible(f"Merged {bundle}: {summary}"))


@cli.command()
@click.argument("dest", type=click.Path(path_type=Path, dir_okay=False))
@desk_options
@click.pass_context
def backup(ctx: click.Context, dest: Path, desk_path: Path | None, reviewer: str | None) -> None:
    """A consistent copy of the desk, made while others keep working."""
    from deskcheck.work.desk_file import backup as backup_desk

    path, _name, _ = _settings(ctx, desk_path, reviewer)
    import shlex

    backup_desk(path, dest)
    # the command offered is one to paste: a name with spaces or quotes is quoted for the shell
    click.echo(
        make_visible(
            f"Backed up {path} to {dest}; check it with"
            f" `deskcheck verify --desk {shlex.quote(str(dest))}`"
        )
    )


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--team",
    is_flag=True,
    help="Reviewers log in with their own name and password (deskcheck reviewer add).",
)
@click.option(
    "--public-url",
    metavar="URL",
    help="The address reviewers use, behind a reverse proxy (e.g. https://desk.example.org).",
)
@click.option(
    "--allow-origin",
    "allow_origins",
    multiple=True,
    metavar="ORIGIN",
    help="Another origin the browser may connect from (repeatable).",
)
@click.option(
    "--tabs-per-session",
    default=4,
    show_default=True,
    type=click.IntRange(1, 100),
    help="How many tabs one login session may have open at once.",
)
@click.option(
    "--replicate-to",
    metavar="PATH|s3://BUCKET/PREFIX",
    help="Copy the desk continuously with Litestream while serving (as `deskcheck replicate`).",
)
@desk_options
@click.pass_context
def serve(
    ctx: click.Context,
    host: str,
    port: int,
    team: bool,
    public_url: str | None,
    allow_origins: tuple[str, ...],
    tabs_per_session: int,
    replicate_to: str | None,
    desk_path: Path | None,
    reviewer: str | None,
) -> None:
    """Serve the desk to a web browser, for the reviewer who logs in.

    By default only you: open the URL it prints (its token works once). With --team, each
    reviewer logs in with a password; put it behind TLS (see the README) to serve beyond
    this machine (beyond it, --team and an https --public-url are required).
    """
    try:
        from deskcheck.ui.serve import DeskServer, ServeConfig, secret_for
    except ImportError as error:
        raise DeskError("serving needs textual-serve: pip install 'deskcheck[serve]'") from error
    from deskcheck.work.desk_file import check_desk_file

    path, name, _ = _settings(ctx, desk_path, reviewer)
    for url in (public_url, *allow_origins):
        if url and not url.startswith(("http://", "https://")):
            raise DeskError(f"{url!r} is not an http:// or https:// origin")
    check_desk_file(path)
    if ctx.find_root().params.get("no_images"):  # `deskcheck --no-images serve`: every tab
        from deskcheck.ui.widgets.picture import PICTURES_ENV

        os.environ[PICTURES_ENV] = "off"  # the warm parent and its tabs inherit it
    config = ServeConfig(
        path,
        host,
        port,
        team,
        name,
        public_url=(public_url or "").rstrip("/"),
        allowed_origins=list(allow_origins),
        tabs_per_session=tabs_per_session,
    )
    if refusal := config.refusal():
        raise DeskError(refusal)
    if team:
        from deskcheck.work.desk_file import open_for_operator

        with open_for_operator(path, name) as desk:
            if not any(not entry.disabled for entry in desk.all_logins()):
                raise DeskError(
                    "no reviewer can log in to this desk yet: add one with"
                    " `deskcheck reviewer add NAME`"
                )
    try:
        secret = secret_for(path)
    except (OSError, ValueError) as error:
        raise DeskError(f"cannot keep the serving key beside the desk: {error}") from None
    from deskcheck.work.replication import replicating_while

    def replication_stopped(status: int) -> None:
        click.echo(
            f"warning: Litestream stopped (exit status {status}): the desk is no longer"
            " replicated; its log above says why. Restart the server to replicate again.",
            err=True,
        )

    try:
        with replicating_while(path, replicate_to, replication_stopped):
            DeskServer(config, secret=secret).serve()
    except OSError as error:
        raise DeskError(f"cannot serve on {host}:{port}: {error.strerror or error}") from None


@cli.group()
def reviewer() -> None:
    """Reviewer logins for `deskcheck serve --team`."""


def _read_password(name: str) -> str:
    """The password, typed twice with no echo (or one line on standard input)."""
    if not sys.stdin.isatty():
        line = sys.stdin.readline()
        if not line.strip():
            raise DeskError("no password on standard input")
        return line.rstrip("\r\n")
    return click.prompt(f"Password for {name}", hide_input=True, confirmation_prompt=True, err=True)


@reviewer.command("add")
@click.argument("name")
@desk_options
@click.pass_context
def reviewer_add(
    ctx: click.Context, name: str, desk_path: Path | None, reviewer: str | None
) -> None:
    """Give NAME a login (asks for the password, or reads one line from standard input)."""
    from deskcheck.work.logins import add_login, canonical_login

    canonical = canonical_login(name)
    with open_desk(ctx, desk_path, reviewer) as desk:
        if desk.login(canonical) is not None:  # before asking for a password
            raise DeskError(
                f"reviewer {canonical!r} already has a login:"
                f" use `deskcheck reviewer passwd {canonical}`"
            )
        added = add_login(desk, canonical, _read_password(canonical))
    click.echo(f"Added a login for {added}")


@reviewer.command("passwd")
@click.argument("name")
@desk_options
@click.pass_context
def reviewer_passwd(
    ctx: click.Context, name: str, desk_path: Path | None, reviewer: str | None
) -> None:
    """Set a new password for NAME; their open sessions end."""
    from deskcheck.work.logins import canonical_login, change_password

    canonical = canonical_login(name)
    with open_desk(ctx, desk_path, reviewer) as desk:
        if desk.login(canonical) is None:  # before asking for a password
            raise DeskError(f"reviewer {canonical!r} has no login on this desk")
        changed = change_password(desk, canonical, _read_password(canonical))
    click.echo(f"Changed the password of {changed}")


@reviewer.command("disable")
@click.argument("name")
@click.option("--enable", is_flag=True, help="Let a disabled login in again.")
@desk_options
@click.pass_context
def reviewer_disable(
    ctx: click.Context, name: str, enable: bool, desk_path: Path | None, reviewer: str | None
) -> None:
    """Stop NAME logging in; their open sessions end at their next request."""
    from deskcheck.work.logins import set_disabled

    with open_desk(ctx, desk_path, reviewer) as desk:
        changed = set_disabled(desk, name, not enable)
    click.echo(f"{'Enabled' if enable else 'Disabled'} the login of {changed}")


@reviewer.command("list")
@desk_options
@click.pass_context
def reviewer_list(ctx: click.Context, desk_path: Path | None, reviewer: str | None) -> None:
    """The desk's reviewer logins."""
    with open_desk(ctx, desk_path, reviewer) as desk:
        for entry in desk.all_logins():
            state = "disabled" if entry.disabled else "enabled"
            click.echo(f"{entry.name}\t{state}\tpassword set {entry.changed_at}")


SETTINGS = {
    "organisation": 'who publishes: {"name": "…", "url": "https://…", "logo": "https://…"}'
    " (the page's publisher, ClaimReview author and url; url_pattern: the page's, with {claim})",
    "two_person_rule": "true: a decision for publication waits for a second reviewer",
    "allow_private_addresses": "true: `check` may fetch URLs on private networks",
    "export_dir": '"~/fact-checks": where exports, pages and archives go without -o (else here)',
}


@cli.command()
@click.argument("name", required=False, type=click.Choice(sorted(SETTINGS)))
@click.argument("value", required=False, metavar="[JSON]")
@desk_options
@click.pass_context
def setting(
    ctx: click.Context,
    name: str | None,
    value: str | None,
    desk_path: Path | None,
    reviewer: str | None,
) -> None:
    """Show the desk's settings, one of them, or set one (VALUE is JSON: true, "text", {…})."""
    import json

    from deskcheck.work.settings import set_setting

    with open_desk(ctx, desk_path, reviewer) as desk:
        if value is not None:
            try:
                parsed = json.loads(value)
            except ValueError as error:
                raise DeskError(f"{value!r} is not JSON (text needs quotes): {error}") from None
            assert name is not None  # VALUE comes after NAME
            if name == "organisation":  # the newsroom readers see: checked as publish does
                from deskcheck.work.publishing import set_organisation

                set_organisation(desk, parsed)
            else:
                set_setting(desk, name, parsed)
        for key in [name] if name else sorted(SETTINGS):
            current = json.dumps(desk.setting(key), ensure_ascii=False)
            click.echo(f"{key} = {make_visible(current)}    # {SETTINGS[key]}")


@cli.command()
@desk_options
@click.pass_context
def doctor(ctx: click.Context, desk_path: Path | None, reviewer: str | None) -> None:
    """The SQLite in use, the desk's journal mode and integrity, and known risks."""
    from deskcheck.work.desk_file import checkup

    path, _name, _ = _settings(ctx, desk_path, reviewer)
    result = checkup(path)
    click.echo(f"desk: {path} (schema {result.schema})")
    click.echo(
        f"SQLite: {result.sqlite_version}"
        + (" (before 3.51.3: WAL bug risk)" if result.wal_bug_risk else "")
    )
    click.echo(f"journal mode: {result.journal_mode or 'unknown'}")
    click.echo(f"integrity (quick check): {result.integrity or 'not checked'}")
    if result.matching_index is not None:
        click.echo(f"matching index: {'ok' if result.matching_index.ok else 'out of date'}")
    for finding in result.findings:
        click.echo(make_visible(f"! {finding}"))
    if result.integrity not in ("ok", "") or any(f.startswith("schema:") for f in result.findings):
        sys.exit(1)


@cli.command()
@desk_options
@click.pass_context
def reindex(ctx: click.Context, desk_path: Path | None, reviewer: str | None) -> None:
    """Rebuild the matching index ("already checked?") from every claim and published
    fact-check: after an upgrade that folds claims another way, or when `deskcheck doctor`
    says the index is out of date."""
    import time

    from deskcheck.work.similar import reindex

    with open_desk(ctx, desk_path, reviewer) as desk:
        started = time.perf_counter()
        claims, published = reindex(desk)
    click.echo(
        f"matching index rebuilt: {claims:,} claims and {published:,} published fact-checks"
        f" in {time.perf_counter() - started:.1f} s"
    )


@cli.command("build-sample", hidden=True)
@click.option("--source", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option("--output", type=click.Path(path_type=Path, dir_okay=False))
def build_sample(source: Path | None, output: Path | None) -> None:
    """Rebuild sample_db/sample.db from sample_db/sample_desk.toml (for maintainers)."""
    from deskcheck.work.config import PACKAGE_DIR
    from deskcheck.work.desk_file import build_desk

    source = source or PACKAGE_DIR.parent / "sample_db" / "sample_desk.toml"
    output = output or source.with_name("sample.db")
    build_desk(source, output)
    click.echo(f"Built {output} from {source}")
