"""Export one claim to a file: a Markdown desk note or ClaimReview JSON-LD."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Label, Select

from deskcheck.ui.dialogs.form_screen import FormScreen


@dataclass(frozen=True)
class ExportForm:
    format: str
    path: str
    force: bool


class ExportScreen(FormScreen[ExportForm]):
    TITLE_TEXT = "Export this claim"

    def __init__(self, claim_id: int) -> None:
        super().__init__()
        self.claim_id = claim_id

    def fields(self) -> ComposeResult:
        yield Label("Format")
        yield Select(
            [
                ("Markdown desk note", "markdown"),
                ("ClaimReview JSON-LD", "claimreview"),
                ("ClaimReview, even for a verdict with no rating", "claimreview-force"),
            ],
            id="format",
            value="markdown",
            allow_blank=False,
        )
        yield Label("Write to (a name alone goes in the desk's export folder)")
        yield Input(f"claim-{self.claim_id}.md", id="path")

    @on(Select.Changed, "#format")
    def _suffix(self, event: Select.Changed) -> None:
        box = self.query_one("#path", Input)
        stem = box.value.rsplit(".md", 1)[0].rsplit(".claimreview.json", 1)[0]
        box.value = stem + (".md" if event.value == "markdown" else ".claimreview.json")

    def result(self) -> ExportForm:
        chosen = self.value("format")
        return ExportForm(
            chosen.split("-")[0], self.required("path", "a file path"), chosen.endswith("-force")
        )
