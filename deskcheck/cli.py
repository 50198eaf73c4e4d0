"""The `deskcheck` command.

It imports only click at start; the data layer is imported by the commands that need it,
and Textual only when the desk is opened in the terminal UI, so `deskcheck --help` and the
scripting commands start fast.
"""

from __future__ import annotations

import os
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from deskcheck import __version__
from deskcheck.domain.errors import DeskError
from deskcheck.domain.untrusted import make_visible
from deskcheck.ingest.detect import FORMATS

if TYPE_CHECKING:
    from deskcheck.data import Desk
    from deskcheck.ui.app import DeskApp


# SQLite's integers are 64-bit: a larger number names no claim, and is said so at the prompt
CLAIM_ID = click.IntRange(1, 2**63 - 1)


class DeskGroup(click.Group):
    """Turns the errors a user can act on into one line on stderr, never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DeskError as error:
            # messages may quote outside text (a verdict name, a URL): never raw to a terminal
            raise click.ClickException(make_visible(str(error))) from None
        except sqlite3.Error as error:
            raise click.ClickException(
                f"the desk file could not be used ({error}); check it with `deskcheck verify`"
                " and `deskcheck doctor`, or restore a backup (`deskcheck backup` makes them)"
            ) from None


def desk_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """--desk and --reviewer, accepted before or after the command name."""
    command = click.option(
        "--reviewer",
        metavar="NAME",
        help="Who is reviewing [default: $DESKCHECK_REVIEWER, else the OS user].",
    )(command)
    return click.option(
        "--desk",
        "desk_path",
        type=click.Path(path_type=Path, dir_okay=False),
        metavar="PATH",
        help="The desk file [default: $DESKCHECK_DESK, else desk.db in your data directory].",
    )(command)


def given_reviewer(ctx: click.Context, reviewer: str | None) -> str | None:
    """The --reviewer given before or after the command; an empty one is refused, not
    quietly replaced by the OS user."""
    given = reviewer if reviewer is not None else ctx.find_root().params.get("reviewer")
    if given is not None and not given.strip():
        raise click.BadParameter("a reviewer's name cannot be empty", param_hint="--reviewer")
    return given


def _settings(
    ctx: click.Context, desk_path: Path | None, reviewer: str | None
) -> tuple[Path, str, bool]:
    from deskcheck.work.config import default_desk_path, default_reviewer

    parent = ctx.find_root().params
    chosen = desk_path or parent.get("desk_path")
    name = given_reviewer(ctx, reviewer) or default_reviewer()
    return (chosen or default_desk_path(), name, chosen is None)


def open_desk(ctx: click.Context, desk_path: Path | None, reviewer: str | None) -> Desk:
    """Open the chosen desk; the default desk is seeded from the sample desk on first use."""
    from deskcheck.data import Desk
    from deskcheck.work.config import copy_sample_desk

    path, name, is_default = _settings(ctx, desk_path, reviewer)
    if is_default and not path.exists():
        copy_sample_desk(path)
        click.echo(f"Created your desk at {path} from the sample desk.", err=True)
    desk = Desk.open(path, reviewer=name)
    warn_if_gone_back(path)
    ctx.find_root().call_on_close(lambda: remember(path))
    return desk


def warn_if_gone_back(path: Path) -> bool:
    """Say loudly when the desk lost the state this reviewer last saw (a lost -wal…)."""
    from deskcheck.work.desk_memory import check

    loss = check(path)
    if loss is not None:
        click.secho(f"WARNING: {make_visible(str(loss))}", err=True, fg="red", bold=True)
    return loss is not None


def remember(path: Path) -> None:
    from deskcheck.work.desk_memory import remember as remember_head

    remember_head(path)


@click.group(cls=DeskGroup, invoke_without_command=True)
@desk_options
@click.version_option(__version__, prog_name="deskcheck")
@click.pass_context
def cli(ctx: click.Context, desk_path: Path | None, reviewer: str | None) -> None:
    """deskcheck: a fact-check desk for the terminal.

    Run without a command to open the desk.
    """
    if ctx.invoked_subcommand is None:
        run_desk_ui(ctx, desk_path, reviewer)


def run_desk_ui(ctx: click.Context, desk_path: Path | None, reviewer: str | None) -> None:
    """Open the review desk in the terminal; without a terminal, print the queue instead."""
    from deskcheck.work.config import (
        configured_reviewer,
        copy_sample_desk,
        default_desk_path,
    )

    parent = ctx.find_root().params
    path = desk_path or parent.get("desk_path") or default_desk_path()
    name = given_reviewer(ctx, reviewer) or configured_reviewer()
    if not (desk_path or parent.get("desk_path")) and not path.exists():
        copy_sample_desk(path)
        click.echo(f"Created your desk at {path} from the sample desk.", err=True)
    # textual-serve runs the desk with its web driver and no terminal: still the UI
    if not sys.stdout.isatty() and not os.environ.get("TEXTUAL_DRIVER"):
        with open_desk(ctx, path, name) as desk:
            from deskcheck.export.plain_text import desk_summary

            click.echo(desk_summary(desk))
        return
    app = desk_app(path, name)
    summary = app.run()
    if app.crash:  # logged by the app; the terminal gets one line and a failing exit
        click.echo(make_visible(app.crash), err=True)
        sys.exit(1)
    if app.return_code:  # the desk could not be opened, or the app ended on an error
        sys.exit(app.return_code)
    if summary:
        click.echo(summary)


def desk_app(path: Path, reviewer: str | None) -> DeskApp:
    """The review desk on ``path``, after refusing a file it could not open while the
    terminal is still the reviewer's (the error is then one plain line)."""
    from deskcheck.data.connection import check_desk_file
    from deskcheck.ui.app import DeskApp

    check_desk_file(path)
    return DeskApp(path, reviewer)


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
    70 and above: probably already checked) and the reason. Exits 1 when nothing matches.
    """
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
            click.echo(make_visible(f"{m.score:3d}  {where}: {verdict} ({(m.date or '')[:10]})"))
            click.echo(make_visible(f"     {m.text[:200]}"))
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


@cli.command()
@click.option("--allow-private", is_flag=True, help="Let URLs reach private network addresses.")
@click.option("--concurrency", type=click.IntRange(1, 64), help="Fetches at once [default: 16].")
@click.option("--per-host", type=click.IntRange(1, 64), help="Fetches at once to one host [8].")
@desk_options
@click.pass_context
def check(
    ctx: click.Context,
    allow_private: bool,
    concurrency: int | None,
    per_host: int | None,
    desk_path: Path | None,
    reviewer: str | None,
) -> None:
    """Re-fetch every evidence URL and every watched trigger URL.

    Changed pages get a new snapshot and are marked changed; 404, 410 and unreachable hosts
    are marked gone; a watched trigger whose page appears or changes fires.
    """
    from deskcheck.work.links import check_links

    with (
        open_desk(ctx, desk_path, reviewer) as desk,
        _progress("checking") as bar,
    ):
        report = check_links(
            desk,
            allow_private=allow_private,
            concurrency=concurrency,
            per_host=per_host,
            progress=_advance(bar),
        )
    click.echo(report.summary())
    for error in report.errors[:100]:
        click.echo(f"  {make_visible(error)}")
    if report.interrupted:
        sys.exit(130)
    if report.checked and report.outcomes["failed"] == report.checked:
        sys.exit(1)  # every URL failed: the check learnt nothing


class _NoBar:
    """A progress bar nobody sees: without a terminal on stderr, click's bar would still
    print its label, a stray line in every script's error log."""

    length = 1
    pos = 0

    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *_: object) -> None:
        return None

    def update(self, steps: int) -> None:
        self.pos += steps


