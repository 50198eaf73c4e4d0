"""`deskcheck ingest SOURCE`: read a URL, a file or standard input; parse it; take the items
onto the desk in batches. Shared by the command line and the UI's ingest worker.

Every run is recorded (source, format, counts, feedparser's bozo reason); every rejected
item is stored with its reason. Batches are separate transactions, so an interrupted run
keeps what it finished, and running it again adds only what is missing.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

from deskcheck.data import Desk
from deskcheck.domain.models import IncomingClaim, IngestCounts
from deskcheck.domain.urls import BadURL, web_url
from deskcheck.ingest.detect import FORMATS, detect_format
from deskcheck.ingest.encoding import as_utf8, by_mark, decode_bytes
from deskcheck.ingest.parsed import Parsed, SourceError
from deskcheck.ingest.published import PUBLISHED_FORMATS, ParsedPublished

BATCH = 2_000  # one transaction each: an interrupted run keeps the batches it finished
PUBLISHED_BATCH = 5_000  # reference rows without events: bigger batches, fewer commits


def printable(text: str) -> str:
    """A message that can be stored and shown even when it quotes bad bytes."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


MAX_SOURCE_BYTES = 200 * 1024 * 1024

Progress = Callable[[int, int], object]  # (items done, items in all); what it returns is ignored


@dataclass
class IngestReport:
    source: str
    format: str = ""
    run_id: int | None = None
    counts: IngestCounts = field(default_factory=IngestCounts)
    rejects: list[str] = field(default_factory=list)
    bozo: str | None = None
    error: str | None = None
    encoding: str = ""  # which encoding was read and which rule chose it, unless plain UTF-8
    title: str = ""  # the feed's own title, when it has one
    pictures: int = 0  # pictures fetched and kept with the new claims
    picture_problems: list[str] = field(default_factory=list)  # a line per picture not kept
    notes: list[str] = field(default_factory=list)  # items taken in with a part left out

    def summary(self) -> str:
        c = self.counts
        took_some = c.new or c.duplicate
        if self.error and not (self.format == "warc" and took_some):
            return f"{self.source}: {self.error}"
        if self.format == "warc":  # a file cut short says what it took in before the cut
            return (
                f"{self.source} (warc): {c.new} new evidence snapshots, {c.duplicate} already"
                f" on the desk, {c.rejected} response{'' if c.rejected == 1 else 's'} not taken in"
            ) + (f"; {self.error}" if self.error else "")
        if self.format in PUBLISHED_FORMATS:
            text = (
                f"{self.source} ({self.format}): {c.new} published fact-checks loaded for"
                f" matching (not queue work), {c.duplicate} already loaded, {c.rejected} rejected"
            )
            return text + (f"; {self.encoding}" if self.encoding else "")
        text = (
            f"{self.source} ({self.format}): {c.new} new, {c.duplicate} already on the desk,"
            f" {c.version} later versions, {c.rejected} rejected"
        )
        if c.new:
            text += f"; {c.probably_checked} probably already checked"
        if self.pictures or self.picture_problems:
            kept = f"{self.pictures} picture{'' if self.pictures == 1 else 's'}"
            text += f"; {kept} kept, {len(self.picture_problems)} not"
        text += f"; {self.encoding}" if self.encoding else ""
        return text + (f"; the feed is malformed: {self.bozo}" if self.bozo else "")


@dataclass
class Source:
    name: str
    body: bytes
    content_type: str | None = None
    url: str | None = None


