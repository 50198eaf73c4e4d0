"""The data layer: the desk file, its schema and the one API everything else uses.

It imports neither Textual nor httpx (tests/test_import_hygiene.py proves it).

The names below load on first use (PEP 562), so a module that only needs a query type does
not pay for sqlite-utils: the UI imports it in the worker that opens the desk, while the
first screen is being drawn.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from deskcheck.data.desk import Desk
    from deskcheck.data.queue import QueuePager, QueueQuery

__all__ = ["Desk", "QueuePager", "QueueQuery"]

_HOMES = {
    "Desk": "deskcheck.data.desk",
    "QueuePager": "deskcheck.data.queue",
    "QueueQuery": "deskcheck.data.queue",
}


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(_HOMES[name]), name)
