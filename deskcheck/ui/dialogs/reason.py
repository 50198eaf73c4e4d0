"""The optional one-line reason for an assessment mark (added after the mark, with `'`)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, Label, Static

from deskcheck.ui.dialogs.form_screen import FormScreen
from deskcheck.ui.safe import safe


class ReasonScreen(FormScreen[str]):
    TITLE_TEXT = "Reason for the mark"
    HINT = "{form.cancel}: cancel"

    def __init__(self, mark: str, meaning: str, evidence_title: str, interpretation: str) -> None:
        super().__init__()
        self.mark, self.meaning = mark, meaning
        self.evidence_title, self.interpretation = evidence_title, interpretation

    def fields(self) -> ComposeResult:
        yield Static(
            safe(
                f"{self.mark} ({self.meaning}): “{self.evidence_title}” against "
                f"“{self.interpretation}”"
            ),
            classes="form-claim",
        )
        yield Label("Why, in one line")
        yield Input(id="reason")

    def result(self) -> str:
        return self.value("reason")
