"""JSON that refuses what JSON does not have (NaN, Infinity) and stops at deep nesting."""

from __future__ import annotations

import json
import re
from itertools import accumulate
from typing import Any

from deskcheck.ingest.parsed import SourceError

MAX_DEPTH = 200


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


# a JSON string (an unterminated one runs to the end): its brackets are not nesting
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_NESTING = {"[": 1, "{": 1, "]": -1, "}": -1}


def _depth(text: str) -> int:
    """The deepest nesting of [ and { outside strings (regular expressions and a running
    sum, so no recursion and no Python loop over every character)."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(map(_NESTING.__getitem__, brackets)), default=0)


def loads(text: str, what: str = "JSON") -> Any:
    # a text with fewer opening brackets than the limit cannot nest deeper than it, and
    # counting them is far cheaper than the scan (which matters for a JSON Lines file)
    openers = text.count("[") + text.count("{")
    if openers > MAX_DEPTH and _depth(text) > MAX_DEPTH:
        raise SourceError(f"{what} is nested more than {MAX_DEPTH} levels deep")
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except ValueError as error:  # JSONDecodeError is a ValueError
        raise SourceError(f"{what} is not valid JSON: {error}") from error
    except RecursionError as error:
        raise SourceError(f"{what} is nested too deeply") from error


def decode_utf8(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad = body[error.start : error.start + 1]
        raise SourceError(f"{what} is not UTF-8 text (byte {error.start}: {bad!r})") from error
