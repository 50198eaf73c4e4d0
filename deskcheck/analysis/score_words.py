"""The matrix's scores in plain words, for every screen that shows them (the decision form,
the matrix's legend, `deskcheck show`): a reviewer reads "2 items against (3 points)", not
"IS -3, WIS -4.2426".

The analysis keeps its figures as ACH writes them (0 or below); here they are said as what
speaks against an interpretation, a count of 0 or more.
"""

from __future__ import annotations

from deskcheck.analysis.matrix import INCONSISTENCY, Matrix, Score

POINTS = ", ".join(f"{mark} {-value}" for mark, value in INCONSISTENCY.items())  # "I 1, II 2"

LEADING = "leading"
RULED_OUT = "ruled out"
NOT_RATED = "not rated yet"

MEANINGS: dict[str, str] = {
    LEADING: "the fewest points against, of the interpretations rated",
    RULED_OUT: "two or more points behind the leading one",
    NOT_RATED: "nothing was weighed against it, so it neither leads nor is ruled out",
    "points against": "what speaks against the interpretation: an item marked I counts 1, II 2",
    "weighted": "the points against, each item weighed by its grade and relevance",
    "diagnosticity": (
        "how differently an item bears on the interpretations: 0, the same on all (it"
        " cannot tell them apart); higher, it tells them apart"
    ),
    "linchpin": "without this item another interpretation would lead",
    "independent roots": "sources of the evidence that do not go back to one another",
}


def points_against(score: Score) -> int:
    return -score.inconsistency


def weighted_against(score: Score) -> str:
    """The weighted points against, to one decimal ("4.2"; "0")."""
    value = -score.weighted
    return f"{value:.1f}".removesuffix(".0") if value else "0"


def standing_word(score: Score) -> str:
    """ "leading", "ruled out", "not rated yet", or "" (rated, neither)."""
    if not score.rated:
        return NOT_RATED
    if score.eliminated:
        return RULED_OUT
    return LEADING if score.leads else ""


def score_sentence(score: Score, items_against: int | None = None) -> str:
    """ "3 points against (weighted by grade and relevance: 4.2) · 2 of 2 rated"; with
    ``items_against``, how many items they come from."""
    total = score.rated + score.unrated
    if not score.rated:
        return f"0 of {total} rated"
    points = points_against(score)
    items = (
        f" from {items_against} item{'s' if items_against != 1 else ''}"
        if items_against and items_against != points
        else ""
    )
    return (
        f"{points} point{'s' if points != 1 else ''} against{items}"
        f" (weighted by grade and relevance: {weighted_against(score)})"
        f" · {score.rated} of {total} rated"
    )


def items_against(matrix: Matrix, interpretation_id: int) -> int:
    """How many items are marked I or II against the interpretation."""
    return sum(c.marks.get(interpretation_id) in INCONSISTENCY for c in matrix.evidence)


def scores_in_words(matrix: Matrix) -> list[tuple[str, str, str]]:
    """(label, standing, score sentence) for each interpretation, in the matrix's order."""
    return [
        (
            score.label,
            standing_word(score),
            score_sentence(score, items_against(matrix, score.interpretation_id)),
        )
        for score in matrix.scores
    ]
