"""Restoring a bundle as a new desk, and merging a bundle into this desk."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from deskcheck.data.bundle import restore
from deskcheck.data.bundle_merge import Origin, merge_report
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


LEFT_OUT_WORDS = {  # part → (one, several)
    "desk_settings": ("desk setting", "desk settings"),
    "review_sessions": ("review session", "review sessions"),
    "saved_queues": ("saved queue", "saved queues"),
    "subscriptions": ("feed subscription", "feed subscriptions"),
    "feed_reads": ("feed read mark", "feed read marks"),
    "ingest_runs": ("ingest run", "ingest runs"),
    "ingest_rejects": ("ingest reject", "ingest rejects"),
}


def _counted(n: int, words: tuple[str, str]) -> str:
    return f"{n} {words[0] if n == 1 else words[1]}"


def merge_bundle(desk: Desk, bundle: Path) -> str:
    """Add what the bundle has and the desk lacks; change nothing here. Says what came in
    and what the bundle held that was not merged, and why."""
    report = merge_report(desk, read_bundle(bundle), Origin())
    said = ", ".join(f"{table} {n}" for table, n in sorted(report.added.items())) or "nothing new"
    left = [_counted(n, LEFT_OUT_WORDS[part]) for part, n in report.not_merged.items()]
    if left:
        said += f"; not merged: {', '.join(left)} (they are the other desk's own)"
    if report.self_repeats:
        links = _counted(report.self_repeats, ("repeat link", "repeat links"))
        said += f"; not merged: {links} between two claims that are one claim here"
    return said
