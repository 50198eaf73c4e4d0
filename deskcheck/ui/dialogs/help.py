"""`?`: the keys of every screen, the one underneath first, as they are typed (with the
reviewer's keymap applied), and what every mark and glyph means. Made from the key registry
(deskcheck.ui.keys), as the footer, the palette and the README are."""

from __future__ import annotations

import textwrap
from collections.abc import Mapping

from textual import events
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from deskcheck.ui.keys import BY_NAME, EVERYWHERE, Section, bindings, plain, rows
from deskcheck.ui.widgets.legend import DESK_GLYPHS, MATRIX_GLYPHS, QUEUE_GLYPHS

GLYPHS = {"queue": QUEUE_GLYPHS, "claim desk": DESK_GLYPHS, "matrix": MATRIX_GLYPHS}
# the screens the help lists, then the forms and the full-text viewer
LISTED = ("queue", "desk", "matrix", "feeds", "form", "viewer")
KEY_COLUMN = 16  # a longer key gets a line of its own


def section_rows(section: Section, keymap: Mapping[str, str]) -> list[tuple[str, str]]:
    """(keys as typed, what they do) for each line of a section."""
    return [(" ".join(typed), plain(entries[0].words)) for entries, typed in rows(section, keymap)]


def help_sections(under: Screen, keymap: Mapping[str, str]) -> list[tuple[str, list]]:
    """(heading, rows) in the order shown: the screen underneath first."""
    here = getattr(under, "HELP_TITLE", "")
    listed = sorted((BY_NAME[name] for name in LISTED), key=lambda s: s.title != here)
    shown: list[tuple[str, list]] = []
    for section in listed:
        shown.append((f"Keys on the {section.title}", section_rows(section, keymap)))
        if section.title in GLYPHS:
            shown.append((f"What the {section.title}'s marks mean", list(GLYPHS[section.title])))
    shown.append(("Everywhere", [*section_rows(EVERYWHERE, keymap), ("escape", "back")]))
    return shown


def lines_for(sections: list[tuple[str, list]], width: int) -> list[Content]:
    """Each key and its words, the words wrapped beside the key."""
    room = max(width - KEY_COLUMN, 20)
    lines = [Content.styled("Keys, screen by screen", "bold")]
    for heading, keyed in sections:
        lines += [Content(""), Content.styled(heading, "bold $accent underline")]
        for key, words in keyed:
            wrapped = textwrap.wrap(words, room) or [""]
            if len(key) >= KEY_COLUMN:
                lines.append(Content.styled(key, "bold"))
                wrapped_lines = [Content(" " * KEY_COLUMN + part) for part in wrapped]
            else:
                first = Content.assemble((f"{key:<{KEY_COLUMN}}", "bold"), wrapped[0])
                rest = [Content(" " * KEY_COLUMN + part) for part in wrapped[1:]]
                wrapped_lines = [first, *rest]
            lines += wrapped_lines
    return lines


class HelpText(Static):
    """The help's lines, wrapped again when the width changes."""

    def __init__(self, sections: list[tuple[str, list]]) -> None:
        super().__init__()
        self.sections = sections
        self._width = 0

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._width:
            self._width = event.size.width
            self.update(Content("\n").join(self.lines(self._width)))

    def lines(self, width: int) -> list[Content]:
        return [*lines_for(self.sections, width), Content(""), Content("esc or ? closes this help")]


class HelpScreen(ModalScreen[None]):
    BINDINGS = bindings("help-dialog")

    def __init__(self, under: Screen, keymap: Mapping[str, str] | None = None) -> None:
        """``keymap``: the reviewer's, as applied (binding id → keys)."""
        super().__init__()
        self.sections = help_sections(under, keymap or {})
        self.lines = lines_for(self.sections, 120)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="help"):
            yield HelpText(self.sections)

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()  # ↑ ↓ page up/down scroll

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
