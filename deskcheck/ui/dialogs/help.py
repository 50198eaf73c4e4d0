"""`?`: every key of the screen underneath, with what it does."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

EXTRA_KEYS: dict[str, list[tuple[str, str]]] = {
    # keys handled inside widgets, listed so the help is complete
    "QueueScreen": [
        ("j / k, ↓ / ↑", "next / previous claim"),
        ("g / G", "first / last claim"),
        ("page down / page up", "a screen further / back"),
        ("enter", "open the claim desk"),
    ],
    "ClaimDeskScreen": [
        ("tab / shift+tab", "next / previous pane"),
        ("j / k", "next / previous evidence in a column"),
        (
            "1 2 3 4 5 6",
            "rate the selected evidence against the column's interpretation: CC C N I II NA",
        ),
    ],
}


def key_rows(screen: Screen) -> list[tuple[str, str]]:
    rows: list[tuple[str, str]] = list(EXTRA_KEYS.get(type(screen).__name__, []))
    seen: set[tuple[str, str]] = set()
    for key, active in screen.active_bindings.items():
        binding = active.binding
        if active.node not in (screen, screen.app):
            continue  # a focused widget's generic keys; its own are in EXTRA_KEYS
        if not binding.description or (binding.action, binding.description) in seen:
            continue
        seen.add((binding.action, binding.description))
        rows.append((binding.key_display or key, binding.description))
    return rows


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close help"),
    ]

    def __init__(self, under: Screen) -> None:
        super().__init__()
        self.rows = key_rows(under)
        self.title_text = f"Keys: {getattr(under, 'HELP_TITLE', type(under).__name__)}"

    def compose(self) -> ComposeResult:
        width = max(len(k) for k, _ in self.rows) + 2 if self.rows else 10
        lines = [Content.styled(self.title_text, "bold"), Content("")]
        lines += [
            Content.assemble((f"{key:<{width}}", "bold $accent"), text) for key, text in self.rows
        ]
        lines += [Content(""), Content("escape or ? closes this help · ctrl+p: all commands")]
        with VerticalScroll(classes="help"):
            yield Static(Content("\n").join(lines))

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
