"""The Markdown desk note: the desk's own account of a claim, with its provenance.

An internal record for the newsroom (the page for readers is ``export/published.py``): every
interpretation with its standing, one evidence table with a mark per interpretation, the
decision history, and the provenance of every evidence item. Deterministic: the same desk
gives the same bytes (no export time, stable order). Outside text is written through
``markdown_text`` (escaped only where Markdown would read markup).

The note is a sequence of sections (``SECTIONS``), each a function of the ``NoteParts``;
a new section is one more function in that tuple.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from deskcheck.analysis.claim_analysis import Analysis
from deskcheck.domain.models import ClaimRecord, Evidence, Snapshot, Verdict
from deskcheck.domain.repeat_words import lead_verdicts
from deskcheck.domain.vocabulary import CREDIBILITY_MEANING, MARK_MEANING, RELIABILITY_MEANING
from deskcheck.export.markdown_text import link, link_cell, md, md_cell, md_line

AGAINST = ("I", "II")


def sentence(text: str | None) -> str:
    """Outside text as a sentence: one that ends without a stop gets a full stop, so the
    sentence after it does not run on ("on the record The desk watches")."""
    text = (text or "").rstrip()
    return text if not text or text[-1] in ".!?…" else text + "."


def day(timestamp: str | None) -> str:
    return (timestamp or "")[:10]


def when(timestamp: str | None) -> str:
    """A desk time as people read it: ``2026-06-20 09:11 UTC``."""
    text = (timestamp or "").replace("T", " ").removesuffix("Z")
    return f"{text[:16]} UTC" if text else ""


def grade_words(reliability: str, credibility: int) -> str:
    return (
        f"{reliability}{credibility}: source {RELIABILITY_MEANING[reliability]},"
        f" information {CREDIBILITY_MEANING[credibility]}"
    )


@dataclass(frozen=True)
class NoteParts:
    record: ClaimRecord
    analysis: Analysis
    labels: dict[str, str]  # verdict name → its label on this desk's scale
    leads: frozenset[str] = frozenset({"lead"})  # the verdicts that keep a claim a lead

    def verdict_label(self, name: str | None) -> str:
        return self.labels.get(name or "", name or "no decision yet")


def header(parts: NoteParts) -> list[str]:
    record, latest = parts.record, parts.record.latest_decision
    lines = [f"# Desk note: claim {record.id}", "", "> " + md(record.text).replace("\n", "\n> ")]
    lines += [
        "",
        f"- **Status:** {record.status.replace('_', ' ')}",
        f"- **Verdict:** {md(parts.verdict_label(record.verdict))}",
        f"- **Received:** {when(record.received_at)}",
    ]
    if record.published_at:
        lines.append(f"- **Published:** {when(record.published_at)}")
    if record.context:
        lines.append(f"- **Context (what the item said):** {md(' '.join(record.context.split()))}")
    if record.origin_url:
        lines.append(f"- **Seen at:** {link(record.origin_url)}")
    if record.assignee:
        lines.append(f"- **Assigned to:** {md(record.assignee)}")
    if latest:
        lines += [
            "",
            f"**Latest decision** ({day(latest.decided_at)}, {md(latest.reviewer)},"
            f" {latest.confidence} confidence): {md(latest.rationale)}",
        ]
    return lines


def already_checked(parts: NoteParts) -> list[str]:
    """What the reviewers linked this claim to as a repeat, and what that one concluded."""
    if not parts.record.repeats:
        return []
    lines = ["## Already checked", ""]
    for repeat in parts.record.repeats:
        linked = f"linked by {md(repeat.linked_by)}, {day(repeat.linked_at)}"
        if repeat.of_claim is not None:
            if not repeat.verdict:
                verdict = "no decision yet"
            elif repeat.verdict in parts.leads:  # a lead is not a decision of fact
                verdict = f"treated as a lead {day(repeat.dated)}, not decided yet"
            else:
                verdict = (
                    f"verdict **{md(parts.verdict_label(repeat.verdict))}**,"
                    f" decided {day(repeat.dated)}"
                )
            lines.append(
                f"- Repeats claim {repeat.of_claim} ({verdict}; {linked}):"
                f" {md(' '.join(repeat.text.split()))}"
            )
            continue
        rated = f"rated **{md(repeat.verdict)}**" if repeat.verdict else "no rating given"
        dated = f", {day(repeat.dated)}" if repeat.dated else ""
        where = f" {link(repeat.url)}" if repeat.url else ""
        lines.append(
            f"- Repeats a fact-check published by {md(repeat.publisher or '?')} ({rated}{dated};"
            f" {linked}){where}: {md(' '.join(repeat.text.split()))}"
        )
    return lines


def custody(parts: NoteParts) -> list[str]:
    lines = ["## Custody chain", ""]
    for hop in parts.record.custody:
        seen = f" {link(hop.url)}" if hop.url else ""
        line = (
            f"{hop.position}. {md(hop.actor)} ({hop.kind.replace('_', ' ')};"
            f" {grade_words(hop.reliability, hop.credibility)}).{seen}"
        )
        lines.append(line + (f" {md(hop.note)}" if hop.note else ""))
    if not parts.record.custody:
        lines.append("No custody recorded.")
    for warning in parts.analysis.warnings:
        lines += ["", f"> **Warning:** {md(warning)}"]
    return lines


def standing(parts: NoteParts, interpretation_id: int) -> str:
    score = next(
        s for s in parts.analysis.matrix.scores if s.interpretation_id == interpretation_id
    )
    if score.eliminated:
        return " (eliminated)"
    if score.leads and not parts.analysis.matrix.none_eliminated:
        return " (leads)"
    return ""


def interpretations(parts: NoteParts) -> list[str]:
    record = parts.record
    lines = ["## Interpretations"]
    for item in record.interpretations:
        lines += [
            "",
            f"### {md_line(item.label)}{standing(parts, item.id)}",
            "",
            md(item.statement),
        ]
        if item.implication_list:
            lines += ["", "If this interpretation is right:", ""]
            lines += [f"- {md(implication)}" for implication in item.implication_list]
        marks = [e.mark_for(item.id) for e in record.evidence]
        against = sum(1 for m in marks if m in AGAINST)
        rated = sum(1 for m in marks if m)
        lines += [
            "",
            f"Evidence against it: {f'{against} items' if against > 1 else against or 'none'}"
            f" ({rated} of {len(record.evidence)} evidence items rated).",
        ]
    lines += ["", f"**Analysis:** {md(parts.analysis.matrix.summary)}"]
    return lines


def _reasons(parts: NoteParts, evidence: Evidence) -> list[str]:
    """One line per interpretation the item was rated against, in the interpretations' order."""
    lines = []
    for item in parts.record.interpretations:
        assessment = next((a for a in evidence.assessments if a.interpretation_id == item.id), None)
        if assessment is None:
            continue
        reason = f" {md(assessment.reason)}" if assessment.reason else ""
        lines.append(
            f"  - {md_line(item.label)}: **{assessment.mark}**"
            f" ({MARK_MEANING[assessment.mark]}).{reason}"
        )
    return lines


