"""The workflow's small forms: assign, priority, status, tags, due time, comment, and the
saved queues. Each returns what the reviewer typed; the screen records it through the work
layer (these dialogs never touch the desk)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from deskcheck.domain.vocabulary import CLAIM_STATUSES
from deskcheck.ui.dialogs.forms import FormError, FormScreen
from deskcheck.ui.keys import bindings
from deskcheck.ui.safe import safe


def _whom(count: int) -> str:
    return "this claim" if count == 1 else f"the {count} marked claims"


# -- assign -------------------------------------------------------------------------------------


class AssignScreen(FormScreen[str]):
    """A reviewer's name, completed from the desk's reviewers ("me", "none" too)."""

    HINT = "→ completes a name · {form.cancel}: cancel"
    SAVE_WORD = "assign"

    def __init__(self, reviewers: list[str], count: int = 1, current: str | None = None) -> None:
        super().__init__()
        self.reviewers = reviewers
        self.count = count
        self.current = current
        self.TITLE_TEXT = f"Assign {_whom(count)}"

    def fields(self) -> ComposeResult:
        yield Label('Reviewer ("me" for yourself, "none" to unassign)')
        yield Input(
            self.current or "",
            id="reviewer",
            suggester=SuggestFromList([*self.reviewers, "me", "none"], case_sensitive=False),
        )
        known = ", ".join(self.reviewers) or "none yet"
        yield Static(safe(f"Reviewers on this desk: {known}", "dim"), classes="form-hint")

    def result(self) -> str:
        return self.required("reviewer", "a reviewer's name")


# -- priority: P then 1–4 -----------------------------------------------------------------------


class PriorityScreen(ModalScreen[int | None]):
    """P, then a digit: 1 most urgent … 4. Any other key is ignored; escape cancels."""

    BINDINGS = bindings("priority-dialog")

    def __init__(self, count: int = 1) -> None:
        super().__init__()
        self.count = count

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static(f"Priority of {_whom(self.count)}", classes="form-title", markup=False)
            yield Static(
                "1 most urgent · 2 · 3 usual · 4 low — press the number (escape cancels)",
                classes="form-hint",
                markup=False,
            )

    def action_choose(self, priority: int) -> None:
        self.dismiss(priority)

    def action_cancel(self) -> None:
        self.dismiss(None)


# -- status, with the reason ----------------------------------------------------------------------


@dataclass(frozen=True)
class StatusForm:
    status: str
    reason: str


class StatusScreen(FormScreen[StatusForm]):
    def __init__(self, count: int = 1, current: str | None = None) -> None:
        super().__init__()
        self.count = count
        self.current = current
        self.TITLE_TEXT = f"Move {_whom(count)} to another status"

    def fields(self) -> ComposeResult:
        yield Label("Status")
        yield Select(
            [(s.replace("_", " "), s) for s in CLAIM_STATUSES],
            id="status",
            value=self.current if self.current in CLAIM_STATUSES else "checking",
            allow_blank=False,
        )
        yield Label("Why (recorded with each claim)")
        yield Input(id="reason")

    def result(self) -> StatusForm:
        return StatusForm(self.value("status"), self.required("reason", "the reason"))


# -- tags -----------------------------------------------------------------------------------------


class TagsScreen(FormScreen[str]):
    def __init__(self, count: int = 1, current: tuple[str, ...] = ()) -> None:
        super().__init__()
        self.count = count
        self.current = current
        self.TITLE_TEXT = f"Tags of {_whom(count)}"

    def fields(self) -> ComposeResult:
        if self.current:
            yield Static(safe("Now: " + ", ".join(self.current), "dim"))
        yield Label("Tags to add, and -tag to remove, separated by commas (urgent, -ai)")
        yield Input(id="tags")

    def result(self) -> str:
        return self.required("tags", "a tag")


# -- due time ---------------------------------------------------------------------------------


class DueScreen(FormScreen[str]):
    """The due time as typed; empty clears it. Parsed (and refused) by the work layer."""

    def __init__(self, count: int = 1, current: str | None = None) -> None:
        super().__init__()
        self.count = count
        self.current = current
        self.TITLE_TEXT = f"Due time of {_whom(count)}"

    def fields(self) -> ComposeResult:
        yield Label("When (UTC): 2026-12-01, 2026-12-01 17:00, +2h, +3d, +1w; empty clears")
        shown = (self.current or "").replace("T", " ").removesuffix("Z")[:16]
        yield Input(shown, id="due")

    def result(self) -> str:
        return self.value("due")


# -- a comment ----------------------------------------------------------------------------------


class CommentScreen(FormScreen[str]):
    TITLE_TEXT = "Comment"
    HINT = "@name mentions a reviewer · {form.save}: add · {form.cancel}: cancel"

    def fields(self) -> ComposeResult:
        yield Label("Comment (kept as written; comments are never edited)")
        yield TextArea(id="body", classes="short-area")

    def result(self) -> str:
        return self.required("body", "the comment")


# -- saved queues -------------------------------------------------------------------------------


class QueueNameScreen(FormScreen[str]):
    TITLE_TEXT = "Save this queue"
    HINT = "a queue of that name is replaced · {form.cancel}: cancel"

    def __init__(self, describes: str = "") -> None:
        super().__init__()
        self.describes = describes

    def fields(self) -> ComposeResult:
        if self.describes:
            yield Static(safe(self.describes, "dim"))
        yield Label("Name (the team sees it)")
        yield Input(id="name")

    def result(self) -> str:
        name = self.required("name", "a name")
        if len(name) > 80:
            raise FormError("a queue name is at most 80 characters")
        return name


@dataclass(frozen=True)
class SavedQueueChoice:
    name: str
    remove: bool = False


class SavedQueuesScreen(ModalScreen[SavedQueueChoice | None]):
    """The desk's saved queues: enter shows one, d removes it, escape goes back."""

    BINDINGS = bindings("saved-queues-dialog")

    def __init__(self, queues: list[tuple[str, str]]) -> None:
        """``queues``: (name, what it shows in words)."""
        super().__init__()
        self.queues = queues

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static("Saved queues", classes="form-title", markup=False)
            if self.queues:
                yield OptionList(
                    *[
                        Option(safe(name, "bold") + safe(f"  {words}", "dim"), id=str(i))
                        for i, (name, words) in enumerate(self.queues)
                    ],
                    id="queues",
                )
            else:
                yield Static(
                    "No saved queues yet: ctrl+n in the filter form (f) saves the queue you"
                    " see, or `deskcheck queue save NAME`.",
                    markup=False,
                )
            yield Static(
                "enter: show · d: remove · escape: back", classes="form-hint", markup=False
            )

    def _chosen(self) -> str | None:
        if not self.queues:
            return None
        index = self.query_one(OptionList).highlighted
        return None if index is None else self.queues[index][0]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        name = self._chosen()
        if name is not None:
            self.dismiss(SavedQueueChoice(name))

    def action_remove(self) -> None:
        name = self._chosen()
        if name is not None:
            self.dismiss(SavedQueueChoice(name, remove=True))

    def action_cancel(self) -> None:
        self.dismiss(None)
