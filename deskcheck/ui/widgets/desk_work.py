"""The claim's desk work under its decisions: who has it, by when, and what was done and
said (assignments, priority, status moves with their reasons, tags, due times, comments),
newest first."""

from __future__ import annotations

from datetime import datetime

from textual.content import Content

from deskcheck.domain.due import is_overdue
from deskcheck.domain.models import Activity, ClaimRecord
from deskcheck.ui.safe import safe

SHOWN = 30  # the newest lines; the rest is in `deskcheck show` and the event log


def owner_line(record: ClaimRecord, now: datetime) -> Content:
    parts: list[Content | str | tuple[str, str]] = ["Assigned to " if record.assignee else ""]
    parts.append(safe(record.assignee, "bold") if record.assignee else ("Unassigned", "dim"))
    if record.due_at:
        late = is_overdue(record.due_at, now) and record.status not in (
            "decided",
            "lead",
            "dropped",
        )
        due = f" · due {record.due_at[:16].replace('T', ' ')} UTC"
        parts.append((due + (" · OVERDUE" if late else ""), "bold $warning" if late else ""))
    return Content.assemble(*parts)


def activity_content(record: ClaimRecord, activity: tuple[Activity, ...], now: datetime) -> Content:
    lines = [Content.styled("Desk work and discussion", "bold"), owner_line(record, now)]
    for item in activity[:SHOWN]:
        style = "italic" if item.kind == "comment.added" else ""
        lines.append(
            Content.assemble(
                (f"{item.at[:16].replace('T', ' ')} · ", "dim"),
                safe(item.actor, "bold"),
                " ",
                safe(item.what, style),
            )
        )
    if not activity:
        lines.append(Content.styled("Nothing yet (A assigns, C comments).", "dim"))
    elif len(activity) > SHOWN:
        lines.append(Content.styled(f"… {len(activity) - SHOWN} older", "dim"))
    return Content("\n").join(lines)