def evidence_table(parts: NoteParts) -> list[str]:
    record = parts.record
    lines = ["## Evidence", ""]
    if not record.evidence:
        return [*lines, "No evidence recorded."]
    items = record.interpretations
    lines.append(
        "| # | Evidence | Grade | " + " | ".join(md_cell(i.label) for i in items) + " | Link |"
    )
    lines.append("| --- | --- | --- | " + " | ".join("---" for _ in items) + " | --- |")
    for evidence in record.evidence:
        marks = " | ".join(evidence.mark_for(i.id) or "·" for i in items)
        where = link_cell(evidence.url) if evidence.url else "no URL"
        lines.append(
            f"| {evidence.id} | {md_cell(evidence.title)} ({evidence.kind}) | {evidence.grade}"
            f" | {marks} | {where} |"
        )
    legend = ", ".join(f"{mark} {meaning}" for mark, meaning in MARK_MEANING.items())
    lines += ["", f"Marks: {legend}; · not yet rated.", ""]
    for evidence in record.evidence:
        grade = grade_words(evidence.reliability, evidence.credibility)
        lines.append(f"- **{evidence.id}.** {md(evidence.title)} ({grade})")
        lines += _reasons(parts, evidence)
    return lines


def evidence_wanted(parts: NoteParts) -> list[str]:
    lines = ["## Evidence wanted", ""]
    for wanted in parts.record.evidence_wanted:
        line = f"- {md(wanted.description)} ({wanted.state})"
        lines.append(line + (f": {md(wanted.would_settle)}" if wanted.would_settle else ""))
    if not parts.record.evidence_wanted:
        lines.append("None recorded.")
    return lines


