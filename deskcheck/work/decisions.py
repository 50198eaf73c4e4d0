"""Deciding a claim, with the analysis' concerns; confirming another reviewer's decision.

A finding (verified, false, misleading…) that the analysis does not support is recorded
only with the reviewer's reason for choosing it anyway, and that reason becomes part of
the rationale readers see. The rule is the same at the command line and in the desk.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from deskcheck.analysis.claim_analysis import analyse
from deskcheck.domain.errors import InvalidValue

if TYPE_CHECKING:
    from deskcheck.data import Desk


class ReasonNeeded(InvalidValue):
    """A verdict the analysis does not support, chosen without saying why."""


@dataclass(frozen=True)
class Decided:
    decision_id: int
    concerns: tuple[str, ...]  # what the analysis did not support, recorded with the reason


def concerns_about(desk: Desk, claim_id: int, verdict: str) -> list[str]:
    """Why the analysis of the claim as it stands does not support ``verdict``."""
    return analyse(desk.claim(claim_id)).verdict_concerns(desk.verdict(verdict))


def with_reason(rationale: str, concerns: list[str], despite: str) -> str:
    return f"{rationale}\n\nChosen despite: {'; '.join(concerns)}. Why: {despite}"


def decide(
    desk: Desk,
    claim_id: int,
    verdict: str,
    rationale: str,
    *,
    confidence: str = "medium",
    for_publication: bool = False,
    despite: str = "",
    summary: str = "",
) -> Decided:
    """Record a decision. ``despite``: why this verdict, when the analysis does not support
    it; without it such a decision is refused, naming what the analysis found."""
    concerns = concerns_about(desk, claim_id, verdict)
    if concerns:
        if not despite.strip():
            raise ReasonNeeded(
                f"the analysis does not support {verdict!r} ({'; '.join(concerns)}):"
                " say why you choose it anyway"
            )
        rationale = with_reason(rationale, concerns, despite)
    decision_id = desk.decide(
        claim_id,
        verdict,
        rationale,
        confidence=confidence,
        for_publication=for_publication,
        summary=summary,
    )
    return Decided(decision_id, tuple(concerns))


def confirm(desk: Desk, claim_id: int, rationale: str = "") -> int:
    """The second reviewer's confirmation of a decision for publication."""
    return desk.confirm(claim_id, rationale)
