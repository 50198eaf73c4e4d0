"""The frame every form shares: a title, the fields in a scrolling box, and under them the
form's error and its keys, docked so that they stay on screen however small it is.

Keys in every form: tab and shift+tab between fields, enter in the last one-line field or
ctrl+s to save, escape to cancel. A missing required field is named under the form and
the form stays open. Each form returns a dataclass of what the reviewer typed, or None.
"""

from __future__ import annotations

from typing import Any, Generic, Protocol, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static, TextArea

from deskcheck.domain import vocabulary
from deskcheck.domain.errors import InvalidValue
from deskcheck.ui.keys import bindings

T = TypeVar("T")


class FormError(ValueError):
    """What is wrong with the form, in words for the reviewer; ``field``: the field to fix,
    which takes the focus (typing on would otherwise go to the field left last)."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class AppliesToClaim(Protocol):
    """A form's answer recorded on a claim (``ui.screens.claim_forms`` says by which act)."""

    @property
    def what(self) -> str:
        """What was recorded, in words for the reviewer's notice."""
        ...


class FormFields(VerticalScroll, can_focus=False):
    """The fields, scrolled so that the focused one is always in view (Textual scrolls to
    a widget when it takes the focus). Not itself a stop for tab."""


class FormScreen(ModalScreen[T | None], Generic[T]):
    """A titled form. Subclasses compose their fields and build the result."""

    BINDINGS = bindings("form")
    TITLE_TEXT = ""
    HINT = "tab: next field · enter or ctrl+s: save · escape: cancel"
    # set by the opener that records the answer while the form stays open (the claim
    # desk): the form closes only once it is recorded, and keeps the text when it is not
    submit: Any = None
    saving: Any = None  # the answer being recorded

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static(self.TITLE_TEXT, classes="form-title", markup=False)
            with FormFields(classes="form-fields"):
                yield from self.fields()
            with Vertical(classes="form-foot"):
                yield Label("", classes="form-error", markup=False)
                yield Static(self.HINT, classes="form-hint", markup=False)

    def fields(self) -> ComposeResult:
        raise NotImplementedError

    def result(self) -> T:
        raise NotImplementedError

    def value(self, field_id: str) -> str:
        widget = self.query_one(f"#{field_id}")
        if isinstance(widget, Input):
            return widget.value.strip()
        if isinstance(widget, TextArea):
            return widget.text.strip()
        if isinstance(widget, Select):
            return "" if widget.value is Select.BLANK else str(widget.value)
        raise TypeError(field_id)

    def required(self, field_id: str, name: str) -> str:
        text = self.value(field_id)
        if not text:
            raise FormError(f"{name} is required", field=field_id)
        return text

    def action_save(self) -> None:
        try:
            outcome = self.result()
        except FormError as error:
            self.query_one(".form-error", Label).update(f"⚠ {error}")
            self._focus_field(error.field)
            return
        if self.submit is None:
            self.dismiss(outcome)
            return
        if self.saving is not None:
            return  # the first ctrl+s is being recorded
        self.saving = outcome
        self.say("Saving… (what you type goes on into this form)")
        self.submit(outcome)

    def say(self, text: str) -> None:
        self.query_one(".form-error", Label).update(text)

    def recorded(self) -> None:
        """The answer is in the desk: close, unless the reviewer typed on after saving."""
        saved, self.saving = self.saving, None
        try:
            now = self.result()
        except FormError:
            now = saved
        if now != saved:
            self.say("✓ Recorded. You typed on after saving: that text is still here")
            return
        self.dismiss(None)

    def kept(self, why: str) -> None:
        """The answer was not recorded: the form stays, with every letter typed."""
        self.saving = None
        self.say(f"⚠ {why}. Your text is kept: ctrl+s records it, escape drops it")

    def _focus_field(self, field_id: str | None) -> None:
        if field_id is None:
            return
        found = self.query(f"#{field_id}")
        if found and found.first().display and found.first().focusable:
            found.first().focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        inputs = list(self.query(Input))
        if event.input is inputs[-1]:
            self.action_save()
        else:
            self.focus_next()


def parse_grade(text: str) -> tuple[str, int]:
    """The desk's grade rule (``vocabulary.parse_grade``), its refusal shown on the form."""
    try:
        return vocabulary.parse_grade(text)
    except InvalidValue as error:
        raise FormError(str(error)) from None


def choices(values: tuple[Any, ...]) -> list[tuple[str, Any]]:
    return [(str(v).replace("_", " "), v) for v in values]