def _progress(label: str) -> Any:
    if not sys.stderr.isatty():
        return _NoBar()
    return click.progressbar(length=1, label=label, file=sys.stderr)


def _advance(bar: Any) -> Callable[[int, int], None]:
    """A progress callback (done, total) that moves a click progress bar."""

    def advance(done: int, total: int) -> None:
        bar.length = max(total, 1)
        bar.update(done - bar.pos)

    return advance


@cli.command()
@click.argument("sources", metavar="SOURCE...", nargs=-1, required=True)
@click.option(
    "--format",
    "format_",
    type=click.Choice(list(FORMATS)),
    help="The source's format [default: detected]. datafeed (a ClaimReview DataFeed) and"
    " factcheck-api (Google Fact Check Tools claims:search JSON) load published fact-checks"
    " for matching, not claims for the queue.",
)
@click.option(
    "--claim",
    "claim_id",
    type=CLAIM_ID,
    help="With a WARC file: only this claim's evidence, and pages at new URLs become new"
    " evidence of it.",
)
@desk_options
@click.pass_context
def ingest(
    ctx: click.Context,
    sources: tuple[str, ...],
    format_: str | None,
    claim_id: int | None,
    desk_path: Path | None,
    reviewer: str | None,
) -> None:
    """Take claims in from feeds and files: a URL, a file, or - for standard input.

    RSS, Atom, JSON Feed, JSON Lines, CSV, ClaimReview JSON-LD (JSON or an HTML page) and
    public Telegram channel pages (https://t.me/s/NAME). The same item twice is one claim;
    a bad item is reported and skipped, the rest goes on.

    A WARC file (evidence captured with a browser extension or `deskcheck archive`) brings
    evidence snapshots instead: each response is kept as a snapshot of the evidence at its
    URL.
    """
    from deskcheck.work.intake import ingest as ingest_source

    failed = False
    with open_desk(ctx, desk_path, reviewer) as desk:
        for source in sources:
            with _progress(make_visible(source[:60])) as bar:
                report = ingest_source(
                    desk, source, format=format_, progress=_advance(bar), claim_id=claim_id
                )
            click.echo(make_visible(report.summary()))
            for reject in report.rejects[:50]:
                click.echo(f"  rejected {make_visible(reject)}")
            if len(report.rejects) > 50:
                click.echo(
                    f"  … and {len(report.rejects) - 50} more (see the ingest_rejects table)"
                )
            failed = failed or report.error is not None
    if failed:
        sys.exit(1)


