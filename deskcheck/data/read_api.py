"""What the front ends may take from the data layer besides an open ``Desk``: the values a
queue is asked with and the words and matches it answers with. Nothing here writes; the
import contracts in pyproject.toml let the command line and the UI import the data layer
only through this module (they record through the work layer). Like the package, it does
not load sqlite-utils for a name that does not need it (``describe_saved`` loads on use)."""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from deskcheck.data.matching import Match
from deskcheck.data.queue import (
    NO_VERDICT,
    SORTS,
    QueuePager,
    QueueQuery,
    shown_count,
)
from deskcheck.data.search import HIT_END, HIT_START, SearchHit

if TYPE_CHECKING:
    from deskcheck.data.saved_queues import describe_saved

__all__ = [
    "HIT_END",
    "HIT_START",
    "NO_VERDICT",
    "SORTS",
    "Match",
    "QueuePager",
    "QueueQuery",
    "SearchHit",
    "describe_saved",
    "shown_count",
]


def __getattr__(name: str) -> Any:
    if name != "describe_saved":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return import_module("deskcheck.data.saved_queues").describe_saved
