"""Text from outside (claims, feed items, web pages) made safe to show.

The raw text stays unchanged in the desk: it is evidence. Anything that shows it to a
person goes through ``make_visible`` first, which guarantees that:

- no control character reaches the terminal: C0 (ESC among them), DEL and C1 become
  visible control pictures such as ``␛`` or ``⟨U+009B⟩``; only newline and tab are kept;
- direction-changing characters (Trojan Source) and invisible format characters become
  named marks such as ``⟨RLO⟩`` or ``⟨ZWSP⟩``, so a reader sees that they are there.

Zero-width joiners (ZWJ, ZWNJ) are kept: emoji and several scripts need them to render.
The function is idempotent: every mark it writes is made of ordinary visible characters.
Markup is a separate concern of the UI, which shows this text as literal content.
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any

KEPT_CONTROLS = frozenset("\n\t")
KEPT_FORMAT = frozenset("\u200c\u200d")  # ZWNJ, ZWJ: needed by emoji sequences and scripts

NAMED_MARKS: dict[str, str] = {
    "\u202a": "LRE",
    "\u202b": "RLE",
    "\u202c": "PDF",
    "\u202d": "LRO",
    "\u202e": "RLO",
    "\u2066": "LRI",
    "\u2067": "RLI",
    "\u2068": "FSI",
    "\u2069": "PDI",
    "\u200e": "LRM",
    "\u200f": "RLM",
    "\u061c": "ALM",
    "\u200b": "ZWSP",
    "\u2060": "WJ",
    "\ufeff": "BOM",
    "\u00ad": "SHY",
    "\u2028": "LS",
    "\u2029": "PS",
    # blank letters: they draw nothing, yet are no space, so they hide in names and claims
    "\u115f": "HANGUL CHOSEONG FILLER",
    "\u1160": "HANGUL JUNGSEONG FILLER",
    "\u3164": "HANGUL FILLER",
    "\uffa0": "HALFWIDTH HANGUL FILLER",
    "\u2800": "BRAILLE BLANK",
}
BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
)

HIDDEN_TEXT_WARNING = "contains hidden or bidirectional Unicode characters (shown as ⟨…⟩ marks)"


def _mark_for(char: str) -> str | None:
    """The visible stand-in for ``char``, or None when it may be shown as it is."""
    code = ord(char)
    if char in KEPT_CONTROLS or char in KEPT_FORMAT:
        return None
    if char in NAMED_MARKS:
        return f"⟨{NAMED_MARKS[char]}⟩"
    if code < 0x20:
        return chr(0x2400 + code)  # control pictures: ␀ … ␛ … ␟
    if code == 0x7F:
        return "␡"
    if unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp"):
        return f"⟨U+{code:04X}⟩"
    return None


def make_visible(text: str) -> str:
    """``text`` with every control, invisible and direction-changing character made visible."""
    if text.isascii() and text.isprintable():
        return text  # the common case, without a per-character walk
    out: list[str] = []
    for char in text:
        mark = _mark_for(char)
        out.append(char if mark is None else mark)
    return "".join(out)


def make_visible_in_place(text: str) -> str:
    """``text`` with each control, invisible or direction-changing character replaced by
    one visible character, for text already laid out in terminal cells (the last guard on
    a drawn line, ``deskcheck.ui.terminal_guard``): a control picture such as ``␛`` for C0
    and DEL, ``�`` for the rest. Newlines and tabs go too: a drawn line holds neither."""
    if text.isprintable():
        return text  # the common case: nothing to replace
    out: list[str] = []
    for char in text:
        if char in KEPT_FORMAT or (_mark_for(char) is None and char not in KEPT_CONTROLS):
            out.append(char)
        elif ord(char) < 0x20:
            out.append(chr(0x2400 + ord(char)))
        else:
            out.append("␡" if char == "\x7f" else "\ufffd")
    return "".join(out)


def hidden_characters(text: str) -> list[str]:
    """Names of the invisible or direction-changing characters in ``text`` (for warnings).

    Ordinary controls such as a stray ESC are counted too: they never belong in a claim.
    """
    found: list[str] = []
    for char in text:
        if char in KEPT_CONTROLS:
            continue
        if _mark_for(char) is not None and char not in found:
            found.append(char)
    return [NAMED_MARKS.get(c, f"U+{ord(c):04X}") for c in found]


def has_bidi_or_hidden(text: str) -> bool:
    return bool(hidden_characters(text))


def safe_json(value: Any, *, indent: int | None = 2) -> str:
    """JSON for a terminal: readable UTF-8, but every control, C1, bidi and invisible
    character written as a ``\\uXXXX`` escape, so the output is still exact JSON."""
    text = json.dumps(value, ensure_ascii=False, indent=indent, sort_keys=False)
    return "".join(
        _json_escape(c) if _mark_for(c) is not None and c not in KEPT_CONTROLS else c for c in text
    )


def _json_escape(char: str) -> str:
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000  # JSON spells characters beyond the BMP as a surrogate pair
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"
