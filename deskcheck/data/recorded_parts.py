"""Editing and settling what was recorded on a claim: evidence wanted (edit, resolve by the
evidence that settled it, drop), revision triggers (edit, disarm, arm again, retire) and
custody hops (edit, move, remove). Each change is an event carrying what it replaced; a
dropped, retired or removed part keeps its row, with the reason."""

from __future__ import annotations

from typing import Any

from deskcheck.data.recorder import Recorder
from deskcheck.data.rules import (
    choice,
    claim_of,
    expiry,
    only_fields,
    past_time,
    required,
    subject,
    web_address,
)
from deskcheck.domain.errors import InvalidValue, UnknownRecord
from deskcheck.domain.vocabulary import (
    CUSTODY_KINDS,
    INFORMATION_CREDIBILITY,
    SOURCE_RELIABILITY,
)

# -- evidence wanted ------------------------------------------------------------------------


def _wanted_state(rec: Recorder, wanted_id: int) -> tuple[int, str]:
    claim_id = claim_of(rec.db, "evidence_wanted", wanted_id)
    state = rec.db.execute("SELECT state FROM evidence_wanted WHERE id = ?", [wanted_id]).fetchone()
    return claim_id, str(state[0])


def edit_wanted(
    rec: Recorder,
    wanted_id: int,
    *,
    description: str | None = None,
    would_settle: str | None = None,
) -> None:
    claim_id, _state = _wanted_state(rec, wanted_id)
    changes: dict[str, Any] = {}
    if description is not None:
        changes["description"] = required("evidence wanted", description)
    if would_settle is not None:
        changes["would_settle"] = would_settle
    if not changes:
        raise InvalidValue("nothing to change: give a description or what it would settle")
    rec.update(
        "evidence_wanted",
        wanted_id,
        changes,
        kind="evidence_wanted.edited",
        subject=subject(claim_id),
    )


def resolve_wanted(rec: Recorder, wanted_id: int, evidence_id: int, reason: str = "") -> None:
    """The wanted evidence was obtained: ``evidence_id`` is the item that settled it."""
    claim_id, state = _wanted_state(rec, wanted_id)
    if state != "wanted":
        raise InvalidValue(f"evidence-wanted item {wanted_id} is already {state}")
    if claim_of(rec.db, "evidence", evidence_id) != claim_id:
        raise InvalidValue(f"evidence {evidence_id} belongs to another claim")
    rec.update(
        "evidence_wanted",
        wanted_id,
        {
            "state": "obtained",
            "evidence_id": evidence_id,
            "closed_reason": reason or None,
            "closed_at": rec.at,
        },
        kind="evidence_wanted.resolved",
        subject=subject(claim_id),
    )


def drop_wanted(rec: Recorder, wanted_id: int, reason: str) -> None:
    """No longer wanted (it will never exist, or would settle nothing): kept, with why."""
    required("the reason for dropping it", reason)
    claim_id, state = _wanted_state(rec, wanted_id)
    if state != "wanted":
        raise InvalidValue(f"evidence-wanted item {wanted_id} is already {state}")
    rec.update(
        "evidence_wanted",
        wanted_id,
        {"state": "abandoned", "closed_reason": reason, "closed_at": rec.at},
        kind="evidence_wanted.dropped",
        subject=subject(claim_id),
    )


# -- revision triggers ----------------------------------------------------------------------

TRIGGER_MOVES = {
    # act: (states it may start from, state it ends in)
    "disarm": (("armed", "fired", "expired"), "disarmed"),
    "arm": (("disarmed", "fired", "expired"), "armed"),
    "retire": (("armed", "fired", "expired", "disarmed"), "retired"),
}


def edit_trigger(
    rec: Recorder,
    trigger_id: int,
    *,
    condition: str | None = None,
    url: str | None = None,
    expires_at: str | None = None,
) -> None:
    """Change a trigger's condition, watched URL ("" stops watching) or expiry."""
    claim_id = claim_of(rec.db, "revision_triggers", trigger_id)
    changes: dict[str, Any] = {}
    if condition is not None:
        changes["condition"] = required("trigger condition", condition)
    if url is not None:
        changes["url"] = web_address("trigger URL", url)
    if expires_at is not None:
        changes["expires_at"] = expiry(expires_at or None)
    if not changes:
        raise InvalidValue("nothing to change: give a condition, a URL or an expiry")
    rec.update(
        "revision_triggers", trigger_id, changes, kind="trigger.edited", subject=subject(claim_id)
    )


def move_trigger(rec: Recorder, trigger_id: int, act: str, reason: str = "") -> None:
    """Disarm (kept, not watched), arm again, or retire (for good) a trigger. Retiring needs a
    reason; disarming may give one."""
    choice("trigger act", act, tuple(TRIGGER_MOVES))
    if act == "retire":
        required("the reason for retiring the trigger", reason)
    claim_id = claim_of(rec.db, "revision_triggers", trigger_id)
    state = rec.db.execute(
        "SELECT state FROM revision_triggers WHERE id = ?", [trigger_id]
    ).fetchone()[0]
    starts, ends = TRIGGER_MOVES[act]
    if state not in starts:
        raise InvalidValue(f"revision trigger {trigger_id} is {state}: it cannot be {ends}")
    changes: dict[str, Any] = {"state": ends, "state_reason": reason or None}
    if act == "arm":
        changes |= {"fired_at": None, "fired_reason": None}
    rec.update(
        "revision_triggers", trigger_id, changes, kind=f"trigger.{ends}", subject=subject(claim_id)
    )


