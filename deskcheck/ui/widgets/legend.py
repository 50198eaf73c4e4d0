"""What every mark and glyph on the desk means: for help, and for the matrix's footer."""

from __future__ import annotations

from deskcheck.analysis.score_words import LEADING, MEANINGS, NOT_RATED, POINTS, RULED_OUT
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
    ("✗ (column ~)", "some evidence is gone: its server said 404 or 410"),
    ("✋", "a decision for publication waits for a second reviewer"),
    ("⇄", "the verdict was decided on another desk and merged here (the preview names it)"),
    ("P1 … P4", "priority, 1 most urgent"),
)

DESK_GLYPHS: tuple[tuple[str, str], ...] = (
    ("CC C N I II NA", "marks: " + ", ".join(f"{m} {MARK_MEANING[m]}" for m in MARK_KEYS.values())),
    ("··", "not rated yet against this interpretation"),
    ("≠changed", "the page changed since an earlier snapshot"),
    ("✗gone", "the page was removed: its server said 404 not found or 410 gone"),
    (
        "✗could not connect",
        "the last fetch found no page, and why (also ✗refused: private address, ✗500 …);"
        " a page is gone only when its server says so",
    ),
    ("A2, C3 …", "grade: source reliability A–F, information credibility 1–6"),
    (
        "inconsistency",
        "how many items speak against an interpretation (I, II); the"
        " weighted figure counts grade and relevance; the least inconsistent one leads",
    ),
    ("leading", MEANINGS[LEADING]),
    ("ruled out", f"eliminated: {MEANINGS[RULED_OUT]}"),
    ("not rated yet", MEANINGS[NOT_RATED]),
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


DESK_LEGENDS = (
    # the marks beside the evidence and the grade column, longest first: the widest that
    # fits the pane is shown (`?` has every glyph)
    "CC C consistent · N neutral · I II inconsistent · NA not applicable · ·· not rated"
    " · gr grade: source reliability A–F, information credibility 1–6",
    "CC C consistent · N neutral · I II inconsistent · NA not applicable · ·· not rated"
    " · gr grade: source A–F, information 1–6",
    "CC C consistent · N neutral · I II inconsistent · NA n/a · ·· not rated · gr grade",
    "CC C for · N neutral · I II against · NA n/a · ·· unrated · gr grade",
    "CC C for, N neutral, I II against · gr grade",
)


def marks_legend(width: int) -> str:
    """The line under the claim desk's evidence: what its marks and grades mean."""
    return next((text for text in DESK_LEGENDS if len(text) <= width), DESK_LEGENDS[-1])


QUEUE_LEGENDS = (
    # the queue's narrow column heads in words, longest first: the widest that fits shows
    "! source warning: ⚠ no primary source, ? no custody chain, ⟲ circular reporting,"
    " 1 single root · int interpretations · evi evidence items · ⚑ revision triggers fired"
    " · ~ links: ≠ changed, ✗ gone · ✋ waits for a second reviewer · ⇄ verdict from another desk",
    "! source warning: ⚠ no primary source, ? no custody chain, ⟲ circular reporting,"
    " 1 single root · int interpretations · evi evidence items · ⚑ revision triggers fired"
    " · ~ links: ≠ changed, ✗ gone · ✋ waits for a second reviewer",
    "! sources: ⚠ no primary, ? no custody, ⟲ circular, 1 single root · int interpretations"
    " · evi evidence · ⚑ triggers fired · ~ links: ≠ changed, ✗ gone · ✋ 2nd reviewer",
    "! ⚠ no primary source, ? no custody, ⟲ circular, 1 one root · int interpretations ·"
    " evi evidence · ⚑ triggers fired · ~ ≠ changed, ✗ gone",
    "! ⚠ no primary, ? no chain, ⟲ circular, 1 one root · int interpretations · evi"
    " evidence · ⚑ fired · ~ ≠ changed ✗ gone",
    "! source warning · int interpretations · evi evidence · ⚑ fired · ~ ≠ changed ✗ gone",
    "! sources · int interpretations · evi evidence · ⚑ fired · ~ ≠ changed ✗ gone",
    "! sources · int/evi interpretations/evidence · ⚑ fired · ~ links",
)


def queue_legend(width: int) -> str:
    """The line under the queue: what its narrow column heads and marks mean."""
    return next((text for text in QUEUE_LEGENDS if len(text) <= width), QUEUE_LEGENDS[-1])
