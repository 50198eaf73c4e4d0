"""Outside text as literal CommonMark: escaped where Markdown would read markup, and nowhere
else, so that a rendered note shows what its sources wrote, without stray backslashes.

Inline, the characters that open markup are escaped wherever they stand (``\\``, `` ` ``,
``*``, ``[``, ``]``, ``<``, and ``&`` before an entity); ``_`` and ``~`` only where they can
open or close emphasis. At the start of a line, what would begin a block is escaped: ``#``
headings, ``>`` quotes, ``-``/``+``/``*``/``1.`` lists, ``---``/``===`` rules and underlines,
code fences and indentation. Controls, bidi and invisible characters are made visible first
(``make_visible``), so a note cannot say more than its sources did. Tested by rendering with
markdown-it-py (tests/test_markdown_text.py).
"""

from __future__ import annotations

import re

from deskcheck.domain.untrusted import make_visible

INLINE = re.compile(
    r"[\\`*\[\]<]"  # always markup
    r"|&(?=#?\w+;)"  # an entity or character reference
    r"|(?<![^\W_])_|_(?![^\W_])"  # _ at a word's edge (inside a word it is a letter)
    r"|~(?=~)|(?<=~)~"  # ~~ strikes through (GitHub)
)
BLOCK_START = re.compile(r"^([#>+=|~-]|\d{1,9}(?=[.)]))")


def _line(line: str) -> str:
    line = INLINE.sub(lambda m: "\\" + m.group(0), line.strip())
    opener = BLOCK_START.match(line)
    if opener is None:
        return line
    if opener.group(0).isdigit():  # "1." opens an ordered list: escape its dot
        end = opener.end()
        return line[:end] + "\\" + line[end:]
    return "\\" + line


def md(text: str | None) -> str:
    """Outside text as inline Markdown that renders as itself; its line breaks are kept
    (as hard breaks) and blank lines dropped, so it stays inside its paragraph or item."""
    lines = [_line(line) for line in make_visible(text or "").splitlines()]
    return "  \n".join(line for line in lines if line)


def md_line(text: str | None) -> str:
    """Outside text on one line (a heading, a table cell): line breaks become spaces."""
    return " ".join(md(text).split("  \n"))


def md_cell(text: str | None) -> str:
    """Outside text in a table cell: one line, ``|`` escaped (GitHub tables split on it
    even inside code)."""
    return md_line(text).replace("|", "\\|")


PLAIN_URL = re.compile(r"https?://[^\s<>`\\\"|]+", re.IGNORECASE)


def is_plain_url(url: str | None) -> bool:
    return bool(url) and PLAIN_URL.fullmatch(url or "") is not None and (url or "").isprintable()


def link(url: str | None, text: str | None = None) -> str:
    """A link to a web URL (``[text](<url>)``, or ``<url>`` without text); anything that is
    not a plain http(s) URL is written as text, never as a link."""
    if not url:
        return md(text) if text else ""
    if not is_plain_url(url):
        return md(f"{text} ({url})" if text else url)
    if not text:
        return f"<{url}>"
    return f"[{md(text)}](<{url}>)"


def link_cell(url: str | None, text: str | None = None) -> str:
    """A link in a table cell: one line, ``|`` escaped."""
    return " ".join(link(url, text).split("  \n")).replace("|", "\\|")
