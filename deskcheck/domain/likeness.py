"""How alike two claims are: a score from 0 to 100 and the reason, in words.

The wording is compared by rapidfuzz over the claims' terms (see ``claim_terms``): the
token-sort ratio for a reworded or reordered claim, the token-set ratio (what the shorter one
shares with the longer) for a partial quote, which counts only when the shared part is
substantial. Then the facts must agree: two claims that differ in a number, a date or a name
are different claims however alike their words ("3 million" is not "30 million"), so such a
pair is held below ``LIKELY`` with the difference named in the reason.
"""

from __future__ import annotations

from dataclasses import dataclass

from deskcheck.domain.claim_terms import ClaimTerms

LIKELY = 70  # at or above: "probably already checked"
SHOWN = 35  # below: not worth a reviewer's look
DIFFERENT_FACTS = 45  # the most a pair whose numbers, dates or names differ can score
MIN_SHARED_FOR_QUOTE = 4  # terms a partial quote must share to count as the whole claim
QUOTE_COVERAGE = 0.8  # and the share of the shorter claim's terms it must cover
ONE_SIDED_NUMBER = 8  # taken off when only one of the two claims gives a number


@dataclass(frozen=True)
class Likeness:
    score: int
    reason: str


def _listed(values: frozenset[str] | set[str], limit: int = 3) -> str:
    shown = sorted(values)[:limit]
    return ", ".join(v.replace("month:", "month ") for v in shown)


def likeness(
    new: ClaimTerms, old: ClaimTerms, rare: frozenset[str] = frozenset(), *, reasons: bool = True
) -> Likeness:
    """How alike ``new`` and ``old`` are; ``rare`` names the terms worth naming as shared.
    ``reasons=False``: the score alone (ingest scores every new claim's candidates)."""
    from rapidfuzz import fuzz  # on first use: the desk opens without it

    a, b = new.document, old.document
    if not a or not b:
        return Likeness(0, "nothing to compare")
    sort_ratio = fuzz.token_sort_ratio(a, b)
    shared = set(new.terms) & set(old.terms)
    shorter = min(len(set(new.terms)), len(set(old.terms)))
    quoted = len(shared) >= MIN_SHARED_FOR_QUOTE and len(shared) >= QUOTE_COVERAGE * shorter
    set_ratio = fuzz.token_set_ratio(a, b) if quoted else 0.0
    score = max(sort_ratio, 0.95 * set_ratio)
    if not reasons:
        if (new.numbers or old.numbers) and new.numbers != old.numbers:
            cap, _ = _facts(new, old)
            score = (
                min(score, cap)
                if cap is not None
                else score - ONE_SIDED_NUMBER * (not (new.numbers and old.numbers))
            )
        elif _names_differ(new, old):
            score = min(score, DIFFERENT_FACTS)
        return Likeness(round(score), "")
    notes = []
    shared_rare = shared & rare
    if shared_rare:
        notes.append(f"shares {_listed(shared_rare, 4)}")
    else:
        notes.append(f"{len(shared)} terms in common")
    if set_ratio > sort_ratio and set_ratio >= 90:
        notes.append("one quotes part of the other")
    penalty_cap, facts = _facts(new, old)
    if penalty_cap is not None:
        score = min(score, penalty_cap)
    elif (new.numbers or old.numbers) and not (new.numbers and old.numbers):
        score -= ONE_SIDED_NUMBER
    return Likeness(round(score), "; ".join(notes + facts))


def _unmatched_names(new: ClaimTerms, old: ClaimTerms) -> tuple[set[str], set[str]]:
    """The names each claim has that the other does not use at all (not even as a word)."""
    names_new = {n for n in new.names - old.names if n not in old.document}
    names_old = {n for n in old.names - new.names if n not in new.document}
    return names_new, names_old


def _names_differ(new: ClaimTerms, old: ClaimTerms) -> bool:
    if not (new.names - old.names and old.names - new.names):
        return False
    names_new, names_old = _unmatched_names(new, old)
    return bool(names_new and names_old)


def _facts(new: ClaimTerms, old: ClaimTerms) -> tuple[float | None, list[str]]:
    """(the highest score the facts allow, or None; what agrees or differs)."""
    cap: float | None = None
    notes: list[str] = []
    only_new, only_old = new.numbers - old.numbers, old.numbers - new.numbers
    if only_new and only_old:
        cap = DIFFERENT_FACTS
        notes.append(f"numbers differ: {_listed(only_new)} vs {_listed(only_old)}")
    elif only_new or only_old:
        notes.append(f"only one says {_listed(only_new or only_old)}")
    elif new.numbers:
        notes.append(f"same numbers: {_listed(new.numbers)}")
    names_new, names_old = _unmatched_names(new, old)
    if names_new and names_old:
        cap = DIFFERENT_FACTS
        notes.append(f"names differ: {_listed(names_new)} vs {_listed(names_old)}")
    elif new.names & old.names:
        notes.append(f"same names: {_listed(new.names & old.names)}")
    return cap, notes
