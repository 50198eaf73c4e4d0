"""What a claim says, reduced to what matching compares: its terms, numbers, dates and names.

A claim returns reworded: other case, other accents, another inflection, other word order, a
part of it quoted, "3 million" written "3,000,000". ``claim_terms`` folds those differences
away so that two wordings share their terms:

- NFKC, case folding, and accents dropped (``Vacunación`` and ``vacunacion`` are one term);
- each word reduced to its stem by the Snowball stemmer of the claim's language (PyStemmer:
  ``vaccines`` → ``vaccin``, ``Impfungen`` → ``impfung``, ``vacunas`` → ``vacun``). The
  language is told by the script (Arabic, Cyrillic, Greek) or, for Latin script, by which
  language's common words the claim uses (English, Spanish, German, French, Portuguese,
  Italian, Dutch; English when none). Arabic first loses an attached conjunction and article
  (``والحكومة`` → ``حكومة``), which its stemmer leaves;
- writing without spaces (Chinese, Japanese, Thai…) becomes overlapping two-character terms,
  the usual way to index it without a word segmenter;
- a number with its multiplier becomes one value term (``3 million``, ``3,000,000``,
  ``3 Millionen`` and ``300万`` are all ``3000000``), and a month name becomes ``month:N``.

Numbers (with months) and names are also kept apart, because two claims that share every word
but a number or a name are different claims: ``features`` carries them for the ranking.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from deskcheck.domain.claim_numbers import (
    AMBIGUOUS_MONTHS,
    CJK_MONTH,
    MONTHS,
    MULTIPLIERS,
    PERCENT,
    SPELLED,
    SPELLED_ONLY_BEFORE_MULTIPLIER,
    canonical,
    cjk_numerals,
    number_value,
)

# a few of each language's commonest words: enough to tell which stemmer a claim needs
STOP_WORDS: dict[str, frozenset[str]] = {
    language: frozenset(words.split())
    for language, words in {
        "english": "the of and to in is that for on was with by are from has have be it at"
        " this not will were an or after",
        "spanish": "el la los las de del que en y por con para una un es se al lo su como"
        " más pero según sus",
        "german": "der die das und ist nicht mit den dem ein eine zu von auf für im sich"
        " des auch wird wurden hat sind",
        "french": "le la les des du et est une un pour dans que qui sur pas par au aux avec"
        " ce sont été",
        "portuguese": "o os as da do das dos e em que para com uma um não por foi são ao"
        " na no pelo",
        "italian": "il lo gli della dei che di e è per con una un non sono nel alla del al",
        "dutch": "de het een van en in is dat op te zijn met voor niet aan er werd door",
    }.items()
}

TOKEN = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d{3})*(?:[.,]\d+)?%?|[^\W\d_]+(?:['’][^\W\d_]+)?")
SENTENCE_ENDS = frozenset(".!?。！？؟:")
OPENERS = "\"'“”‘’«»(¿¡ \t\n\r"  # what may stand between a sentence's end and its first word
ARABIC_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال")


def no_spaces_script(char: str) -> bool:
    """Writing that puts no spaces between words (Han, kana, Thai, Lao, Khmer, Myanmar)."""
    code = ord(char)
    return (
        0x3040 <= code <= 0x30FF  # kana
        or 0x3400 <= code <= 0x9FFF  # Han
        or 0xF900 <= code <= 0xFAFF
        or 0x20000 <= code <= 0x2FFFF
        or 0x0E00 <= code <= 0x0EFF  # Thai, Lao
        or 0x1780 <= code <= 0x17FF  # Khmer
        or 0x1000 <= code <= 0x109F  # Myanmar
    )


@lru_cache(maxsize=200_000)
def fold(text: str) -> str:
    """NFKC, case folding, and combining marks dropped (accents, Arabic short vowels)."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    decomposed = unicodedata.normalize("NFD", folded)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


