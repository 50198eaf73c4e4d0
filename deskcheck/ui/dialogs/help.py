"""`?`: the keys of every screen, the one underneath first, as they are typed, and what
every mark and glyph means."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from deskcheck.ui.keys import bindings
from deskcheck.ui.widgets.legend import DESK_GLYPHS, MATRIX_GLYPHS, QUEUE_GLYPHS

KEY_WORDS = {
    # Textual's key names, as the reviewer types them
    "slash": "/",
    "question_mark": "?",
    "apostrophe": "'",
    "right_square_bracket": "]",
    "left_square_bracket": "[",
    "escape": "esc",
    "enter": "enter",
}

EXTRA_KEYS: dict[str, list[tuple[str, str]]] = {
    # keys handled inside widgets, listed so the help is complete
    "queue": [
        ("j k  ↓ ↑", "next / previous claim"),
        ("g G", "first / last claim"),
        ("page down / page up", "a screen further / back"),
        ("enter", "open the claim desk"),
        ("space", "mark / unmark the claim (acts then apply to every marked claim)"),
        ("P 1 2 3 4", "priority: P, then 1 (most urgent) to 4"),
    ],
    "claim desk": [
        ("tab  shift+tab", "next / previous pane"),
        ("h l", "column left / right"),
        ("j k", "next / previous evidence in a column"),
        (
            "1 2 3 4 5 6",
            "mark the selected evidence against the column's interpretation (CC C N I II NA),"
            " at once, and move on",
        ),
    ],
    "matrix": [
        ("h j k l  arrows", "move between cells"),
        ("1 2 3 4 5 6", "mark the cell (CC C N I II NA) at once and move across"),
    ],
}

GLYPHS = {"queue": QUEUE_GLYPHS, "claim desk": DESK_GLYPHS, "matrix": MATRIX_GLYPHS}


def typed(key: str) -> str:
    """``escape,q`` → ``esc / q``; ``slash`` → ``/``."""
    return " / ".join(KEY_WORDS.get(k.strip(), k.strip()) for k in key.split(","))


def own_bindings(screen_class: type[Screen]) -> list[object]:
    """The screen's bindings and those of deskcheck's base screens (the claim desk's acts
    live in its bases), not Textual's own."""
    return [
        binding
        for cls in screen_class.__mro__
        if cls.__module__.startswith("deskcheck.")
        for binding in cls.__dict__.get("BINDINGS", [])
    ]


def screen_keys(screen_class: type[Screen], title: str) -> list[tuple[str, str]]:
    rows = list(EXTRA_KEYS.get(title, []))
    seen = {description for _, description in rows}
    listed = {key for keys, _ in rows for key in keys.split()} - {"/"}  # 1–6, h l: one row
    for binding in own_bindings(screen_class):
        if not isinstance(binding, Binding) or not binding.description:
            continue
        if binding.description in seen or (binding.key_display or binding.key) in listed:
            continue
        seen.add(binding.description)
        rows.append((binding.key_display or typed(binding.key), binding.description))
    return rows


def section(title: str, rows: list[tuple[str, str]]) -> list[Content]:
    width = min(max((len(k) for k, _ in rows), default=8) + 2, 22)
    lines = [Content(""), Content.styled(title, "bold $accent underline")]
    for key, text in rows:
        lines.append(Content.assemble((f"{key:<{width}}", "bold"), text))
    return lines


def help_lines(under: Screen, screens: list[tuple[str, type[Screen]]]) -> list[Content]:
    here = getattr(under, "HELP_TITLE", "")
    screens = list(screens)
    screens.sort(key=lambda item: item[0] != here)  # the screen underneath first
    lines = [Content.styled("Keys, screen by screen", "bold")]
    for title, screen_class in screens:
        lines += section(f"Keys on the {title}", screen_keys(screen_class, title))
        if title in GLYPHS:
            lines += section(f"What the {title}'s marks mean", list(GLYPHS[title]))
    lines += section(
        "Everywhere", [("ctrl+p", "every command, by name"), ("?", "this help"), ("esc", "back")]
    )
    return lines


class HelpScreen(ModalScreen[None]):
    BINDINGS = bindings("help-dialog")

    def __init__(self, under: Screen, screens: list[tuple[str, type[Screen]]]) -> None:
        """``screens``: (human title, class) of every desk screen, to list their keys."""
        super().__init__()
        self.lines = help_lines(under, screens)

    def compose(self) -> ComposeResult:
        lines = [*self.lines, Content(""), Content("esc or ? closes this help")]
        with VerticalScroll(classes="help"):
            yield Static(Content("\n").join(lines))

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()  # ↑ ↓ page up/down scroll

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
