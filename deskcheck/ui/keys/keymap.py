"""The reviewer's keymap: ``[keymap]`` in config.toml, binding id → key(s), as Posting does.

    [keymap]
    "desk.decide" = "ctrl+d"        # or:  desk.decide = "ctrl+d"  (a TOML dotted key)
    queue.search = "slash,ctrl+f"   # several keys: commas, or a list ["slash", "ctrl+f"]

Whatever the file holds, the desk opens: an entry that names no key, holds no key Textual
knows, is not text, or takes a key another key of the same screen has is left out, with
the reason (one line on screen; every reason from `deskcheck keys`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from textual.binding import Binding
from textual.keys import Keys, key_to_character

from deskcheck.domain.untrusted import make_visible
from deskcheck.ui.keys import BY_ID, EVERYWHERE, SECTIONS, Key, Section, shown_key, split_keys

MODIFIERS = ("ctrl", "shift", "alt", "meta", "super", "hyper")
NAMED = {key.value for key in Keys if "+" not in key.value and not key.value.startswith("<")}
# the names Textual gives the printable ASCII characters: slash, question_mark, number_sign…
NAMED |= {split_keys(chr(code))[0] for code in range(33, 127) if chr(code) != ","}
LONGEST_KEY = 32
MOST_KEYS = 4  # keys for one id
MOST_ENTRIES = 500  # a keymap larger than every key the desk has twice over is not read
# Textual's own, on every screen (focus, copy, quit), and the lists' moves
RESERVED = {
    "tab",
    "shift+tab",
    "ctrl+c",
    "super+c",
    "ctrl+q",
    "up",
    "down",
    "left",
    "right",
    "home",
    "end",
    "pageup",
    "pagedown",
    "enter",
}


@dataclass
class Keymap:
    keys: dict[str, str] = field(default_factory=dict)  # id → Textual keys, for set_keymap
    problems: list[str] = field(default_factory=list)

    def summary(self, where: str = "config.toml") -> str:
        """One line for the screen."""
        if not self.problems:
            return ""
        count = len(self.problems)
        first = self.problems[0]
        more = f" (and {count - 1} more)" if count > 1 else ""
        line = f"Keymap in {where}: {first}{more}; `deskcheck keys` lists every key."
        return line


def quoted(value: object, limit: int = 40) -> str:
    """Outside text as a reviewer can read it: visible, short, never markup or escapes."""
    text = make_visible(str(value))
    return f'"{text[:limit]}…"' if len(text) > limit else f'"{text}"'


def kind_of(value: object) -> str:
    return {
        bool: "true/false",
        int: "a number",
        float: "a number",
        dict: "a table",
        list: "a list",
    }.get(type(value), type(value).__name__)


def valid_key(key: str) -> bool:
    """A key Textual can bind: one printable character or a key's name, after modifiers."""
    *modifiers, base = key.split("+") if key != "+" else ["+"]
    if any(m not in MODIFIERS for m in modifiers) or not base:
        return False
    if len(base) == 1:
        return base.isprintable() and not base.isspace()
    if base in NAMED:
        return True
    character = key_to_character(base)
    if character is None:
        try:
            character = unicodedata.lookup(base.replace("_", " ").upper())
        except KeyError:
            return False
    return len(character) == 1 and character.isprintable()


def parse_keys(entry_id: str, value: object, problems: list[str]) -> list[str] | None:
    """The Textual keys a value names, or None (and why) when it names none."""
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        value = ",".join(value)
    if not isinstance(value, str):
        problems.append(f'{entry_id}: a key is text such as "ctrl+d" (this is {kind_of(value)})')
        return None
    parts = [part.strip() for part in value.split(",")] if value.strip() != "," else [","]
    if len(parts) > MOST_KEYS:
        problems.append(f"{entry_id}: more than {MOST_KEYS} keys ({quoted(value)})")
        return None
    keys: list[str] = []
    for part in parts:
        if not part or len(part) > LONGEST_KEY or not valid_key(part):
            problems.append(f"{entry_id}: {quoted(part)} is no key (keys: `textual keys`)")
            return None
        *modifiers, base = part.split("+") if part not in ("+", ",") else [part]
        if modifiers == ["shift"] and len(base) == 1 and base.islower():
            part = base.upper()  # the key Textual sees for shift+v is V
        for key in split_keys("comma" if part == "," else part):
            if key not in keys:
                keys.append(key)
    return keys