# each common word's languages, so telling the language looks at the claim's words once
_STOP_LANGUAGES: dict[str, tuple[int, ...]] = {}
for _index, _stop in enumerate(STOP_WORDS.values()):
    for _word in _stop:
        _STOP_LANGUAGES[_word] = (*_STOP_LANGUAGES.get(_word, ()), _index)
_LANGUAGES = tuple(STOP_WORDS)


def language_of(words: list[str]) -> str:
    """The Snowball stemmer a claim needs, from its script or its common words."""
    for word in words:
        first = word[0]
        if first < "\u0370":  # Latin (and digits, punctuation): the common case
            continue
        if "\u0600" <= first <= "\u06ff":
            return "arabic"
        if "\u0400" <= first <= "\u04ff":
            return "russian"
        if first <= "\u03ff":
            return "greek"
    return language_by_words(set(words))


def language_by_words(present: set[str]) -> str:
    scores = [0] * len(_LANGUAGES)
    for word in present:
        for index in _STOP_LANGUAGES.get(word, ()):
            scores[index] += 1
    best = max(scores)  # the first language of the highest score, as STOP_WORDS lists them
    return _LANGUAGES[scores.index(best)] if best else "english"


@lru_cache(maxsize=64)
def _stemmer(language: str) -> Any:
    import Stemmer  # PyStemmer: the Snowball stemmers, compiled

    return Stemmer.Stemmer(language)


def stem(word: str, language: str) -> str:
    """The word's stem (accents dropped after stemming: the stemmers know them)."""
    if language == "arabic":
        word = _arabic_stem(word)
    return fold(_stemmer(language).stemWord(word))


def _arabic_stem(word: str) -> str:
    for prefix in ARABIC_PREFIXES:
        if word.startswith(prefix) and len(word) - len(prefix) >= 3:
            word = word[len(prefix) :]
            break
    else:
        if word.startswith(("و", "ب", "ف")) and len(word) >= 5:
            word = word[1:]
    if word.endswith(("ة", "ه")) and len(word) >= 4:
        word = word[:-1]
    return word


@dataclass(frozen=True)
class ClaimTerms:
    terms: tuple[str, ...]  # the matching document, in the claim's order
    numbers: frozenset[str]  # values, percentages and months (``month:3``)
    names: frozenset[str]  # capitalised words inside a sentence, as their terms

    @property
    def document(self) -> str:
        return " ".join(self.terms)


def _split_no_spaces(run: str) -> list[str]:
    """Overlapping pairs of characters: 疫苗导致 → 疫苗 苗导 导致."""
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def _word_pieces(token: str) -> list[str]:
    """A word with Han or Thai characters inside it is cut into runs of one script."""
    pieces: list[str] = []
    run, spaced = "", None
    for char in token:
        kind = no_spaces_script(char)
        if spaced is not None and kind != spaced and run:
            pieces += _split_no_spaces(run) if spaced else [run]
            run = ""
        run += char
        spaced = kind
    if run:
        pieces += _split_no_spaces(run) if spaced else [run]
    return pieces


# what the main loop must look at closely: a folded word that may be a number or a month
_SPECIAL_WORDS = frozenset(SPELLED) | frozenset(MONTHS)
# a plain word's terms by language and spelling: most words of a claim were seen before
_PLAIN: dict[str, dict[str, tuple[str, ...] | None]] = {}
_PLAIN_LIMIT = 200_000
_CJK_NUMERAL_UNITS = frozenset("万萬亿億")


def _plain_word(token: str, language: str) -> tuple[str, ...] | None:
    """The terms of a word that is neither a number word nor a month (None if it may be)."""
    cache = _PLAIN.get(language)
    if cache is None:
        cache = _PLAIN[language] = {}
    try:
        return cache[token]
    except KeyError:
        pass
    if len(cache) >= _PLAIN_LIMIT:
        cache.clear()
    terms = None if fold(token) in _SPECIAL_WORDS else _word_terms(token.casefold(), language)
    cache[token] = terms
    return terms


