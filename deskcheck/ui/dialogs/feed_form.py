"""Subscribing to a feed from the feeds view: its URL, how often, and its rules."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.widgets import Input, Label, Select

from deskcheck.domain.vocabulary import PRIORITIES
from deskcheck.ui.dialogs.forms import FormError, FormScreen


@dataclass(frozen=True)
class FeedForm:
    url: str
    every: str
    tags: tuple[str, ...]
    priority: int
    allow_private: bool


class FeedScreen(FormScreen[FeedForm]):
    TITLE_TEXT = "Subscribe to a feed"

    def fields(self) -> ComposeResult:
        yield Label("Feed URL (RSS, Atom or JSON Feed)")
        yield Input(id="url")
        yield Label("How often (30m, 2h, 1d) · tags for what arrives (commas)")
        yield Input("30m", id="every")
        yield Input(id="tags")
        yield Label("Priority of what arrives · may it reach private addresses")
        yield Select([(f"P{p}", p) for p in PRIORITIES], id="priority", value=3, allow_blank=False)
        yield Select(
            [("no: public addresses only", "no"), ("yes: a newsroom intranet feed", "yes")],
            id="private",
            value="no",
            allow_blank=False,
        )

    def result(self) -> FeedForm:
        url = self.required("url", "the feed's URL")
        every = self.value("every") or "30m"
        if not every[:1].isdigit():
            raise FormError("how often is a number with m, h or d (30m, 2h, 1d)", field="every")
        tags = tuple(t.strip() for t in self.value("tags").split(",") if t.strip())
        return FeedForm(
            url, every, tags, int(self.value("priority")), self.value("private") == "yes"
        )
