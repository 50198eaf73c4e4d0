"""Restoring a bundle as a new desk, and merging a bundle into this desk."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from deskcheck.data.bundle import merge, restore
from deskcheck.domain.errors import DeskError

if TYPE_CHECKING:
    from deskcheck.data import Desk


def read_bundle(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise DeskError(f"{path} is not a bundle: not UTF-8 text ({error.reason})") from None
    except OSError as error:
        raise DeskError(f"cannot read {path}: {error.strerror}") from None


def import_bundle(bundle: Path, dest: Path) -> None:
    """A new desk at ``dest`` that is the bundle, event log included."""
    restore(read_bundle(bundle), dest)


def merge_bundle(desk: Desk, bundle: Path) -> str:
    """Add what the bundle has and the desk lacks; change nothing here. Says what came in."""
    added = merge(desk, read_bundle(bundle))
    return ", ".join(f"{table} {n}" for table, n in sorted(added.items())) or "nothing new"