def claim_terms(text: str) -> ClaimTerms:
    """The terms, numbers and names of a claim (see the module's description)."""
    return _read(text, None)[0]


@dataclass(frozen=True)
class ClaimWords(ClaimTerms):
    """A claim's terms with where each stands in its text: what a reviewer is shown of a
    match is the claim's own words (``raised``), never the terms they became (``rais``)."""

    text: str = ""  # the claim as read (NFKC)
    spans: tuple[tuple[int, int], ...] = ()  # each term's place in ``text``

    def words(self, start: int, end: int) -> str:
        """The text of terms ``start`` to ``end`` (excluded), as written. Overlapping pairs
        of characters (Chinese) give up the characters their neighbours outside hold."""
        if start >= end or end > len(self.spans):
            return ""
        first, last = self.spans[start][0], self.spans[end - 1][1]
        if start > 0 and self.spans[start - 1][1] > first:
            first = self.spans[start - 1][1]
        if end < len(self.spans) and self.spans[end][0] < last:
            last = self.spans[end][0]
        return " ".join(self.text[first:last].split()) if first < last else ""


def claim_words(text: str) -> ClaimWords:
    """The claim's terms with their places in the text (``ClaimWords``)."""
    spans: list[tuple[int, int]] = []
    terms, normal = _read(text, spans)
    if len(spans) != len(terms.terms):  # never expected: then words are the terms
        spans = []
    return ClaimWords(terms.terms, terms.numbers, terms.names, normal, tuple(spans))


def word_terms(word: str, language: str) -> tuple[str, ...]:
    """The terms one word gives in a claim of the language (for word lists)."""
    return _word_terms(word.casefold(), language)


def _read(text: str, spans: list[tuple[int, int]] | None) -> tuple[ClaimTerms, str]:
    """The claim's terms, and its text as read; ``spans``, when given, gets each term's
    place in that text."""
    normal = unicodedata.normalize("NFKC", text)
    if not normal.isascii() and not _CJK_NUMERAL_UNITS.isdisjoint(normal):
        normal = cjk_numerals(normal)
    terms: list[str] = []
    numbers: set[str] = set()
    names: set[str] = set()
    found = list(TOKEN.finditer(normal))
    tokens = [m[0] for m in found]
    words = [t.casefold() for t in tokens if not t[0].isdigit()]
    language = language_by_words(set(words)) if normal.isascii() else language_of(words)
    skip, cut = 0, 0
    for index, token in enumerate(tokens):
        if skip:
            skip -= 1
            continue
        if not cut and not token[0].isdigit():
            plain = _plain_word(token, language)
            if plain is not None:
                if (
                    len(token) > 1
                    and token[0].isupper()
                    and plain
                    and not _sentence_start(normal, found[index].start())
                ):
                    names.add(plain[0])  # a name as its stem, as below
                terms += plain
                if spans is not None:
                    spans += _piece_spans(token, found[index].start(), len(plain))
                continue
        start = found[index].start()
        end = found[index].end()
        if cut:  # 300万剂: the multiplier belonged to the number
            token, start, cut = token[cut:], start + cut, 0
            if not token:
                continue
        if token[0].isdigit():
            digits = token.rstrip("%")
            value: Decimal | int | None
            if digits.isascii() and digits.isdigit() and len(digits) <= 18:
                value = int(digits)  # plain digits, the common case: no Decimal needed
            else:
                value = number_value(digits)
            if value is None:
                continue
            following = fold(tokens[index + 1]) if index + 1 < len(tokens) else ""
            after = normal[start + len(token) : start + len(token) + 12].casefold()
            multiplier = MULTIPLIERS.get(following)
            if multiplier is None:
                # 300万, 5亿: the multiplier is attached
                for width in (2, 1):
                    if after[:width] in MULTIPLIERS and no_spaces_script(after[0]):
                        multiplier, cut = MULTIPLIERS[after[:width]], width
                        break
            else:
                skip = 1
                end = found[index + 1].end()
            if cut:
                end = found[index + 1].start() + cut if index + 1 < len(found) else end
            if multiplier:
                value *= multiplier
            term = str(value) if type(value) is int else canonical(Decimal(value))
            if token.endswith("%") or after.lstrip().startswith(PERCENT):
                term += "%"
            cjk_month = CJK_MONTH.match(normal, start)
            if cjk_month and not multiplier:
                term = f"month:{int(value)}"
            terms.append(term)
            numbers.add(term)
            if spans is not None:
                spans.append((start, end))
            continue
        folded = fold(token)
        spelled = _spelled_number(folded, tokens, index)
        if spelled is not None:
            term, skip = spelled
            terms.append(term)
            numbers.add(term)
            if spans is not None:
                spans.append((start, found[index + skip].end()))
            continue
        month = MONTHS.get(folded)
        if month and (folded not in AMBIGUOUS_MONTHS or _beside_number(tokens, index)):
            term = f"month:{month}"
            terms.append(term)
            numbers.add(term)
            if spans is not None:
                spans.append((start, end))
            continue
        found_terms = _word_terms(token.casefold(), language)
        if token[0].isupper() and len(token) > 1 and not _sentence_start(normal, start):
            # a name as its stem: "Anthropic's" and "Anthropic" are one name
            names.update(found_terms[:1])
        terms += found_terms
        if spans is not None:
            spans += _piece_spans(token, start, len(found_terms))
    return ClaimTerms(tuple(terms), frozenset(numbers), frozenset(names)), normal


