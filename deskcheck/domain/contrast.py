"""What two alike claims say differently: the one word that turns a claim around.

Two claims can share nearly every term and still say opposite things. A difference is:

- a direction: one says a word of one side of a group where the other says the opposite
  side ("raised" ≠ "cut", "before" ≠ "after", "banned" ≠ "allowed"; ``polarity_words``);
- a negation added or removed ("not", "no longer", "nunca", "nicht", "لم", "没有");
- a number or a date that differs ("3 million" ≠ "30 million");
- a name that differs ("Lopez" ≠ "Garcia");
- a word swapped where the rest of the claim agrees ("sheep" ≠ "cattle"): the claims align
  term for term (``difflib``) but for one or two short runs, and those runs are neither
  common words nor a misspelling of each other.

Each difference is said in the claims' own words when they are ``ClaimWords``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

from deskcheck.domain.claim_terms import (
    STOP_WORDS,
    ClaimTerms,
    ClaimWords,
    language_by_words,
    no_spaces_script,
    word_terms,
)
from deskcheck.domain.polarity_words import (
    CONTRACTED_NEGATION,
    DIRECTIONS,
    NEGATION_UNDONE_BY_NEXT,
    NEGATIONS,
    NEGATIONS_ALSO_WORDS,
    NOT_NEGATIONS_CHINESE,
    SYNONYMS,
)

Opcodes = Sequence[tuple[str, int, int, int, int]]  # difflib's: (tag, i1, i2, j1, j2)

MOST_SWAPPED = 2  # runs of words swapped: more, and it is a rewording, not one change
SWAPPED_TERMS = 2  # terms in a swapped run (Chinese: pairs of characters, see below)
SWAPPED_PAIRS = 6  # a word of up to five characters swapped for another
AGREEING_SHARE = 0.6  # of each claim's terms, outside the swapped runs
AGREEING_TERMS = 4
MISSPELLING = 85  # rapidfuzz ratio at which two runs are one word misspelt


@dataclass(frozen=True)
class Difference:
    kind: str  # "direction", "negation", "number", "name" or "word"
    new: str  # what the new claim says there, in its words ("" where it says nothing)
    old: str  # what the earlier claim says there


@dataclass(frozen=True)
class _Hit:
    """A lexicon word found in a claim: terms ``start`` to ``end``, and its text."""

    start: int
    end: int
    said: str
    group: str = ""
    sign: int = 0


@dataclass(frozen=True)
class _Lexicon:
    directions: dict[str, dict[str, tuple[str, int]]]  # language → term → (group, side)
    negations: dict[str, frozenset[str]]
    undone: dict[str, frozenset[str]]
    chinese: tuple[tuple[str, str, int], ...]  # (word, group, side), the longest first
    chinese_negations: tuple[str, ...]
    stop_terms: frozenset[str]
    synonyms: dict[str, int]  # term → its group of words that say the same
    any_negation: frozenset[str]  # the negations that are no ordinary word in any language


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    directions: dict[str, dict[str, tuple[str, int]]] = {}
    for language, groups in DIRECTIONS.items():
        if language == "chinese":
            continue
        found: dict[str, tuple[str, int]] = {}
        for group, sides in groups.items():
            for sign, words in zip((1, -1), sides, strict=True):
                for word in words.split():
                    for term in word_terms(word, language)[:1]:
                        found[term] = (group, sign)
        directions[language] = found
    chinese = sorted(
        (
            (word, group, sign)
            for group, sides in DIRECTIONS["chinese"].items()
            for sign, words in zip((1, -1), sides, strict=True)
            for word in words.split()
        ),
        key=lambda entry: -len(entry[0]),
    )

    def terms_of(table: dict[str, str]) -> dict[str, frozenset[str]]:
        return {
            language: frozenset(t for w in words.split() for t in word_terms(w, language)[:1])
            for language, words in table.items()
            if language != "chinese"
        }

    stop = {t for lang, words in STOP_WORDS.items() for w in words for t in word_terms(w, lang)}
    negations = terms_of(NEGATIONS)
    synonyms: dict[str, int] = {}
    for language, kinds in SYNONYMS.items():
        for number, same in enumerate(kinds):
            for word in same.split():
                for term in word_terms(word, language)[:1]:
                    synonyms.setdefault(term, hash((language, number)))
    return _Lexicon(
        directions,
        negations,
        terms_of(NEGATION_UNDONE_BY_NEXT),
        tuple(chinese),
        tuple(sorted(NEGATIONS["chinese"].split(), key=len, reverse=True)),
        frozenset(stop | {w for words in STOP_WORDS.values() for w in words}),
        synonyms,
        frozenset().union(*negations.values()) - NEGATIONS_ALSO_WORDS,
    )


def _language(terms: tuple[str, ...]) -> str:
    for term in terms:
        if "\u0600" <= term[0] <= "\u06ff":
            return "arabic"
    return language_by_words(set(terms))


def _said(claim: ClaimTerms, start: int, end: int) -> str:
    if isinstance(claim, ClaimWords) and claim.spans:
        return claim.words(start, end)
    return " ".join(claim.terms[start:end])


@dataclass(frozen=True)
class _Run:
    """A stretch of writing without spaces, put back together from its pairs of characters."""

    text: str
    term_of: tuple[int, ...]  # each character's term
    place: tuple[int, ...]  # each character's place in the claim's text (-1: unknown)


# the scripts written without spaces, as ``claim_terms.no_spaces_script`` tells them
_NO_SPACES = re.compile(
    "[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
    "\u0e00-\u0eff\u1780-\u17ff\u1000-\u109f]"
)


def _runs(claim: ClaimTerms) -> list[_Run]:
    if claim.document.isascii() or not _NO_SPACES.search(claim.document):
        return []
    spans = claim.spans if isinstance(claim, ClaimWords) else ()
    runs: list[_Run] = []
    text, term_of, place = "", [], []
    previous = ""
    for index, term in enumerate(claim.terms):
        if not no_spaces_script(term[0]):
            previous = ""
            continue
        start = spans[index][0] if spans else -1
        joined = (
            previous
            and len(term) == 2
            and previous[-1] == term[0]
            and (not spans or spans[index - 1][0] + 1 == start)
        )
        if joined:
            text += term[1]
            term_of.append(index)
            place.append(start + 1 if spans else -1)
        else:
            if text:
                runs.append(_Run(text, tuple(term_of), tuple(place)))
            text, term_of = term, [index] * len(term)
            place = [start + k if spans else -1 for k in range(len(term))]
        previous = term
    if text:
        runs.append(_Run(text, tuple(term_of), tuple(place)))
    return runs


def _run_hit(claim: ClaimTerms, run: _Run, at: int, width: int, group: str, sign: int) -> _Hit:
    said = run.text[at : at + width]
    if isinstance(claim, ClaimWords) and run.place[at] >= 0:
        said = claim.text[run.place[at] : run.place[at + width - 1] + 1]
    return _Hit(run.term_of[at], run.term_of[at + width - 1] + 1, said, group, sign)


def _scan(run: str, words: tuple[str, ...], skip: set[int]) -> list[tuple[int, str]]:
    """(place, word) of the words in ``run``, the longest first, not overlapping."""
    found: list[tuple[int, str]] = []
    taken = set(skip)
    for word in words:
        at = run.find(word)
        while at >= 0:
            if taken.isdisjoint(range(at, at + len(word))):
                found.append((at, word))
                taken.update(range(at, at + len(word)))
            at = run.find(word, at + 1)
    return sorted(found)


@lru_cache(maxsize=4096)
def directions(claim: ClaimTerms) -> tuple[_Hit, ...]:
    """The words of a direction group the claim says (cached: ingest compares one new
    claim with many candidates, and a candidate with many new claims)."""
    return tuple(_directions(claim))


@lru_cache(maxsize=4096)
def negations(claim: ClaimTerms) -> tuple[_Hit, ...]:
    """The words that deny in the claim (cached, as ``directions``)."""
    return tuple(_negations(claim))


def _directions(claim: ClaimTerms) -> list[_Hit]:
    lexicon = _lexicon()
    table = lexicon.directions.get(_language(claim.terms), {})
    hits = [
        _Hit(i, i + 1, _said(claim, i, i + 1), *table[t])
        for i, t in enumerate(claim.terms)
        if t in table
    ]
    runs = _runs(claim)
    if runs:
        words = tuple(w for w, _, _ in lexicon.chinese)
        meaning = {w: (g, s) for w, g, s in lexicon.chinese}
        for run in runs:
            for at, word in _scan(run.text, words, set()):
                hits.append(_run_hit(claim, run, at, len(word), *meaning[word]))
    return hits


def _negations(claim: ClaimTerms) -> list[_Hit]:
    lexicon = _lexicon()
    language = _language(claim.terms)
    # a claim too short to tell its language by its common words ("Flüchtlinge erhalten
    # keine …") still denies in it: every language's negations but those that are words
    denying = lexicon.negations.get(language, frozenset()) | lexicon.any_negation
    undone = lexicon.undone.get(language, frozenset())
    terms = claim.terms
    hits = [
        _Hit(i, i + 1, _said(claim, i, i + 1))
        for i, t in enumerate(terms)
        if (t in denying or t.endswith(CONTRACTED_NEGATION))
        and not (i + 1 < len(terms) and terms[i + 1] in undone)
    ]
    for run in _runs(claim):
        skip: set[int] = set()
        for at, word in _scan(run.text, tuple(NOT_NEGATIONS_CHINESE.split()), set()):
            skip.update(range(at, at + len(word)))
        for at, word in _scan(run.text, lexicon.chinese_negations, skip):
            hits.append(_run_hit(claim, run, at, len(word), "", 0))
    return hits


def _aligned(new: ClaimTerms, old: ClaimTerms) -> Opcodes:
    return SequenceMatcher(None, new.terms, old.terms, autojunk=False).get_opcodes()


def _opposed(new: Sequence[_Hit], old: Sequence[_Hit]) -> Difference | None:
    counted_new = Counter((h.group, h.sign) for h in new)
    counted_old = Counter((h.group, h.sign) for h in old)
    for group in sorted({h.group for h in new} & {h.group for h in old}):
        for sign in (1, -1):
            if (
                counted_new[group, sign] > counted_old[group, sign]
                and counted_old[group, -sign] > counted_new[group, -sign]
            ):
                in_old = {h.said.casefold() for h in old}
                in_new = {h.said.casefold() for h in new}
                first = _first(new, group, sign, in_old)
                second = _first(old, group, -sign, in_new)
                return Difference("direction", first, second)
    return None


def _first(hits: Sequence[_Hit], group: str, sign: int, elsewhere: set[str]) -> str:
    """The hit of the group's side that the other claim does not say, else the first."""
    side = [h.said for h in hits if h.group == group and h.sign == sign]
    return next((s for s in side if s.casefold() not in elsewhere), side[0])


