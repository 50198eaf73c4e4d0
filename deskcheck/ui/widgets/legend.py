"""What every mark and glyph on the desk means: for help, and for the matrix's footer."""

from __future__ import annotations

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
    ("leading / eliminated", "the least inconsistent interpretation / one the evidence rules out"),
)

MATRIX_GLYPHS: tuple[tuple[str, str], ...] = (
    ("▲", "leading: the least inconsistent interpretation"),
    ("✗", "eliminated by the evidence"),
    ("⚷", "linchpin: the outcome turns on this item"),
    ("IS / WIS", "inconsistency / weighted inconsistency (grade and relevance)"),
    ("diagnosticity", "how much an item tells the interpretations apart (0: not at all; dimmed)"),
    ("·", "not rated yet"),
)


def grade_words(reliability: str, credibility: int) -> str:
    return (
        f"{reliability}{credibility}: source {RELIABILITY_MEANING[reliability]},"
        f" information {CREDIBILITY_MEANING[credibility]}"
    )


def matrix_footer() -> str:
    """One line under the matrix: the marks and glyphs it uses."""
    marks = " ".join(f"{key}={mark}" for key, mark in MARK_KEYS.items())
    return f"{marks} · ▲ leading · ✗ eliminated · ⚷ linchpin · IS/WIS inconsistency · ? help"
