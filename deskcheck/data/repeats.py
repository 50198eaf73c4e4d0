"""Repeat-of links: the reviewer's word that a claim says what an earlier one said.

A link is desk work: a row of ``claim_repeats`` recorded with its event, checked by verify.
It names either an earlier claim on the desk or a published fact-check, with the score and
reason the matcher gave when the reviewer linked it. It copies nothing: the earlier verdict
is offered to the reviewer as the starting point of a new decision, never recorded for them.
"""

from __future__ import annotations

from typing import Any

from deskcheck.data.recorder import Recorder
from deskcheck.data.rules import claim_exists, subject
from deskcheck.data.sqlite_library import Database
from deskcheck.domain.errors import InvalidValue, UnknownRecord


def link_repeat(
    rec: Recorder,
    claim_id: int,
    *,
    of_claim: int | None = None,
    of_published: int | None = None,
    score: int = 0,
    reason: str = "",
) -> int:
    """Record that ``claim_id`` repeats an earlier claim or a published fact-check."""
    if (of_claim is None) == (of_published is None):
        raise InvalidValue("a repeat names one earlier claim or one published fact-check")
    claim_exists(rec.db, claim_id)
    if of_claim is not None:
        if of_claim == claim_id:
            raise InvalidValue("a claim cannot be a repeat of itself")
        claim_exists(rec.db, of_claim)
    elif not rec.db.execute(
        "SELECT 1 FROM published_checks WHERE id = ?", [of_published]
    ).fetchone():
        raise UnknownRecord(f"no published fact-check {of_published}")
    already = rec.db.execute(
        "SELECT id FROM claim_repeats WHERE claim_id = ? AND repeat_of_claim_id IS ?"
        " AND repeat_of_published_id IS ?",
        [claim_id, of_claim, of_published],
    ).fetchone()
    if already:
        return int(already[0])
    row = {
        "claim_id": claim_id,
        "repeat_of_claim_id": of_claim,
        "repeat_of_published_id": of_published,
        "score": int(score),
        "reason": reason,
        "linked_by": rec.actor,
        "linked_at": rec.at,
    }
    return rec.insert("claim_repeats", row, kind="claim.repeat_linked", subject=subject(claim_id))


def repeats_of(db: Database, claim_id: int) -> list[dict[str, Any]]:
    """The links recorded for a claim, oldest first."""
    cursor = db.execute("SELECT * FROM claim_repeats WHERE claim_id = ? ORDER BY id", [claim_id])
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