def _negated(new: ClaimTerms, old: ClaimTerms, opcodes: Opcodes) -> Difference | None:
    denied_new, denied_old = negations(new), negations(old)
    if len(denied_new) == len(denied_old):
        return None
    more, fewer, flipped = (
        (new, old, False) if len(denied_new) > len(denied_old) else (old, new, True)
    )
    hits = denied_new if not flipped else denied_old
    for tag, i1, i2, j1, j2 in opcodes:
        a1, a2, b1, b2 = (i1, i2, j1, j2) if not flipped else (j1, j2, i1, i2)
        if tag == "equal" or not any(a1 <= h.start < a2 for h in hits):
            continue
        # added or dropped: with the word it denies ("not cause" ≠ "cause")
        wide = 2 if no_spaces_script(more.terms[a1][0]) else 0 if tag == "replace" else 1
        said_more = _said(more, a1, min(a2 + wide, len(more.terms)))
        said_fewer = _said(fewer, b1, min(b2 + wide, len(fewer.terms)))
        pair = (said_fewer, said_more) if flipped else (said_more, said_fewer)
        return Difference("negation", *pair)
    extra = hits[0].said
    return Difference("negation", *(("", extra) if flipped else (extra, "")))


def _numbers(new: ClaimTerms, old: ClaimTerms) -> list[Difference]:
    only_new, only_old = new.numbers - old.numbers, old.numbers - new.numbers
    if not (only_new and only_old):
        return []
    at_new = [i for i, t in enumerate(new.terms) if t in only_new]
    at_old = [i for i, t in enumerate(old.terms) if t in only_old]
    return [
        Difference("number", _said(new, i, i + 1), _said(old, j, j + 1))
        for i, j in zip(at_new, at_old, strict=False)
    ][:3]


