"""The queue as a table that renders only the rows on screen.

Textual's DataTable holds every row as widgets' data and measures them all (seconds at
100,000 claims). This widget knows only the number of rows and the pages it was given; a
line it has no page for is drawn as a placeholder while it asks for the page with a
message. The screen's worker reads the page and hands it back. The widget never reads the
database itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from rich.segment import Segment
from rich.style import Style
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from deskcheck.domain.due import is_overdue, until
from deskcheck.domain.models import QueueRow
from deskcheck.domain.untrusted import make_visible
from deskcheck.ui.keys import bindings

COLUMNS: tuple[tuple[str, int], ...] = (
    # heading, width (the claim text takes what is left)
    ("id", 7),
    ("status", 13),
    ("P", 3),
    ("verdict", 11),
    ("!", 2),
    ("int", 4),
    ("evi", 4),
    ("⚑", 3),
    ("~", 2),
    ("age", 5),
    ("due", 5),
)
# on a terminal this wide or wider (its width, not the table's: the headings above the table
# follow the same rule), who has each claim shows too; at 80 columns the claim's own words
# need the room
WIDE_AT = 110
WIDE_COLUMNS: tuple[tuple[str, int], ...] = (("who", 10),)


def columns_for(width: int) -> tuple[tuple[str, int], ...]:
    return COLUMNS + WIDE_COLUMNS if width >= WIDE_AT else COLUMNS


CUSTODY_MARKS = {"no primary source": "⚠", "no custody": "?", "": " "}
LINK_MARKS = {0: "", 1: "≠", 2: "✗"}
SOURCE_MARKS = {
    "circular reporting": "⟲",
    "single root": "1",
}  # before custody marks  # some evidence changed / gone since it was fetched


SOURCE_CHANGED = "Δ "  # the source sent a later wording of the item (`show` prints it)


def repeat_mark(repeat_of: int) -> str:
    """A claim linked as a repeat: ``↺1`` (of claim 1), ``↺pub`` (of a published check)."""
    return f"↺{repeat_of} " if repeat_of > 0 else "↺pub "


def header_line(width: int = 0) -> str:
    """The queue's column headings for a table ``width`` cells wide."""
    head = "".join(
        f"{name:>{size - 1}} " if name in ("id", "int", "evi") else f"{name:<{size}}"
        for name, size in columns_for(width)
    )
    return head + "claim"


