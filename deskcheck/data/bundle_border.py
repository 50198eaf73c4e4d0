"""The border post: what a bundle brings passes the rules the desk applies to its own acts.

Merging is the one way rows reach a desk that no reviewer of it typed, so it is checked as
hard as typing: names through the identity rule (``names.identity_key``: a bundle by "mаra"
with a Cyrillic а, or "rnara", is not a second mara beside this desk's own), URLs through
the one URL rule (``domain.urls``: no ``javascript:`` claim origin, evidence or hop), and a
row already on this desk is never changed: where the bundle's copy differs, the difference
is a *conflict*, listed in the merge's summary and recorded as an event on the claim, and
this desk's row stays as it is. (Dates are the bundle check's: ``bundle_check``.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from deskcheck.data.bundle_check import BundleError
from deskcheck.data.recorder import Recorder
from deskcheck.domain.names import identity_key
from deskcheck.domain.untrusted import make_visible
from deskcheck.domain.urls import BadURL, web_url

URL_COLUMNS = {  # every URL a merged row carries into this desk
    "claims": ("origin_url",),
    "custody_hops": ("url",),
    "evidence": ("url",),
    "revision_triggers": ("url",),
    "published_checks": ("url",),
}
# columns not compared for a conflict: ids renumbered here, a hop's place in its chain, and
# what a desk's own link check last saw (each desk checks the same URL at its own times)
NOT_COMPARED = {
    "id",
    "claim_id",
    "session_id",
    "position",
    "run_id",
    "evidence_id",
    "interpretation_id",
    "confirms_decision_id",
    "derived_from_evidence_id",
    "derived_from_hop_id",
    "link_state",
    "last_checked_at",
    "last_status",
    "last_sha256",
    "from_desk",
    "from_key",
    # who added the same item on each desk, and when: two desks finding one page is not a
    # difference in what it says
    "added_by",
    "added_at",
    "created_by",
    "created_at",
}


@dataclass(frozen=True)
class Conflict:
    """A row on this desk that the bundle holds differently: kept as it is here."""

    table: str
    row_id: int
    claim_id: int | None
    columns: dict[str, tuple[Any, Any]]  # column → (here, in the bundle)

    def __str__(self) -> str:
        where = f"claim {self.claim_id}, " if self.claim_id is not None else ""
        said = "; ".join(
            f"{c}: here {_short(here)}, bundle {_short(there)}"
            for c, (here, there) in self.columns.items()
        )
        return make_visible(f"{where}{self.table} row {self.row_id} kept ({said})")


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def check_names(rec: Recorder, reviewers: list[dict[str, Any]]) -> None:
    """Each reviewer the bundle names is this desk's reviewer of exactly that name, or a
    person new here: never a look-alike of one (here, or of another in the bundle)."""
    here = [str(name) for (name,) in rec.db.execute("SELECT name FROM reviewers")]
    keys = {identity_key(name): name for name in here}
    seen: dict[str, str] = {}
    for number, reviewer in enumerate(reviewers, 1):
        name = str(reviewer["name"])
        key = identity_key(name)
        other = keys.get(key) if name not in here else None
        if other is None and seen.get(key, name) != name:
            other = seen[key]
        if other is not None:
            raise BundleError(
                f"part 'reviewers' row {number}: reviewer {make_visible(name)!r} looks like"
                f" the reviewer {make_visible(other)!r} (one person, one name): the bundle is"
                " refused"
            )
        seen[key] = name


def check_urls(table: str, rows: list[dict[str, Any]]) -> None:
    """Every URL in the part is a web URL by the desk's one rule."""
    for number, row in enumerate(rows, 1):
        for column in URL_COLUMNS.get(table, ()):
            value = row.get(column)
            if value in (None, ""):
                continue
            try:
                web_url(str(value))
            except BadURL as error:
                raise BundleError(
                    f"part {table!r} row {number}: {column} {make_visible(str(value))!r}: {error}"
                ) from None


def differing(here: dict[str, Any], incoming: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """The columns a row on this desk holds differently from the bundle's copy."""
    return {
        column: (here[column], value)
        for column, value in incoming.items()
        if column in here and column not in NOT_COMPARED and here[column] != value
    }


def row_here(rec: Recorder, table: str, row_id: int) -> dict[str, Any]:
    cursor = rec.db.conn.execute(f'SELECT * FROM "{table}" WHERE id = ?', [row_id])
    return dict(zip((d[0] for d in cursor.description), cursor.fetchone(), strict=True))


def record_conflict(rec: Recorder, conflict: Conflict, conflicts: list[Conflict]) -> None:
    """The conflict in the claim's history (an event that changes no row), and the list."""
    subject = f"claim:{conflict.claim_id}" if conflict.claim_id is not None else "desk"
    rec.event(
        "bundle.conflict",
        subject,
        {
            "table": conflict.table,
            "row_id": conflict.row_id,
            "kept": {c: here for c, (here, _) in conflict.columns.items()},
            "bundle": {c: there for c, (_, there) in conflict.columns.items()},
        },
    )
    conflicts.append(conflict)
