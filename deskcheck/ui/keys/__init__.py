"""Every key of the desk, once: its id, its default key(s), its label in the footer and the
palette, its help. The screens' ``BINDINGS``, the help (`?`), the command palette, the
README's keys table (`deskcheck keys --markdown`) and the reviewer's keymap (``[keymap]`` in
config.toml, by id) all come from here.

A section is what one screen (or dialog) binds: keys collide only within a section. An
entry's ``on`` names the widget of the screen that binds it ("" for the screen itself): the
queue's moves are the claim table's, the claim desk's j/k the evidence list's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from textual.binding import Binding, BindingType
from textual.keys import format_key


@dataclass(frozen=True)
class Key:
    id: str  # what the keymap names: "queue.search"
    keys: str  # the default, as Textual writes keys: "j,down", "question_mark", "ctrl+s"
    action: str | None  # None: handled by Textual itself, listed for the help only
    label: str  # the footer's and the palette's words
    help: str = ""  # the help's and the README's (Markdown: `code` for keys); "" = label
    show: bool = False  # in the footer
    row: str = ""  # entries with the same row are one line of the help and the README
    on: str = ""  # the widget that binds it; "" the screen
    fixed: bool = False  # the keymap cannot move it (a dialog's text names the key)

    @property
    def words(self) -> str:
        return self.help or self.label.lower()

    def binding(self, keys: str | None = None) -> Binding:
        assert self.action is not None
        return Binding(keys or self.keys, self.action, self.label, show=self.show, id=self.id)


@dataclass(frozen=True)
class Section:
    name: str  # "desk"
    title: str  # as the help and the screens name it (a screen's HELP_TITLE): "claim desk"
    heading: str  # the README's: "Claim desk"
    keys: tuple[Key, ...]
    typing: bool = False  # a form: a plain letter is typed text, never a key
    table: str = ""  # the README table it is listed in (its heading); "" its own


HELP = Key(
    "help",
    "question_mark",
    "app.help",
    "Help",
    "this help: every key, screen by screen",
    show=True,
)


def _sections() -> tuple[Section, ...]:
    from deskcheck.ui.keys.desk import DESK, MATRIX
    from deskcheck.ui.keys.dialogs import DIALOG_SECTIONS
    from deskcheck.ui.keys.queue import APP, FEEDS, QUEUE

    return (QUEUE, DESK, MATRIX, FEEDS, APP, *DIALOG_SECTIONS)


SECTIONS: tuple[Section, ...] = _sections()
BY_NAME: dict[str, Section] = {section.name: section for section in SECTIONS}
EVERYWHERE = BY_NAME["app"]  # the app's own: in every section's reach
BY_ID: dict[str, Key] = {key.id: key for section in SECTIONS for key in section.keys}


def bindings(section: str, on: str = "") -> list[BindingType]:
    """The ``BINDINGS`` of a screen (or of its widget ``on``), in the registry's order."""
    return [k.binding() for k in BY_NAME[section].keys if k.on == on and k.action is not None]


def split_keys(keys: str) -> list[str]:
    """``"j,down"`` → ``["j", "down"]``; ``"?"`` → ``["question_mark"]``, as Textual keys."""
    return [b.key for b in Binding.make_bindings([Binding(keys, "_")])]


SHOWN = {
    "escape": "escape",
    "enter": "enter",
    "space": "space",
    "tab": "tab",
    "pagedown": "page down",
    "pageup": "page up",
    "down": "↓",
    "up": "↑",
    "left": "←",
    "right": "→",
    "backspace": "backspace",
    "delete": "delete",
}


def shown_key(key: str) -> str:
    """A key as the reviewer types it: ``slash`` → ``/``, ``pagedown`` → ``page down``."""
    if key in SHOWN:
        return SHOWN[key]
    if len(key) == 1:
        return key
    if "+" in key:
        *modifiers, base = key.split("+")
        return "+".join([*modifiers, shown_key(base) if base else "+"])
    return format_key(key)  # Textual's own: slash → /, question_mark → ?


def keys_in_use(key: Key, keymap: Mapping[str, str] | None = None) -> list[str]:
    """The key's keys, with the reviewer's keymap applied."""
    return split_keys((keymap or {}).get(key.id) or key.keys)


def typed_keys(key_id: str, keymap: Mapping[str, str] | None = None) -> str:
    """A key as a sentence names it, moved or not: ``F``, ``ctrl+d or v``. For text that
    tells the reviewer which key to press."""
    return " or ".join(shown_key(k) for k in keys_in_use(BY_ID[key_id], keymap))


NAMED_KEY = re.compile(r"\{([a-z][a-z.-]*)\}")


def with_keys(text: str, keymap: Mapping[str, str] | None = None) -> str:
    """A hint with the keys it names as they are now: ``"{form.save}: save"`` reads
    ``"ctrl+s: save"``, or the reviewer's key when the keymap moved it."""

    def key(found: re.Match[str]) -> str:
        key_id = found.group(1)
        return typed_keys(key_id, keymap) if key_id in BY_ID else found.group(0)

    return NAMED_KEY.sub(key, text)


def rows(
    section: Section, keymap: Mapping[str, str] | None = None
) -> list[tuple[list[Key], list[str]]]:
    """The section's lines: the entries of one line (a row shares them) and their keys."""
    lines: list[tuple[list[Key], list[str]]] = []
    for key in section.keys:
        typed = [shown_key(k) for k in keys_in_use(key, keymap)]
        if lines and key.row and lines[-1][0][-1].row == key.row:
            lines[-1][0].append(key)
            lines[-1][1].extend(k for k in typed if k not in lines[-1][1])
        else:
            lines.append(([key], typed))
    return lines


def plain(text: str) -> str:
    """The help's words without the README's Markdown."""
    return text.replace("`", "").replace("*", "")