# -- custody hops ---------------------------------------------------------------------------

HOP_FIELDS = {"actor", "kind", "url", "seen_at", "reliability", "credibility", "note"}


def _chain(rec: Recorder, claim_id: int) -> list[tuple[int, int]]:
    """(hop id, position) of the claim's custody chain, origin first (removed hops left out)."""
    return [
        (int(r[0]), int(r[1]))
        for r in rec.db.execute(
            "SELECT id, position FROM custody_hops WHERE claim_id = ? AND removed_at IS NULL"
            " ORDER BY position",
            [claim_id],
        )
    ]


def _live_hop(rec: Recorder, hop_id: int) -> int:
    claim_id = claim_of(rec.db, "custody_hops", hop_id)
    if hop_id not in dict(_chain(rec, claim_id)):
        raise UnknownRecord(f"custody hop {hop_id} was removed")
    return claim_id


def edit_hop(rec: Recorder, /, hop_id: int, **changes: Any) -> None:
    only_fields("a custody hop", changes, HOP_FIELDS)
    if not changes:
        raise InvalidValue("nothing to change")
    if "actor" in changes:
        required("actor", changes["actor"])
    if "url" in changes:
        changes["url"] = web_address("custody hop URL", changes["url"])
    if "seen_at" in changes:
        changes["seen_at"] = past_time("seen at", changes["seen_at"] or None, rec.at)
    if "kind" in changes:
        choice("custody kind", changes["kind"], CUSTODY_KINDS)
    if "reliability" in changes:
        choice("source reliability", changes["reliability"], SOURCE_RELIABILITY)
    if "credibility" in changes:
        choice("information credibility", changes["credibility"], INFORMATION_CREDIBILITY)
    claim_id = _live_hop(rec, hop_id)
    rec.update("custody_hops", hop_id, changes, kind="custody.edited", subject=subject(claim_id))


def _renumber(
    rec: Recorder, claim_id: int, order: list[int], kind: str, extra: dict[int, dict[str, Any]]
) -> None:
    """Give the hops in ``order`` positions 1, 2, … (and ``extra`` changes), in one event that
    carries each hop's before and after. Positions are unique per claim, so the moved hops
    step aside to negative positions first."""
    current = dict(_chain(rec, claim_id))
    wanted = {hop_id: position for position, hop_id in enumerate(order, 1)}
    changed = {
        hop_id: {"position": wanted[hop_id]}
        for hop_id in order
        if current.get(hop_id) != wanted[hop_id]
    }
    for hop_id, more in extra.items():
        changed.setdefault(hop_id, {}).update(more)
    columns = sorted({c for change in changed.values() for c in change})
    before: dict[int, dict[str, Any]] = {}
    for hop_id in changed:
        row = rec.db.execute(
            f"SELECT {', '.join(columns)} FROM custody_hops WHERE id = ?",  # our own names
            [hop_id],
        ).fetchone()
        before[hop_id] = dict(zip(columns, row, strict=True))
    conn = rec.db.conn
    for hop_id in changed:
        conn.execute("UPDATE custody_hops SET position = -id WHERE id = ?", [hop_id])
    for hop_id, change in changed.items():
        assignments = ", ".join(f"{c} = ?" for c in change)
        conn.execute(
            f"UPDATE custody_hops SET {assignments} WHERE id = ?", [*change.values(), hop_id]
        )
    updates = [
        {"id": hop_id, "before": {c: before[hop_id][c] for c in change}, "after": change}
        for hop_id, change in changed.items()
    ]
    rec.event(kind, subject(claim_id), {"table": "custody_hops", "updates": updates})


def move_hop(rec: Recorder, hop_id: int, position: int) -> None:
    """Put a hop at ``position`` of the chain (1 is the origin); the others close up."""
    claim_id = _live_hop(rec, hop_id)
    order = [h for h, _ in _chain(rec, claim_id)]
    if isinstance(position, bool) or not 1 <= position <= len(order):
        raise InvalidValue(f"position must be between 1 and {len(order)}, not {position}")
    order.remove(hop_id)
    order.insert(position - 1, hop_id)
    _renumber(rec, claim_id, order, "custody.reordered", {})


def remove_hop(rec: Recorder, hop_id: int, reason: str) -> None:
    """Take a hop out of the chain, keeping its row with the reason; the later hops close up.
    A hop that evidence derives from stays until that evidence says otherwise."""
    required("the reason for removing the hop", reason)
    claim_id = _live_hop(rec, hop_id)
    used = rec.db.execute(
        "SELECT id FROM evidence WHERE derived_from_hop_id = ? LIMIT 1", [hop_id]
    ).fetchone()
    if used:
        raise InvalidValue(
            f"evidence {used[0]} derives from this hop: change that evidence first (e)"
        )
    order = [h for h, _ in _chain(rec, claim_id) if h != hop_id]
    removed = {"position": -hop_id, "removed_reason": reason, "removed_at": rec.at}
    _renumber(rec, claim_id, order, "custody.removed", {hop_id: removed})
