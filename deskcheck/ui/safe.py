"""The one way outside text reaches a widget.

``safe()`` makes controls, bidi and invisible characters visible (``deskcheck.domain.untrusted``)
and wraps the result in a Textual ``Content``, which is never parsed as markup: a claim
holding ``[@click=app.quit]`` shows those characters and does nothing when clicked.
"""

from __future__ import annotations

from textual.content import Content

from deskcheck.domain.lines import first_line
from deskcheck.domain.untrusted import make_visible


def safe(text: str | None, style: str = "") -> Content:
    return Content.styled(make_visible(text or ""), style)


def safe_line(text: str | None, style: str = "") -> Content:
    """The first line only, for one-line places (queue rows, lists)."""
    return safe(first_line(text or ""), style)


def visible_text(parts: list[str]) -> str:
    """Plain text for a read-only viewer, outside text made visible line by line
    (make_visible of the whole would show the newlines themselves as marks)."""
    return "\n".join(make_visible(line) for part in parts for line in part.splitlines() or [""])


def label(*parts: str | Content | tuple[str, str]) -> Content:
    """Assemble trusted labels and already-safe pieces; plain strings are never markup."""
    return Content.assemble(*parts)


def web_link(url: str | None) -> str | None:
    """``url`` when it is a plain http or https link to a host; None for anything else
    (``javascript:``, ``data:``, ``file:``, a scheme hidden behind spaces or controls)."""
    from urllib.parse import urlsplit

    if not url or len(url) > 8192 or any(ch.isspace() or ord(ch) < 32 for ch in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    return url