def age(received_at: str, now: datetime) -> str:
    try:
        then = datetime.strptime(received_at[:19], "%Y-%m-%dT%H:%M:%S")
    except ValueError:
        return "?"
    seconds = max(0, int((now - then).total_seconds()))
    for unit, size in (("y", 365 * 86400), ("mo", 30 * 86400), ("d", 86400), ("h", 3600)):
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{seconds // 60}m"


FROM_PEER = "⇄"  # the verdict's decision was merged from another desk (the preview names it)
MARKED = "●"  # a marked claim (space marks; acts apply to every marked claim)


def due_cell(row: QueueRow, now: datetime) -> str:
    if not row.due_at:
        return ""
    try:
        return until(row.due_at, now)
    except ValueError:
        return "?"


def overdue(row: QueueRow, now: datetime) -> bool:
    return row.status not in ("decided", "lead", "dropped") and is_overdue(row.due_at, now)


def id_cell(claim_id: int, marked: bool) -> str:
    text = f"{claim_id:>6} "
    return MARKED + text[1:] if marked and text[0] == " " else text


def row_cells(row: QueueRow, now: datetime, marked: bool = False, wide: bool = False) -> list[str]:
    fired = str(row.fired_triggers) if row.fired_triggers else ""
    who = [make_visible(row.assignee or "")] if wide else []
    return [
        id_cell(row.id, marked),
        row.status.replace("_", " "),
        f"P{row.priority}",
        make_visible(row.verdict or "—")
        + (f" {FROM_PEER}" if row.verdict_from else "")
        + (" ✋" if row.awaiting_confirmation else ""),
        SOURCE_MARKS.get(row.source_warning) or CUSTODY_MARKS.get(row.custody_warning, "!"),
        f"{row.interpretation_count:>3} ",
        f"{row.evidence_count:>3} ",
        fired,
        LINK_MARKS[row.link_trouble],
        age(row.received_at, now),
        due_cell(row, now),
        *who,
    ]


class ClaimTable(ScrollView, can_focus=True):
    """Claims of the queue, one per line, fetched by page on demand."""

    COMPONENT_CLASSES = {
        "claim-table--cursor",
        "claim-table--loading",
        "claim-table--warning",
        "claim-table--attention",
        "claim-table--dim",
        "claim-table--marked",
    }
    BINDINGS = bindings("queue", on="table")

    # repaint=False: a move redraws the two rows it changes, not the whole table
    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)

    @dataclass
    class PagesWanted(Message):
        generation: int
        indexes: tuple[int, ...]

    @dataclass
    class MarksChanged(Message):
        count: int

    @dataclass
    class Opened(Message):
        claim_id: int
        position: int

    def __init__(self, *, page_size: int = 100, now: datetime | None = None, id: str | None = None):
        super().__init__(id=id)
        self.page_size = page_size
        self.now = now or datetime.utcnow()
        self.total = 0
        self.generation = 0
        self._pages: LRUCache[int, list[QueueRow]] = LRUCache(maxsize=32)
        self._wanted: set[int] = set()
        self._flush_scheduled = False
        # drawn rows, so scrolling by a line draws one new row, not the whole screen again
        self._strips: LRUCache[tuple[int, bool, int, bool], Strip] = LRUCache(maxsize=512)
        self._styles: dict[str, Style] | None = None
        self.marked: set[int] = set()  # claim ids, kept across reloads and pages

    # -- data in ----------------------------------------------------------------------------

    def reset(self, total: int, generation: int, cursor: int = 0) -> None:
        """A new queue (filter, search, sort, or a write): forget the pages, keep the place."""
        self.total = total
        self.generation = generation
        self._pages.clear()
        self._wanted.clear()
        self._strips.clear()
        self.virtual_size = Size(self.size.width, total)
        self.cursor = max(0, min(cursor, total - 1))
        self.refresh()

    def put_page(self, generation: int, index: int, rows: list[QueueRow]) -> None:
        if generation != self.generation:
            return  # a page of a queue that has since changed
        self._pages[index] = rows
        self._wanted.discard(index)
        self._strips.clear()  # rows drawn as placeholders are drawn again with the page
        self.refresh()

    def row_at(self, position: int) -> QueueRow | None:
        page = self._pages.get(position // self.page_size)
        if page is None:
            return None
        offset = position % self.page_size
        return page[offset] if offset < len(page) else None

    @property
    def current(self) -> QueueRow | None:
        return self.row_at(self.cursor) if self.total else None

    # -- asking for pages -------------------------------------------------------------------

    def _want(self, index: int) -> None:
        if index < 0 or index * self.page_size >= self.total:
            return
        if index in self._wanted or self._pages.get(index) is not None:
            return
        self._wanted.add(index)
        if not self._flush_scheduled:
            self._flush_scheduled = True
            self.call_later(self._flush)

    def _flush(self) -> None:
        self._flush_scheduled = False
        if self._wanted:
            self.post_message(self.PagesWanted(self.generation, tuple(sorted(self._wanted))))

    # -- rendering --------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None  # a new theme or focus: rows are drawn again in the new styles
        self._strips.clear()

    def _style(self, name: str) -> Style:
        # reading a widget's style is slow (it walks the CSS): once per style, not per row
        if self._styles is None:
            self._styles = {"base": self.rich_style} | {
                part: self.get_component_rich_style(f"claim-table--{part}")
                for part in ("cursor", "loading", "warning", "attention", "dim", "marked")
            }
        return self._styles[name]

    def render_line(self, y: int) -> Strip:
        position = self.scroll_offset.y + y
        width = self.size.width
        base = self._style("base")
        if position >= self.total:
            return Strip.blank(width, base)
        row = self.row_at(position)
        if row is None:
            self._want(position // self.page_size)
            loading = self._style("loading")
            return Strip([Segment(f"{'':>7}…", base + loading)]).adjust_cell_length(width, base)
        key = (position, position == self.cursor, width, row.id in self.marked)
        strip = self._strips.get(key)
        if strip is None:
            style = base
            if row.status in ("new", "revision_due") or row.fired_triggers:
                style += self._style("attention")
            elif row.status == "dropped":
                style += self._style("dim")
            if row.id in self.marked:
                style += self._style("marked")
            if position == self.cursor:
                style += self._style("cursor")
            strip = self._strips[key] = self._row_strip(row, style, width)
        return strip

    def _row_strip(self, row: QueueRow, style: Style, width: int) -> Strip:
        segments: list[Segment] = []
        warning = style + self._style("warning")
        columns = columns_for(self.app.size.width)  # as the queue's headings are chosen
        cells = row_cells(row, self.now, row.id in self.marked, wide=columns != COLUMNS)
        late = overdue(row, self.now)
        for (name, column_width), cell in zip(columns, cells, strict=True):
            text = cell[: column_width - 1].ljust(column_width)
            flagged = name in ("!", "⚑", "~") or (name == "due" and late)
            segments.append(Segment(text, warning if flagged else style))
        # the claim is outside text: controls made visible; Segments are never markup
        # only a line feed ends the line: a lone \r (or another break splitlines knows) must
        # show as a mark, not cut the rest of the claim out of the row
        first_line = re.split(r"\r?\n", row.text.strip())[0]
        if row.repeat_of is not None:
            segments.append(Segment(repeat_mark(row.repeat_of), warning))
        if row.source_versions:  # its source sent a later wording: the claim keeps its own
            segments.append(Segment(SOURCE_CHANGED, warning))
        segments.append(Segment(make_visible(first_line), style))
        return Strip(segments).adjust_cell_length(width, style)

    def watch_cursor(self, old: int, new: int) -> None:
        height = self.scrollable_content_region.height or self.size.height
        top = self.scroll_offset.y
        if new < top:
            self.scroll_to(y=new, animate=False, immediate=True)
        elif new >= top + height:
            self.scroll_to(y=new - height + 1, animate=False, immediate=True)
        else:  # the view stays: only the two rows whose cursor mark changed are drawn again
            self.refresh_line(old)
            self.refresh_line(new)
        # keep the neighbouring pages ready, so crossing a page edge does not flicker
        page = new // self.page_size
        self._want(page)
        if new % self.page_size > self.page_size - height - 5:
            self._want(page + 1)
        if new % self.page_size < height + 5:
            self._want(page - 1)
        if self.scroll_offset.y != top:
            self.refresh()

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, self.total)

    # -- actions ----------------------------------------------------------------------------

    def _move_to(self, position: int) -> None:
        if self.total:
            self.cursor = max(0, min(position, self.total - 1))

    def action_cursor_down(self) -> None:
        self._move_to(self.cursor + 1)

    def action_cursor_up(self) -> None:
        self._move_to(self.cursor - 1)

    def action_first(self) -> None:
        self._move_to(0)

    def action_last(self) -> None:
        self._move_to(self.total - 1)

    def action_page_down(self) -> None:
        self._move_to(self.cursor + max(1, self.size.height - 1))

    def action_page_up(self) -> None:
        self._move_to(self.cursor - max(1, self.size.height - 1))

    def action_toggle_mark(self) -> None:
        """Mark or unmark the claim under the cursor and go to the next (as mutt's t)."""
        row = self.current
        if row is None:
            return
        self.marked.symmetric_difference_update({row.id})
        self._strips.clear()
        self.refresh_line(self.cursor)
        self.post_message(self.MarksChanged(len(self.marked)))
        self._move_to(self.cursor + 1)

    def clear_marks(self) -> None:
        self.marked.clear()
        self._strips.clear()
        self.refresh()
        self.post_message(self.MarksChanged(0))

    def action_open(self) -> None:
        row = self.current
        if row is not None:
            self.post_message(self.Opened(row.id, self.cursor))

    def on_click(self, event) -> None:
        position = self.scroll_offset.y + event.y
        if position < self.total:
            self.cursor = position
