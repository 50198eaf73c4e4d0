"""The frame every form shares: a title, the fields in a scrolling box, and under them the
form's error and its keys, docked so that they stay on screen however small it is.

Keys in every form: tab and shift+tab between fields, enter in the last one-line field or
ctrl+s to save, escape to cancel. The keys line under the form starts with what enter does
in the field that has the focus (next field, a new line, open a list, save), and the form
opens scrolled so that its first field's label is in view. A missing required field is
named under the form and the form stays open. Each form returns a dataclass of what the
reviewer typed, or None.
"""

from __future__ import annotations

from typing import Any, Generic, Protocol, TypeVar

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Label, OptionList, Select, SelectionList, Static, TextArea
from textual.widgets._select import SelectOverlay

from deskcheck.domain import vocabulary
from deskcheck.domain.errors import InvalidValue
from deskcheck.ui.keys import bindings, with_keys

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
    # {key id}: the key as it is now (the reviewer's keymap may move it)
    HINT = "tab: next field · {form.save}: save · {form.cancel}: cancel"
    SAVE_WORD = "save"  # what ctrl+s and enter in the last one-line field do, in the keys line
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
                yield self.keys_line()

    def keys_line(self) -> Static:
        return Static(self.hint, classes="form-hint", id="form-keys", markup=False)

    @property
    def hint(self) -> str:
        """The form's keys line, with the keys the reviewer's keymap gives."""
        return with_keys(self.HINT, self.keymap)

    @property
    def keymap(self) -> dict[str, str] | None:
        return getattr(getattr(self.app, "keymap", None), "keys", None)

    def fields(self) -> ComposeResult:
        raise NotImplementedError

    # -- what enter does, said in the keys line; the first field in view on opening ---------

    def enter_does(self, field: Widget) -> str:
        """What enter does in ``field``, in words for the keys line."""
        if isinstance(field, TextArea):
            return "enter: new line"
        if isinstance(field, Input):
            inputs = list(self.query(Input))
            return f"enter: {self.SAVE_WORD}" if field is inputs[-1] else "enter: next field"
        if isinstance(field, SelectOverlay):
            return "enter: choose"
        if isinstance(field, Select):
            return "enter: open the list"
        if isinstance(field, SelectionList):
            return "enter: tick (or space)"
        if isinstance(field, OptionList):
            return "enter: choose, next field"
        return "enter: next field"

    def _say_keys(self, field: Widget | None) -> None:
        found = self.query("#form-keys")
        if not found:
            return
        words = self.hint if field is None else f"{self.enter_does(field)} · {self.hint}"
        found.first(Static).update(words)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._say_keys(event.widget)

    def on_screen_resume(self) -> None:
        self._say_keys(self.focused)

    def scroll_to_center(self, widget: Widget, animate: bool = True, **kwargs: Any) -> None:
        """Textual centres a field that takes the focus out of full view, which can scroll
        the label above it off the top (the filter opened on its status list without its
        words): a field that fits is shown with its label instead, scrolled no further. Once
        laid out: a form's on_mount may still hide or fill a part above the field."""
        self.call_after_refresh(self._show_with_label, widget, kwargs)

    def _show_with_label(self, widget: Widget, kwargs: dict[str, Any]) -> None:
        if self.focused is not widget:
            return  # the reviewer moved on
        box = widget.parent
        if isinstance(box, VerticalScroll) and widget in box.children:
            siblings = list(box.children)
            labels = [w for w in siblings[: siblings.index(widget)] if isinstance(w, Label)]
            if labels and labels[-1].display:
                wanted = labels[-1].virtual_region.union(widget.virtual_region)
                if wanted.height <= box.scrollable_content_region.height:
                    box.scroll_to_region(wanted, animate=False, immediate=True)
                    return
        super().scroll_to_center(widget, False, **kwargs)

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
        keys = with_keys("{form.save} records it, {form.cancel} drops it", self.keymap)
        self.say(f"⚠ {why}. Your text is kept: {keys}")

    def _focus_field(self, field_id: str | None) -> None:
        if field_id is None:
            return
        found = self.query(f"#{field_id}")
        if found and found.first().display and found.first().focusable:
            found.first().focus()

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(OptionList.OptionSelected)
    def _chosen_in_list(self, event: OptionList.OptionSelected) -> None:
        """Enter in a list of choices (confidence, publication) chooses and goes on."""
        chooser = event.option_list
        # the verdict list moves on by itself, before this comes: only from where it was
        if chooser is self.focused and not isinstance(chooser, SelectOverlay | SelectionList):
            self.focus_next()

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
