"""The bottom of the claim desk: decisions (newest first), revision notes, triggers."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from deskcheck.domain.models import ClaimRecord, EvidenceWanted
from deskcheck.domain.untrusted import make_visible
from deskcheck.ui.safe import safe

TRIGGER_STYLE = {
    "armed": "$accent",
    "fired": "bold $warning",
    "expired": "dim",
    "retired": "dim",
    "disarmed": "dim",
}


def decisions_content(record: ClaimRecord) -> Content:
    lines = [Content.styled("Decisions", "bold")]
    latest = record.latest_decision
    for decision in record.decisions:
        lines.append(
            Content.assemble(
                safe(decision.verdict, "bold"),
                f" · {decision.confidence} · {decision.decided_at[:16].replace('T', ' ')} · ",
                safe(decision.reviewer),
                safe(decision.origin, "dim"),
            )
        )
        uncounted = decision is latest and record.confirmation is None
        if decision.confirms_decision_id and uncounted:
            lines.append(
                Content.styled(
                    "confirmed on another desk: not counted here (y confirms)", "$warning"
                )
            )
        elif decision.confirms_decision_id:
            lines.append(Content.styled("confirms the decision for publication", "$success"))
        elif decision.for_publication and decision is latest:
            lines.append(
                Content.styled("✋ for publication: waits for a second reviewer (y)", "$warning")
            )
        lines.append(safe(decision.rationale, "italic"))
    if not record.decisions:
        lines.append(Content.styled("No decision yet (d records one).", "dim"))
    return Content("\n").join(lines)


def notes_content(record: ClaimRecord) -> Content:
    lines = [Content.styled("Revision notes", "bold")]
    for note in record.revision_notes:
        change = (
            f" · verdict {make_visible(note.verdict_before or 'none')}"
            f" → {make_visible(note.verdict_after or 'none')}"
            if note.verdict_changed
            else ""
        )
        lines.append(
            Content.assemble(
                (note.kind, "bold"),
                f"{change} · {note.written_at[:10]} · ",
                safe(note.author),
            )
        )
        if note.what_was_wrong:
            lines.append(Content.assemble(("was: ", "dim"), safe(note.what_was_wrong)))
        lines.append(Content.assemble(("now: ", "dim"), safe(note.what_is_right)))
    if not record.revision_notes:
        lines.append(Content.styled("None (r writes one).", "dim"))
    return Content("\n").join(lines)


def triggers_content(record: ClaimRecord) -> Content:
    lines = [Content.styled("Revision triggers", "bold")]
    for trigger in record.triggers:
        line = Content.assemble(
            (f"[{trigger.state}] ", TRIGGER_STYLE[trigger.state]), safe(trigger.condition)
        )
        if trigger.url:
            line = Content.assemble(line, (" watching ", "dim"), safe(trigger.url, "underline"))
        lines.append(line)
        if trigger.state_reason and trigger.state in ("retired", "disarmed"):
            lines.append(
                Content.assemble((f"{trigger.state}: ", "dim"), safe(trigger.state_reason))
            )
        if trigger.fired_at:
            lines.append(
                Content.assemble(
                    (f"fired {trigger.fired_at[:16].replace('T', ' ')}: ", "$warning"),
                    safe(trigger.fired_reason),
                )
            )
    if not record.triggers:
        lines.append(Content.styled("None (t sets one).", "dim"))
    return Content("\n").join(lines)


def _settled(wanted: EvidenceWanted) -> Content:
    """How an evidence-wanted item was settled: the evidence that did, or why it was dropped."""
    if wanted.state == "obtained" and wanted.evidence_id:
        return Content.styled(f" → evidence #{wanted.evidence_id}", "$success")
    if wanted.state == "abandoned" and wanted.closed_reason:
        return Content.assemble((" dropped: ", "dim"), safe(wanted.closed_reason, "dim"))
    return Content("")


def wanted_content(wanted: tuple[EvidenceWanted, ...]) -> Content:
    if not wanted:
        return Content.styled("Evidence wanted: none (w adds what would settle it)", "dim")
    items = [
        Content.assemble(
            ("• ", "$accent"), safe(w.description), (f" [{w.state}]", "dim"), _settled(w)
        )
        for w in wanted
    ]
    # the count first: a short terminal that cuts the strip still says how many there are
    heading = f"Evidence wanted ({len(wanted)})  "
    return Content.assemble((heading, "bold"), Content("   ").join(items))


class HistoryPanel(Static):
    """One of the three bottom panels; receives its content ready-made."""
