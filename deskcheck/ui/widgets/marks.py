"""The assessment marks, once: the key that records each, its colour, its binding."""

from __future__ import annotations

from deskcheck.domain.vocabulary import ASSESSMENT_MARKS, MARK_MEANING

MARK_KEYS = dict(zip("123456", ASSESSMENT_MARKS, strict=True))

# Content styles (theme variables), for widgets that draw Content
MARK_STYLE = {
    "CC": "bold $success",
    "C": "$success",
    "N": "$foreground-muted",
    "I": "$warning",
    "II": "bold $error",
    "NA": "$foreground-muted",
}


def marks_legend() -> str:
    return "  ".join(f"{key} {mark} {MARK_MEANING[mark]}" for key, mark in MARK_KEYS.items())
