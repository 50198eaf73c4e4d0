"""Commands that bring sources in: ingest, add-evidence, check (progress bar on a terminal)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from deskcheck.cli.base import CLAIM_ID, cli, desk_options, echo_record, open_desk, with_desk
from deskcheck.domain.untrusted import make_visible
from deskcheck.ingest.detect import FORMATS

if TYPE_CHECKING:
    from deskcheck.data import Desk


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
@click.argument("url", required=False)
@click.option("--title", help="Title [default: the page's own title; required without URL].")
@click.option("--excerpt", default="", help="The part that bears on the claim.")
@click.option("--kind", default="page", show_default=True)
@click.option(
    "--grade", default="F6", show_default=True, help="Reliability A–F and credibility 1–6."
)
@click.option("--published-at", help="When the source was published: 2026-06-14, 2026-06, 2026.")
@click.option("--derived-from-hop", type=CLAIM_ID, help="The custody hop it is (its root).")
@click.option("--derived-from-evidence", type=CLAIM_ID, help="The evidence item it repeats.")
@click.option("--no-fetch", is_flag=True, help="Keep the URL; fetch it later (`check`).")
@click.option("--json", "as_json", is_flag=True, help="Print the record as JSON.")
@with_desk
def add_evidence(
    desk: Desk,
    claim_id: int,
    url: str | None,
    title: str | None,
    excerpt: str,
    kind: str,
    grade: str,
    published_at: str | None,
    derived_from_hop: int | None,
    derived_from_evidence: int | None,
    no_fetch: bool,
    as_json: bool,
) -> None:
    """Add evidence to a claim: by URL (fetched, and kept as a snapshot), or by title."""
    from deskcheck.domain.vocabulary import parse_grade
    from deskcheck.work.evidence import NewEvidence
    from deskcheck.work.evidence import add_evidence as add

    if not url and not title:
        raise click.UsageError("give the evidence's URL, or its --title when it has none")
    reliability, credibility = parse_grade(grade)
    item = NewEvidence(
        url,
        title or "",
        excerpt,
        kind,
        reliability,
        credibility,
        derived_from_evidence_id=derived_from_evidence,
        derived_from_hop_id=derived_from_hop,
        published_at=published_at,
        fetch=not no_fetch,
    )
    added = add(desk, claim_id, item)
    stored = next(e for e in desk.claim(claim_id).evidence if e.id == added.evidence_id)
    echo_record(
        f"Added evidence {added.evidence_id} to claim {claim_id}: {added.outcome}",
        {
            "id": added.evidence_id,
            "claim_id": claim_id,
            "title": stored.title,
            "url": stored.url,
            "outcome": added.outcome,
            "http_status": added.http_status,
        },
        as_json,
    )