def unmatched_names(new: ClaimTerms, old: ClaimTerms) -> tuple[set[str], set[str]]:
    """The names each claim has that the other does not use at all (not even as a word)."""
    names_new = {n for n in new.names - old.names if n not in old.document}
    names_old = {n for n in old.names - new.names if n not in new.document}
    return names_new, names_old


def _names(new: ClaimTerms, old: ClaimTerms) -> list[Difference]:
    names_new, names_old = unmatched_names(new, old)
    if not (names_new and names_old):
        return []
    at_new = [i for i, t in enumerate(new.terms) if t in names_new]
    at_old = [i for i, t in enumerate(old.terms) if t in names_old]
    return [
        Difference("name", _said(new, i, i + 1), _said(old, j, j + 1))
        for i, j in zip(at_new, at_old, strict=False)
    ][:2]


def _swapped(
    new: ClaimTerms,
    old: ClaimTerms,
    opcodes: Opcodes,
    found: list[Difference],
) -> list[Difference]:
    """Short runs swapped where the rest of the two claims agree term for term."""
    lexicon = _lexicon()
    denied_new, denied_old = negations(new), negations(old)
    agreeing = sum(i2 - i1 for tag, i1, i2, _, _ in opcodes if tag == "equal")
    if agreeing < AGREEING_TERMS or agreeing < AGREEING_SHARE * max(len(new.terms), len(old.terms)):
        return []
    swaps = []
    for tag, i1, i2, j1, j2 in opcodes:
        if tag == "equal":
            continue
        changed = set(new.terms[i1:i2]) | set(old.terms[j1:j2])
        if changed <= lexicon.stop_terms:
            continue  # "the" for "a": nothing said differently
        if tag != "replace":
            return []  # words only one says: a rewording, or a quote of part of it
        if set(new.terms[i1:i2]) <= lexicon.stop_terms or set(old.terms[j1:j2]) <= (
            lexicon.stop_terms
        ):
            continue  # "del" for "contra el": a common word for a phrase, not a swap
        if _same_words(new.terms[i1:i2], old.terms[j1:j2], lexicon.synonyms):
            continue
        if any(i1 <= h.start < i2 for h in denied_new) and any(
            j1 <= h.start < j2 for h in denied_old
        ):
            continue  # "does not" for "doesn't": both deny
        pairs = no_spaces_script(new.terms[i1][0])
        most = SWAPPED_PAIRS if pairs else SWAPPED_TERMS
        if i2 - i1 > most or j2 - j1 > most:
            return []
        swaps.append((i1, i2, j1, j2, changed))
    if not swaps or len(swaps) > MOST_SWAPPED:
        return []
    said_before = [d.new.casefold() for d in found] + [d.old.casefold() for d in found]
    differences = []
    for i1, i2, j1, j2, changed in swaps:
        if changed & (new.numbers | old.numbers | new.names | old.names):
            continue  # said as a number or a name
        said_new, said_old = _said(new, i1, i2), _said(old, j1, j2)
        if any(
            said.casefold() in before
            for said in (said_new, said_old)
            if said
            for before in said_before
        ):
            continue  # already named as a direction, a negation, a number or a name
        if _one_word(new.terms[i1:i2], old.terms[j1:j2]):
            continue
        differences.append(Difference("word", said_new, said_old))
    return differences


