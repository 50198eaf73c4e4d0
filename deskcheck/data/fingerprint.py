"""The normalised-text fingerprint that recognises the same claim arriving twice.

Two items are the same claim when their text matches after Unicode compatibility folding
(NFKC), case folding, dropping punctuation and invisible characters, and collapsing spaces:
a re-post with different quotes, case, spacing or a zero-width space is still one claim.
"""

from __future__ import annotations

import hashlib
import unicodedata


def normalise(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold()
    kept = (
        ch if not unicodedata.category(ch).startswith(("P", "C", "Z")) else " " for ch in folded
    )
    return " ".join("".join(kept).split())


def fingerprint(text: str) -> str:
    return hashlib.sha256(normalise(text).encode("utf-8", "surrogatepass")).hexdigest()[:32]
