"""`=` on the claim desk: which of the matches this claim repeats. The matches come from the
screen (the dialog never reads the desk); those already linked are shown so, and choosing
one of them records nothing again."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from deskcheck.data.read_api import Match
from deskcheck.domain.likeness import says_differently
from deskcheck.ui.keys import bindings
from deskcheck.ui.safe import safe
from deskcheck.ui.widgets.similar_claims import SAYS_OTHERWISE, match_head, one_line


def _option_lines(match: Match, linked: bool) -> list[Content]:
    """The match's head, what differs (a match that says something else is no repeat, unless
    the reviewer decides it is), and its words."""
    lines = [match_head(match, linked)]
    if match.says_otherwise:
        lines.append(
            # bold, not red: red is unreadable on the highlighted option's blue
            Content("    ")
            + Content.styled(f"{SAYS_OTHERWISE} · ", "bold italic")
            + safe(says_differently(match.differs), "bold")
        )
    return [*lines, Content("    ") + one_line(match.text)]


class RepeatChoiceScreen(ModalScreen[int | None]):
    """Returns the index of the chosen match, or None."""

    BINDINGS = bindings("repeat-dialog")

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
                        Content("\n").join(_option_lines(m, (m.kind, m.id) in self.linked)),
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
        # the first match not linked yet that says nothing else; failing that, any unlinked
        unlinked = [i for i, m in enumerate(self.matches) if (m.kind, m.id) not in self.linked]
        alike = [i for i in unlinked if not self.matches[i].says_otherwise]
        unlinked = alike or unlinked
        choices.highlighted = unlinked[0] if unlinked else 0
        choices.focus()

    @on(OptionList.OptionSelected, "#repeat-choice")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(int(event.option.id or 0))

    def action_cancel(self) -> None:
        self.dismiss(None)
