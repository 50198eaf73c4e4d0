"""Weights for the weighted inconsistency score: High √2, Medium 1, Low 1/√2 (PARC ACH).

An item's credibility weight blends its two Admiralty grades: source reliability (A–F) and
information credibility (1–6). Each grade maps to a level; "cannot be judged" (F, 6) is
unknown, not bad, so it takes no part; the blend is the lower of the levels that are known
(one weak grade is enough to doubt an item), Medium when neither is known.
"""

from __future__ import annotations

import math

HIGH, MEDIUM, LOW = math.sqrt(2), 1.0, 1 / math.sqrt(2)
LEVEL_WEIGHT = {"high": HIGH, "medium": MEDIUM, "low": LOW}

RELIABILITY_LEVEL = {"A": "high", "B": "high", "C": "medium", "D": "low", "E": "low"}
CREDIBILITY_LEVEL = {1: "high", 2: "high", 3: "medium", 4: "low", 5: "low"}
ORDER = ("low", "medium", "high")


def credibility_level(reliability: str, credibility: int) -> str:
    known = [
        level
        for level in (RELIABILITY_LEVEL.get(reliability), CREDIBILITY_LEVEL.get(credibility))
        if level is not None
    ]
    return min(known, key=ORDER.index) if known else "medium"


def item_weight(reliability: str, credibility: int, relevance: str) -> float:
    """cred × rel for one evidence item: from 0.5 (low, low) to 2 (high, high)."""
    return LEVEL_WEIGHT[credibility_level(reliability, credibility)] * LEVEL_WEIGHT[relevance]
