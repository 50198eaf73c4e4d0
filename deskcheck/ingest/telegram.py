"""A public Telegram channel's preview page (``https://t.me/s/NAME``): one claim a message.

The page is Telegram's own HTML, not an API, and can change without notice: messages are
``.tgme_widget_message`` blocks with ``data-post="channel/1234"``, their text in
``.tgme_widget_message_text`` and their time in ``time[datetime]``. A photo's address is
in the ``background-image`` of its ``.tgme_widget_message_photo_wrap``: a message of photos
and no words is an image claim; a message without text or photo (a poll, a video) is
reported as rejected, not silently dropped.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from deskcheck.domain.models import IncomingClaim
from deskcheck.ingest.dates import to_desk_time
from deskcheck.ingest.extract_text import node_text
from deskcheck.ingest.parsed import Parsed, SourceError, check_text, optional_text
from deskcheck.ingest.pictures import picture_claim_text, web_or_relative

PARSER_VERSION = "telegram-preview/1"
BACKGROUND_URL = re.compile(r"background-image\s*:\s*url\(\s*['\"]?([^'\")]+)['\"]?\s*\)", re.I)


def message_photos(message: LexborNode) -> tuple[str, ...]:
    """The addresses of a message's photos, in order (an album has several)."""
    found = []
    for wrap in message.css(".tgme_widget_message_photo_wrap"):
        match = BACKGROUND_URL.search(wrap.attributes.get("style") or "")
        if match:
            found.append(match.group(1).strip())
    return web_or_relative(found)


def parse_telegram(body: bytes, source_url: str | None) -> Parsed:
    tree = LexborHTMLParser(body.decode("utf-8", errors="replace"))
    messages = tree.css(".tgme_widget_message[data-post]")
    if not messages:
        raise SourceError("no Telegram channel messages found (is this a t.me/s/ page?)")
    header = tree.css_first(".tgme_channel_info_header_title")
    first_post = messages[0].attributes.get("data-post") or ""
    channel = (header.text(strip=True) if header else "") or first_post.split("/")[0]
    parsed = Parsed(format="telegram", title=f"Telegram: {channel}")
    for position, message in enumerate(messages, 1):
        post = message.attributes.get("data-post") or ""
        link = f"https://t.me/{post}" if post else None
        body_node = message.css_first(".tgme_widget_message_text")
        time_node = message.css_first("time[datetime]")
        photos = message_photos(message)
        words = node_text(body_node) if body_node else ""
        if photos and not words.strip():  # photos and no words: an image claim
            words = picture_claim_text(photos[0])
        try:
            text = check_text(words, f"message {post}")
        except ValueError as error:
            parsed.reject(position, f"{error} (no text: a photo, video or poll?)", link or post)
            continue
        author_node = message.css_first(".tgme_widget_message_from_author")
        parsed.items.append(
            (
                position,
                IncomingClaim(
                    text=text,
                    external_id=link,
                    origin_url=link,
                    published_at=to_desk_time(
                        time_node.attributes.get("datetime") if time_node else None
                    ),
                    author=optional_text(author_node.text(strip=True)) if author_node else None,
                    author_kind="social",
                    source=f"{channel} (Telegram channel)",
                    source_url=source_url,
                    source_kind="social",
                    pictures=photos,
                ),
            )
        )
    return parsed
