"""The assessment marks, once: the key that records each, its colour, its binding."""

from __future__ import annotations

from textual.binding import Binding

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


def mark_bindings() -> list[Binding]:
    """`1`–`6`: record the mark at once (the screen's ``action_rate``)."""
    return [
        Binding(key, f"rate('{mark}')", f"Mark {mark} ({MARK_MEANING[mark]})", show=False)
        for key, mark in MARK_KEYS.items()
    ]


def marks_legend() -> str:
    return "  ".join(f"{key} {mark} {MARK_MEANING[mark]}" for key, mark in MARK_KEYS.items())
