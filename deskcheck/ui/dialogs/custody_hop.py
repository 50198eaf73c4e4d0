"""A hop of the claim's custody chain: who passed it on, and how far to trust them."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.widgets import Input, Label, Select

from deskcheck.domain.vocabulary import CUSTODY_KINDS
from deskcheck.ui.dialogs.form_screen import FormScreen, choices, parse_grade

GRADE_LABEL = (
    "Grade: source reliability A (reliable) … F (cannot judge),"
    " information credibility 1 (confirmed) … 6 (cannot judge); e.g. C3"
)


@dataclass(frozen=True)
class CustodyHopForm:
    actor: str
    kind: str
    url: str | None
    reliability: str
    credibility: int

    @property
    def what(self) -> str:
        return f"Custody hop added: {self.actor}"


class CustodyHopScreen(FormScreen[CustodyHopForm]):
    TITLE_TEXT = "Custody hop (added after the last one)"

    def fields(self) -> ComposeResult:
        yield Label("Who passed the claim on")
        yield Input(id="actor")
        yield Label("Kind")
        yield Select(choices(CUSTODY_KINDS), id="kind", value="outlet", allow_blank=False)
        yield Label("URL where it was seen")
        yield Input(id="url")
        yield Label(GRADE_LABEL)
        yield Input("F6", id="grade")

    def result(self) -> CustodyHopForm:
        reliability, credibility = parse_grade(self.value("grade"))
        return CustodyHopForm(
            self.required("actor", "who passed it on"),
            self.value("kind"),
            self.value("url") or None,
            reliability,
            credibility,
        )
