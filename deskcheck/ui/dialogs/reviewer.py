"""Asked once, when no reviewer name is known: the name goes on every decision."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Input, Label

from deskcheck.ui.dialogs.form_screen import FormScreen


class ReviewerScreen(FormScreen[str]):
    TITLE_TEXT = "Who is reviewing?"
    HINT = "Your name goes on every decision and note. {form.cancel}: quit"

    def __init__(self, suggestion: str) -> None:
        super().__init__()
        self.suggestion = suggestion

    def fields(self):
        yield Label("Reviewer name (kept in your deskcheck config)")
        yield Input(self.suggestion, id="name")

    def result(self) -> str:
        return self.required("name", "a name")

    def compose(self) -> ComposeResult:
        yield from super().compose()
