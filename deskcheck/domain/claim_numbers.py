"""Numbers as matching compares them: written with digits, with words or with a multiplier.

``3 million``, ``3,000,000``, ``3 Millionen`` and ``300万`` are one value; a month's name in
the languages matching knows is its number. ``claim_terms`` uses these tables and functions.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

MULTIPLIERS: dict[str, int] = {
    "thousand": 10**3,
    "k": 10**3,
    "mil": 10**3,
    "tausend": 10**3,
    "mille": 10**3,
    "million": 10**6,
    "millions": 10**6,
    "m": 10**6,
    "mn": 10**6,
    "mio": 10**6,
    "millon": 10**6,
    "millones": 10**6,
    "millionen": 10**6,
    "milhao": 10**6,
    "milhoes": 10**6,
    "billion": 10**9,
    "billions": 10**9,
    "bn": 10**9,
    "milliarde": 10**9,
    "milliarden": 10**9,
    "mrd": 10**9,
    "trillion": 10**12,
    "billon": 10**12,
    "billones": 10**12,
    "الف": 10**3,
    "ألف": 10**3,
    "آلاف": 10**3,
    "مليون": 10**6,
    "ملايين": 10**6,
    "مليار": 10**9,
    "مليارات": 10**9,
    "千": 10**3,
    "万": 10**4,
    "萬": 10**4,
    "百万": 10**6,
    "亿": 10**8,
    "億": 10**8,
}

# small numbers written as words, so "two days" and "2 days" agree and differ from "10 days"
SPELLED: dict[str, int] = {}
for _language in (
    "zero one two three four five six seven eight nine ten eleven twelve",
    "cero uno dos tres cuatro cinco seis siete ocho nueve diez once doce",
    "null eins zwei drei vier funf sechs sieben acht neun zehn elf zwolf",
    "zero un deux trois quatre cinq six sept huit neuf dix onze douze",
):
    SPELLED.update((word, value) for value, word in enumerate(_language.split()))
SPELLED |= {"una": 1, "ein": 1, "eine": 1, "einen": 1, "une": 1, "hundred": 100, "cien": 100}
SPELLED |= {"hundert": 100, "cent": 100, "dozen": 12, "twenty": 20, "thirty": 30, "fifty": 50}
# words that are also ordinary words elsewhere are numbers only before a multiplier
SPELLED_ONLY_BEFORE_MULTIPLIER = frozenset(
    {
        "one",
        "un",
        "una",
        "ein",
        "eine",
        "einen",
        "une",
        "uno",
        "null",
        "zero",
        "cero",
        "cent",
        "once",
        "elf",
    }
)

MONTHS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january enero januar janvier janeiro jan",
        "february febrero februar fevrier fevereiro feb",
        "march marzo marz mars marco mar",
        "april abril avril apr",
        "may mayo mai maio",
        "june junio juni juin junho jun",
        "july julio juli juillet julho jul",
        "august agosto aout aug",
        "september septiembre setiembre septembre setembro sep sept",
        "october octubre oktober octobre outubro oct okt",
        "november noviembre novembre novembro nov",
        "december diciembre dezember decembre dezembro dec dez",
        "يناير",
        "فبراير",
        "مارس",
        "أبريل ابريل",
        "مايو",
        "يونيو",
        "يوليو",
        "أغسطس اغسطس",
        "سبتمبر",
        "أكتوبر اكتوبر",
        "نوفمبر",
        "ديسمبر",
    )
):
    for _name in _names.split():
        MONTHS[_name] = _number % 12 + 1
# "may" and "mar" are ordinary words too; they count as months only beside a number
AMBIGUOUS_MONTHS = frozenset({"may", "mar", "jun", "jan", "dec", "oct", "sep", "nov", "aug"})

NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d{3})*(?:[.,]\d+)?")
PERCENT = ("%", "percent", "por ciento", "prozent", "pour cent", "في المئة", "بالمئة")
CJK_MONTH = re.compile(r"(\d{1,2})月")


def number_value(written: str) -> Decimal | None:
    """The value of a written number: ``3,000,000``, ``3.000.000``, ``3,5`` and ``3.5``."""
    digits = "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in written)
    digits = digits.replace("\u00a0", " ").replace("\u202f", " ")
    groups = re.fullmatch(r"\d{1,3}(?:([.,  ])\d{3})+", digits)
    # 3,000,000 or 3.000.000: thousands separators; else 3,5 is 3.5
    digits = re.sub(r"[., ]", "", digits) if groups else digits.replace(" ", "").replace(",", ".")
    try:
        return Decimal(digits)
    except InvalidOperation:
        return None


MAX_NUMBER_CHARS = 40  # a longer number is kept cut short: still a term, not a page of digits


def canonical(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return text[:MAX_NUMBER_CHARS]


CJK_NUMERAL = re.compile(r"([一二两三四五六七八九十百千]+)(万|萬|亿|億)")
CJK_DIGITS = {
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CJK_UNITS = {"十": 10, "百": 100, "千": 1000}


def cjk_numerals(text: str) -> str:
    """五百万 → 500万: Chinese numerals before 万 or 亿 as digits (the rest stays as written)."""

    def value(match: re.Match[str]) -> str:
        total, digit = 0, 0
        for char in match.group(1):
            if char in CJK_DIGITS:
                digit = CJK_DIGITS[char]
            else:
                total += (digit or 1) * CJK_UNITS[char]
                digit = 0
        return f"{total + digit}{match.group(2)}"

    return CJK_NUMERAL.sub(value, text)
