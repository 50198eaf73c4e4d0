"""The normalised-text fingerprint that recognises the same claim arriving twice.

Two items are the same claim when their text matches after Unicode compatibility folding
(NFKC), case folding, dropping punctuation, symbols and invisible characters, and collapsing
spaces:
a re-post with different quotes, case, spacing or a zero-width space is still one claim.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

NOT_WORD = re.compile(r"[\W_]+")  # punctuation, symbols, spaces, invisible characters


def normalise(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return NOT_WORD.sub(" ", folded).strip()


def fingerprint(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8", "surrogatepass")).hexdigest()[:32]
