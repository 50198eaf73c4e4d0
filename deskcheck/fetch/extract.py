"""Title and main text of a fetched page, with selectolax's lexbor backend (a fast, maintained
HTML5 parser: it copes with the broken markup real pages have, unlike regular expressions)."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser
from w3lib.encoding import html_to_unicode

NOISE = "script, style, noscript, template, nav, header, footer, aside, form, svg, iframe"
MAX_TEXT = 200_000  # characters kept for search and comparison


def decode_text(body: bytes, content_type: str | None) -> str:
    """Bytes to text the way browsers do (w3lib: BOM, HTTP charset, <meta>, then UTF-8);
    an unknown or wrong charset never raises, undecodable bytes become U+FFFD."""
    return html_to_unicode(content_type or "", body)[1]


def _squeeze(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)[:MAX_TEXT]


def extract(body: bytes, content_type: str | None) -> tuple[str, str]:
    """(title, main text) of a response body. HTML is parsed; plain text is kept as is."""
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind in ("", "text/html", "application/xhtml+xml") or body.lstrip()[:1] == b"<":
        tree = LexborHTMLParser(decode_text(body, content_type))
        title_node = tree.css_first("title")
        title = " ".join(title_node.text().split()) if title_node else ""
        for node in tree.css(NOISE):
            node.decompose()
        main = tree.css_first("main") or tree.css_first("article") or tree.body or tree.root
        text = main.text(separator="\n") if main else ""
        return title[:500], _squeeze(text)
    if kind.startswith("text/") or kind.endswith(("json", "xml")):
        return "", _squeeze(decode_text(body, content_type))
    return "", ""
