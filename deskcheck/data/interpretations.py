"""Recording interpretations, how they relate, and the assessments of evidence against them."""

from __future__ import annotations

from typing import Any

from deskcheck.data.recorder import Recorder
from deskcheck.data.rules import (
    choice,
    claim_exists,
    claim_of,
    next_position,
    only_fields,
    required,
    subject,
)
from deskcheck.domain.errors import InvalidValue
from deskcheck.domain.vocabulary import ASSESSMENT_MARKS

EDITABLE = {"label", "statement", "implications", "catch_all"}
RELATIONS = ("exclusive", "compatible")


def add_interpretation(
    rec: Recorder,
    claim_id: int,
    label: str,
    statement: str,
    *,
    implications: str = "",
    catch_all: bool = False,
) -> int:
    required("interpretation label", label)
    required("interpretation statement", statement)
    claim_exists(rec.db, claim_id)
    row = {
        "claim_id": claim_id,
        "position": next_position(rec.db, "interpretations", claim_id),
        "label": label,
        "statement": statement,
        "implications": implications,
        "catch_all": int(catch_all),
        "created_by": rec.actor,
        "created_at": rec.at,
    }
    return rec.insert(
        "interpretations", row, kind="interpretation.added", subject=subject(claim_id)
    )


def edit_interpretation(rec: Recorder, /, interpretation_id: int, **changes: Any) -> None:
    only_fields("interpretation", changes, EDITABLE)
    for name in ("label", "statement"):
        if name in changes:
            required(f"interpretation {name}", changes[name])
    claim_id = claim_of(rec.db, "interpretations", interpretation_id)
    rec.update(
        "interpretations",
        interpretation_id,
        changes,
        kind="interpretations.edited",
        subject=subject(claim_id),
    )


def set_relation(rec: Recorder, first_id: int, second_id: int, relation: str | None) -> None:
    """Whether two interpretations exclude each other or can both hold (None: unsaid)."""
    if relation is not None:
        choice("relation", relation, RELATIONS)
    a, b = sorted((first_id, second_id))
    claim_a = claim_of(rec.db, "interpretations", a)
    if a == b or claim_of(rec.db, "interpretations", b) != claim_a:
        raise InvalidValue("a relation joins two interpretations of the same claim")
    rec.db.execute(
        "DELETE FROM interpretation_relations WHERE first_id = ? AND second_id = ?", [a, b]
    )
    if relation:
        rec.table("interpretation_relations").insert(
            {"first_id": a, "second_id": b, "relation": relation}
        )
    rec.event(
        "interpretation.related",
        subject(claim_a),
        {"first_id": a, "second_id": b, "relation": relation},
    )


def assess(
    rec: Recorder, evidence_id: int, interpretation_id: int, mark: str, reason: str = ""
) -> None:
    """Rate how one evidence item bears on one interpretation (re-rating replaces the mark;
    the event log keeps the old one)."""
    choice("assessment mark", mark, ASSESSMENT_MARKS)
    claim_id = claim_of(rec.db, "evidence", evidence_id)
    if claim_of(rec.db, "interpretations", interpretation_id) != claim_id:
        raise InvalidValue(
            f"evidence {evidence_id} and interpretation {interpretation_id}"
            " belong to different claims"
        )
    existing = rec.db.execute(
        "SELECT id FROM assessments WHERE evidence_id = ? AND interpretation_id = ?",
        [evidence_id, interpretation_id],
    ).fetchone()
    changes = {"mark": mark, "reason": reason, "assessed_by": rec.actor, "assessed_at": rec.at}
    if existing:
        rec.update(
            "assessments",
            existing[0],
            changes,
            kind="assessment.changed",
            subject=subject(claim_id),
        )
    else:
        row = {"evidence_id": evidence_id, "interpretation_id": interpretation_id, **changes}
        rec.insert("assessments", row, kind="assessment.added", subject=subject(claim_id))
