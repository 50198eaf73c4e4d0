"""Readable text of an HTML node: line breaks kept where the page breaks lines."""

from __future__ import annotations

from selectolax.lexbor import LexborNode


def node_text(node: LexborNode) -> str:
    for br in node.css("br"):
        br.replace_with("\n")
    lines = (" ".join(line.split()) for line in node.text(separator="").splitlines())
    return "\n".join(line for line in lines if line)
