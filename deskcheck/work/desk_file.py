"""The desk file itself, for the front ends: made, refused when it is no desk, verified,
copied, examined, and the sample built. The command line and `serve` reach these through
here, as they reach every act through the work layer (the import contracts keep them off the
data layer's modules). The data modules load on use: refusing a file that is no desk must
not wait for sqlite-utils while the first screen draws."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from deskcheck.data.connection import check_desk_file
from deskcheck.work.config import copy_sample_desk

if TYPE_CHECKING:
    from deskcheck.data import Desk
    from deskcheck.data.doctor import Checkup
    from deskcheck.data.verify import VerifyReport

__all__ = ["backup", "build_desk", "check_desk_file", "checkup", "create_desk", "verify_desk"]


def create_desk(path: Path, reviewer: str, *, empty: bool) -> None:
    """A new desk at ``path``: empty, or a copy of the sample desk (upgraded if need be)."""
    from deskcheck.data import Desk

    if empty:
        Desk.open(path, reviewer=reviewer, create=True).close()
    else:
        copy_sample_desk(path)
        Desk.open(path, reviewer=reviewer).close()


def open_for_operator(path: Path, operator: str) -> Desk:
    """The desk as the person who started `serve` holds it (logins, sessions)."""
    from deskcheck.data import Desk

    return Desk.open(path, reviewer=operator)


def verify_desk(path: Path, *, expect_head: str | None = None) -> VerifyReport:
    from deskcheck.data.verify import verify_desk as verify

    return verify(path, expect_head=expect_head)


def backup(source: Path, target: Path) -> None:
    from deskcheck.data.backup import backup as copy

    copy(source, target)


def checkup(path: Path) -> Checkup:
    from deskcheck.data.doctor import checkup as examine

    return examine(path)


def build_desk(source: Path, target: Path) -> None:
    from deskcheck.data.sample import build_desk as build

    build(source, target)
