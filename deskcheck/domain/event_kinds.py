"""Every kind of event the desk records: the one list, with what each says in words.

The recorder refuses a kind that is not here (a misspelt kind would be an event nothing
replays); the claim's history says each event with its sentence; the docs list them from
here (``docs/events.md``, checked by a test). A kind is ``subject.verb``: the subject names
what changed, the verb what happened to it.
"""

from __future__ import annotations

from typing import Final

from deskcheck.domain.vocabulary import LINK_STATES

EVENT_KINDS: Final[dict[str, str]] = {
    # the desk itself
    "desk.created": "created the desk",
    "desk.upgraded": "upgraded the desk to a newer schema",
    "desk.baseline": "recorded the rows an older desk held before every row had its event",
    "desk.migrated_row": "changed a row while upgrading the desk",
    "setting.changed": "changed a setting of the desk",
    "setting.removed": "removed a setting (an imported desk's policy, left off)",
    "desk.loss_accepted": "accepted that the desk went back in time (what was lost, as seen)",
    "verdict.added": "added a verdict to the desk's scale",
    "reviewer.added": "added a reviewer",
    "reviewer.named": "gave a reviewer a display name",
    "session.started": "started a review session",
    "session.ended": "ended a review session",
    # claims
    "claim.added": "added the claim",
    "claim.ingested": "took the claim in from a source",
    "claim.version_seen": "saw the source change the claim's wording (kept, not applied)",
    "claim.edited": "edited the claim",
    "claim.tagged": "changed the tags",
    "claim.tag_added": "changed the tags",
    "claim.tag_removed": "changed the tags",
    "claim.assigned": "changed who it is assigned to",
    "claim.prioritised": "changed the priority",
    "claim.status_changed": "changed the status",
    "claim.due_set": "changed the due time",
    "claim.verdict_set": "changed the verdict",
    "claim.revision_due": "marked it due for revision",
    "claim.repeat_linked": "linked it as a repeat",
    "comment.added": "added a comment",
    # custody, interpretations, evidence
    "custody.added": "added a custody hop",
    "custody.edited": "changed a custody hop",
    "custody.reordered": "moved a custody hop in the chain",
    "custody.removed": "removed a custody hop (kept, with the reason)",
    "interpretation.added": "added an interpretation",
    "interpretations.edited": "edited an interpretation",
    "interpretation.related": "said how two interpretations relate",
    "evidence.added": "added evidence",
    "evidence.edited": "edited evidence",
    "snapshot.added": "kept a snapshot of evidence",
    "picture.added": "kept a picture (its bytes, hashes and EXIF date)",
    **{f"evidence.{state}": f"re-checked evidence: {state}" for state in LINK_STATES},
    "evidence.checked": "checked evidence links",
    "assessment.added": "rated evidence",
    "assessment.changed": "re-rated evidence",
    "evidence_wanted.added": "asked for evidence",
    "evidence_wanted.edited": "changed evidence wanted",
    "evidence_wanted.resolved": "resolved evidence wanted",
    "evidence_wanted.dropped": "dropped evidence wanted",
    # decisions, notes, triggers
    "decision.recorded": "recorded a decision",
    "decision.confirmed": "confirmed a decision for publication",
    "revision_note.added": "wrote a revision note",
    "claim.published": "published the fact-check for readers (first, or as an update)",
    "trigger.armed": "set a revision trigger",
    "trigger.fired": "a revision trigger fired: the claim is due for revision",
    "trigger.expired": "a revision trigger expired",
    "trigger.retired": "retired a revision trigger (kept, with the reason)",
    "trigger.disarmed": "disarmed a revision trigger (kept, not watched)",
    "trigger.edited": "changed a revision trigger",
    "trigger.checked": "checked a revision trigger",
    # intake and feeds
    "ingest.started": "started taking in a source",
    "ingest.rejected": "refused items of a source (each with the reason)",
    "ingest.finished": "finished taking in a source",
    "feed.subscribed": "subscribed to a feed",
    "feed.removed": "stopped refreshing a feed (kept)",
    "feed.refreshed": "refreshed a feed",
    "feed.read": "read a feed's claims",
    "queue.saved": "saved a queue",
    "queue.removed": "removed a saved queue",
    # logins for serve
    "login.added": "added a login",
    "login.password_changed": "changed a login's password",
    "login.disabled": "disabled a login",
    "login.enabled": "enabled a login again",
    "login.succeeded": "logged in",
    "login.failed": "failed to log in",
    "login.baseline": "recorded a login an older desk held without its digest in the log",
    "login.not_carried": "left a login off: a bundle never carries logins",
    "login.session_ended": "ended a login session",
    # exchange between desks
    "bundle.merged": "merged a bundle from another desk",
    "bundle.conflict": "kept a row the merged bundle held differently (a conflict)",
    "published.loaded": "loaded published fact-checks (their digest)",
    "published.baseline": "recorded the published fact-checks an older desk held",
    "claim.merged": "merged a claim from another desk",
    "reviewer.merged": "merged a reviewer from another desk",
    "verdict.merged": "merged a verdict from another desk",
    "evidence.merged": "merged links between evidence items from another desk",
    **{
        f"{table}.merged": f"merged {words} from another desk"
        for table, words in {
            "claim_tags": "a tag",
            "custody_hops": "a custody hop",
            "interpretations": "an interpretation",
            "interpretation_relations": "a relation between interpretations",
            "snapshots": "a snapshot",
            "assessments": "a mark",
            "evidence_wanted": "evidence wanted",
            "decisions": "a decision",
            "revision_notes": "a revision note",
            "revision_triggers": "a revision trigger",
            "claim_versions": "a later version of a claim",
            "comments": "a comment",
            "claim_repeats": "a repeat link",
            "published_checks": "a published fact-check",
        }.items()
    },
}


SHOWN_ON_NO_SCREEN: Final[frozenset[str]] = frozenset(
    {
        "session.started",
        "session.ended",
        "login.succeeded",
        "login.failed",
        "login.session_ended",
    }
)
"""Kinds that change nothing a screen shows another reviewer: a desk whose only news is of
these is not read again (on a served desk each login and closed tab writes one, and every
open tab reading its queue again for each cost the server a second of CPU per login)."""


class UnknownEventKind(ValueError):
    """A kind that is not in ``EVENT_KINDS``: a programming error, never a reviewer's."""


def known_kind(kind: str) -> str:
    if kind not in EVENT_KINDS:
        raise UnknownEventKind(f"event kind {kind!r} is not in deskcheck.domain.event_kinds")
    return kind


def in_words(kind: str) -> str:
    """What an event of ``kind`` did, as a reviewer reads it (an older desk's unknown kind
    is shown as it is)."""
    return EVENT_KINDS.get(kind, kind)
