"""Settling what was recorded on a claim: evidence wanted (edit, resolve, drop), revision
triggers (edit, disarm, arm, retire) and custody hops (edit, move, remove). The command line
and the claim desk's forms both come here; the URL rule and grades are applied here, the
rest by the data layer."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from deskcheck.domain.vocabulary import parse_grade
from deskcheck.work.claim_parts import checked_url

if TYPE_CHECKING:
    from deskcheck.data import Desk

TRIGGER_DONE = {"disarm": "disarmed (kept, not watched)", "arm": "armed again", "retire": "retired"}


def edit_wanted(
    desk: Desk, wanted_id: int, *, description: str | None = None, would_settle: str | None = None
) -> str:
    desk.edit_wanted(wanted_id, description=description, would_settle=would_settle)
    return f"Edited evidence wanted {wanted_id}"


def resolve_wanted(desk: Desk, wanted_id: int, evidence_id: int, note: str = "") -> str:
    desk.resolve_wanted(wanted_id, evidence_id, note)
    return f"Evidence wanted {wanted_id} obtained: evidence {evidence_id}"


def drop_wanted(desk: Desk, wanted_id: int, reason: str) -> str:
    desk.drop_wanted(wanted_id, reason)
    return f"Dropped evidence wanted {wanted_id}"


def edit_trigger(
    desk: Desk, trigger_id: int, *, condition: str | None = None, url: str | None = None
) -> str:
    """A new condition or watched URL ('' stops watching)."""
    watched = None if url is None else (checked_url("the URL to watch", url) or "")
    desk.edit_trigger(trigger_id, condition=condition, url=watched)
    return f"Edited trigger {trigger_id}"


def move_trigger(desk: Desk, trigger_id: int, act: str, reason: str = "") -> str:
    """Disarm, arm or retire a trigger; what was done, in words."""
    desk.move_trigger(trigger_id, act, reason)
    return f"Trigger {trigger_id} {TRIGGER_DONE.get(act, act)}"


def edit_hop(
    desk: Desk,
    hop_id: int,
    *,
    actor: str | None = None,
    kind: str | None = None,
    url: str | None = None,
    grade: str | None = None,
    note: str | None = None,
) -> str:
    """Change what is given; an empty URL or note clears it, an empty actor is refused."""
    changes: dict[str, Any] = {
        k: v for k, v in {"actor": actor, "kind": kind, "note": note}.items() if v is not None
    }
    if url is not None:
        changes["url"] = checked_url("the hop's URL", url)
    if grade:
        changes["reliability"], changes["credibility"] = parse_grade(grade)
    desk.edit_hop(hop_id, **changes)
    return f"Edited hop {hop_id}"


def move_hop(desk: Desk, hop_id: int, position: int) -> str:
    desk.move_hop(hop_id, position)
    return f"Hop {hop_id} is now at {position}"


def remove_hop(desk: Desk, hop_id: int, reason: str) -> str:
    desk.remove_hop(hop_id, reason)
    return f"Removed hop {hop_id}"
