"""Plain text of an HTML fragment (feed summaries, Telegram messages), via selectolax."""

from __future__ import annotations

from selectolax.lexbor import LexborHTMLParser


def html_to_text(fragment: str) -> str:
    if "<" not in fragment and "&" not in fragment:
        return fragment.strip()
    tree = LexborHTMLParser(f"<body>{fragment}</body>")
    for node in tree.css("script, style"):
        node.decompose()
    body = tree.body
    text = body.text(separator=" ") if body else ""
    return " ".join(text.split())
