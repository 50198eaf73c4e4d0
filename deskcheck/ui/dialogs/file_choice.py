"""The frame of the forms that write a claim to a file (export, publish): a format, and
where to write it, whose suffix follows the format chosen."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Label, Select

from deskcheck.ui.dialogs.form_screen import FormScreen


@dataclass(frozen=True)
class FileChoice:
    format: str
    path: str  # as typed: a name alone goes in the desk's export folder
    force: bool  # a "-force" choice: write it even where the desk would refuse


class FileChoiceScreen(FormScreen[FileChoice]):
    """``CHOICES``: (label, format or format-force), the first the default; ``SUFFIXES``:
    each format's file suffix; ``STEM``: the file name before the claim's number."""

    CHOICES: ClassVar[list[tuple[str, str]]] = []
    SUFFIXES: ClassVar[dict[str, str]] = {}
    STEM = ""

    def __init__(self, claim_id: int) -> None:
        super().__init__()
        self.claim_id = claim_id

    def fields(self) -> ComposeResult:
        first = self.CHOICES[0][1]
        yield Label("Format")
        yield Select(self.CHOICES, id="format", value=first, allow_blank=False)
        yield Label("Write to (a name alone goes in the desk's export folder)")
        yield Input(f"{self.STEM}-{self.claim_id}{self.SUFFIXES[first]}", id="path")

    @on(Select.Changed, "#format")
    def _suffix(self, event: Select.Changed) -> None:
        box = self.query_one("#path", Input)
        stem = box.value
        for suffix in sorted(self.SUFFIXES.values(), key=len, reverse=True):
            stem = stem.removesuffix(suffix)
        box.value = stem + self.SUFFIXES[str(event.value).split("-")[0]]

    def result(self) -> FileChoice:
        chosen = self.value("format")
        return FileChoice(
            chosen.split("-")[0], self.required("path", "a file path"), chosen.endswith("-force")
        )
