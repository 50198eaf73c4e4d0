"""The normalised-text fingerprint that recognises the same claim arriving twice.

Two items are the same claim when their text matches after Unicode compatibility folding
(NFKC), case folding, dropping punctuation, symbols and invisible characters, and collapsing
spaces:
a re-post with different quotes, case, spacing or a zero-width space is still one claim.

A text with no letter or digit at all (``🔥🔥🔥``, ``😂👉🏻🇺🇦``, ``$$$ !!!``) would fold to
nothing that way, and every such post would look like every other. Its symbols are then what
it says, so they are kept: after NFKC and case folding, only spaces, invisible and control
characters and emoji variation selectors are dropped (``🔥 🔥`` and ``🔥\ufe0f🔥`` are one
claim; ``🔥🔥`` and ``🔥🔥🔥`` are two). A text with nothing left even then (only invisible
characters) is taken as it is, after NFC. So the fingerprint is never that of an empty text,
and a text that has a letter or a digit keeps the fingerprint it always had.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

NOT_WORD = re.compile(r"[\W_]+")  # punctuation, symbols, spaces, invisible characters
# what a symbol-only text drops: it changes how a symbol is drawn, not which symbol it is
UNSEEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"})
VARIATION_SELECTORS = re.compile("[\ufe00-\ufe0f\U000e0100-\U000e01ef]")


def _symbols(folded: str) -> str:
    kept = VARIATION_SELECTORS.sub("", folded)
    return "".join(c for c in kept if unicodedata.category(c) not in UNSEEN_CATEGORIES)


def normalise(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold()
    words = NOT_WORD.sub(" ", folded).strip()
    if words:
        return words
    return _symbols(folded) or unicodedata.normalize("NFC", text)


def fingerprint(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8", "surrogatepass")).hexdigest()[:32]
