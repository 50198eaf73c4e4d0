"""A pane of bounded height whose text may be longer: it scrolls (a scrollbar shows there
is more), takes focus with tab so the keyboard can scroll it, and `z` zooms it to the whole
screen. Nothing on the claim desk is cut without one of these around it.

``Fitted`` is the other way, for the strips of a short terminal (the claim's header, its
custody, the evidence wanted): its lines are wrapped to the pane and, when they are more
than the pane's height, the last line shown ends with a visible "… H: all", the key that
reads the claim in full (``READ_ALL_KEY``)."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.content import Content
from textual.visual import VisualType
from textual.widgets import Static

READ_ALL_KEY = "H"
CUT_MARK = Content.styled(f" … {READ_ALL_KEY}: all", "bold $accent")


class Cut(VerticalScroll):
    ALLOW_MAXIMIZE = True

    def mark_overflow(self) -> None:
        """A framed pane says in its frame how much is below (a scrollbar alone is easy to
        miss); a pane with a rule above only (the decisions, notes and triggers) says it on
        the rule, with the key that reads the claim in full; unframed ones show their
        scrollbar."""
        more = self.max_scroll_y - round(self.scroll_y)
        unframed = ("", "none", "hidden")
        bottom, top = self.styles.border_bottom[0], self.styles.border_top[0]
        if bottom in unframed and top not in unframed:
            self.border_title = f"↓ {more} more · {READ_ALL_KEY}: all" if more > 0 else ""
            return
        self.border_subtitle = f"↓ {more} more · z" if more > 0 else ""

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self.mark_overflow()

    def on_resize(self) -> None:
        # zoomed (z) or back: a fitted text inside takes the height it now has
        for fitted in self.query_children(Fitted):
            fitted.refit()
        self.call_after_refresh(self.mark_overflow)


def fit(
    blocks: list[Content], width: int, limit: int | None, optional: frozenset[int] = frozenset()
) -> tuple[list[Content], bool]:
    """``blocks`` (lines that may wrap) in at most ``limit`` lines of ``width`` cells, and
    whether anything was left out. When they do not fit, the ``optional`` blocks are left
    out first; the first block (the claim's words) keeps at most all but the last line, so
    something of what follows it shows; a block cut short ends in "…", and the last line
    shown ends with the mark and its key."""
    wrapped = [block.wrap(width) or [Content("")] for block in blocks]
    if limit is None or limit < 1 or sum(len(block) for block in wrapped) <= limit:
        return blocks, False  # whole: the widget wraps them itself
    wrapped = [block for index, block in enumerate(wrapped) if index not in optional]
    first = wrapped[0][: max(1, limit - 1)] if len(wrapped) > 1 else wrapped[0][:limit]
    if len(first) < len(wrapped[0]) and len(first) < limit:  # else the mark ends it
        first[-1] = first[-1].truncate(max(1, width - 1)) + Content("…")
    lines = (first + [line for block in wrapped[1:] for line in block])[:limit]
    lines[-1] = lines[-1].truncate(max(0, width - CUT_MARK.cell_length)) + CUT_MARK
    return lines, True


class Fitted(Static):
    """Text fitted to the height its pane allows (the pane's max-height), cut with a mark."""

    cut = False  # whether the last fitting left something out
    optional: frozenset[int] = frozenset()  # blocks left out first when all does not fit

    def __init__(self, content: VisualType = "", **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._blocks: list[Content] = []
        self.update(content)

    def update(self, content: VisualType = "", *, layout: bool = True) -> None:
        text = content if isinstance(content, Content) else Content(str(content))
        self._blocks = text.split("\n", allow_blank=True)
        self._fit(layout)

    def _limit(self) -> int | None:
        pane = self.parent
        if pane is None or not hasattr(pane, "styles"):
            return None
        height = pane.styles.max_height
        if height is None or not height.is_cells:
            return None
        gutter = pane.styles.gutter.height
        return int(height.value) - gutter

    def _fit(self, layout: bool = True) -> None:
        width = self.size.width
        if width <= 0:  # not laid out yet: everything, fitted once it has a size
            super().update(Content("\n").join(self._blocks), layout=layout)
            return
        lines, self.cut = fit(self._blocks, width, self._limit(), self.optional)
        super().update(Content("\n").join(lines), layout=layout)

    def on_resize(self) -> None:
        self._fit()

    def refit(self) -> None:
        self._fit()
