"""A claim's history as sentences: "2026-07-03 18:29  ines rated evidence #10 on This week's
flood: II (strongly inconsistent)", each edit followed by what it replaced.

The same lines for the claim desk's `L` and `deskcheck history`; the event's kind is said
in words (``domain.event_kinds``), what it acted on is named from the event's row. The
lines are plain text: the screen and the terminal make them visible (``safe``,
``make_visible``) as they do everything that came from outside.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from deskcheck.domain.event_kinds import in_words
from deskcheck.domain.vocabulary import MARK_MEANING

Row = dict[str, Any]

TABLE_WORDS = {
    # a table as a reviewer names one of its rows
    "claims": "claim",
    "custody_hops": "custody hop",
    "interpretations": "interpretation",
    "evidence": "evidence",
    "evidence_wanted": "evidence wanted",
    "revision_triggers": "revision trigger",
    "assessments": "mark",
    "decisions": "decision",
    "revision_notes": "revision note",
}


def value_words(value: Any) -> str:
    """A field's value on one line: text as written (cut at 120 characters), none as
    "(none)"."""
    if value is None or value == "":
        return "(none)"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = " ".join(text.split())
    return text if len(text) <= 120 else text[:119] + "…"


def _quoted(text: Any) -> str:
    return f"“{value_words(text)}”"


def _mark(row: Row, labels: Mapping[int, str]) -> str:
    mark = str(row["mark"])
    meaning = f" ({MARK_MEANING[mark]})" if mark in MARK_MEANING else ""
    reading = labels.get(row["interpretation_id"], f"interpretation {row['interpretation_id']}")
    return f" #{row['evidence_id']} on {value_words(reading)}: {mark}{meaning}"


WHAT: dict[str, Callable[[Row, Mapping[int, str]], str]] = {
    # what an event acted on, said after its words
    "claim.added": lambda row, _: f": {_quoted(row['text'])}",
    "claim.tagged": lambda row, _: f": added {_quoted(row['tag'])}",
    "claim.tag_added": lambda row, _: f": added {_quoted(row['tag'])}",
    "comment.added": lambda row, _: f": {_quoted(row['body'])}",
    "custody.added": lambda row, _: (
        f": {value_words(row['actor'])} ({row['kind']}, grade"
        f" {row['reliability']}{row['credibility']})"
    ),
    "interpretation.added": lambda row, _: f": {value_words(row['label'])}",
    "evidence.added": lambda row, _: f": {value_words(row['title'])}",
    "assessment.added": _mark,
    "assessment.changed": _mark,
    "evidence_wanted.added": lambda row, _: f": {value_words(row['description'])}",
    "decision.recorded": lambda row, _: (
        f": {value_words(row['verdict'])} ({row['confidence']} confidence)"
    ),
    "revision_note.added": lambda row, _: f": {row['kind']}",
    "trigger.armed": lambda row, _: f": {value_words(row['condition'])}",
}


def event_sentence(event: Mapping[str, Any], labels: Mapping[int, str] | None = None) -> str:
    """Who did what, in words: "ines rated evidence #10 on This week's flood: II (strongly
    inconsistent)"; an event this version cannot read is said by its kind's words."""
    said = f"{event['actor']} {in_words(event['kind'])}"
    row = event["body"].get("row") if isinstance(event["body"], dict) else None
    what = WHAT.get(event["kind"])
    if what is None or not isinstance(row, dict):
        return said
    try:
        return said + what(row, labels or {})
    except (KeyError, TypeError):
        return said


def history_lines(
    events: list[dict[str, Any]], labels: Mapping[int, str] | None = None
) -> list[str]:
    """A claim's events as lines: when, then who did what (``event_sentence``); an edit
    with each changed field's before and after, so what was replaced stays in sight.
    ``labels``: the claim's interpretations by id, to name what a mark was against."""
    lines: list[str] = []
    for event in events:
        when = event["at"].replace("T", " ").rstrip("Z")[:16]
        lines.append(f"{when}  {event_sentence(event, labels)}")
        body = event["body"]
        updates = body.get("updates") or (
            [{"id": body.get("id"), "before": body["before"], "after": body["after"]}]
            if "after" in body and "before" in body
            else []
        )
        for update in updates:
            table = str(body.get("table", ""))
            what = TABLE_WORDS.get(table, table.replace("_", " "))
            for column, after in update["after"].items():
                if column in ("updated_at",):
                    continue
                before = update["before"].get(column)
                if before == after:
                    continue  # a form saves every field: only a change is news
                lines.append(
                    f"    {what} {update['id']} {column.replace('_', ' ')}:"
                    f" {value_words(before)} → {value_words(after)}"
                )
    return lines