def decision_history(parts: NoteParts) -> list[str]:
    lines = ["## Decision history", ""]
    for decision in parts.record.decisions:
        confirms = " (confirms the decision before it)" if decision.confirms_decision_id else ""
        lines.append(
            f"- {when(decision.decided_at)}: **{md(parts.verdict_label(decision.verdict))}**"
            f" by {md(decision.reviewer)} ({decision.confidence} confidence){confirms}."
            f" {md(decision.rationale)}"
        )
    if not parts.record.decisions:
        lines.append("No decision yet.")
    return lines


def revision_notes(parts: NoteParts) -> list[str]:
    if not parts.record.revision_notes:
        return []
    lines = ["## Revision notes", ""]
    for note in parts.record.revision_notes:
        change = (
            f" Verdict changed from {md(parts.verdict_label(note.verdict_before))}"
            f" to {md(parts.verdict_label(note.verdict_after))}."
            if note.verdict_changed
            else ""
        )
        was = f" What was wrong: {md(note.what_was_wrong)}" if note.what_was_wrong else ""
        shown = "public: on the published page" if note.public else "internal"
        lines.append(
            f"- **{note.kind.capitalize()}** ({shown}; {day(note.written_at)}, {md(note.author)}):"
            f"{was} What is right: {md(note.what_is_right)}{change}"
        )
    return lines


def revision_triggers(parts: NoteParts) -> list[str]:
    open_triggers = [t for t in parts.record.triggers if t.state in ("armed", "fired")]
    if not open_triggers:
        return []
    lines = ["## This note will be revised if", ""]
    for trigger in open_triggers:
        watch = f" The desk watches {link(trigger.url)}." if trigger.url else ""
        fired = (
            f" Happened on {day(trigger.fired_at)}: {md(sentence(trigger.fired_reason))}"
            if trigger.fired_at
            else ""
        )
        lines.append(f"- {md(sentence(trigger.condition))}{watch}{fired}")
    return lines


def discussion(parts: NoteParts) -> list[str]:
    if not parts.record.comments:
        return []
    return [
        "## Discussion",
        "",
        *(
            f"- {md(remark.reviewer)}, {when(remark.written_at)}: {md(remark.body)}"
            for remark in parts.record.comments
        ),
    ]


def succeeded(snapshot: Snapshot) -> bool:
    return snapshot.http_status is not None and snapshot.http_status < 400 and bool(snapshot.sha256)


def last_good(evidence: Evidence) -> Snapshot | None:
    good = [s for s in evidence.snapshots if succeeded(s)]
    return max(good, key=lambda s: (s.fetched_at, s.id)) if good else None


def provenance(parts: NoteParts) -> list[str]:
    record = parts.record
    lines = [
        "## Provenance",
        "",
        "| Source | URL | first seen | last successful snapshot | HTTP | SHA-256 |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    if record.origin_url:
        seen = when(record.received_at)
        lines.append(
            f"| the claim, as received | {link_cell(record.origin_url)} | {seen} | — | — | — |"
        )
    for evidence in record.evidence:
        good = last_good(evidence)
        snapshot = "no snapshot"
        status = digest = "—"
        if good is not None:
            snapshot, status, digest = when(good.fetched_at), str(good.http_status), ""
            digest = f"`{(good.sha256 or '')[:12]}`"
        latest = max(evidence.snapshots, key=lambda s: (s.fetched_at, s.id), default=None)
        if latest is not None and not succeeded(latest):
            failure = f"HTTP {latest.http_status}" if latest.http_status else "no answer"
            snapshot += f" (last try {day(latest.fetched_at)}: {failure})"
        where = link_cell(evidence.url) if evidence.url else "no URL"
        lines.append(
            f"| {evidence.id}. {md_cell(evidence.title)} | {where} | {when(evidence.added_at)}"
            f" | {snapshot} | {status} | {digest} |"
        )
    return lines


Section = Callable[[NoteParts], list[str]]
SECTIONS: tuple[Section, ...] = (
    header,
    already_checked,
    custody,
    interpretations,
    evidence_table,
    evidence_wanted,
    decision_history,
    revision_notes,
    revision_triggers,
    discussion,
    provenance,
)


def desk_note(record: ClaimRecord, analysis: Analysis, verdicts: list[Verdict]) -> str:
    parts = NoteParts(
        record, analysis, {v.name: v.label for v in verdicts}, lead_verdicts(verdicts)
    )
    out: list[str] = []
    for section in SECTIONS:
        lines = section(parts)
        if lines:
            out += [*([""] if out else []), *lines]
    return "\n".join(out) + "\n"
