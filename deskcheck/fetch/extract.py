"""Title and main text of a fetched page.

The main text is the article, not the page: trafilatura (a maintained main-content extractor)
drops menus, cookie banners, related links and ads, so that they neither pollute search nor
mark an evidence item "changed" when only they change. When trafilatura finds no article (a
short page, a list of links), the page's visible text is kept instead, read with selectolax's
lexbor backend (a fast HTML5 parser that copes with the broken markup real pages have).
"""

from __future__ import annotations

import logging

import trafilatura
from selectolax.lexbor import LexborHTMLParser
from w3lib.encoding import html_to_unicode

NOISE = "script, style, noscript, template, nav, header, footer, aside, form, svg, iframe"
MAX_TEXT = 200_000  # characters kept for search and comparison

# trafilatura logs every page it finds nothing in; the fallback below handles those
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)


def decode_text(body: bytes, content_type: str | None) -> str:
    """Bytes to text the way browsers do (w3lib: BOM, HTTP charset, <meta>, then UTF-8);
    an unknown or wrong charset never raises, undecodable bytes become U+FFFD."""
    return html_to_unicode(content_type or "", body)[1]


def _squeeze(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)[:MAX_TEXT]


def main_text(html: str) -> str:
    """The article's text (trafilatura), or "" when the page has none it can find."""
    try:
        text = trafilatura.extract(
            html,
            # its own extractor only: the fallbacks (readability, jusText) took ~3 ms a page
            # and most of a link check's time; a page it finds nothing in gets page_text
            fast=True,
            include_comments=False,
            include_tables=True,
            include_links=False,
            include_images=False,
            deduplicate=False,
            with_metadata=False,
        )
    except Exception:  # a page that breaks the extractor falls back to the visible text
        return ""
    return _squeeze(text or "")


def without_noise(tree: LexborHTMLParser) -> LexborHTMLParser:
    """The page without scripts, navigation, headers, footers and forms (never the article)."""
    for node in tree.css(NOISE):
        node.decompose()
    return tree


def page_text(tree: LexborHTMLParser) -> str:
    main = tree.css_first("main") or tree.css_first("article") or tree.body or tree.root
    return _squeeze(main.text(separator="\n")) if main else ""


def extract(body: bytes, content_type: str | None) -> tuple[str, str]:
    """(title, main text) of a response body. HTML is parsed; plain text is kept as is."""
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind in ("", "text/html", "application/xhtml+xml") or body.lstrip()[:1] == b"<":
        html = decode_text(body, content_type)
        tree = LexborHTMLParser(html)
        title_node = tree.css_first("title")
        title = " ".join(title_node.text().split()) if title_node else ""
        tree = without_noise(tree)
        return title[:500], main_text(tree.html or "") or page_text(tree)
    if kind.startswith("text/") or kind.endswith(("json", "xml")):
        return "", _squeeze(decode_text(body, content_type))
    return "", ""
