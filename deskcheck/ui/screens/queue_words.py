"""The queue in words: its filters for the status line, why `n` stopped at a claim, where a
search matched, and an unforeseen error in one line."""

from __future__ import annotations

from datetime import datetime

from textual.content import Content

from deskcheck.data.read_api import HIT_END, HIT_START, QueueQuery
from deskcheck.domain.models import QueueRow
from deskcheck.ui.messages import SnippetFound
from deskcheck.ui.safe import safe
from deskcheck.ui.widgets.claim_table import overdue


def failure(what: str, error: BaseException) -> str:
    """One line for the screen about an error nobody foresaw; the traceback goes to the log."""
    from deskcheck.work.errorlog import log_exception

    path = log_exception(error, what)
    return f"{what} failed: {type(error).__name__}: {error} (details in {path})"


def describe(query: QueueQuery, feed_title: str | None = None) -> str:
    """The queue's filters in words, for the status line (the feed by its title, when the
    reviewer chose it in the feeds view)."""
    parts = []
    if query.search:
        parts.append(f"search “{query.search}”")
    if query.statuses:
        parts.append("status: " + ", ".join(s.replace("_", " ") for s in query.statuses))
    if query.verdicts:
        parts.append("verdict: " + ", ".join(query.verdicts))
    if query.tag:
        parts.append(f"tag: {query.tag}")
    if query.assignee:
        parts.append(f"assignee: {query.assignee}")
    if query.mine:
        parts.insert(0, "mine")
    if query.unassigned:
        parts.insert(0, "unassigned")
    if query.feed is not None:
        parts.append(f"feed “{feed_title}”" if feed_title else f"feed {query.feed}")
    parts.append(f"sorted {query.sort}")
    return " · ".join(parts)


def snippet_content(found: SnippetFound) -> Content:
    """ "matched in a trigger: …the **memo** is…  · also in a decision", the outside text
    made visible."""
    parts: list[Content | tuple[str, str]] = [(f"matched in {found.where}: ", "dim")]
    for index, piece in enumerate(found.snippet.replace(HIT_END, HIT_START).split(HIT_START)):
        parts.append(safe(" ".join(piece.splitlines()), "bold reverse" if index % 2 else ""))
    if found.also:
        parts.append((f"  · also in {', '.join(found.also)}", "dim"))
    return Content.assemble(*parts)


def attention_reason(row: QueueRow, now: datetime) -> str:
    """Why `n` stopped at this claim: "claim 12: revision due, 2 triggers fired · P1"."""
    reasons = []
    if row.status == "revision_due":
        fired = row.fired_triggers
        reasons.append(
            f"revision due: {fired} trigger{'s' if fired != 1 else ''} fired"
            if fired
            else "revision due"
        )
    elif row.status == "new":
        reasons.append("new, not looked at yet")
    if row.verdict is None:
        reasons.append("no decision yet")
    if row.awaiting_confirmation:
        reasons.append("a decision waits for a second reviewer")
    if overdue(row, now):
        reasons.append(f"overdue (due {row.due_at})")
    return f"Claim {row.id}: {', '.join(reasons) or 'needs attention'} · P{row.priority}"
