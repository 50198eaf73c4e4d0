"""JSON that refuses what JSON does not have (NaN, Infinity) and stops at deep nesting."""

from __future__ import annotations

import json
from typing import Any

from deskcheck.ingest.parsed import SourceError

MAX_DEPTH = 200


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _depth(text: str) -> int:
    """The deepest nesting of [ and { outside strings (a scan, so no recursion)."""
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            deepest = max(deepest, depth)
            if deepest > MAX_DEPTH:
                return deepest
        elif char in "]}":
            depth -= 1
    return deepest


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
