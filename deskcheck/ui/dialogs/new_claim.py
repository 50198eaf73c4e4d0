"""A new claim, typed in by the reviewer (the queue's `N`)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.widgets import Input, Label, TextArea

from deskcheck.domain.vocabulary import PRIORITIES
from deskcheck.ui.dialogs.form_screen import FormError, FormScreen


@dataclass(frozen=True)
class NewClaim:
    text: str
    origin_url: str | None
    priority: int
    tags: tuple[str, ...]


class NewClaimScreen(FormScreen[NewClaim]):
    TITLE_TEXT = "New claim"

    def fields(self) -> ComposeResult:
        yield Label("Claim, as it reached the desk")
        yield TextArea(id="text", classes="short-area")
        yield Label("Where it was seen (URL)")
        yield Input(id="origin")
        yield Label("Priority (1 most urgent … 4)")
        yield Input("3", id="priority")
        yield Label("Tags, separated by commas")
        yield Input(id="tags")

    def result(self) -> NewClaim:
        text = self.required("text", "the claim's text")
        priority = self.value("priority") or "3"
        if not priority.isdigit() or int(priority) not in PRIORITIES:
            raise FormError("priority is 1, 2, 3 or 4", field="priority")
        tags = tuple(t.strip() for t in self.value("tags").split(",") if t.strip())
        return NewClaim(text, self.value("origin") or None, int(priority), tags)
