"""The keys of the current screen, on the bottom line.

Textual's ``Footer`` mounts one widget per key and restyles every one of them whenever the
focus moves; on the claim desk (some thirty keys) that was a third of the time it took to
open a claim. ``KeyBar`` draws the same line as one widget and only repaints when the
screen's bindings change. Clicking a key presses it, as in the Footer.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.widget import Widget

from deskcheck.ui.keys import BY_ID

HELP_ACTION = "app.help"
REGISTRY_ORDER = {key_id: place for place, key_id in enumerate(BY_ID)}


@dataclass(frozen=True)
class KeySpan:
    start: int
    end: int
    key: str
    enabled: bool


class KeyBar(Widget, can_focus=False):
    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"key-bar--key", "key-bar--description"}
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .key-bar--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .key-bar--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
    }
    """

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._spans: list[KeySpan] = []
        # the line as last drawn, and the width it was drawn for: the screen's bindings are
        # gathered again only when they change (a fifth of the time to open a claim desk)
        self._line: tuple[int, Text] | None = None

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, _screen: object) -> None:
        self._line = None
        self.refresh()

    def notify_style_update(self) -> None:
        self._line = None  # another theme: other colours
        super().notify_style_update()

    def shown_bindings(self) -> list[tuple[Binding, bool]]:
        """One binding per action, in the registry's order (a key the keymap moved keeps its
        place)."""
        seen: set[str] = set()
        shown: list[tuple[Binding, bool]] = []
        for _node, binding, enabled, _tooltip in self.screen.active_bindings.values():
            if binding.show and binding.action not in seen:
                seen.add(binding.action)
                shown.append((binding, enabled))
        shown.sort(key=lambda item: REGISTRY_ORDER.get(item[0].id or "", -1))
        return shown

    def palette_binding(self) -> Binding | None:
        """The command palette's key, always shown at the right (after help's, when the screen
        has one): every key is a command there."""
        if not self.app.ENABLE_COMMAND_PALETTE:
            return None
        for _node, binding, _enabled, _tooltip in self.screen.active_bindings.values():
            if binding.action == "command_palette":  # on its own key, or the keymap's
                return binding
        return None

    def render(self) -> Text:
        if self._line is None or self._line[0] != self.size.width:
            self._line = (self.size.width, self._render_line())
        return self._line[1]

    def _render_line(self) -> Text:
        key_style = self.get_component_rich_style("key-bar--key")
        description_style = self.get_component_rich_style("key-bar--description")
        spans: list[KeySpan] = []

        def add(line: Text, binding: Binding, enabled: bool) -> None:
            start = line.cell_len  # cells, as clicks count them
            dim = Style(dim=not enabled)
            line.append(f" {self.app.get_key_display(binding)} ", key_style + dim)
            line.append(f"{binding.description} ", description_style + dim)
            spans.append(KeySpan(start, line.cell_len, binding.key, enabled))

        line = Text(no_wrap=True, overflow="crop", end="")
        shown = self.shown_bindings()
        for binding, enabled in shown:
            if binding.action != HELP_ACTION:
                add(line, binding, enabled)
        left_spans, spans = spans, []
        right = Text(end="")
        # help and the palette at the right, never cropped: together they reach every key
        for binding, enabled in shown:
            if binding.action == HELP_ACTION:
                add(right, binding, enabled)
        palette = self.palette_binding()
        if palette is not None:
            add(right, palette, True)
        room = max(self.size.width - right.cell_len, 0)
        # a key is shown whole or not at all: half a description reads as another word
        whole = [s for s in left_spans if s.end <= room]
        line.truncate(whole[-1].end if whole else 0)
        line.truncate(room, pad=True)
        spans = whole + [KeySpan(s.start + room, s.end + room, s.key, s.enabled) for s in spans]
        line.append_text(right)
        self._spans = spans
        return line

    def key_at(self, x: int) -> KeySpan | None:
        return next((span for span in self._spans if span.start <= x < span.end), None)

    def on_click(self, event: events.Click) -> None:
        span = self.key_at(event.x)
        if span is None:
            return
        if span.enabled:
            self.app.simulate_key(span.key)
        else:
            self.app.bell()
