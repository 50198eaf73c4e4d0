"""Readable text of an HTML node, laid out as a browser shows it (see ``html_text``): line
breaks where the page breaks lines (``<br>``, blocks), none inside a word."""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from deskcheck.ingest.html_text import html_to_text


def node_text(node: LexborNode) -> str:
    return html_to_text(node.html or "")
