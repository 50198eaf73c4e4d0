"""An interpretation of the claim: added (`i`) or edited (`E`) on the claim desk."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Label, Select, TextArea

from deskcheck.ui.dialogs.form_screen import FormScreen


@dataclass(frozen=True)
class InterpretationForm:
    label: str
    statement: str
    implications: str
    catch_all: bool = False
    editing: int | None = None  # the interpretation being edited; None: a new one

    @property
    def what(self) -> str:
        return f"Interpretation {'edited' if self.editing else 'added'}: {self.label}"


CATCH_ALL = InterpretationForm(
    "Other / not as reported",
    "Something else happened: the claim is fabricated, mistaken, or not as reported.",
    "",
    catch_all=True,
)


class InterpretationScreen(FormScreen[InterpretationForm]):
    TITLE_TEXT = "Interpretation"

    def __init__(self, current: InterpretationForm | None = None) -> None:
        super().__init__()
        self.current = current

    def fields(self) -> ComposeResult:
        current = self.current or InterpretationForm("", "", "")
        yield Label("Short name (column heading)")
        yield Input(current.label, id="label")
        yield Label("What this interpretation says happened or means")
        yield TextArea(current.statement, id="statement", classes="short-area")
        yield Label("Implications, one per line")
        yield TextArea(current.implications, id="implications", classes="short-area")
        yield Label("Kind (the catch-all keeps the set of interpretations complete)")
        yield Select(
            [
                ("an interpretation", "interpretation"),
                ("the catch-all: other / fabricated / not as reported", "catch-all"),
            ],
            id="catch_all",
            value="catch-all" if current.catch_all else "interpretation",
            allow_blank=False,
        )

    @on(Select.Changed, "#catch_all")
    def _offer_catch_all(self, event: Select.Changed) -> None:
        if event.value == "catch-all" and not self.value("label"):
            self.query_one("#label", Input).value = CATCH_ALL.label
            self.query_one("#statement", TextArea).text = CATCH_ALL.statement

    def result(self) -> InterpretationForm:
        return InterpretationForm(
            self.required("label", "a short name"),
            self.required("statement", "the statement"),
            self.value("implications"),
            catch_all=self.value("catch_all") == "catch-all",
            editing=self.current.editing if self.current else None,
        )
