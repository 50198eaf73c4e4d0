"""JSON Feed 1.1, and JSON Lines (one claim object per line).

JSON Lines fields (only ``text`` is required):

| field | meaning |
| --- | --- |
| ``text`` | the claim as it reached the desk |
| ``id`` | the item's identity at its source (GUID, post id); re-ingest recognises it |
| ``url`` | where it was seen |
| ``published`` | when (ISO 8601 or RFC 2822; no zone = UTC) |
| ``author`` | who made the claim or wrote the item |
| ``source`` | the feed, outlet or channel it came through |
| ``tags`` | a list, or one string separated by commas |
| ``priority`` | 1 (most urgent) to 4 |
"""

from __future__ import annotations

from typing import Any

from deskcheck.domain.models import IncomingClaim
from deskcheck.domain.vocabulary import PRIORITIES
from deskcheck.ingest.dates import item_time
from deskcheck.ingest.html_text import html_to_text
from deskcheck.ingest.parsed import (
    Parsed,
    SourceError,
    check_text,
    context_text,
    optional_text,
)
from deskcheck.ingest.pictures import html_pictures, picture_claim_text, web_or_relative
from deskcheck.ingest.strict_json import decode_utf8, loads


def _tags(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, list):
        return ()
    return tuple(t for t in (optional_text(v) for v in value) if t)


def _priority(value: Any) -> int:
    try:
        priority = int(value)
    except (TypeError, ValueError):
        return 3
    return priority if priority in PRIORITIES else 3


def item_from_record(record: dict[str, Any], source: str, source_url: str | None) -> IncomingClaim:
    """A claim from one JSON Lines / CSV record (raises ValueError with the reason)."""
    text = check_text(record.get("text"), "the text field")
    return IncomingClaim(
        text=text,
        external_id=optional_text(record.get("id")) or optional_text(record.get("url")),
        origin_url=optional_text(record.get("url")),
        published_at=item_time(optional_text(record.get("published"))),
        author=optional_text(record.get("author")),
        source=optional_text(record.get("source")) or source,
        source_url=source_url,
        tags=_tags(record.get("tags")),
        priority=_priority(record.get("priority")),
    )


def parse_jsonl(body: bytes, source: str, source_url: str | None) -> Parsed:
    parsed = Parsed(format="jsonl", title=source)
    if body.startswith(b"\xef\xbb\xbf"):
        body = body[3:]
    # line by line, so one line of bad bytes is rejected and the others are kept
    for position, raw in enumerate(body.splitlines(), 1):
        if not raw.strip():
            continue
        try:
            line = decode_utf8(raw, f"line {position}")
            record = loads(line, f"line {position}")
            if not isinstance(record, dict):
                raise ValueError(f"line {position} is not a JSON object")
            parsed.items.append((position, item_from_record(record, source, source_url)))
        except (SourceError, ValueError) as error:
            parsed.reject(position, str(error), raw.decode("utf-8", "backslashreplace"))
    return parsed


def json_feed_pictures(item: dict[str, Any]) -> tuple[str, ...]:
    """An item's pictures: ``image``, image attachments, the ``<img>`` of ``content_html``."""
    urls = [item.get("image"), item.get("banner_image")]
    for attachment in item.get("attachments") or []:
        if isinstance(attachment, dict) and str(attachment.get("mime_type", "")).startswith(
            "image/"
        ):
            urls.append(attachment.get("url"))
    if isinstance(item.get("content_html"), str):
        urls += html_pictures(item["content_html"])
    found = [u.strip() for u in urls if isinstance(u, str) and u.strip()]
    return web_or_relative(found)


def parse_json_feed(body: bytes, source_url: str | None) -> Parsed:
    document = loads(decode_utf8(body, "the JSON Feed"), "the JSON Feed")
    if not isinstance(document, dict) or "jsonfeed.org" not in str(document.get("version", "")):
        raise SourceError("not a JSON Feed (no jsonfeed.org version)")
    title = optional_text(document.get("title")) or source_url or "JSON Feed"
    parsed = Parsed(format="jsonfeed", title=title)
    items = document.get("items")
    if not isinstance(items, list):
        raise SourceError("the JSON Feed has no items list")
    for position, item in enumerate(items, 1):
        try:
            if not isinstance(item, dict):
                raise ValueError(f"item {position} is not an object")
            raw = (
                item.get("title")
                or item.get("content_text")
                or item.get("summary")
                or html_to_text(str(item.get("content_html") or ""))
            )
            pictures = json_feed_pictures(item)
            if pictures and not (isinstance(raw, str) and raw.strip()):
                raw = picture_claim_text(pictures[0])  # a picture and no words: an image claim
            context = ""
            if item.get("title"):  # the title is the claim: the body is its context
                summary = item.get("summary") or item.get("content_text")
                if not isinstance(summary, str):
                    summary = html_to_text(str(item.get("content_html") or ""))
                context = context_text(summary, str(item["title"]))
            authors = item.get("authors") or ([item["author"]] if item.get("author") else [])
            author = authors[0].get("name") if authors and isinstance(authors[0], dict) else None
            parsed.items.append(
                (
                    position,
                    IncomingClaim(
                        text=check_text(raw, f"item {position}'s text"),
                        context=context,
                        external_id=optional_text(item.get("id")) or optional_text(item.get("url")),
                        origin_url=optional_text(item.get("url")),
                        published_at=item_time(optional_text(item.get("date_published"))),
                        author=optional_text(author),
                        source=title,
                        source_url=source_url,
                        tags=_tags(item.get("tags")),
                        pictures=pictures,
                    ),
                )
            )
        except ValueError as error:
            parsed.reject(position, str(error), item)
    return parsed
