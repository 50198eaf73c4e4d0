"""Record a decision: a verdict of the desk's scale (number keys), a rationale, a confidence."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from deskcheck.data.models import Verdict
from deskcheck.data.vocabulary import CONFIDENCE_LEVELS
from deskcheck.ui.safe import label, safe
from deskcheck.ui.screens.forms import FormError, FormScreen


@dataclass(frozen=True)
class DecisionForm:
    verdict: str
    rationale: str
    confidence: str


class VerdictList(OptionList):
    """The verdict scale; a number key picks the verdict with that number."""

    def on_key(self, event) -> None:
        if event.character and event.character.isdigit():
            index = int(event.character) - 1
            if 0 <= index < self.option_count:
                self.highlighted = index
                event.stop()


class DecisionScreen(FormScreen[DecisionForm]):
    TITLE_TEXT = "Record a decision"
    HINT = "1–9: verdict · tab: rationale, confidence · ctrl+s: record · escape: cancel"
    BINDINGS = [
        *FormScreen.BINDINGS,
        Binding("enter", "next_field", "Next field", show=False),
    ]

    def __init__(self, claim_text: str, verdicts: list[Verdict], current: str | None) -> None:
        super().__init__()
        self.claim_text = claim_text
        self.verdicts = verdicts
        self.current = current

    def fields(self) -> ComposeResult:
        yield Static(safe(self.claim_text), classes="form-claim")
        if self.current:
            yield Static(label("Current verdict: ", (self.current, "bold")), classes="form-note")
        yield Label("Verdict")
        yield VerdictList(
            *[
                Option(label(f"{n} ", (v.label, "bold"), f"  ({v.name})"), id=v.name)
                for n, v in enumerate(self.verdicts, 1)
            ],
            id="verdict",
        )
        yield Label("Rationale (required): the reasoning a reader will see")
        yield TextArea(id="rationale", classes="short-area")
        yield Label("Confidence (↑/↓)")
        yield OptionList(*[Option(level, id=level) for level in CONFIDENCE_LEVELS], id="confidence")

    def on_mount(self) -> None:
        verdicts = self.query_one(VerdictList)
        verdicts.highlighted = None
        verdicts.focus()
        self.query_one("#confidence", OptionList).highlighted = CONFIDENCE_LEVELS.index("medium")

    def action_next_field(self) -> None:
        self.focus_next()

    @on(OptionList.OptionSelected, "#verdict")
    def _chosen(self) -> None:
        self.query_one("#rationale", TextArea).focus()

    def result(self) -> DecisionForm:
        verdicts = self.query_one(VerdictList)
        if verdicts.highlighted is None:
            raise FormError("choose a verdict (number keys 1–9)")
        verdict = self.verdicts[verdicts.highlighted].name
        rationale = self.required("rationale", "a rationale")
        level = self.query_one("#confidence", OptionList).highlighted
        confidence = CONFIDENCE_LEVELS[level] if level is not None else "medium"
        return DecisionForm(verdict, rationale, confidence)
