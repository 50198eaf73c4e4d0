"""Title and main text of a fetched page, with selectolax's lexbor backend (a fast, maintained
HTML5 parser: it copes with the broken markup real pages have, unlike regular expressions)."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

NOISE = "script, style, noscript, template, nav, header, footer, aside, form, svg, iframe"
MAX_TEXT = 200_000  # characters kept for search and comparison


def _charset(content_type: str | None) -> str | None:
    if not content_type:
        return None
    match = re.search(r"charset=[\"']?([\w.:-]+)", content_type, re.IGNORECASE)
    return match.group(1) if match else None


def decode_text(body: bytes, content_type: str | None) -> str:
    """Bytes to text by the declared charset, else UTF-8; undecodable bytes become U+FFFD."""
    charset = _charset(content_type) or "utf-8"
    try:
        return body.decode(charset, errors="replace")
    except LookupError:  # an unknown charset name
        return body.decode("utf-8", errors="replace")


def _squeeze(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)[:MAX_TEXT]


def extract(body: bytes, content_type: str | None) -> tuple[str, str]:
    """(title, main text) of a response body. HTML is parsed; plain text is kept as is."""
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind in ("", "text/html", "application/xhtml+xml") or body.lstrip()[:1] == b"<":
        charset = _charset(content_type)
        tree = LexborHTMLParser(body.decode(charset, errors="replace") if charset else body)
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
