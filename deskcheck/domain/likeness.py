"""How alike two claims are: a score from 0 to 100, what they share and what differs.

The wording is compared by rapidfuzz over the claims' terms (see ``claim_terms``): the
token-sort ratio for a reworded or reordered claim, the token-set ratio (what the shorter one
shares with the longer) for a partial quote, which counts only when the shared part is
substantial. Then what the claims say must agree: two claims that differ in a number, a date
or a name are different claims however alike their words ("3 million" is not "30 million"),
and so are two that differ in a direction, a negation or a word swapped where the rest agrees
("raised" is not "cut"; see ``contrast``). Such a pair is held below ``LIKELY`` and the
difference is named, in the claims' own words when they are ``ClaimWords``.
"""

from __future__ import annotations

from dataclasses import dataclass

from deskcheck.domain.claim_terms import ClaimTerms, ClaimWords
from deskcheck.domain.contrast import Difference, differences, stop_terms, unmatched_names

LIKELY = 70  # at or above: "probably already checked"
SHOWN = 35  # below: not worth a reviewer's look
DIFFERENT_FACTS = 45  # the most a pair whose numbers, dates or names differ can score
SAYS_OTHERWISE = 60  # the most a pair can score that differs in what it says
MIN_SHARED_FOR_QUOTE = 4  # terms a partial quote must share to count as the whole claim
QUOTE_COVERAGE = 0.8  # and the share of the shorter claim's terms it must cover
ONE_SIDED_NUMBER = 8  # taken off when only one of the two claims gives a number
NAMED = 4  # shared words named in a reason


@dataclass(frozen=True)
class Likeness:
    score: int
    reason: str  # what the two share, in the new claim's words
    differs: tuple[tuple[str, str], ...] = ()  # (the new claim's words, the earlier one's)


def _listed(values: list[str], limit: int = 3) -> str:
    return ", ".join(values[:limit])


def _words_of(claim: ClaimTerms, terms: set[str]) -> list[str]:
    """The claim's own words for the terms, in the claim's order, each once."""
    shown: list[str] = []
    spans = claim.spans if isinstance(claim, ClaimWords) else ()
    text = claim.text if isinstance(claim, ClaimWords) else ""
    at: tuple[int, int] | None = None  # the place of the words being gathered
    for index, term in enumerate(claim.terms):
        if term not in terms:
            continue
        if not spans:
            said = term.replace("month:", "month ")
            if said not in shown:
                shown.append(said)
            continue
        start, end = spans[index]
        if at is not None and start < at[1]:  # pairs of characters: one run of them
            at = (at[0], end)
            continue
        if at is not None:
            _add(shown, text[at[0] : at[1]])
        at = (start, end)
    if at is not None:
        _add(shown, text[at[0] : at[1]])
    return shown


def _add(shown: list[str], said: str) -> None:
    if said and said not in shown:
        shown.append(said)


def likeness(
    new: ClaimTerms, old: ClaimTerms, rare: frozenset[str] = frozenset(), *, reasons: bool = True
) -> Likeness:
    """How alike ``new`` and ``old`` are; ``rare`` names the terms worth naming as shared.
    ``reasons=False``: the score alone (ingest scores every new claim's candidates), and
    what they say is compared only when the score would otherwise reach ``SAYS_OTHERWISE``."""
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
    cap = _facts_cap(new, old)
    if cap is not None:
        score = min(score, cap)
    elif (new.numbers or old.numbers) and not (new.numbers and old.numbers):
        score = max(0, score - ONE_SIDED_NUMBER)
    if not reasons:
        if score > SAYS_OTHERWISE and differences(new, old):
            score = SAYS_OTHERWISE
        return Likeness(round(score), "")
    found = differences(new, old)
    if found:
        score = min(score, SAYS_OTHERWISE)
    return Likeness(
        round(score),
        _reason(new, old, shared, rare, set_ratio > sort_ratio and set_ratio >= 90),
        _pairs(found),
    )


def _pairs(found: list[Difference]) -> tuple[tuple[str, str], ...]:
    return tuple((d.new, d.old) for d in found)


def _reason(
    new: ClaimTerms, old: ClaimTerms, shared: set[str], rare: frozenset[str], quote: bool
) -> str:
    """What the two share, in the new claim's words: its rare words, numbers and names."""
    notes = []
    shared_rare = _words_of(new, (shared & rare) - new.numbers - stop_terms())
    if shared_rare:
        notes.append(f"shares {_listed(shared_rare, NAMED)}")
    else:
        notes.append(f"{len(shared)} terms in common")
    if quote:
        notes.append("one quotes part of the other")
    only_new, only_old = new.numbers - old.numbers, old.numbers - new.numbers
    if bool(only_new) != bool(only_old):
        one = _words_of(new, set(only_new)) if only_new else _words_of(old, set(only_old))
        notes.append(f"only one says {_listed(one)}")
    elif new.numbers and not only_new:
        notes.append(f"same numbers: {_listed(_words_of(new, set(new.numbers)))}")
    same_names = _words_of(new, set(new.names & old.names))
    if same_names:
        notes.append(f"same names: {_listed(same_names)}")
    return "; ".join(notes)


def _facts_cap(new: ClaimTerms, old: ClaimTerms) -> float | None:
    """The highest score the numbers and names allow, or None."""
    if new.numbers - old.numbers and old.numbers - new.numbers:
        return DIFFERENT_FACTS
    if new.names - old.names and old.names - new.names:
        names_new, names_old = unmatched_names(new, old)
        if names_new and names_old:
            return DIFFERENT_FACTS
    return None


def says_differently(differs: tuple[tuple[str, str], ...]) -> str:
    """``differs: raised ≠ cut; sheep ≠ cattle`` (a side that says nothing is "—")."""
    return "differs: " + "; ".join(f"{a or '—'} ≠ {b or '—'}" for a, b in differs)