def _piece_spans(token: str, start: int, count: int) -> list[tuple[int, int]]:
    """The places of a word's ``count`` terms: the word's, or each pair of characters'."""
    if count == 1 and not any(no_spaces_script(c) for c in token):
        return [(start, start + len(token))]
    places: list[tuple[int, int]] = []
    offset = 0
    for piece in _word_pieces(token):
        at = token.find(piece[0], offset)
        offset = at + 1 if len(piece) == 2 and no_spaces_script(piece[0]) else at + len(piece)
        if no_spaces_script(piece[0]) or len(piece) > 1 or not piece.isascii():
            places.append((start + at, start + at + len(piece)))
    return places if len(places) == count else [(start, start + len(token))] * count


def _spelled_number(folded: str, tokens: list[str], index: int) -> tuple[str, int] | None:
    """(the value term, tokens to skip) of a number written as a word: "two", "dos millones"."""
    value = SPELLED.get(folded)
    if value is None:
        return None
    following = fold(tokens[index + 1]) if index + 1 < len(tokens) else ""
    multiplier = MULTIPLIERS.get(following) if len(following) > 1 else None
    if multiplier is None and folded in SPELLED_ONLY_BEFORE_MULTIPLIER:
        return None
    return canonical(Decimal(value * (multiplier or 1))), 1 if multiplier else 0


@lru_cache(maxsize=200_000)
def _word_terms(lowered: str, language: str) -> tuple[str, ...]:
    terms: list[str] = []
    for piece in _word_pieces(lowered):
        if no_spaces_script(piece[0]):
            terms.append(fold(piece))
        elif len(piece) > 1 or not piece.isascii():
            terms.append(stem(piece, language))
    return tuple(terms)


def _beside_number(tokens: list[str], index: int) -> bool:
    near = tokens[max(0, index - 2) : index] + tokens[index + 1 : index + 3]
    return any(token[0].isdigit() for token in near)


def _sentence_start(text: str, start: int) -> bool:
    """Whether the word at ``start`` begins a sentence (its capital then names nothing).
    Only the few characters before it are looked at: a long claim stays linear."""
    window = text[max(0, start - 40) : start]
    before = window.rstrip(OPENERS)
    if not before:
        return start <= 40
    return before[-1] in SENTENCE_ENDS
