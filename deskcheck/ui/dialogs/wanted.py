"""Evidence wanted: what would settle the claim, not in hand yet."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.widgets import Input, Label

from deskcheck.ui.dialogs.form_screen import FormScreen


@dataclass(frozen=True)
class WantedForm:
    description: str
    would_settle: str

    @property
    def what(self) -> str:
        return "Evidence wanted added"


class WantedScreen(FormScreen[WantedForm]):
    TITLE_TEXT = "Evidence wanted"

    def fields(self) -> ComposeResult:
        yield Label("What would settle it (not in hand yet)")
        yield Input(id="description")
        yield Label("How it would settle it")
        yield Input(id="would_settle")

    def result(self) -> WantedForm:
        return WantedForm(
            self.required("description", "what is wanted"), self.value("would_settle")
        )
