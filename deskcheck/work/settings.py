"""The desk's settings, set by a reviewer (`deskcheck setting NAME VALUE`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from deskcheck.data import Desk


def set_setting(desk: Desk, name: str, value: Any) -> None:
    """Set one of the desk's settings (recorded with its event, as every change is)."""
    desk.set_setting(name, value)
