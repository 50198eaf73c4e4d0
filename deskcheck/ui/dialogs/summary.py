"""Shown when the reviewer quits: what the review session did."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Static

from deskcheck.domain.models import SessionSummary
from deskcheck.ui.safe import safe


def summary_text(summary: SessionSummary, minutes: int, reviewer: str) -> str:
    hours, mins = divmod(minutes, 60)
    decided = sum(summary.decisions_by_verdict.values())
    lines = [
        f"Review session of {reviewer}: {hours}:{mins:02d} spent",
        f"Claims touched: {len(summary.claims_touched)}"
        + (f" ({', '.join(map(str, summary.claims_touched))})" if summary.claims_touched else ""),
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
    return "\n".join(lines)


class SessionSummaryScreen(ModalScreen[None]):
    BINDINGS = [Binding("enter,q,escape", "close", "Leave")]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        yield Static(safe(self.text + "\n\nenter: leave the desk"), classes="summary")

    def action_close(self) -> None:
        self.dismiss(None)