@cli.command("add-evidence")
@click.argument("claim_id", metavar="CLAIM", type=CLAIM_ID)
@click.argument("url")
@click.option("--title", help="Title [default: the page's own title].")
@click.option("--excerpt", default="", help="The part that bears on the claim.")
@click.option("--kind", default="page", show_default=True)
@click.option(
    "--grade", default="F6", show_default=True, help="Reliability A–F and credibility 1–6."
)
@desk_options
@click.pass_context
def add_evidence(
    ctx: click.Context,
    claim_id: int,
    url: str,
    title: str | None,
    excerpt: str,
    kind: str,
    grade: str,
    desk_path: Path | None,
    reviewer: str | None,
) -> None:
    """Add evidence to a claim by URL, fetch it, and keep a snapshot."""
    from deskcheck.domain.vocabulary import parse_grade
    from deskcheck.work.evidence import NewEvidence
    from deskcheck.work.evidence import add_evidence as add

    reliability, credibility = parse_grade(grade)
    item = NewEvidence(url, title or "", excerpt, kind, reliability, credibility)
    with open_desk(ctx, desk_path, reviewer) as desk:
        added = add(desk, claim_id, item)
    click.echo(
        make_visible(f"Added evidence {added.evidence_id} to claim {claim_id}: {added.outcome}")
    )


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


# the commands that keep the desk file (init, verify, backup, …) live beside this module
# (and the desk work, subscriptions and recorded parts: assign, feed, wanted, hop, …)
from deskcheck import (  # noqa: E402, F401  (they register on `cli`)
    cli_desk_file,
    cli_desk_work,
    cli_feeds,
    cli_recorded_parts,
)


def main() -> None:
    try:
        cli(prog_name="deskcheck")
    except Exception as error:  # an error nobody foresaw: never exit 0, never a traceback
        from deskcheck.work.errorlog import log_exception, one_line

        path = log_exception(error, " ".join(sys.argv))
        click.echo(make_visible(one_line(error, path)), err=True)
        sys.exit(1)
