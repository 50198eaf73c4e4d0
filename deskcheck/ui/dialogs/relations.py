"""Say whether the focused interpretations exclude each other or can both hold."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from deskcheck.domain.models import ClaimRecord
from deskcheck.ui.keys import bindings
from deskcheck.ui.safe import label, safe

CHOICES = (("compatible", "can both hold"), ("exclusive", "exclude each other"), (None, "unsaid"))


class RelationScreen(ModalScreen[tuple[int, int, str | None] | None]):
    BINDINGS = bindings("relation-dialog")

    def __init__(self, record: ClaimRecord) -> None:
        super().__init__()
        self.record = record
        interpretations = record.interpretations
        self.pairs = [
            (a, b) for i, a in enumerate(interpretations) for b in interpretations[i + 1 :]
        ]
        self.current = {(r[0], r[1]): r[2] for r in record.relations}

    def compose(self) -> ComposeResult:
        options = []
        for a, b in self.pairs:
            now = self.current.get((min(a.id, b.id), max(a.id, b.id)))
            for relation, words in CHOICES:
                mark = "● " if now == relation else "  "
                options.append(
                    Option(
                        label(
                            mark,
                            safe(a.label, "bold"),
                            " and ",
                            safe(b.label, "bold"),
                            f" {words}",
                        ),
                        id=f"{a.id}:{b.id}:{relation or ''}",
                    )
                )
        with Vertical(classes="form"):
            yield Static("Interpretations: exclusive or compatible", classes="form-title")
            yield OptionList(*options, id="relations")
            yield Static("enter: choose · escape: cancel", classes="form-hint")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        first, second, relation = (event.option.id or "::").split(":")
        self.dismiss((int(first), int(second), relation or None))

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
