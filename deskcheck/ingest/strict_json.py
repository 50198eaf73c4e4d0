"""JSON that refuses what JSON does not have (NaN, Infinity) and stops at deep nesting."""

from __future__ import annotations

import json
from typing import Any

from deskcheck.ingest.parsed import SourceError

MAX_DEPTH = 200


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether arrays and objects nest more than ``limit`` levels (a walk with a stack of its
    own: no recursion, and it stops at the first container past the limit)."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        children = node.values() if isinstance(node, dict) else node
        if depth > limit:
            return True
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


def loads(text: str, what: str = "JSON") -> Any:
    try:
        value = json.loads(text, parse_constant=_refuse_constant)
    except ValueError as error:  # JSONDecodeError is a ValueError
        raise SourceError(f"{what} is not valid JSON: {error}") from error
    except RecursionError as error:  # the decoder's own limit, far past ours
        raise SourceError(f"{what} is nested more than {MAX_DEPTH} levels deep") from error
    # the walk after parsing costs a tenth of a scan of the text for brackets outside
    # strings; a text with fewer opening brackets than the limit cannot nest deeper than it
    if (
        text.count("[") + text.count("{") > MAX_DEPTH
        and isinstance(value, (dict, list))
        and _deeper_than(value, MAX_DEPTH)
    ):
        raise SourceError(f"{what} is nested more than {MAX_DEPTH} levels deep")
    return value


def decode_utf8(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        bad = body[error.start : error.start + 1]
        raise SourceError(f"{what} is not UTF-8 text (byte {error.start}: {bad!r})") from error