def stop_terms() -> frozenset[str]:
    """The terms of every language's commonest words (never worth naming)."""
    return _lexicon().stop_terms


def _same_words(new: Sequence[str], old: Sequence[str], synonyms: dict[str, int]) -> bool:
    """Whether two runs are words that say the same ("bought", "purchased")."""
    a, b = set(new) - set(old), set(old) - set(new)
    groups_a = {synonyms.get(t) for t in a}
    return bool(a and b) and None not in groups_a and groups_a == {synonyms.get(t) for t in b}


def _one_word(new: Sequence[str], old: Sequence[str]) -> bool:
    """Whether two runs are one word misspelt or cut short ("goverment", "govt")."""
    from rapidfuzz import fuzz

    a, b = " ".join(new), " ".join(old)
    if fuzz.ratio(a, b) >= MISSPELLING:
        return True
    spaced = not no_spaces_script(a[0])
    return spaced and len(new) == len(old) == 1 and min(len(a), len(b)) >= 3 and a[:3] == b[:3]


def differences(new: ClaimTerms, old: ClaimTerms) -> list[Difference]:
    """What ``new`` says differently from ``old``, the weightiest first (see the module)."""
    if not new.terms or not old.terms:
        return []
    opcodes = _aligned(new, old)
    found: list[Difference] = []
    opposed = _opposed(directions(new), directions(old))
    if opposed is not None:
        found.append(opposed)
    negated = _negated(new, old, opcodes)
    if negated is not None:
        found.append(negated)
    found += _numbers(new, old)
    found += _names(new, old)
    found += _swapped(new, old, opcodes, found)
    unique: list[Difference] = []
    for difference in found:
        if (difference.new, difference.old) not in {(d.new, d.old) for d in unique}:
            unique.append(difference)
    return unique
