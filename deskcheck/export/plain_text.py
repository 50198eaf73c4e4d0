"""Plain-text views of the desk for the command line. Outside text goes through
``make_visible`` so that a claim can never write escape sequences to the terminal."""

from __future__ import annotations

from typing import TYPE_CHECKING

from deskcheck.analysis.score_words import scores_in_words
from deskcheck.domain.lines import first_line
from deskcheck.domain.repeat_words import earlier_check, lead_verdicts
from deskcheck.domain.untrusted import HIDDEN_TEXT_WARNING, has_bidi_or_hidden, make_visible
from deskcheck.domain.vocabulary import CREDIBILITY_MEANING, MARK_MEANING, RELIABILITY_MEANING

if TYPE_CHECKING:
    from deskcheck.analysis.claim_analysis import Analysis
    from deskcheck.data import Desk
    from deskcheck.domain.models import ClaimRecord, RepeatLink


def _v(text: str | None) -> str:
    return make_visible(text or "")


def _indent(text: str, prefix: str) -> str:
    return "\n".join(prefix + line for line in text.splitlines() or [""])


def grade_words(reliability: str, credibility: int) -> str:
    return (
        f"{reliability}{credibility} (source {RELIABILITY_MEANING[reliability]};"
        f" information {CREDIBILITY_MEANING[credibility]})"
    )


def analysis_text(analysis: Analysis) -> list[str]:
    lines = ["", "Analysis", f"  {analysis.matrix.summary}"]
    for label, standing, words in scores_in_words(analysis.matrix):
        lines.append(f"  {_v(label)}: {standing + ' · ' if standing else ''}{words}")
    linchpins = [c for c in analysis.matrix.evidence if c.linchpin]
    for column in linchpins:
        lines.append(
            f"  linchpin (without it another interpretation would lead):"
            f" #{column.evidence_id} {_v(column.title)}"
        )
    lines.append(
        f"  independent roots (sources of the evidence that do not go back to one another):"
        f" {analysis.sources.independent_roots}"
    )
    return lines


def repeat_words(repeat: RepeatLink, leads: frozenset[str] = frozenset({"lead"})) -> str:
    """One line: what this claim repeats, what that one concluded (a lead is "treated as a
    lead", not decided), who linked them."""
    linked = f"linked by {_v(repeat.linked_by)} {repeat.linked_at[:10]}"
    if repeat.of_claim is not None:
        said = earlier_check(_v(repeat.verdict), repeat.dated, lead=repeat.verdict in leads)
        return f"repeat of claim {repeat.of_claim} ({said}); {linked}"
    rated = f"rated {_v(repeat.verdict)}" if repeat.verdict else "no rating given"
    dated = f", {repeat.dated[:10]}" if repeat.dated else ""
    where = f" {_v(repeat.url)}" if repeat.url else ""
    return (
        f"repeat of a fact-check published by {_v(repeat.publisher or '?')}"
        f" ({rated}{dated}){where}; {linked}"
    )