def read_source(name: str, fetcher_factory: Callable[[], object] | None = None) -> Source:
    """The bytes of a URL (fetched within limits), a file, or standard input ('-')."""
    if name == "-":
        return Source("-", sys.stdin.buffer.read(MAX_SOURCE_BYTES + 1)[:MAX_SOURCE_BYTES])
    if name.lower().startswith(("http://", "https://")):
        from deskcheck.fetch.fetcher import Fetcher

        fetcher = fetcher_factory() if fetcher_factory else Fetcher()
        assert isinstance(fetcher, Fetcher)
        result = fetcher.fetch(name)
        if not result.ok:
            raise SourceError(f"could not fetch it: {result.error}")
        return Source(name, result.body, result.content_type, result.final_url or name)
    path = Path(name)
    scheme = name.split(":", 1)[0] if ":" in name else ""
    if len(scheme) > 1 and scheme.isalpha() and not path.exists():
        # file:, ftp:, javascript:… are not fetched; a local file is named by its path
        raise SourceError(f"only http and https URLs are read, not {scheme}:; give a file's path")
    if not path.is_file():
        raise SourceError("no such file")
    if path.stat().st_size > MAX_SOURCE_BYTES:
        raise SourceError(f"larger than {MAX_SOURCE_BYTES // 1024 // 1024} MB")
    return Source(name, path.read_bytes())


MARKUP = ("rss", "atom", "telegram")  # and a ClaimReview page (not its JSON)


def is_markup(source: Source, format: str) -> bool:
    return format in MARKUP or (
        format == "claimreview" and source.body.lstrip()[:1] not in (b"{", b"[")
    )


def in_utf8(source: Source, format: str | None) -> tuple[Source, str]:
    """The source re-encoded as UTF-8, and what was read (see ``ingest.encoding``). A byte
    order mark or UTF-16/32 is read for every format; markup (feeds, pages) is also read by
    its declarations and, failing those, by detection. JSON and CSV must otherwise be UTF-8:
    their lines or rows that are not are rejected one by one."""
    decoded = by_mark(source.body)
    if decoded is None and format is not None and is_markup(source, format):
        decoded = decode_bytes(source.body, source.content_type)
    if decoded is None:
        return source, ""
    # the header's charset must now describe these bytes, or a parser decodes them again
    mime = (source.content_type or "").split(";")[0].strip()
    content_type = f"{mime}; charset=utf-8" if mime else None
    return replace(source, body=as_utf8(decoded), content_type=content_type), decoded.note


def parse(source: Source, format: str) -> Parsed | ParsedPublished:
    # each parser is imported when its format comes: feedparser and lxml alone are a tenth
    # of a second, which a JSON Lines ingest need not pay
    title = source.url or Path(source.name).name or "standard input"
    body, url = source.body, source.url
    if format in ("datafeed", "factcheck-api"):
        from deskcheck.ingest import published

        if format == "datafeed":
            return published.parse_datafeed(body, title)
        return published.parse_factcheck_api(body, title)
    if format in ("rss", "atom"):
        from deskcheck.ingest import rss

        return rss.parse_feed(body, source.content_type, url)
    if format in ("jsonfeed", "jsonl"):
        from deskcheck.ingest import jsonfeed

        if format == "jsonfeed":
            return jsonfeed.parse_json_feed(body, url)
        return jsonfeed.parse_jsonl(body, title, url)
    if format == "csv":
        from deskcheck.ingest import csvfile

        return csvfile.parse_csv(body, title, url)
    if format == "telegram":
        from deskcheck.ingest import telegram

        return telegram.parse_telegram(body, url)
    if format == "telegram-export":
        from deskcheck.ingest import telegram_export

        return telegram_export.parse_telegram_export(body, url)
    if format == "claimreview":
        from deskcheck.ingest import claimreview

        if body.lstrip()[:1] in (b"{", b"["):
            return claimreview.parse_claimreview_json(body, title, url)
        return claimreview.parse_claimreview_html(body, title, url)
    raise SourceError(f"unknown format {format!r}: use one of {', '.join(FORMATS)}")


def took_nothing(counts: IngestCounts) -> str | None:
    """Why a run that took no item in did nothing useful (None when it took something in:
    an item already on the desk counts, since the desk then holds it)."""
    if counts.new or counts.duplicate or counts.version:
        return None
    if counts.rejected:
        return f"nothing taken in: all {counts.rejected} items were rejected"
    return "nothing taken in: the source holds no items"


