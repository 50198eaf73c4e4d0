"""Recording claims and their custody chains."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from deskcheck.data.desk_work import require_reviewer
from deskcheck.data.evidence import require_independent_roots
from deskcheck.data.matching import index_claim
from deskcheck.data.recorder import Recorder
from deskcheck.data.rules import (
    choice,
    claim_exists,
    next_position,
    only_fields,
    past_time,
    required,
    subject,
    web_address,
)
from deskcheck.domain.fingerprint import fingerprint
from deskcheck.domain.vocabulary import (
    CLAIM_STATUSES,
    CUSTODY_KINDS,
    INFORMATION_CREDIBILITY,
    PRIORITIES,
    SOURCE_RELIABILITY,
)

EDITABLE = {"text", "status", "priority", "assignee", "origin_url", "received_at"}


def add_claim(
    rec: Recorder,
    text: str,
    *,
    received_at: str | None = None,
    origin_url: str | None = None,
    status: str = "new",
    priority: int = 3,
    tags: Iterable[str] = (),
    assignee: str | None = None,
) -> int:
    required("claim text", text)
    origin_url = web_address("the claim's origin URL", origin_url)
    received_at = past_time("received at", received_at, rec.at)
    choice("status", status, CLAIM_STATUSES)
    choice("priority", priority, PRIORITIES)
    if assignee is not None:
        assignee = require_reviewer(rec.db, assignee)
    row = {
        "text": text,
        "received_at": received_at or rec.at,
        "origin_url": origin_url,
        "status": status,
        "priority": priority,
        "assignee": assignee,
        "created_at": rec.at,
        "updated_at": rec.at,
        "fingerprint": fingerprint(text),
    }
    claim_id = rec.insert("claims", row, kind="claim.added", subject="claim:new")
    index_claim(rec.db.conn, claim_id, text)
    for tag in sorted(set(tags)):
        rec.insert(
            "claim_tags",
            {"claim_id": claim_id, "tag": tag},
            kind="claim.tagged",
            subject=subject(claim_id),
        )
    return claim_id


def update_claim(rec: Recorder, /, claim_id: int, **changes: Any) -> None:
    """Change a claim's editable fields (text, status, priority, assignee, origin_url)."""
    only_fields("a claim", changes, EDITABLE)
    if "status" in changes:
        choice("status", changes["status"], CLAIM_STATUSES)
    if "priority" in changes:
        choice("priority", changes["priority"], PRIORITIES)
    if "text" in changes:
        required("claim text", changes["text"])
    if "origin_url" in changes:
        changes["origin_url"] = web_address("the claim's origin URL", changes["origin_url"])
    if "received_at" in changes:
        changes["received_at"] = past_time("received at", changes["received_at"], rec.at)
        required("received at", changes["received_at"])
    if changes.get("assignee") is not None:
        changes["assignee"] = require_reviewer(rec.db, changes["assignee"])
    claim_exists(rec.db, claim_id)
    rec.update(
        "claims",
        claim_id,
        {**changes, "updated_at": rec.at},
        kind="claim.edited",
        subject=subject(claim_id),
    )
    if "text" in changes:
        index_claim(rec.db.conn, claim_id, changes["text"])


def add_custody_hop(
    rec: Recorder,
    claim_id: int,
    actor: str,
    kind: str,
    *,
    url: str | None = None,
    seen_at: str | None = None,
    reliability: str = "F",
    credibility: int = 6,
    note: str = "",
) -> int:
    """Append a hop at the end of the claim's custody chain (the origin is hop 1)."""
    required("actor", actor)
    choice("custody kind", kind, CUSTODY_KINDS)
    choice("source reliability", reliability, SOURCE_RELIABILITY)
    choice("information credibility", credibility, INFORMATION_CREDIBILITY)
    url = web_address("custody hop URL", url)
    seen_at = past_time("seen at", seen_at, rec.at)
    claim_exists(rec.db, claim_id)
    if credibility == 1:
        require_independent_roots(rec, claim_id)
    row = {
        "claim_id": claim_id,
        "position": next_position(rec.db, "custody_hops", claim_id),
        "actor": actor,
        "kind": kind,
        "url": url,
        "seen_at": seen_at,
        "reliability": reliability,
        "credibility": credibility,
        "note": note,
    }
    return rec.insert("custody_hops", row, kind="custody.added", subject=subject(claim_id))
