"""What every mark and glyph on the desk means: for help, and for the matrix's footer."""

from __future__ import annotations

from deskcheck.analysis.score_words import LEADING, MEANINGS, POINTS, RULED_OUT
from deskcheck.domain.vocabulary import CREDIBILITY_MEANING, MARK_MEANING, RELIABILITY_MEANING
from deskcheck.ui.widgets.marks import MARK_KEYS

QUEUE_GLYPHS: tuple[tuple[str, str], ...] = (
    ("⚠ (column !)", "no primary source in the custody chain"),
    ("? (column !)", "no custody chain recorded"),
    ("⟲ (column !)", "circular reporting: the sources lead back to each other"),
    ("1 (column !)", "every piece of evidence goes back to a single root"),
    ("int / evi", "how many interpretations / evidence items"),
    ("⚑ n", "n revision triggers have fired"),
    ("≠ (column ~)", "some evidence changed since it was fetched"),
    ("✗ (column ~)", "some evidence is gone (the link failed)"),
    ("✋", "a decision for publication waits for a second reviewer"),
    ("P1 … P4", "priority, 1 most urgent"),
)

DESK_GLYPHS: tuple[tuple[str, str], ...] = (
    ("CC C N I II NA", "marks: " + ", ".join(f"{m} {MARK_MEANING[m]}" for m in MARK_KEYS.values())),
    ("··", "not rated yet against this interpretation"),
    ("≠changed", "the page changed since an earlier snapshot"),
    ("✗gone", "the last fetch failed or found nothing"),
    ("A2, C3 …", "grade: source reliability A–F, information credibility 1–6"),
    (
        "inconsistency",
        "how many items speak against an interpretation (I, II); the"
        " weighted figure counts grade and relevance; the least inconsistent one leads",
    ),
    ("leading / eliminated", "the least inconsistent interpretation / one the evidence rules out"),
)

MATRIX_GLYPHS: tuple[tuple[str, str], ...] = (
    ("▲", f"leading: {MEANINGS[LEADING]}"),
    ("✗", f"ruled out: {MEANINGS[RULED_OUT]}"),
    ("⚷", f"linchpin: {MEANINGS['linchpin']}"),
    ("against", MEANINGS["points against"]),
    ("weighted", MEANINGS["weighted"]),
    ("diagnosticity", MEANINGS["diagnosticity"] + " (0 is dimmed)"),
    ("·", "not rated yet"),
)


def grade_words(reliability: str, credibility: int) -> str:
    return (
        f"{reliability}{credibility}: source {RELIABILITY_MEANING[reliability]},"
        f" information {CREDIBILITY_MEANING[credibility]}"
    )


WIDE_LEGEND_AT = 100  # a terminal this wide gets the legend in full sentences


def matrix_legend(width: int) -> str:
    """The lines under the matrix: what its marks, figures and glyphs mean, in full on a
    wide terminal, shorter at 80 columns (`?` has the rest)."""
    if width >= WIDE_LEGEND_AT:
        marks = " · ".join(f"{key} {mark} {MARK_MEANING[mark]}" for key, mark in MARK_KEYS.items())
        return (
            f"Marks (keys 1–6): {marks} · · not rated yet\n"
            f"against: {MEANINGS['points against']} · weighted: {MEANINGS['weighted']}"
            f" · ▲ leading: {MEANINGS[LEADING]} · ✗ ruled out: {MEANINGS[RULED_OUT]}\n"
            f"⚷ linchpin: {MEANINGS['linchpin']} · diagnosticity: how differently an item bears"
            " on the interpretations (0: the same on all, dimmed) · ? help"
        )
    marks = " ".join(f"{key}={mark}" for key, mark in MARK_KEYS.items())
    return (
        f"{marks}: CC C consistent, N neutral, I II inconsistent, NA not applicable, · not"
        f" rated · against: points ({POINTS}) · weighted: by grade and relevance · ▲ leading"
        " · ✗ ruled out (2+ points behind) · ⚷ linchpin: the lead turns on it ·"
        " diagnosticity 0: the item cannot tell them apart · ? help"
    )
