"""RSS 0.9x/1.0/2.0 and Atom, parsed by feedparser from bytes we fetched ourselves.

feedparser is never given a URL or a string: ``feedparser.parse`` on a string may open a
file or the network. It gets the bytes and the response headers, so it can apply the feed's
declared encoding; when the XML is broken it falls back to its loose parser and says so
with ``bozo``, which is recorded with the ingest run.
"""

from __future__ import annotations

import io
import re
from typing import Any

import feedparser

from deskcheck.domain.models import IncomingClaim
from deskcheck.domain.urls import web_url_or_none
from deskcheck.ingest.dates import item_time, to_desk_time
from deskcheck.ingest.html_text import html_to_text
from deskcheck.ingest.parsed import (
    Parsed,
    SourceError,
    check_text,
    context_text,
    optional_text,
)
from deskcheck.ingest.pictures import entry_pictures, picture_claim_text

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# the white space HTML folds in a title (not NBSP nor U+2028: those a browser shows)
ASCII_SPACE = re.compile(r"[ \t\n\f\r]+")


def _shown(value: str, kind: str) -> str:
    """Text as the reader sees it, by its declared type: HTML is laid out as a browser
    would; plain text is kept exactly as written, ``<`` and ``&`` included."""
    return html_to_text(value) if kind in HTML_TYPES else value


def _title(entry: Any) -> str:
    """The title as a reader sees it: a plain one has its white space folded as a browser
    folds a title's (a pretty-printed ``<title>`` holds a newline and indentation)."""
    detail = entry.get("title_detail") or {}
    kind = detail.get("type", "text/plain")
    value = entry.get("title", "") or ""
    return _shown(value, kind) if kind in HTML_TYPES else ASCII_SPACE.sub(" ", value).strip()


def _summary(entry: Any) -> str:
    """The summary (RSS ``description``, Atom ``summary``) or, when there is none, the first
    non-empty content (``content:encoded``, Atom ``<content>``), each read by its type.
    feedparser copies content into ``summary`` without saying its type: the content's
    own detail tells it."""
    detail = entry.get("summary_detail")
    if detail:
        return _shown(entry.get("summary", "") or "", detail.get("type", "text/plain"))
    for content in entry.get("content") or []:
        value = content.get("value") or ""
        if value.strip():
            return _shown(value, content.get("type") or "text/plain")
    return ""


def _html_values(entry: Any) -> list[str]:
    """The item's summary and contents that are HTML, as written (their ``<img>``)."""
    values = []
    detail = entry.get("summary_detail") or {}
    if detail.get("type") in HTML_TYPES:
        values.append(entry.get("summary", "") or "")
    for content in entry.get("content") or []:
        if content.get("type") in HTML_TYPES:
            values.append(content.get("value") or "")
    return [v for v in values if isinstance(v, str)]


def _entry_text(entry: Any) -> tuple[str, str]:
    """The claim (the title, else the summary) and its context (the summary or description,
    when the title is the claim)."""
    title = _title(entry)
    summary = _summary(entry)
    if not title.strip():
        return summary, ""
    return title, context_text(summary, title)


def parse_feed(body: bytes, content_type: str | None, source_url: str | None) -> Parsed:
    headers = {"content-type": content_type} if content_type else {}
    feed = feedparser.parse(io.BytesIO(body), response_headers=headers)
    version = feed.get("version") or ""
    if not feed.entries and not version:
        reason = feed.get("bozo_exception")
        raise SourceError(f"not an RSS or Atom feed{f' ({reason})' if reason else ''}")
    title = optional_text(feed.feed.get("title")) or source_url or "feed"
    parsed = Parsed(format=version or "rss", title=title)
    if feed.get("bozo"):
        parsed.bozo = f"{type(feed.bozo_exception).__name__}: {feed.bozo_exception}"
    for position, entry in enumerate(feed.entries, 1):
        pictures = entry_pictures(entry, _html_values(entry))
        try:
            claim, context = _entry_text(entry)
            if pictures and not claim.strip():  # a picture and no words: an image claim
                claim = picture_claim_text(pictures[0])
            text = check_text(claim, f"item {position}'s title and summary")
        except ValueError as error:
            parsed.reject(position, str(error), entry.get("id") or entry.get("link") or "")
            continue
        link = optional_text(entry.get("link"))
        if entry.get("guidislink") and not web_url_or_none(link, source_url):
            # feedparser offers an RSS <guid> as the link; an opaque guid is no address
            link = None
        author = optional_text(entry.get("author"))
        tags = tuple(
            t for t in (optional_text(tag.get("term")) for tag in entry.get("tags", [])) if t
        )
        parsed.items.append(
            (
                position,
                IncomingClaim(
                    text=text,
                    external_id=optional_text(entry.get("id")) or link,
                    origin_url=link,
                    published_at=to_desk_time(
                        entry.get("published_parsed") or entry.get("updated_parsed")
                    )
                    or item_time(entry.get("published") or entry.get("updated")),
                    context=context,
                    author=author,
                    source=title,
                    source_url=source_url,
                    tags=tags,
                    pictures=pictures,
                ),
            )
        )
    return parsed
