"""`=` on the claim desk: which of the matches this claim repeats. The matches come from the
screen (the dialog never reads the desk); those already linked are shown so, and choosing
one of them records nothing again."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from deskcheck.data.matching import Match
from deskcheck.ui.widgets.similar_claims import match_head, one_line


class RepeatChoiceScreen(ModalScreen[int | None]):
    """Returns the index of the chosen match, or None."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, matches: list[Match], linked: set[tuple[str, int]]) -> None:
        super().__init__()
        self.matches = matches
        self.linked = linked

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static(
                "This claim repeats which earlier check?", classes="form-title", markup=False
            )
            yield OptionList(
                *[
                    Option(
                        Content("\n").join(
                            [
                                match_head(m, (m.kind, m.id) in self.linked),
                                Content("    ") + one_line(m.text),
                            ]
                        ),
                        id=str(index),
                    )
                    for index, m in enumerate(self.matches)
                ],
                id="repeat-choice",
            )
            yield Static(
                "↑↓: choose · enter: link as a repeat · escape: cancel",
                classes="form-hint",
                markup=False,
            )

    def on_mount(self) -> None:
        choices = self.query_one("#repeat-choice", OptionList)
        unlinked = [i for i, m in enumerate(self.matches) if (m.kind, m.id) not in self.linked]
        choices.highlighted = unlinked[0] if unlinked else 0
        choices.focus()

    @on(OptionList.OptionSelected, "#repeat-choice")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))

    def action_cancel(self) -> None:
        self.dismiss(None)
