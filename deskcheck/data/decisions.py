"""Recording decisions, revision notes and revision triggers.

Decisions and revision notes are append-only: a new decision supersedes the last, and the
claim's verdict and status follow the newest decision.
"""

from __future__ import annotations

from typing import Any

from deskcheck.data import queries
from deskcheck.data.recorder import Recorder
from deskcheck.data.rules import (
    choice,
    claim_exists,
    claim_of,
    expiry,
    required,
    subject,
    web_address,
)
from deskcheck.domain.errors import InvalidValue, UnknownVerdict
from deskcheck.domain.models import Verdict
from deskcheck.domain.names import identity_key
from deskcheck.domain.vocabulary import (
    CONFIDENCE_LEVELS,
    PUBLIC_NOTE_KINDS,
    REVISION_NOTE_KINDS,
    TRIGGER_STATES,
)


def verdict_named(rec: Recorder, name: str) -> Verdict:
    scale = queries.verdict_scale(rec.db)
    for verdict in scale:
        if verdict.name == name:
            return verdict
    names = ", ".join(v.name for v in scale)
    raise UnknownVerdict(f"unknown verdict {name!r}: this desk's scale is {names}")


def decide(
    rec: Recorder,
    claim_id: int,
    verdict: str,
    rationale: str,
    *,
    confidence: str = "medium",
    for_publication: bool = False,
    summary: str = "",
) -> int:
    """Record a decision. Decisions are append-only: a new one supersedes the last.
    ``summary``: the one-paragraph answer readers get first on the published page.

    With the desk's two-person rule on, a decision for publication waits for a different
    reviewer's confirmation (``confirm``)."""
    chosen = verdict_named(rec, verdict)
    required("rationale", rationale)
    choice("confidence", confidence, CONFIDENCE_LEVELS)
    if "\x00" in summary:
        required("summary", summary)  # names the NUL a desk cannot store
    claim_exists(rec.db, claim_id)
    return record_decision(
        rec,
        claim_id,
        chosen,
        rationale,
        confidence,
        for_publication=for_publication,
        summary=summary.strip(),
    )


def confirm(rec: Recorder, claim_id: int, rationale: str = "") -> int:
    """The second reviewer's confirmation of a decision for publication: a new decision
    with the same verdict that names the one it confirms."""
    record = queries.claim_record(rec.db, claim_id)
    latest = record.latest_decision
    if latest is not None and latest.confirms_decision_id and record.confirmation is None:
        # confirmed on another desk in a way this desk does not count: confirm it here
        latest = next(d for d in record.decisions if d.id == latest.confirms_decision_id)
    if latest is not None and not latest.for_publication:
        # say the way on: export and publish send the reviewer here for this very decision
        raise InvalidValue(
            f"claim {claim_id}'s decision was not recorded for publication, so there is"
            f" nothing to confirm: {latest.reviewer} records it again for publication"
            " (`deskcheck decide --publish`), then another reviewer confirms it"
        )
    if latest is None or latest.confirms_decision_id:
        raise InvalidValue(f"claim {claim_id} has no decision waiting for confirmation")
    if identity_key(latest.reviewer) == identity_key(rec.actor):
        raise InvalidValue(
            "the two-person rule needs a different reviewer to confirm"
            f" {latest.reviewer}'s decision"
        )
    return record_decision(
        rec,
        claim_id,
        verdict_named(rec, latest.verdict),
        rationale or f"Confirmed {latest.reviewer}'s decision for publication.",
        latest.confidence,
        for_publication=True,
        confirms=latest.id,
        summary=latest.summary,  # the confirmed decision's answer to readers stands
    )


def record_decision(
    rec: Recorder,
    claim_id: int,
    verdict: Verdict,
    rationale: str,
    confidence: str,
    *,
    for_publication: bool = False,
    confirms: int | None = None,
    summary: str = "",
) -> int:
    row = {
        "claim_id": claim_id,
        "verdict": verdict.name,
        "rationale": rationale,
        "confidence": confidence,
        "reviewer": rec.actor,
        "decided_at": rec.at,
        "session_id": rec.session_id,
        "for_publication": int(for_publication),
        "confirms_decision_id": confirms,
    }
    if summary:  # only when given: an event older deskchecks replay holds no such column
        row["summary"] = summary
    decision_id = rec.insert("decisions", row, kind="decision.recorded", subject=subject(claim_id))
    rec.update(
        "claims",
        claim_id,
        {"verdict": verdict.name, "status": verdict.claim_status, "updated_at": rec.at},
        kind="claim.verdict_set",
        subject=subject(claim_id),
    )
    return decision_id


