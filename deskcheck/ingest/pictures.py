"""The pictures an item carries: RSS enclosures, Media RSS content and thumbnails, and the
``<img>`` of its HTML; and the words of an item that is only a picture.

Only URLs are found here (fetching is the work layer's, within the desk's limits for URLs
from outside). A tracking pixel (1 x 1), an emoji drawn as an image (WordPress's
``class="emoji"``: its ``alt`` is the text, not a picture), and ``data:`` URLs are not
pictures of the claim.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from selectolax.lexbor import LexborHTMLParser

MAX_PICTURES = 4  # per item: a gallery's first few; a feed cannot make the desk fetch hundreds
IMAGE_ENDINGS = (".jpg", ".jpeg", ".png", ".gif", ".webp")
NOT_PICTURES = ("emoji", "wp-smiley")


def web_or_relative(urls: Iterable[str]) -> tuple[str, ...]:
    """The URLs that may lead to a picture on the web (http, https, or relative to the
    source), each once, at most ``MAX_PICTURES``: a ``javascript:`` or ``data:`` "picture"
    never makes an item an image claim."""
    kept = []
    for url in urls:
        scheme = url.split(":", 1)[0].lower() if ":" in url.split("/", 1)[0] else ""
        if scheme in ("", "http", "https"):
            kept.append(url)
    return tuple(dict.fromkeys(kept))[:MAX_PICTURES]


def picture_claim_text(url: str) -> str:
    """The claim of an item that holds a picture and no words: it says so, and where the
    picture is (the picture itself is kept with the claim)."""
    return f"Picture without words: {url}"


def _is_image(kind: object, url: str) -> bool:
    if isinstance(kind, str) and kind.strip():
        return kind.strip().lower().startswith("image/")
    return url.lower().split("?")[0].endswith(IMAGE_ENDINGS)


def html_pictures(html: str) -> list[str]:
    """The ``src`` of each ``<img>`` that is a picture (not an emoji, not a pixel)."""
    if "<img" not in html.lower():
        return []
    found = []
    for node in LexborHTMLParser(html).css("img"):
        attributes = node.attributes
        src = (attributes.get("src") or "").strip()
        classes = (attributes.get("class") or "").lower().split()
        if not src or src.lower().startswith("data:") or any(c in NOT_PICTURES for c in classes):
            continue
        if (attributes.get("width") or "").strip() == "1" or (
            attributes.get("height") or ""
        ).strip() == "1":
            continue
        found.append(src)
    return found


def _strings(values: Iterable[object]) -> list[str]:
    return [v.strip() for v in values if isinstance(v, str) and v.strip()]


def entry_pictures(entry: Any, html_values: Iterable[str]) -> tuple[str, ...]:
    """A feedparser entry's pictures, in the order a reader meets them: enclosures, Media
    RSS content, thumbnails, then the images of its HTML; each once, at most a few."""
    urls: list[str] = []
    for enclosure in entry.get("enclosures") or []:
        href = enclosure.get("href") or ""
        if isinstance(href, str) and _is_image(enclosure.get("type"), href):
            urls.append(href.strip())
    for media in entry.get("media_content") or []:
        url = media.get("url") or ""
        medium = media.get("medium")
        if isinstance(url, str) and (medium == "image" or _is_image(media.get("type"), url)):
            urls.append(url.strip())
    urls += _strings(t.get("url") for t in entry.get("media_thumbnail") or [])
    for html in html_values:
        urls += html_pictures(html)
    return web_or_relative(u for u in urls if u)
