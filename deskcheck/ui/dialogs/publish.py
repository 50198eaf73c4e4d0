"""Publishing a claim from the claim desk (the `p` key), and the question asked before an
export or a published page replaces a file that is already there."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from deskcheck.ui.dialogs.file_choice import FileChoice, FileChoiceScreen
from deskcheck.ui.safe import safe

PublishForm = FileChoice


class PublishScreen(FileChoiceScreen):
    TITLE_TEXT = "Publish the fact-check for readers"
    CHOICES = [
        ("Web page (HTML, with ClaimReview)", "html"),
        ("Markdown, for a CMS", "markdown"),
        ("Web page, even for a lead (not a finding)", "html-force"),
        ("Markdown, even for a lead", "markdown-force"),
    ]
    SUFFIXES = {"html": ".html", "markdown": ".md"}
    STEM = "fact-check"


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
