"""The Markdown desk note: the desk's own account of a claim, with its provenance.

Deterministic: the same desk gives the same bytes (no export time, stable order). Outside
text is written as text: characters Markdown would read as markup are escaped, and control,
bidi and invisible characters are made visible, so a note cannot be made to say more than
its sources did.
"""

from __future__ import annotations

import re

from deskcheck.analysis.claim_analysis import Analysis
from deskcheck.domain.models import ClaimRecord, Snapshot, Verdict
from deskcheck.domain.untrusted import make_visible
from deskcheck.domain.vocabulary import CREDIBILITY_MEANING, MARK_MEANING, RELIABILITY_MEANING

MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def md(text: str | None) -> str:
    """Outside text as literal Markdown: visible controls, escaped markup characters."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", make_visible(text or "")).replace("\n", "  \n")


def link(url: str) -> str:
    """An autolink when the URL is plain; escaped text when it is not."""
    if re.fullmatch(r"https?://[^\s<>`]+", url) and url.isprintable():
        return f"<{url}>"
    return md(url)


def day(timestamp: str | None) -> str:
    return (timestamp or "")[:10]


def when(timestamp: str | None) -> str:
    return (timestamp or "").replace("T", " ").replace("Z", " UTC")


def desk_note(record: ClaimRecord, analysis: Analysis, verdicts: list[Verdict]) -> str:
    labels = {v.name: v.label for v in verdicts}
    latest = record.latest_decision
    out: list[str] = []
    add = out.append

    add(f"# Claim {record.id}: {md(record.text)}")
    add("")
    verdict = labels.get(record.verdict or "", record.verdict or "no decision yet")
    add(f"- **Status:** {record.status.replace('_', ' ')}")
    add(f"- **Verdict:** {md(verdict)}")
    add(f"- **Received:** {when(record.received_at)}")
    if record.published_at:
        add(f"- **Published:** {when(record.published_at)}")
    if record.context:
        add(f"- **Context (what the item said):** {md(' '.join(record.context.split()))}")
    if record.origin_url:
        add(f"- **Seen at:** {link(record.origin_url)}")
    if latest:
        add("")
        add(
            f"**Desk note ({day(latest.decided_at)}, {md(latest.reviewer)},"
            f" {latest.confidence} confidence):** {md(latest.rationale)}"
        )

    add("")
    add("## Custody chain")
    add("")
    for hop in record.custody:
        grade = (
            f"{hop.grade}: source {RELIABILITY_MEANING[hop.reliability]},"
            f" information {CREDIBILITY_MEANING[hop.credibility]}"
        )
        line = f"{hop.position}. {md(hop.actor)} ({hop.kind.replace('_', ' ')}; {grade})"
        if hop.note:
            line += f". {md(hop.note)}"
        add(line)
    if not record.custody:
        add("No custody recorded.")
    for warning in analysis.warnings:
        add("")
        add(f"> **Warning:** {md(warning)}")

    add("")
    add("## Interpretations")
    scores = {s.interpretation_id: s for s in analysis.matrix.scores}
    for item in record.interpretations:
        score = scores[item.id]
        state = ""
        if score.eliminated:
            state = " (eliminated)"
        elif score.leads and not analysis.matrix.none_eliminated:
            state = " (leads)"
        add("")
        add(f"### {md(item.label)}{state}")
        add("")
        add(md(item.statement))
        if item.implication_list:
            add("")
            add("If this interpretation is right:")
            add("")
            for implication in item.implication_list:
                add(f"- {md(implication)}")
        add("")
        add(
            f"Inconsistency score {score.inconsistency} (weighted {score.weighted:g});"
            f" {score.rated} of {score.rated + score.unrated} evidence items rated."
        )
        bearing = [(e, e.mark_for(item.id)) for e in record.evidence if e.mark_for(item.id)]
        if bearing:
            add("")
            for evidence, mark in bearing:
                reason = next(
                    a.reason for a in evidence.assessments if a.interpretation_id == item.id
                )
                add(
                    f"- **{mark}** ({MARK_MEANING[mark or '']}) {md(evidence.title)}"
                    + (f": {md(reason)}" if reason else "")
                )
    add("")
    add(f"**Analysis:** {md(analysis.matrix.summary)}")

    add("")
    add("## Evidence wanted")
    add("")
    for wanted in record.evidence_wanted:
        line = f"- {md(wanted.description)} ({wanted.state})"
        add(line + (f": {md(wanted.would_settle)}" if wanted.would_settle else ""))
    if not record.evidence_wanted:
        add("None recorded.")

    add("")
    add("## Decision history")
    add("")
    for decision in record.decisions:
        name = md(labels.get(decision.verdict, decision.verdict))
        add(
            f"- {when(decision.decided_at)}: **{name}** by {md(decision.reviewer)}"
            f" ({decision.confidence} confidence). {md(decision.rationale)}"
        )
    if not record.decisions:
        add("No decision yet.")

    if record.revision_notes:
        add("")
        add("## Revision notes")
        add("")
        for note in record.revision_notes:
            change = (
                f" Verdict changed from {note.verdict_before} to {note.verdict_after}."
                if note.verdict_changed
                else ""
            )
            was = f" What was wrong: {md(note.what_was_wrong)}" if note.what_was_wrong else ""
            add(
                f"- **{note.kind.capitalize()}** ({day(note.written_at)}, {md(note.author)}):"
                f"{was} What is right: {md(note.what_is_right)}{change}"
            )

    open_triggers = [t for t in record.triggers if t.state in ("armed", "fired")]
    if open_triggers:
        add("")
        add("## This note will be revised if")
        add("")
        for trigger in open_triggers:
            watch = f" (watching {link(trigger.url)})" if trigger.url else ""
            fired = (
                f"; fired {day(trigger.fired_at)}: {md(trigger.fired_reason)}"
                if trigger.fired_at
                else ""
            )
            add(f"- [{trigger.state}] {md(trigger.condition)}{watch}{fired}")

    add("")
    add("## Provenance")
    add("")
    add("| URL | first seen | last snapshot | HTTP | SHA-256 |")
    add("| --- | --- | --- | --- | --- |")
    for url, first_seen, snapshot in provenance(record):
        status = str(snapshot.http_status) if snapshot and snapshot.http_status else "—"
        digest = f"`{snapshot.sha256[:12]}`" if snapshot and snapshot.sha256 else "—"
        fetched = when(snapshot.fetched_at) if snapshot else "not fetched"
        add(f"| {link(url)} | {when(first_seen)} | {fetched} | {status} | {digest} |")
    add("")
    return "\n".join(out)


def provenance(record: ClaimRecord) -> list[tuple[str, str | None, Snapshot | None]]:
    """Every URL the note rests on, once, in the order the desk met it."""
    rows: dict[str, tuple[str | None, Snapshot | None]] = {}
    if record.origin_url:
        rows[record.origin_url] = (record.received_at, None)
    for hop in record.custody:
        if hop.url and hop.url not in rows:
            rows[hop.url] = (hop.seen_at or record.received_at, None)
    for evidence in record.evidence:
        if not evidence.url:
            continue
        last = evidence.snapshots[-1] if evidence.snapshots else None
        first_seen = rows.get(evidence.url, (evidence.added_at, None))[0]
        previous = rows.get(evidence.url, (None, None))[1]
        rows[evidence.url] = (first_seen, last or previous)
    for trigger in record.triggers:
        if trigger.url and trigger.url not in rows:
            rows[trigger.url] = (trigger.created_at, None)
    return [(url, seen, snap) for url, (seen, snap) in rows.items()]
