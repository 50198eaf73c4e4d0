"""What an earlier claim that this one repeats concluded, in words said the same way in the
claim desk, `deskcheck show` and the desk note.

A lead is not a decision of fact: an earlier claim whose verdict is a lead (any verdict of
the desk's scale that leaves the claim's status at *lead*) was "treated as a lead", never
"decided".
"""

from __future__ import annotations

from collections.abc import Iterable

from deskcheck.domain.models import Verdict


def lead_verdicts(scale: Iterable[Verdict]) -> frozenset[str]:
    """The verdicts of a desk's scale that keep a claim a lead (default: ``lead``)."""
    return frozenset(v.name for v in scale if v.claim_status == "lead")


def earlier_check(
    verdict: str | None, dated: str | None, *, lead: bool, reviewer: str | None = None
) -> str:
    """ "decided false 2026-07-03 by ines", "treated as a lead 2026-06-14 by mara, not
    decided yet", or "no decision yet"."""
    if not verdict:
        return "no decision yet"
    when = f" {dated[:10]}" if dated else ""
    by = f" by {reviewer}" if reviewer else ""
    if lead:
        return f"treated as a lead{when}{by}, not decided yet"
    return f"decided {verdict}{when}{by}"
