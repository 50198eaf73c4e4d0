"""The selected evidence item: title, URL, excerpt, grade, snapshot state, and its marks."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from deskcheck.domain.models import CustodyHop, Evidence, Interpretation
from deskcheck.domain.vocabulary import CREDIBILITY_MEANING, MARK_MEANING, RELIABILITY_MEANING
from deskcheck.ui.safe import safe


def snapshot_lines(evidence: Evidence) -> list[Content]:
    if not evidence.snapshots:
        return [Content.styled("No snapshot yet.", "dim")]
    last = evidence.snapshots[-1]
    status = f"HTTP {last.http_status}" if last.http_status else "no response"
    digest = (last.sha256 or "")[:12]
    lines = [
        Content.assemble(
            ("Snapshot ", "bold"),
            f"{last.fetched_at} · {status} · sha256 {digest}…",
            f" · {len(evidence.snapshots)} in all",
        ),
        Content.assemble("Link: ", safe(evidence.link_words, "bold")),
    ]
    if last.error:
        lines.append(Content.assemble(("Error: ", "$error"), safe(last.error)))
    if last.title:
        lines.append(Content.assemble("Page title: ", safe(last.title)))
    return lines


def hop_notes(custody: tuple[CustodyHop, ...]) -> list[Content]:
    """The custody chain in full: each hop's grade in words, and its note."""
    if not custody:
        return []
    lines = [Content(""), Content.styled("Custody chain", "bold")]
    for hop in custody:
        grade = (
            f" {hop.grade} (source {RELIABILITY_MEANING[hop.reliability]};"
            f" information {CREDIBILITY_MEANING[hop.credibility]})"
        )
        line = Content.assemble((f"{hop.position} ", "dim"), safe(hop.actor, "bold"), grade)
        if hop.note.strip():
            line = Content.assemble(line, ": ", safe(hop.note, "italic"))
        lines.append(line)
    return lines


class EvidenceDetail(Static):
    def show(
        self,
        evidence: Evidence | None,
        interpretations: tuple[Interpretation, ...],
        custody: tuple[CustodyHop, ...] = (),
    ) -> None:
        if evidence is None:
            lines = [Content.styled("Select evidence in a column (tab, j/k).", "dim")]
            self.update(Content("\n").join(lines + hop_notes(custody)))
            return
        grade = Content.assemble(
            ("Grade ", "bold"),
            (evidence.grade, "bold"),
            f" (source {RELIABILITY_MEANING[evidence.reliability]}; information"
            f" {CREDIBILITY_MEANING[evidence.credibility]}) · {evidence.kind}",
        )
        lines = [safe(evidence.title, "bold")]
        if evidence.url:
            lines.append(safe(evidence.url, "underline"))
        lines += [grade, Content("")]
        if evidence.excerpt:
            lines += [safe(evidence.excerpt), Content("")]
        lines += snapshot_lines(evidence)
        lines.append(Content(""))
        for interpretation in interpretations:
            found = [a for a in evidence.assessments if a.interpretation_id == interpretation.id]
            mark = found[0].mark if found else None
            words = f"{mark} {MARK_MEANING[mark]}" if mark else "not rated"
            line = Content.assemble(safe(interpretation.label, "bold"), f": {words}")
            if found and found[0].reason:
                line = Content.assemble(line, " — ", safe(found[0].reason, "italic"))
            lines.append(line)
        lines.append(Content.styled("v: full text · z: zoom this pane", "dim"))
        self.update(Content("\n").join(lines + hop_notes(custody)))