def field_keys() -> dict[str, str]:
    """The keys a form's text fields take for themselves (ctrl+w deletes a word), and
    what each does: a form key moved onto one would never reach the form."""
    from textual.widgets import Input, TextArea

    taken: dict[str, str] = {}
    for widget in (Input, TextArea):
        for binding in Binding.make_bindings(widget.BINDINGS):
            taken.setdefault(binding.key, binding.description.lower() or binding.action)
    return taken


def typed_text(key: str) -> bool:
    """A key that types a character (``a``, ``question_mark``, ``space``): a form's field
    takes it as text."""
    character = key if len(key) == 1 else key_to_character(key)
    return character is not None and (character.isprintable() or character == " ")


def flatten(table: object, problems: list[str]) -> list[tuple[str, object]]:
    """``{"desk": {"decide": "x"}}`` (a TOML dotted key, or ``[keymap.desk]``) and
    ``{"desk.decide": "x"}`` both name ``desk.decide``."""
    if table is None:
        return []
    if not isinstance(table, dict):
        problems.append(f'[keymap] is a table of id = "key" (this is {kind_of(table)})')
        return []
    entries: list[tuple[str, object]] = []
    for name, value in table.items():
        if isinstance(value, dict):
            entries += [(f"{name}.{inner}", v) for inner, v in value.items()]
        else:
            entries.append((name, value))
    return entries


def sections_of(key: Key) -> list[Section]:
    """Where a key acts: its own section, and every section for the app's keys."""
    if any(key is k for k in EVERYWHERE.keys):
        return list(SECTIONS)
    return [s for s in SECTIONS if any(key is k for k in s.keys)]


def check_keymap(table: object) -> Keymap:
    """The keymap to apply and what was left out of it, and why."""
    result = Keymap()
    problems = result.problems
    entries = flatten(table, problems)
    if len(entries) > MOST_ENTRIES:
        problems.append(f"{len(entries)} entries: more than {MOST_ENTRIES}, none read")
        return result
    moved: dict[str, list[str]] = {}
    for raw_id, value in entries:
        entry = BY_ID.get(raw_id) if isinstance(raw_id, str) else None
        name = quoted(raw_id)
        if entry is None:
            problems.append(f"no key is called {name}")
            continue
        if entry.fixed or entry.action is None:
            problems.append(f"{entry.id} cannot be moved (Textual's own, or named in its dialog)")
            continue
        keys = parse_keys(entry.id, value, problems)
        if keys is not None:
            moved[entry.id] = keys
    while (culprit := first_clash(moved)) is not None:
        entry_id, why = culprit
        del moved[entry_id]  # back to its default
        problems.append(why)
    result.keys = {entry_id: ",".join(keys) for entry_id, keys in moved.items()}
    return result


def first_clash(moved: Mapping[str, list[str]]) -> tuple[str, str] | None:
    """A moved key that takes a key another key of its screen has (or Textual's own): the
    one to leave out, and why. Of two moved keys, the later in the file goes."""
    order = list(moved)
    for entry_id in reversed(order):
        entry = BY_ID[entry_id]
        mine = moved[entry_id]
        typed = ", ".join(shown_key(k) for k in mine)
        for key in mine:
            if key in RESERVED and key not in split_keys(entry.keys):
                return entry_id, f"{entry_id} = {typed}: {shown_key(key)} is Textual's own"
        for section in sections_of(entry):
            others = section.keys if section is EVERYWHERE else (*section.keys, *EVERYWHERE.keys)
            if section.typing and any(typed_text(k) for k in mine):
                return entry_id, f"{entry_id} = {typed}: a form takes that as typed text"
            field_key = (
                next((k for k in mine if k in field_keys()), None) if section.typing else None
            )
            if field_key is not None:
                return entry_id, (
                    f"{entry_id} = {typed}: {shown_key(field_key)} is a text field's own"
                    f" ({field_keys()[field_key]})"
                )
            for other in others:
                if other.id == entry_id:
                    continue
                theirs = moved.get(other.id) or split_keys(other.keys)
                taken = next((k for k in mine if k in theirs), None)
                if taken is None:
                    continue
                if other.id in moved and order.index(other.id) > order.index(entry_id):
                    continue  # the later one goes first
                return entry_id, (
                    f"{entry_id} = {typed}: {shown_key(taken)} is already"
                    f' "{other.label}" ({other.id}) on the {section.title}'
                )
    return None
