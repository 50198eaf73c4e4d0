"""Subscriptions: feeds the desk refreshes on its own. Shared by the command line (`feed`,
`refresh`) and the desk's background refresh.

A refresh asks conditionally (ETag / Last-Modified), so an unchanged feed costs a 304; it
asks one host at a time with a pause between requests to the same host; it fetches within
the desk's limits, and a feed's URL may not reach private addresses unless the feed was
allowed to (``--allow-private``) or the desk allows it. A feed that fails is that feed's
error, recorded on it; the other feeds go on.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING
from urllib.parse import urlsplit
from xml.etree import ElementTree

from deskcheck.data.desk_work import tag_from_outside
from deskcheck.domain.errors import InvalidValue
from deskcheck.domain.models import IncomingClaim, Subscription
from deskcheck.domain.urls import BadURL, web_url
from deskcheck.fetch.fetcher import Fetcher, retry_after_seconds
from deskcheck.fetch.limits import FetchLimits
from deskcheck.ingest.pipeline import IngestReport, Source, printable
from deskcheck.ingest.pipeline import ingest as ingest_source
from deskcheck.work.pictures import keep_item_pictures
from deskcheck.work.policy import fetch_limits, names_private_host
from deskcheck.work.workflow import who

if TYPE_CHECKING:
    from deskcheck.data import Desk

POLITE_SECONDS = 1.0  # between two requests to the same host
UNITS = {"m": 1, "h": 60, "d": 1440}
EVERY = re.compile(r"^\s*(\d{1,6})\s*([mhd]?)\s*$", re.IGNORECASE)


def parse_every(text: str) -> int:
    """``30m``, ``2h``, ``1d`` or a number of minutes, as minutes (the range is the desk's)."""
    match = EVERY.match(text or "")
    if not match:
        raise InvalidValue(
            f"refresh interval {printable(text)[:40]!r} is a number with m, h or d (30m, 2h, 1d)"
        )
    return int(match.group(1)) * UNITS[(match.group(2) or "m").lower()]


def feed_url(url: str, *, allow_private: bool) -> str:
    """The feed's URL by the one URL rule; a host that is a private address is refused
    unless allowed (a name is checked again at every connection by the fetcher)."""
    try:
        normal = web_url(url)
    except BadURL as error:
        raise InvalidValue(f"feed URL {printable(url)[:200]!r}: {error}") from None
    if names_private_host(normal) and not allow_private:
        raise InvalidValue(
            f"{normal} is a private address: a feed may not reach the newsroom's network"
            " unless allowed (--allow-private, or the desk setting allow_private_addresses)"
        )
    return normal


def add_feed(
    desk: Desk,
    url: str,
    *,
    every: str | int = 30,
    tags: Iterable[str] = (),
    priority: int = 3,
    assignee: str | None = None,
    allow_private: bool = False,
    title: str = "",
    typed_here: bool = True,
) -> int:
    """Subscribe to ``url``. Typed from afar (``typed_here`` False: through `serve`), the
    feed may not be let into the host's network, whatever the desk's setting."""
    if allow_private and not typed_here:
        raise InvalidValue(
            "a feed subscribed from afar may not reach private addresses: subscribe it at the"
            " desk's host (`deskcheck feed add URL --allow-private`)"
        )
    allowed = typed_here and (allow_private or bool(desk.setting("allow_private_addresses", False)))
    minutes = every if isinstance(every, int) else parse_every(every)
    return desk.add_subscription(
        feed_url(url, allow_private=allowed),
        title=title,
        every_minutes=minutes,
        tags=tuple(t.strip() for t in tags if t.strip()),
        priority=priority,
        assignee=who(desk, assignee) if assignee is not None else None,
        allow_private=allow_private,
    )


# -- refreshing -------------------------------------------------------------------------------


@dataclass
class RefreshReport:
    feed: Subscription
    status: int | None = None
    not_modified: bool = False
    error: str | None = None
    ingest: IngestReport | None = None

    @property
    def new(self) -> int:
        return self.ingest.counts.new if self.ingest else 0

    def summary(self) -> str:
        name = printable(self.feed.title or self.feed.url)
        if self.error:
            return f"feed {self.feed.id} {name}: {self.error}"
        if self.not_modified:
            return f"feed {self.feed.id} {name}: not modified (304)"
        assert self.ingest is not None
        return f"feed {self.feed.id} {name}: {self.ingest.summary()}"


@dataclass
class Politeness:
    """One request at a time per host, ``seconds`` apart."""

    seconds: float = POLITE_SECONDS
    last: dict[str, float] = field(default_factory=dict)
    sleep: Callable[[float], None] = time.sleep

    def wait_for(self, url: str) -> None:
        host = (urlsplit(url).hostname or "").lower()
        if host in self.last:
            self.sleep(max(0.0, self.last[host] + self.seconds - time.monotonic()))
        self.last[host] = time.monotonic()


def mark_read(desk: Desk, feed_id: int) -> None:
    """The reviewer has seen the feed's claims (its unread count, theirs alone, goes to 0)."""
    desk.mark_feed_read(feed_id)


def remove_feed(desk: Desk, feed_id: int, reason: str) -> None:
    """Stop refreshing a feed: kept, marked removed, with the reason; its claims stay."""
    desk.remove_subscription(feed_id, reason)


def _rules(feed: Subscription) -> Callable[[IncomingClaim], IncomingClaim]:
    def apply(item: IncomingClaim) -> IncomingClaim:
        return replace(
            item,
            tags=tuple(dict.fromkeys((*item.tags, *feed.tags))),
            priority=feed.priority,
            assignee=feed.assignee or item.assignee,
            subscription_id=feed.id,
        )

    return apply


def refresh_feed(desk: Desk, feed: Subscription, fetcher: Fetcher) -> RefreshReport:
    report = RefreshReport(feed)
    result = fetcher.fetch(feed.url, etag=feed.etag, last_modified=feed.last_modified)
    report.status = result.http_status
    wait = 0
    if result.http_status in (429, 503) and result.retry_after:
        wait = int(retry_after_seconds(result.retry_after, 86_400) // 60) + 1
    if result.not_modified:
        report.not_modified = True
    elif not result.ok:
        report.error = printable(result.error or f"HTTP {result.http_status}")
    else:
        source = Source(feed.url, result.body, result.content_type, result.final_url or feed.url)
        report.ingest = ingest_source(desk, feed.url, fetched=source, rules=_rules(feed))
        report.error = report.ingest.error
        if report.ingest.counts.new_pictures:
            keep_item_pictures(desk, report.ingest.counts.new_pictures, report.ingest, fetcher)
    desk.record_refresh(
        feed.id,
        status=result.http_status,
        error=report.error,
        etag=result.etag,
        last_modified=result.last_modified,
        title=report.ingest.title if report.ingest and not feed.title else None,
        wait_minutes=wait or None,
    )
    return report


def refresh(
    desk: Desk,
    *,
    only: Iterable[int] = (),
    due_only: bool = True,
    base_limits: FetchLimits | None = None,
    politeness: Politeness | None = None,
    cancelled: Callable[[], bool] = lambda: False,
) -> list[RefreshReport]:
    """Refresh the feeds that are due (or ``only`` those named, due or not)."""
    wanted = set(only)
    if wanted:
        feeds = [f for f in desk.subscriptions() if f.id in wanted]
    elif due_only:
        feeds = desk.due_subscriptions()
    else:
        feeds = desk.subscriptions()
    polite = politeness or Politeness()
    reports: list[RefreshReport] = []
    # one fetcher per policy: a feed allowed to reach private addresses gets its own
    fetchers: dict[bool, Fetcher] = {}
    try:
        for feed in feeds:
            if cancelled():
                break
            private = bool(feed.allow_private)
            if private not in fetchers:
                limits = fetch_limits(
                    desk, typed_by_reviewer=False, allow_private=private, base=base_limits
                )
                fetchers[private] = Fetcher(replace(limits, per_host=1))
            polite.wait_for(feed.url)
            reports.append(refresh_feed(desk, feed, fetchers[private]))
    finally:
        for fetcher in fetchers.values():
            fetcher.close()
    return reports


# -- OPML ---------------------------------------------------------------------------------------


@dataclass
class OpmlImport:
    added: list[int] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # one line each: which and why


def import_opml(
    desk: Desk,
    body: bytes,
    *,
    every: str | int = 30,
    allow_private: bool = False,
) -> OpmlImport:
    """Subscribe to every feed of an OPML file (as newsboat, Thunderbird, Feedly… export
    them), parsed by listparser; an outline's folders become the feed's tags."""
    import listparser

    from deskcheck.domain.errors import DeskError

    parsed = listparser.parse(body)
    if not parsed.feeds:
        reason = f" ({parsed.bozo_exception})" if parsed.get("bozo") else ""
        raise InvalidValue(f"no feeds found in the OPML file{printable(str(reason))[:200]}")
    report = OpmlImport()
    for position, found in enumerate(parsed.feeds, 1):
        url = str(found.get("url") or "")
        tags = [t for group in found.get("categories", []) for t in group] + list(
            found.get("tags", [])
        )
        try:
            report.added.append(
                add_feed(
                    desk,
                    url,
                    every=every,
                    tags=[t for t in (tag_from_outside(str(t)) for t in tags) if t],
                    allow_private=allow_private,
                    title=str(found.get("title") or ""),
                )
            )
        except DeskError as error:
            report.skipped.append(f"outline {position}: {printable(str(error))}")
    return report


XML_UNSAFE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _xml_text(text: str) -> str:
    """Text XML 1.0 can hold: control characters it cannot are shown as U+FFFD."""
    return XML_UNSAFE.sub("\ufffd", text)


def export_opml(desk: Desk) -> bytes:
    """The desk's active subscriptions as OPML 2.0 (ElementTree escapes every attribute)."""
    opml = ElementTree.Element("opml", version="2.0")
    head = ElementTree.SubElement(opml, "head")
    ElementTree.SubElement(head, "title").text = "deskcheck subscriptions"
    body = ElementTree.SubElement(opml, "body")
    for feed in desk.subscriptions():
        attributes = {
            "type": "rss",
            "text": _xml_text(feed.title or feed.url),
            "title": _xml_text(feed.title or feed.url),
            "xmlUrl": _xml_text(feed.url),
        }
        if feed.tags:
            attributes["category"] = _xml_text(",".join(feed.tags))
        ElementTree.SubElement(body, "outline", attributes)
    ElementTree.indent(opml)
    return ElementTree.tostring(opml, encoding="utf-8", xml_declaration=True) + b"\n"
