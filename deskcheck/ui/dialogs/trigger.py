"""A revision trigger: revisit the claim when something happens (or a URL changes)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.widgets import Input, Label

from deskcheck.ui.dialogs.form_screen import FormScreen


@dataclass(frozen=True)
class TriggerForm:
    condition: str
    url: str | None

    @property
    def what(self) -> str:
        return "Revision trigger armed"


class TriggerScreen(FormScreen[TriggerForm]):
    TITLE_TEXT = "Revision trigger"

    def fields(self) -> ComposeResult:
        yield Label("Revisit the claim when…")
        yield Input(id="condition")
        yield Label("URL to watch (optional): `deskcheck check` fires the trigger when it changes")
        yield Input(id="url")

    def result(self) -> TriggerForm:
        return TriggerForm(self.required("condition", "the condition"), self.value("url") or None)
