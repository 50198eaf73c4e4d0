"""Names a desk stores (reviewers, verdicts): what one may be, and when two are the same.

A name is text like any other when it is shown (see ``untrusted``); on the way in it must
be printable: no control or format characters (escape sequences, direction marks, zero-width
spaces), no space at either end, and it is kept in NFC. Two reviewer names are the same
person when their identity keys are equal: NFKC, case-folded, with confusable characters
mapped to one representative (Unicode TR39's idea of a skeleton, with the confusables data of
the maintained ``confusable-homoglyphs`` package), so "аlice" (Cyrillic а), "Alice" and
"alice" + a zero-width space cannot pass for a second reviewer.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from deskcheck.domain.errors import InvalidValue
from deskcheck.domain.untrusted import make_visible

REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})
MAX_NAME_CHARS = 200


def checked_name(what: str, name: str) -> str:
    """``name`` as the desk stores it (NFC), or a refusal saying what is wrong with it."""
    shown = make_visible(name)
    if not name or not name.strip():
        raise InvalidValue(f"{what} is required and may not be empty")
    if name != name.strip():
        raise InvalidValue(f"{what} {shown!r} has space at its start or end")
    if len(name) > MAX_NAME_CHARS:
        raise InvalidValue(f"{what} is longer than {MAX_NAME_CHARS} characters")
    bad = [c for c in name if unicodedata.category(c) in REFUSED_CATEGORIES]
    if bad:
        raise InvalidValue(
            f"{what} {shown!r} contains control or invisible characters"
            f" ({', '.join(make_visible(c) for c in dict.fromkeys(bad))})"
        )
    return unicodedata.normalize("NFC", name)


@lru_cache(maxsize=4096)
def _representative(char: str) -> str:
    """One character for everything ``char`` can be confused with (the lowest code point)."""
    from confusable_homoglyphs import confusables

    found = confusables.is_confusable(char, greedy=True, preferred_aliases=[]) or []
    glyphs = {char} | {h["c"] for entry in found for h in entry["homoglyphs"] if len(h["c"]) == 1}
    return min(glyphs)


def identity_key(name: str) -> str:
    """The key by which two reviewer names are the same person."""
    folded = unicodedata.normalize("NFKC", name).casefold()
    visible = "".join(c for c in folded if unicodedata.category(c) not in REFUSED_CATEGORIES)
    skeleton = "".join(_representative(c) for c in " ".join(visible.split()))
    return unicodedata.normalize("NFKC", skeleton).casefold()