def with_web_urls(item: IncomingClaim, base: str | None) -> IncomingClaim:
    """The item with its URLs normalised by the one URL rule (relative ones resolved against
    the source's URL); BadURL names the URL that is not a web URL."""

    def normal(url: str | None, what: str) -> str | None:
        if not url:
            return None
        try:
            return web_url(url, base)
        except BadURL as error:
            raise BadURL(f"{what} {printable(url)!r}: {error}") from None

    origin_url = normal(item.origin_url, "its URL")
    # a picture's URL that is no web URL is dropped, not the item: the words still stand
    pictures = tuple(dict.fromkeys(u for u in map(_picture_url(base), item.pictures) if u))
    if pictures != item.pictures:
        item = replace(item, pictures=pictures)
    if not item.outside_reviews and origin_url == item.origin_url:
        return item  # already as the rule spells it: no copy
    reviews = tuple(
        review | {"url": normal(review.get("url"), "its review URL")}
        for review in item.outside_reviews
    )
    return replace(item, origin_url=origin_url, outside_reviews=reviews)


def _picture_url(base: str | None) -> Callable[[str], str | None]:
    def normal(url: str) -> str | None:
        try:
            return web_url(url, base)
        except BadURL:
            return None

    return normal


def is_relative(url: str | None) -> bool:
    """A URL with no scheme (``/news/1``, ``news/1``): an address on the source's site."""
    if url is None or not url.strip():
        return False
    try:
        return not urlsplit(url.strip()).scheme
    except ValueError:  # "//[bad": an address no one can resolve either way
        return False


def checked_urls(parsed: Parsed, base: str | None) -> list[IncomingClaim]:
    """The parsed items whose URLs are web URLs; the others become rejects with the reason.
    An item whose own URL is relative and cannot be resolved (a file has no address) is
    kept without the link, with a note: the claim is what matters, as for an RSS guid."""
    items: list[IncomingClaim] = []
    for position, item in parsed.items:
        try:
            items.append(with_web_urls(item, base))
            continue
        except BadURL as error:
            if not is_relative(item.origin_url):
                parsed.reject(position, f"item {position}: {error}", item.text)
                continue
        try:
            items.append(with_web_urls(replace(item, origin_url=None), base))
        except BadURL as error:
            parsed.reject(position, f"item {position}: {error}", item.text)
            continue
        where = f"against {printable(base)!r}" if base else "(the source has no address)"
        parsed.note(
            position,
            f"item {position}: kept without its link: {printable(item.origin_url or '')[:200]!r}"
            f" is relative and cannot be resolved {where}",
            item.origin_url or "",
        )
    return items


def ingest_warc(
    desk: Desk, source: Source, report: IngestReport, claim_id: int | None
) -> IngestReport:
    """A WARC file's responses as evidence snapshots (see ``ingest.warc``)."""
    from deskcheck.ingest.warc import read_warc, take_in

    contents = read_warc(source.body)  # a SourceError is the run's, recorded by the caller
    report.run_id = run_id = desk.start_ingest_run(source.name, "warc")
    try:
        counts, rejects = take_in(desk, contents, claim_id)
    except Exception as error:
        desk.finish_ingest_run(run_id, report.counts, error=printable(str(error)))
        raise
    report.counts = counts
    desk.reject_items(run_id, rejects)
    report.rejects = [reason for _, reason, _ in rejects]  # each names its response or byte
    report.error = (
        None
        if (counts.new or counts.duplicate)
        else (f"nothing taken in: none of its {counts.rejected} responses is evidence on this desk")
    )
    if contents.cut:  # what came before the cut is kept, and the run is not a success
        report.error = "; ".join(filter(None, [report.error, contents.cut]))
    desk.finish_ingest_run(run_id, counts, error=report.error)
    return report


