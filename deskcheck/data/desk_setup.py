"""Recording who reviews on the desk, its verdict scale and its settings."""

from __future__ import annotations

from typing import Any

from deskcheck.data import queries
from deskcheck.data.events import canonical_json
from deskcheck.data.recorder import Recorder
from deskcheck.data.rules import choice
from deskcheck.domain.errors import InvalidValue
from deskcheck.domain.names import checked_name, identity_key
from deskcheck.domain.untrusted import make_visible
from deskcheck.domain.vocabulary import CLAIM_STATUSES


def same_person(rec: Recorder, name: str) -> str | None:
    """Another reviewer already on the desk whose name is ``name`` to the eye (see
    ``names.identity_key``), or None."""
    key = identity_key(name)
    for (other,) in rec.db.execute("SELECT name FROM reviewers WHERE name != ?", [name]):
        if identity_key(other) == key:
            return str(other)
    return None


def refuse_look_alike(rec: Recorder, name: str) -> None:
    other = same_person(rec, name)
    if other is not None:
        raise InvalidValue(
            f"reviewer name {make_visible(name)!r} looks like the existing reviewer"
            f" {make_visible(other)!r}: use that name (one person, one name on a desk)"
        )


def ensure_reviewer(rec: Recorder) -> None:
    """The recording reviewer is known to the desk (added, with an event, on first write)."""
    if rec.table("reviewers").count_where("name = ?", [rec.actor]) == 0:
        checked_name("reviewer name", rec.actor)
        refuse_look_alike(rec, rec.actor)
        rec.table("reviewers").insert(
            {"name": rec.actor, "display_name": rec.actor, "created_at": rec.at}
        )
        rec.event("reviewer.added", f"reviewer:{rec.actor}", {"name": rec.actor})


def add_reviewer(rec: Recorder, name: str, display_name: str) -> None:
    """Register a reviewer with the name shown on their decisions."""
    name = checked_name("reviewer name", name)
    display_name = checked_name("display name", display_name)
    reviewers = rec.table("reviewers")
    if reviewers.count_where("name = ?", [name]):
        reviewers.update(name, {"display_name": display_name})
    else:
        refuse_look_alike(rec, name)
        reviewers.insert({"name": name, "display_name": display_name, "created_at": rec.at})
    rec.event("reviewer.named", f"reviewer:{name}", {"name": name, "display_name": display_name})


def add_verdict(
    rec: Recorder,
    name: str,
    label: str,
    *,
    rating_value: int | None = None,
    rating_name: str | None = None,
    claim_status: str = "decided",
) -> None:
    """Extend the desk's verdict scale."""
    name = checked_name("verdict name", name)
    label = checked_name("verdict label", label)
    choice("claim status", claim_status, CLAIM_STATUSES)
    scale = queries.verdict_scale(rec.db)
    if any(v.name == name for v in scale):
        raise InvalidValue(f"verdict {name!r} is already on this desk's scale")
    row = {
        "name": name,
        "label": label,
        "rating_value": rating_value,
        "rating_name": rating_name,
        "claim_status": claim_status,
        "position": 1 + len(scale),
    }
    rec.table("verdicts").insert(row)
    rec.event("verdict.added", f"verdict:{name}", row)


def set_setting(rec: Recorder, key: str, value: Any) -> None:
    rec.table("desk_settings").upsert({"key": key, "value": canonical_json(value)}, pk="key")
    rec.event("setting.changed", f"setting:{key}", {"key": key, "value": value})


def leave_off_policies(rec: Recorder) -> tuple[list[str], int]:
    """After an import: the other desk's settings removed and its feeds stopped, each with
    its event, so the restored desk keeps the record and runs by no one else's policies.
    Returns (the settings' keys, how many feeds were stopped)."""
    keys = [str(k) for (k,) in rec.db.execute("SELECT key FROM desk_settings ORDER BY key")]
    for key in keys:
        rec.db.execute("DELETE FROM desk_settings WHERE key = ?", [key])
        rec.event("setting.removed", f"setting:{key}", {"key": key, "why": "left off at import"})
    feeds = [
        int(i) for (i,) in rec.db.execute("SELECT id FROM subscriptions WHERE state != 'removed'")
    ]
    for feed in feeds:
        rec.update(
            "subscriptions",
            feed,
            {"state": "removed", "removed_reason": "left off at import: the other desk's feed"},
            kind="feed.removed",
            subject=f"feed:{feed}",
        )
    return keys, len(feeds)


def accept_loss(rec: Recorder, loss: dict[str, Any]) -> None:
    """A reviewer accepts that the desk went back in time (what was lost, as they saw it):
    recorded, so the log says who accepted which loss and when."""
    rec.event("desk.loss_accepted", "desk", {"loss": loss})