def add_revision_note(
    rec: Recorder,
    claim_id: int,
    kind: str,
    what_is_right: str,
    *,
    what_was_wrong: str = "",
    new_verdict: str | None = None,
    public: bool = False,
) -> int:
    """Record a revision note. With ``new_verdict`` the note also records the decision that
    changes the verdict, in the same transaction, with the note as its rationale.
    ``public``: readers see it on the published page (a correction, clarification or
    update); otherwise it stays on the desk."""
    choice("revision note kind", kind, REVISION_NOTE_KINDS)
    if public and kind not in PUBLIC_NOTE_KINDS:
        raise InvalidValue(
            f"a {kind} note is kept on the desk: readers see corrections, clarifications"
            " and updates"
        )
    required("what is right", what_is_right)
    chosen = verdict_named(rec, new_verdict) if new_verdict else None
    claim_exists(rec.db, claim_id)
    before = rec.db.execute("SELECT verdict FROM claims WHERE id = ?", [claim_id]).fetchone()[0]
    changed = chosen is not None and chosen.name != before
    row = {
        "claim_id": claim_id,
        "kind": kind,
        "verdict_changed": int(changed),
        "verdict_before": before,
        "verdict_after": chosen.name if chosen else before,
        "what_was_wrong": what_was_wrong,
        "what_is_right": what_is_right,
        "author": rec.actor,
        "written_at": rec.at,
    }
    if public:
        row["public"] = 1
    note_id = rec.insert(
        "revision_notes", row, kind="revision_note.added", subject=subject(claim_id)
    )
    if chosen is not None and changed:
        rationale = f"{kind.capitalize()}: {what_is_right}"
        record_decision(rec, claim_id, chosen, rationale, "medium")
    return note_id


def add_trigger(
    rec: Recorder,
    claim_id: int,
    condition: str,
    *,
    url: str | None = None,
    expires_at: str | None = None,
) -> int:
    required("trigger condition", condition)
    url = web_address("trigger URL", url)
    claim_exists(rec.db, claim_id)
    row = {
        "claim_id": claim_id,
        "condition": condition,
        "url": url,
        "expires_at": expiry(expires_at),
        "created_by": rec.actor,
        "created_at": rec.at,
    }
    return rec.insert("revision_triggers", row, kind="trigger.armed", subject=subject(claim_id))


def set_trigger_state(rec: Recorder, trigger_id: int, state: str, *, reason: str = "") -> None:
    """Fire, expire, retire or re-arm a trigger. Firing marks the claim due for revision;
    it never changes the verdict: the reviewer decides."""
    choice("trigger state", state, TRIGGER_STATES)
    claim_id = claim_of(rec.db, "revision_triggers", trigger_id)
    changes: dict[str, Any] = {"state": state}
    if state == "fired":
        changes |= {"fired_at": rec.at, "fired_reason": reason}
    rec.update(
        "revision_triggers", trigger_id, changes, kind=f"trigger.{state}", subject=subject(claim_id)
    )
    if state == "fired":
        rec.update(
            "claims",
            claim_id,
            {"status": "revision_due", "updated_at": rec.at},
            kind="claim.revision_due",
            subject=subject(claim_id),
        )


def record_trigger_check(
    rec: Recorder,
    trigger_id: int,
    *,
    status: int | None,
    text_sha256: str | None,
    fire: str | None,
) -> None:
    """Remember what a watched trigger URL answered; ``fire`` gives the reason to fire."""
    claim_id = claim_of(rec.db, "revision_triggers", trigger_id)
    seen = {"last_checked_at": rec.at, "last_status": status, "last_sha256": text_sha256}
    rec.update(
        "revision_triggers", trigger_id, seen, kind="trigger.checked", subject=subject(claim_id)
    )
    if fire:
        set_trigger_state(rec, trigger_id, "fired", reason=fire)