def load_published(
    desk: Desk,
    report: IngestReport,
    parsed: ParsedPublished,
    progress: Progress | None,
    cancelled: Callable[[], bool],
) -> IngestReport:
    """Published fact-checks into the reference library, in batches (see data/published)."""
    assert report.run_id is not None
    rejects = [(r.position, r.reason, r.excerpt) for r in parsed.rejects]
    desk.reject_items(report.run_id, rejects)
    report.counts.rejected = len(rejects)
    report.rejects = [f"item {p or '?'}: {reason}" for p, reason, _ in rejects]
    checks = [check for _, check in parsed.checks]
    try:
        for start in range(0, len(checks), PUBLISHED_BATCH):
            if cancelled():
                report.error = f"cancelled after {start} of {len(checks)} fact-checks"
                break
            added, already = desk.add_published(
                report.source, checks[start : start + PUBLISHED_BATCH]
            )
            report.counts.new += added
            report.counts.duplicate += already
            if progress:
                progress(min(start + PUBLISHED_BATCH, len(checks)), len(checks))
        report.error = report.error or took_nothing(report.counts)
    finally:
        desk.finish_ingest_run(report.run_id, report.counts, error=report.error)
    return report


def ingest(
    desk: Desk,
    name: str,
    *,
    format: str | None = None,
    progress: Progress | None = None,
    fetcher_factory: Callable[[], object] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    fetched: Source | None = None,
    rules: Callable[[IncomingClaim], IncomingClaim] | None = None,
    claim_id: int | None = None,
) -> IngestReport:
    """Ingest one source. Never raises for bad input: the report carries the error.
    ``cancelled`` is asked between batches; the batches already taken in stay. ``fetched``:
    the source already read (a subscription's refresh); ``rules``: what a subscription does
    to each arriving item (its tags, priority, assignee). A WARC file brings evidence
    snapshots, not claims (``claim_id``: the claim new pages go to)."""
    report = IngestReport(name)
    try:
        source = fetched or read_source(name, fetcher_factory)
        source, report.encoding = in_utf8(source, None)
        if not source.body.strip():
            raise SourceError("nothing taken in: the source is empty")
        report.format = format or detect_format(name, source.content_type, source.body) or ""
        if not report.format:
            raise SourceError("cannot tell its format: name it with --format")
        if report.format == "warc" and fetched is not None:
            # a subscribed feed brings claims; it may not put snapshots on the desk's evidence
            raise SourceError("a subscribed feed served a WARC archive, not a feed")
        if report.format == "warc":
            return ingest_warc(desk, source, report, claim_id)
        if not report.encoding:
            source, report.encoding = in_utf8(source, report.format)
        parsed = parse(source, report.format)
    except SourceError as error:
        report.error = printable(str(error))
        run_id = desk.start_ingest_run(name, report.format or "unknown")
        desk.finish_ingest_run(run_id, report.counts, error=report.error)
        report.run_id = run_id
        return report
    report.format = parsed.format  # the parser knows best (rss20, atom10, rss10…)
    report.run_id = run_id = desk.start_ingest_run(name, report.format)
    if isinstance(parsed, ParsedPublished):
        return load_published(desk, report, parsed, progress, cancelled)
    report.title = parsed.title
    report.bozo = parsed.bozo
    items = checked_urls(parsed, source.url)
    if rules is not None:
        items = [rules(item) for item in items]
    # taken in oldest first, so that of one batch's arrivals the latest published comes out
    # on top of the queue (feeds list newest first; channels oldest first); undated keep order
    items.sort(key=lambda item: item.published_at or "")
    rejects = [(r.position, r.reason, r.excerpt) for r in parsed.rejects]
    report.counts.rejected = len(rejects)
    report.rejects = [f"item {p or '?'}: {reason}" for p, reason, _ in rejects]
    # notes on items taken in with a part left out are kept beside the rejects, not counted
    notes = [(n.position, n.reason, n.excerpt) for n in parsed.notes]
    desk.reject_items(run_id, rejects + notes)
    report.notes = [reason for _, reason, _ in notes]
    try:
        for start in range(0, len(items), BATCH):
            if cancelled():
                report.error = f"cancelled after {start} of {len(items)} items"
                break
            report.counts.add(desk.ingest(run_id, items[start : start + BATCH]))
            if progress:
                progress(min(start + BATCH, len(items)), len(items))
        report.error = report.error or took_nothing(report.counts)
    finally:
        # what the data layer refused or left out, each already recorded on the run
        report.rejects += report.counts.rejects
        report.notes += report.counts.notes
        desk.finish_ingest_run(run_id, report.counts, bozo=parsed.bozo, error=report.error)
    return report