def claim_text(record: ClaimRecord, desk: Desk, analysis: Analysis | None = None) -> str:
    lines: list[str] = []
    add = lines.append
    status = record.status.replace("_", " ")
    add(f"Claim {record.id} · {status} · P{record.priority} · received {record.received_at}")
    add(_indent(_v(record.text), "  "))
    if record.context:
        add("  context (what the item said):")
        add(_indent(_v(record.context), "    "))
    latest = record.latest_version
    if latest is not None:  # the claim keeps its wording; the source's change is told
        count = len(record.versions)
        add(
            f"  ! the source changed this item since intake: {count} later"
            f" version{'' if count == 1 else 's'}; the latest, seen {latest.seen_at}:"
        )
        add(_indent(_v(latest.text), "    "))
    if record.published_at:
        add(f"  published: {record.published_at}")
    if record.origin_url:
        add(f"  origin: {_v(record.origin_url)}")
    details = []
    if record.tags:
        details.append("tags: " + ", ".join(_v(t) for t in record.tags))
    if record.assignee:
        details.append(f"assignee: {_v(record.assignee)}")
    if record.due_at:
        details.append(f"due: {record.due_at}")
    if details:
        add("  " + "   ".join(details))
    warnings = list(analysis.warnings if analysis else record.warnings)
    if has_bidi_or_hidden(record.text):
        warnings.append(HIDDEN_TEXT_WARNING)
    for warning in warnings:
        add(f"  ! {warning}")
    leads = lead_verdicts(desk.verdict_scale()) if record.repeats else frozenset()
    for repeat in record.repeats:
        add(f"  {repeat_words(repeat, leads)}")
        add(_indent(_v(repeat.text), "    "))

    add("")
    add("Custody chain (origin first)")
    for hop in record.custody:
        add(
            f"  {hop.position}. {_v(hop.actor)} — {hop.kind.replace('_', ' ')} —"
            f" {grade_words(hop.reliability, hop.credibility)}"
        )
        if hop.url:
            add(f"     {_v(hop.url)}")
        if hop.note:
            add(_indent(_v(hop.note), "     "))
    if not record.custody:
        add("  (none recorded)")

    labels = {i.id: _v(i.label) for i in record.interpretations}
    add("")
    add("Interpretations")
    for item in record.interpretations:
        catch_all = " (catch-all)" if item.catch_all else ""
        add(f"  [{item.position}] {labels[item.id]}{catch_all}: {_v(item.statement)}")
        for implication in item.implication_list:
            add(f"      - {_v(implication)}")

    add("")
    add("Evidence")
    for evidence in record.evidence:
        add(
            f"  #{evidence.id} {_v(evidence.title)} ({evidence.kind},"
            f" {evidence.grade}, link: {_v(evidence.link_words)})"
        )
        if evidence.url:
            add(f"     {_v(evidence.url)}")
        for assessment in evidence.assessments:
            mark = assessment.mark
            add(
                f"     {labels.get(assessment.interpretation_id, '?')}: {mark}"
                f" ({MARK_MEANING[mark]}) — {_v(assessment.reason)}"
            )
        if evidence.snapshots:
            last = evidence.snapshots[-1]
            digest = (last.sha256 or "")[:12]
            answer = f"HTTP {last.http_status}" if last.http_status else "no answer"
            add(
                f"     last snapshot {last.fetched_at}: {answer}"
                + (f" sha256 {digest}" * bool(digest))
            )
            if last.error:
                add(f"     last fetch: {_v(last.error)}")

    if analysis is not None:
        lines.extend(analysis_text(analysis))

    add("")
    add("Evidence wanted")
    for wanted in record.evidence_wanted:
        add(f"  - {_v(wanted.description)} [{wanted.state}]")
        if wanted.would_settle:
            add(_indent(_v(wanted.would_settle), "    "))
    if not record.evidence_wanted:
        add("  (none)")

    add("")
    add("Decisions (newest first)")
    for decision in record.decisions:
        add(
            f"  {decision.decided_at} {_v(decision.verdict)} ({decision.confidence} confidence)"
            f" by {_v(decision.reviewer)}{_v(decision.origin)}"
        )
        newest = decision is record.latest_decision
        if newest and decision.confirms_decision_id and record.confirmation is None:
            add("    confirmed on another desk: the two-person rule here does not count it")
        add(_indent(_v(decision.rationale), "    "))
    if not record.decisions:
        add("  (no decision yet)")

    if record.revision_notes:
        add("")
        add("Revision notes (newest first)")
        for note in record.revision_notes:
            change = (
                f", verdict {_v(note.verdict_before or 'none')}"
                f" → {_v(note.verdict_after or 'none')}"
                if note.verdict_changed
                else ""
            )
            add(f"  {note.written_at} {note.kind}{change} by {_v(note.author)}")
            if note.what_was_wrong:
                add(_indent("was: " + _v(note.what_was_wrong), "    "))
            add(_indent("now: " + _v(note.what_is_right), "    "))

    add("")
    add("Revision triggers")
    for trigger in record.triggers:
        watch = f" (watching {_v(trigger.url)})" if trigger.url else ""
        add(f"  [{trigger.state}] {_v(trigger.condition)}{watch}")
        if trigger.fired_at:
            add(f"     fired {trigger.fired_at}: {_v(trigger.fired_reason)}")
    if not record.triggers:
        add("  (none)")
    if record.comments:
        add("")
        add("Discussion (oldest first)")
        for remark in record.comments:
            add(f"  {remark.written_at} {_v(remark.reviewer)}")
            add(_indent(_v(remark.body), "    "))
    return "\n".join(lines)


def desk_summary(desk: Desk) -> str:
    counts = desk.counts_by_status()
    lines = [
        f"Desk {desk.path} · reviewer {make_visible(desk.reviewer)}",
        "  " + "  ".join(f"{status.replace('_', ' ')} {n}" for status, n in counts.items()),
        "",
    ]
    for row in desk.queue_page(limit=20):
        first = make_visible(first_line(row.text or ""))
        warning = "!" if row.custody_warning else " "
        lines.append(
            f"{row.id:>6} {row.status.replace('_', ' '):<12} P{row.priority}"
            f" {_v(row.verdict or '—'):<11}{warning} {'Δ ' * bool(row.source_versions)}{first[:80]}"
        )
    lines += ["", "`deskcheck show CLAIM` prints a claim; `deskcheck --help` lists the commands."]
    return "\n".join(lines)
