"""Recording evidence, its snapshots, and the evidence wanted."""

from __future__ import annotations

from typing import Any

from deskcheck.data import queries
from deskcheck.data.recorder import Recorder
from deskcheck.data.rules import (
    choice,
    claim_exists,
    claim_of,
    only_fields,
    past_time,
    required,
    subject,
    web_address,
)
from deskcheck.domain.derivation import trace_sources
from deskcheck.domain.errors import InvalidValue
from deskcheck.domain.vocabulary import (
    EVIDENCE_KINDS,
    INFORMATION_CREDIBILITY,
    RELEVANCE_LEVELS,
    SOURCE_RELIABILITY,
)

EDITABLE = {
    "title",
    "url",
    "excerpt",
    "kind",
    "reliability",
    "credibility",
    "relevance",
    "published_at",
    "link_state",
    "derived_from_evidence_id",
    "derived_from_hop_id",
}
SNAPSHOT_FIELDS = {
    "final_url",
    "http_status",
    "content_type",
    "byte_size",
    "sha256",
    "title",
    "text",
    "error",
    "fetched_at",
    "etag",
    "last_modified",
    "redirects",
    "body_zlib",
    "body_truncated",
    "http_version",
    "request_headers",
    "response_headers",
}


def require_independent_roots(rec: Recorder, claim_id: int) -> None:
    """Credibility 1 means "confirmed by independent sources": the desk must find them.
    Called inside the transaction, after the write, so raising rolls the write back."""
    roots = trace_sources(queries.claim_record(rec.db, claim_id)).independent_roots
    if roots < 2:
        raise InvalidValue(
            "credibility 1 (confirmed by independent sources) needs at least two"
            f" independent roots; this claim's evidence traces to {roots}"
        )


def _check_grades(fields: dict[str, Any]) -> None:
    if "kind" in fields:
        choice("evidence kind", fields["kind"], EVIDENCE_KINDS)
    if "relevance" in fields:
        choice("relevance", fields["relevance"], RELEVANCE_LEVELS)
    if "reliability" in fields:
        choice("source reliability", fields["reliability"], SOURCE_RELIABILITY)
    if "credibility" in fields:
        choice("information credibility", fields["credibility"], INFORMATION_CREDIBILITY)


def add_evidence(
    rec: Recorder,
    claim_id: int,
    title: str,
    *,
    url: str | None = None,
    excerpt: str = "",
    kind: str = "document",
    reliability: str = "F",
    credibility: int = 6,
    published_at: str | None = None,
    relevance: str = "medium",
    derived_from_evidence_id: int | None = None,
    derived_from_hop_id: int | None = None,
) -> int:
    required("evidence title", title)
    published_at = past_time("published", published_at, rec.at)
    url = web_address("evidence URL", url)
    row = {
        "claim_id": claim_id,
        "title": title,
        "url": url,
        "excerpt": excerpt,
        "kind": kind,
        "reliability": reliability,
        "credibility": credibility,
        "published_at": published_at,
        "relevance": relevance,
        "derived_from_evidence_id": derived_from_evidence_id,
        "derived_from_hop_id": derived_from_hop_id,
        "added_by": rec.actor,
        "added_at": rec.at,
    }
    _check_grades(row)
    claim_exists(rec.db, claim_id)
    evidence_id = rec.insert("evidence", row, kind="evidence.added", subject=subject(claim_id))
    if credibility == 1:
        require_independent_roots(rec, claim_id)
    return evidence_id


def edit_evidence(rec: Recorder, /, evidence_id: int, **changes: Any) -> None:
    only_fields("evidence", changes, EDITABLE)
    if "title" in changes:
        required("evidence title", changes["title"])
    if "url" in changes:
        changes["url"] = web_address("evidence URL", changes["url"])
    if "published_at" in changes:
        changes["published_at"] = past_time("published", changes["published_at"] or None, rec.at)
    _check_grades(changes)
    if changes.get("derived_from_evidence_id") == evidence_id:
        raise InvalidValue("an evidence item cannot derive from itself")
    claim_id = claim_of(rec.db, "evidence", evidence_id)
    rec.update("evidence", evidence_id, changes, kind="evidence.edited", subject=subject(claim_id))
    if changes.get("credibility") == 1:
        require_independent_roots(rec, claim_id)


def insert_snapshot(rec: Recorder, evidence_id: int, claim_id: int, fields: dict[str, Any]) -> int:
    """The one way a snapshot is stored (fetched now unless ``fields`` says when)."""
    only_fields("a snapshot", fields, SNAPSHOT_FIELDS)
    row = {"fetched_at": rec.at, **fields, "evidence_id": evidence_id}
    return rec.insert("snapshots", row, kind="snapshot.added", subject=subject(claim_id))


def add_snapshot(rec: Recorder, /, evidence_id: int, **fields: Any) -> int:
    """Store what a fetch of an evidence URL returned (see docs/design.md, snapshot)."""
    return insert_snapshot(rec, evidence_id, claim_of(rec.db, "evidence", evidence_id), fields)


def record_fetch(
    rec: Recorder,
    evidence_id: int,
    snapshot: dict[str, Any],
    *,
    link_state: str | None,
    title: str | None = None,
) -> int:
    """Store a fetch of an evidence URL: the snapshot, the link's state (None: as it was,
    when the fetch found no answer) and, when the evidence has no title of its own yet, the
    page's title."""
    claim_id = claim_of(rec.db, "evidence", evidence_id)
    snapshot_id = insert_snapshot(rec, evidence_id, claim_id, snapshot)
    changes: dict[str, Any] = {"link_state": link_state} if link_state else {}
    if title:
        changes["title"] = title
    rec.update("evidence", evidence_id, changes, kind="evidence.checked", subject=subject(claim_id))
    return snapshot_id


def record_evidence_check(
    rec: Recorder, evidence_id: int, snapshot: dict[str, Any] | None, link_state: str | None
) -> None:
    """What a re-check of an evidence URL found: a new snapshot when there is something
    new to keep (changed content, or the failure and its reason), and the link state
    (None: as it was, when the fetch learnt nothing about the page). Nothing is written
    when nothing changed."""
    claim_id = claim_of(rec.db, "evidence", evidence_id)
    current = rec.db.execute(
        "SELECT link_state FROM evidence WHERE id = ?", [evidence_id]
    ).fetchone()[0]
    if snapshot is not None:
        insert_snapshot(rec, evidence_id, claim_id, snapshot)
    if link_state is not None and current != link_state:
        rec.update(
            "evidence",
            evidence_id,
            {"link_state": link_state},
            kind=f"evidence.{link_state}",
            subject=subject(claim_id),
        )


def want_evidence(rec: Recorder, claim_id: int, description: str, *, would_settle: str = "") -> int:
    required("evidence wanted", description)
    claim_exists(rec.db, claim_id)
    row = {
        "claim_id": claim_id,
        "description": description,
        "would_settle": would_settle,
        "created_by": rec.actor,
        "created_at": rec.at,
    }
    return rec.insert(
        "evidence_wanted", row, kind="evidence_wanted.added", subject=subject(claim_id)
    )
