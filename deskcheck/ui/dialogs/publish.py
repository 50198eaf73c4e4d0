"""Publishing a claim from the claim desk (the `p` key), and the question asked before an
export or a published page replaces a file that is already there."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from deskcheck.ui.dialogs.forms import FormScreen
from deskcheck.ui.safe import safe

SUFFIX = {"html": ".html", "markdown": ".md"}


@dataclass(frozen=True)
class PublishForm:
    format: str  # html or markdown
    path: str  # as typed: a name alone goes in the desk's export folder
    force: bool  # publish even a lead


class PublishScreen(FormScreen[PublishForm]):
    TITLE_TEXT = "Publish the fact-check for readers"

    def __init__(self, claim_id: int) -> None:
        super().__init__()
        self.claim_id = claim_id

    def fields(self) -> ComposeResult:
        yield Label("Format")
        yield Select(
            [
                ("Web page (HTML, with ClaimReview)", "html"),
                ("Markdown, for a CMS", "markdown"),
                ("Web page, even for a lead (not a finding)", "html-force"),
                ("Markdown, even for a lead", "markdown-force"),
            ],
            id="format",
            value="html",
            allow_blank=False,
        )
        yield Label("Write to (a name alone goes in the desk's export folder)")
        yield Input(f"fact-check-{self.claim_id}.html", id="path")

    @on(Select.Changed, "#format")
    def _suffix(self, event: Select.Changed) -> None:
        box = self.query_one("#path", Input)
        stem = box.value.removesuffix(".html").removesuffix(".md")
        box.value = stem + SUFFIX[str(event.value).split("-")[0]]

    def result(self) -> PublishForm:
        chosen = self.value("format")
        return PublishForm(
            chosen.split("-")[0], self.required("path", "a file path"), chosen.endswith("-force")
        )


class ReplaceFileScreen(ModalScreen[bool]):
    """Asked before a file is replaced: y replaces it, n or escape keeps it."""

    BINDINGS = [
        Binding("y", "answer(True)", "Replace it"),
        Binding("n,escape", "answer(False)", "Keep it"),
    ]

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static(
                Content("\n").join(
                    [
                        Content.styled("The file is already there:", "bold $warning"),
                        safe(self.path),
                        Content(""),
                        Content("y: replace it · n: keep it (nothing is written)"),
                    ]
                )
            )

    def action_answer(self, replace: bool) -> None:
        self.dismiss(replace)
