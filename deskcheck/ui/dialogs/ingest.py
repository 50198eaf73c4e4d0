"""Ingest claims from a feed or a file (the queue's `I`)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.widgets import Input, Label, Select

from deskcheck.ui.dialogs.form_screen import FormScreen


@dataclass(frozen=True)
class IngestForm:
    source: str
    format: str | None


class IngestScreen(FormScreen[IngestForm]):
    TITLE_TEXT = "Ingest claims from a feed or file"

    FORMATS = ("rss", "atom", "jsonfeed", "jsonl", "csv", "claimreview", "telegram")

    def fields(self) -> ComposeResult:
        yield Label("URL or file (RSS, Atom, JSON Feed, JSON Lines, CSV, ClaimReview, t.me/s/…)")
        yield Input(id="source")
        yield Label("Format")
        yield Select(
            [("detect it", ""), *[(f, f) for f in self.FORMATS]],
            id="format",
            value="",
            allow_blank=False,
        )

    def result(self) -> IngestForm:
        return IngestForm(self.required("source", "a URL or file"), self.value("format") or None)
