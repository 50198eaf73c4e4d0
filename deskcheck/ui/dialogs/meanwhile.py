"""Shown before a write when another reviewer recorded on the same claim meanwhile."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from deskcheck.domain.models import ClaimRecord
from deskcheck.ui.safe import safe

KIND_WORDS = {
    "decision.recorded": "recorded a decision",
    "revision_note.added": "wrote a revision note",
    "claim.verdict_set": "changed the verdict",
    "assessment.added": "rated evidence",
    "assessment.changed": "re-rated evidence",
    "claim.edited": "edited the claim",
    "claim.assigned": "changed who it is assigned to",
    "claim.prioritised": "changed the priority",
    "claim.status_changed": "changed the status",
    "claim.tag_added": "changed the tags",
    "claim.tag_removed": "changed the tags",
    "claim.tagged": "changed the tags",
    "claim.due_set": "changed the due time",
    "claim.revision_due": "marked it due for revision",
    "claim.repeat_linked": "linked it as a repeat",
    "comment.added": "commented",
    "custody.added": "added a custody hop",
    "custody.edited": "changed a custody hop",
    "evidence.added": "added evidence",
    "evidence.edited": "edited evidence",
    "evidence.checked": "checked evidence links",
    "snapshot.added": "kept a snapshot of evidence",
    "evidence_wanted.added": "asked for evidence",
    "evidence_wanted.edited": "changed evidence wanted",
    "evidence_wanted.resolved": "resolved evidence wanted",
    "evidence_wanted.dropped": "dropped evidence wanted",
    "interpretation.added": "added an interpretation",
    "interpretations.edited": "edited an interpretation",
    "trigger.armed": "set a revision trigger",
    "trigger.edited": "changed a revision trigger",
    "trigger.checked": "checked a revision trigger",
}


def in_words(kind: str) -> str:
    """What another reviewer did, in words; a kind this list lacks still reads as a deed."""
    if kind in KIND_WORDS:
        return KIND_WORDS[kind]
    if kind.startswith("trigger."):
        return "changed a revision trigger"
    if kind.startswith("evidence."):
        return "changed evidence"
    return "changed the claim"


class MeanwhileScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("y", "answer(True)", "Record mine anyway"),
        Binding("n,escape", "answer(False)", "Look first"),
    ]

    def __init__(self, changes: list[dict], record: ClaimRecord) -> None:
        super().__init__()
        self.changes = changes
        self.record = record

    def compose(self) -> ComposeResult:
        lines = [Content.styled("Since you opened this claim, another reviewer:", "bold $warning")]
        seen: set[tuple[str, str]] = set()
        for change in self.changes:
            words = in_words(change["kind"])
            if (change["actor"], words) in seen:
                continue
            seen.add((change["actor"], words))
            lines.append(
                Content.assemble(
                    "• ",
                    safe(change["actor"], "bold"),
                    f" {words} at",
                    f" {change['at'].replace('T', ' ')}",
                )
            )
        latest = self.record.latest_decision
        if latest is not None:
            lines += [
                Content(""),
                Content.assemble(
                    "Latest decision now: ",
                    safe(latest.verdict, "bold"),
                    " by ",
                    safe(latest.reviewer, "bold"),
                ),
                safe(latest.rationale, "italic"),
            ]
        lines += [Content(""), Content("y: record mine anyway (theirs stays) · n: look first")]
        with Vertical(classes="form"):
            yield Static(Content("\n").join(lines))

    def action_answer(self, proceed: bool) -> None:
        self.dismiss(proceed)
