"""Restoring a bundle as a new desk, and merging a signed bundle into this desk."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from deskcheck.data.bundle import restore
from deskcheck.data.bundle_sign import merge_checked
from deskcheck.domain.errors import DeskError
from deskcheck.domain.untrusted import make_visible

if TYPE_CHECKING:
    from deskcheck.data import Desk


def read_bundle(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise DeskError(f"{path} is not a bundle: not UTF-8 text ({error.reason})") from None
    except OSError as error:
        raise DeskError(f"cannot read {path}: {error.strerror}") from None


@dataclass
class Imported:
    settings: list[str] = field(default_factory=list)  # the other desk's, left off
    feeds: int = 0  # its feed subscriptions, stopped

    def __str__(self) -> str:
        said = []
        if self.settings:
            said.append(f"settings left off: {', '.join(self.settings)}")
        if self.feeds:
            said.append(f"{_counted(self.feeds, ('feed', 'feeds'))} stopped")
        if said:
            said[-1] += " (the other desk's policies; --with-settings keeps them)"
        said.append("logins are never carried: add this desk's with `deskcheck reviewer add`")
        return make_visible("; ".join(said))


def import_bundle(bundle: Path, dest: Path, reviewer: str, *, with_settings: bool) -> Imported:
    """A new desk at ``dest`` that is the bundle, event log included. The record comes
    whole; the other desk's policies (its settings: the two-person rule, private addresses,
    its export folder, its organisation; its feeds) are then left off, each with its event,
    unless ``with_settings``. Logins are never in a bundle."""
    restore(read_bundle(bundle), dest)
    imported = Imported()
    if not with_settings:
        from deskcheck.data import Desk

        with Desk.open(dest, reviewer=reviewer) as desk:
            imported.settings, imported.feeds = desk.leave_off_policies()
    return imported


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


def merge_bundle(desk: Desk, bundle: Path, *, unsigned: bool = False) -> str:
    """Add what the bundle has and the desk lacks; change nothing here. The bundle must be
    signed by a known peer (``bundle.sig`` beside it) unless ``unsigned``. Says who it came
    from, what came in, what the bundle held that was not merged and why, and the rows here
    it holds differently (kept as they are)."""
    try:
        data = bundle.read_bytes()
        signature_file = bundle.with_name(bundle.name + ".sig")
        signature = signature_file.read_text(encoding="ascii") if signature_file.exists() else None
    except UnicodeDecodeError:
        raise DeskError(f"{signature_file} is not an SSH signature") from None
    except OSError as error:
        raise DeskError(f"cannot read {bundle}: {error.strerror}") from None
    report = merge_checked(desk, data, signature, unsigned=unsigned)
    origin = report.origin
    came = (
        f"from peer {origin.peer} (key {origin.fingerprint})"
        if origin.signed
        else "UNSIGNED: everything merged is marked as from an unsigned bundle"
    )
    said = ", ".join(f"{table} {n}" for table, n in sorted(report.added.items())) or "nothing new"
    said = f"{came}; {said}"
    left = [_counted(n, LEFT_OUT_WORDS[part]) for part, n in report.not_merged.items()]
    if left:
        said += f"; not merged: {', '.join(left)} (they are the other desk's own)"
    if report.self_repeats:
        links = _counted(report.self_repeats, ("repeat link", "repeat links"))
        said += f"; not merged: {links} between two claims that are one claim here"
    if report.conflicts:
        said += f"; {_counted(len(report.conflicts), ('conflict', 'conflicts'))}, kept as here:"
        said += "".join(f"\n  {conflict}" for conflict in report.conflicts)
    return said
