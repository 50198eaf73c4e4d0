"""The rival-interpretations matrix and its scores (analysis of competing hypotheses).

Only inconsistency counts: IS(h) = Σ v with v(I) = −1, v(II) = −2 and 0 for CC, C, N, NA.
Consistent evidence never offsets inconsistent evidence — several ACH tools let it, which
brings back the confirmation bias ACH exists to remove. WIS weights each item by its
credibility and relevance. Of the interpretations rated against at least one item, the one
with the least inconsistency leads; one two or more points behind the leader is eliminated;
when no interpretation has any inconsistent evidence, none is eliminated. An interpretation
nobody rated yet neither leads nor is eliminated: nothing was weighed against it.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from deskcheck.analysis.weights import item_weight
from deskcheck.domain.models import ClaimRecord

INCONSISTENCY = {"I": -1, "II": -2}
CONSISTENCY_SCALE = {"CC": 2, "C": 1, "N": 0, "I": -1, "II": -2}  # NA: not on the scale
ELIMINATION_GAP = 2


@dataclass(frozen=True)
class Score:
    interpretation_id: int
    label: str
    inconsistency: int  # IS, 0 or below
    weighted: float  # WIS
    rated: int
    unrated: int
    leads: bool = False
    eliminated: bool = False


@dataclass(frozen=True)
class EvidenceColumn:
    evidence_id: int
    title: str
    marks: dict[int, str | None]  # interpretation id → mark (None: not rated)
    weight: float
    diagnosticity: float  # spread of the marks across interpretations; 0: bears the same
    linchpin: bool = False  # leaving it out changes which interpretation leads


@dataclass(frozen=True)
class Matrix:
    interpretations: tuple[tuple[int, str], ...]
    evidence: tuple[EvidenceColumn, ...]
    scores: tuple[Score, ...]
    leaders: tuple[int, ...] = ()
    none_eliminated: bool = True
    compatible: tuple[tuple[int, int], ...] = field(default=())

    @property
    def summary(self) -> str:
        labels = dict(self.interpretations)
        if not self.interpretations:
            return "No interpretations yet."
        if not self.evidence:
            return "No evidence yet."
        if not self.leaders:
            return "No evidence is rated yet: no interpretation leads."
        unrated = [s.label for s in self.scores if not s.rated]
        not_yet = f" Not rated yet: {', '.join(unrated)}." if unrated else ""
        if self.none_eliminated:
            return (
                "No evidence is inconsistent with any interpretation: none is eliminated." + not_yet
            )
        leading = " and ".join(labels[i] for i in self.leaders)
        out = [s.label for s in self.scores if s.eliminated]
        text = f"{leading} {'lead' if len(self.leaders) > 1 else 'leads'}"
        return (
            text
            + (f"; eliminated: {', '.join(out)}." if out else "; none is eliminated.")
            + not_yet
        )


def inconsistency(mark: str | None) -> int:
    return INCONSISTENCY.get(mark or "", 0)


def diagnosticity(marks: list[str | None]) -> float:
    """Population standard deviation of the consistency values across interpretations."""
    values = [CONSISTENCY_SCALE[m] for m in marks if m in CONSISTENCY_SCALE]
    return statistics.pstdev(values) if len(values) >= 2 else 0.0


def leaders_of(totals: dict[int, int]) -> tuple[int, ...]:
    if not totals:
        return ()
    best = max(totals.values())
    return tuple(i for i, total in totals.items() if total == best)


def build_matrix(record: ClaimRecord) -> Matrix:
    interpretations = tuple((i.id, i.label) for i in record.interpretations)
    ids = [i for i, _ in interpretations]
    columns = []
    for item in record.evidence:
        marks = {i: item.mark_for(i) for i in ids}
        columns.append(
            EvidenceColumn(
                item.id,
                item.title,
                marks,
                item_weight(item.reliability, item.credibility, item.relevance),
                diagnosticity(list(marks.values())),
            )
        )
    totals = {i: sum(inconsistency(c.marks[i]) for c in columns) for i in ids}
    # only an interpretation rated against something can lead, or fall behind the leader
    rated_ids = [i for i in ids if any(c.marks[i] is not None for c in columns)]
    leaders = leaders_of({i: totals[i] for i in rated_ids})
    # leave one out: an item whose absence changes the leaders is a linchpin
    columns = [
        EvidenceColumn(
            c.evidence_id,
            c.title,
            c.marks,
            c.weight,
            c.diagnosticity,
            linchpin=leaders_of({i: totals[i] - inconsistency(c.marks[i]) for i in rated_ids})
            != leaders,
        )
        for c in columns
    ]
    best = max((totals[i] for i in rated_ids), default=0)
    scores = tuple(
        Score(
            interpretation_id=i,
            label=label,
            inconsistency=totals[i],
            weighted=round(sum(c.weight * inconsistency(c.marks[i]) for c in columns), 4),
            rated=sum(1 for c in columns if c.marks[i] is not None),
            unrated=sum(1 for c in columns if c.marks[i] is None),
            leads=i in leaders,
            eliminated=i in rated_ids and totals[i] <= best - ELIMINATION_GAP,
        )
        for i, label in interpretations
    )
    compatible = tuple((a, b) for a, b, relation in record.relations if relation == "compatible")
    return Matrix(
        interpretations,
        tuple(columns),
        scores,
        leaders,
        none_eliminated=all(total == 0 for total in totals.values()),
        compatible=compatible,
    )


def naive_sum(record: ClaimRecord) -> dict[int, int]:
    """The scoring several ACH tools use (consistent marks offset inconsistent ones).
    Kept only to show, in tests, where it picks a different leader than IS."""
    return {
        i.id: sum(CONSISTENCY_SCALE.get(e.mark_for(i.id) or "", 0) for e in record.evidence)
        for i in record.interpretations
    }
