"""A pane of bounded height whose text may be longer: it scrolls (a scrollbar shows there
is more), takes focus with tab so the keyboard can scroll it, and `z` zooms it to the whole
screen. Nothing on the claim desk is cut without one of these around it."""

from __future__ import annotations

from textual.containers import VerticalScroll


class Cut(VerticalScroll):
    ALLOW_MAXIMIZE = True

    def mark_overflow(self) -> None:
        """A framed pane says in its frame how much is below (a scrollbar alone is easy to
        miss); unframed ones show their scrollbar."""
        more = self.max_scroll_y - round(self.scroll_y)
        self.border_subtitle = f"↓ {more} more · z" if more > 0 else ""

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self.mark_overflow()

    def on_resize(self) -> None:
        self.call_after_refresh(self.mark_overflow)
