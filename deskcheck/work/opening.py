"""Opening a desk for a reviewer, the one way the command line and the terminal UI do it:
the desk file opened (upgraded when older), and whether it went back in time since this
reviewer last saw it (``desk_memory``), for the front end to say loudly."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from deskcheck.domain.clock import utc_now
from deskcheck.work import desk_memory

if TYPE_CHECKING:
    from deskcheck.data import Desk


def open_desk(
    path: Path,
    reviewer: str,
    *,
    clock: Callable[[], str] = utc_now,
    via: dict[str, str] | None = None,
) -> tuple[Desk, desk_memory.Loss | None]:
    """The open desk, and the loss to warn of (None: the desk holds all this reviewer saw).
    ``via``: how the reviewer reaches the desk when not from its own terminal (`serve`),
    written into every event."""
    from deskcheck.data import Desk

    desk = Desk.open(path, reviewer=reviewer, clock=clock)
    desk.via = via
    return desk, desk_memory.check(path)


def remember(path: Path) -> None:
    """The head this reviewer saw, for the next opening's check."""
    desk_memory.remember(path)
