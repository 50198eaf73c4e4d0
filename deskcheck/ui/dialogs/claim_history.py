"""A claim's history: every change recorded on it, oldest first, each edit with what it
replaced (before → after). The lines come ready-made; outside text is shown, never read as
markup or escape sequences."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from deskcheck.ui.keys import bindings
from deskcheck.ui.safe import safe


class ClaimHistoryScreen(ModalScreen[None]):
    BINDINGS = bindings("history-dialog")

    def __init__(self, claim_id: int, lines: list[str]) -> None:
        super().__init__()
        self.claim_id = claim_id
        self.lines = lines

    def compose(self) -> ComposeResult:
        shown = [
            safe(line, "dim") if line.startswith("    ") else safe(line, "bold")
            for line in self.lines
        ] or [Content("Nothing recorded yet.")]
        with Vertical(classes="form", id="claim-history"):
            yield Static(f"History of claim {self.claim_id}", classes="form-title", markup=False)
            with VerticalScroll():
                yield Static(Content("\n").join(shown), id="history-lines")
            yield Static("escape: close", classes="form-hint", markup=False)

    def action_close(self) -> None:
        self.dismiss(None)
