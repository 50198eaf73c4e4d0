"""Shown when the reviewer quits: what the review session did."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import ModalScreen
from textual.widgets import Static

from deskcheck.domain.models import SessionSummary
from deskcheck.ui.keys import bindings
from deskcheck.ui.safe import safe

ACT_WORDS = {
    # event kind: how the summary names it (kinds not listed are counted as "other acts")
    "claim.added": "claims added",
    "claim.edited": "claims edited",
    "claim.tagged": "claims tagged",
    "interpretation.added": "interpretations added",
    "interpretations.edited": "interpretations edited",
    "custody.added": "custody hops added",
    "evidence.added": "evidence items added",
    "evidence.edited": "evidence items edited",
    "evidence.checked": "links checked",
    "snapshot.added": "snapshots taken",
    "snapshot.failed": "fetches that failed",  # stored with their reason, no page taken
    "assessment.added": "marks given",
    "assessment.changed": "marks changed",
    "evidence_wanted.added": "evidence wanted",
    "trigger.armed": "triggers armed",
    "decision.confirmed": "decisions confirmed",
    "ingest.finished": "ingests run",
}
NOT_COUNTED = {"decision.recorded", "revision_note.added", "claim.verdict_set"}  # said above


def summary_text(summary: SessionSummary, minutes: int, reviewer: str) -> str:
    hours, mins = divmod(minutes, 60)
    decided = sum(summary.decisions_by_verdict.values())
    touched = summary.claims_touched
    which = f"claim{'s' if len(touched) > 1 else ''} {', '.join(map(str, touched))}"
    lines = [
        f"Review session of {reviewer}: {hours}:{mins:02d} spent",
        f"Claims touched: {len(touched)}" + (f" ({which})" if touched else ""),
        f"Decisions: {decided}"
        + (
            " ("
            + ", ".join(f"{v} {n}" for v, n in sorted(summary.decisions_by_verdict.items()))
            + ")"
            if decided
            else ""
        ),
        f"Revision notes: {summary.revision_notes}",
    ]
    other = 0
    for kind, count in sorted(summary.acts.items()):
        if kind in NOT_COUNTED:
            continue
        words = ACT_WORDS.get(kind)
        if words is None:
            other += count
        else:
            lines.append(f"{words[0].upper()}{words[1:]}: {count}")
    if other:
        lines.append(f"Other acts: {other}")
    return "\n".join(lines)


class SessionSummaryScreen(ModalScreen[None]):
    BINDINGS = bindings("summary-dialog")

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield Static(safe(self.text + "\n\nenter: leave the desk"), classes="summary")

    def action_close(self) -> None:
        self.dismiss(None)
