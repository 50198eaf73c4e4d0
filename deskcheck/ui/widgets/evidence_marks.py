"""The claim's evidence, one line per item, with its mark against every interpretation as a
narrow column (numbered as the interpretation list numbers them), the focused
interpretation's column highlighted: marks for all interpretations side by side, for any
number of them, at any width.

The widget owns the reviewer's place: the item highlighted, the interpretation focused, and
the marks given since the claim was last read (shown at once, before the desk is read again).
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.visual import VisualType
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from deskcheck.domain.models import ClaimRecord, Evidence, Interpretation
from deskcheck.ui.keys import bindings
from deskcheck.ui.safe import safe_line
from deskcheck.ui.widgets.legend import marks_legend
from deskcheck.ui.widgets.marks import MARK_STYLE

MARK_WIDTH = 3  # "II " / "CC " / "·· "


def row_content(
    evidence: Evidence,
    interpretations: tuple[Interpretation, ...],
    focused: int,
    marked: dict[tuple[int, int], str],
) -> Content:
    cells: list[Content | tuple[str, str] | str] = []
    for index, item in enumerate(interpretations):
        mark = marked.get((evidence.id, item.id)) or evidence.mark_for(item.id)
        style = MARK_STYLE.get(mark or "", "dim")
        if index == focused:
            style = f"{style} reverse"
        cells += [(f"{mark or '··':<2}", style), " "]
    return Content.assemble(
        *cells,
        (f"{evidence.grade} ", "dim"),
        (evidence.link_mark, "bold $warning"),  # what the last fetch found: never cut off
        safe_line(evidence.title),
    )


class EvidenceRow(Option):
    """An item's line, made when first drawn (a claim may hold hundreds of items)."""

    def __init__(self, evidence: Evidence, owner: MarkList) -> None:
        super().__init__("", id=f"e{evidence.id}")
        self.evidence = evidence
        self.owner = owner
        self._made = False

    @property
    def prompt(self) -> VisualType:
        if not self._made:
            self._made = True
            owner = self.owner
            self._prompt = row_content(
                self.evidence, owner.interpretations, owner.focused, owner.marked
            )
        return self._prompt

    def forget(self) -> None:
        """Made again when next drawn (another focused interpretation, a mark given)."""
        self._made = False
        self._visual = None


class MarkList(OptionList):
    """j/k move between items; the highlighted item shows in the detail pane."""

    BINDINGS = bindings("desk", on="marks")

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.interpretations: tuple[Interpretation, ...] = ()
        self.focused = 0
        self.marked: dict[tuple[int, int], str] = {}

    def fill(
        self, evidence: tuple[Evidence, ...], interpretations: tuple[Interpretation, ...]
    ) -> None:
        self.interpretations = interpretations
        highlighted = self.highlighted
        with self.prevent(OptionList.OptionHighlighted):
            self.clear_options()
            self.add_options([EvidenceRow(e, self) for e in evidence])
            if highlighted is not None and evidence:
                self.highlighted = min(highlighted, len(evidence) - 1)

    def redraw_rows(self) -> None:
        for option in self.options:
            if isinstance(option, EvidenceRow):
                option.forget()
        self._clear_caches()

    def _update_lines(self) -> None:
        """One line per item (titles are cut with an ellipsis, never wrapped): OptionList
        would measure each item's height first, hundreds of them."""
        if not self.scrollable_content_region:
            return
        cache, count = self._line_cache, len(self.options)
        if len(cache.lines) != count:
            cache.lines[:] = [(index, 0) for index in range(count)]
            cache.heights.clear()
            cache.heights.update(dict.fromkeys(range(count), 1))
            cache.index_to_line.clear()
            cache.index_to_line.update({index: index for index in range(count)})
        virtual_size = Size(self.scrollable_content_region.width, count)
        if virtual_size != self.virtual_size:
            self.virtual_size = virtual_size
            self._scroll_update(virtual_size)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return self.option_count

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self.post_message(EvidenceMarks.Scrolled())

    @property
    def evidence_id(self) -> int | None:
        if self.highlighted is None:
            return None
        option = self.get_option_at_index(self.highlighted)
        return int(option.id[1:]) if option.id else None


class EvidenceMarks(Vertical):
    """The heading (the interpretations' numbers over their columns, and which items are
    on screen of how many) and the list."""

    @dataclass
    class Selected(Message):
        evidence_id: int | None

    class Scrolled(Message):
        pass

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.record: ClaimRecord | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="marks-heading")
        yield MarkList(id="mark-list")
        yield Static(id="marks-legend", markup=False)  # what the marks and grades mean

    @property
    def marks(self) -> MarkList:
        return self.query_one(MarkList)

    @property
    def focused(self) -> int:
        return self.marks.focused

    def show(self, record: ClaimRecord, *, fresh: bool) -> None:
        """The claim as read; ``fresh``: a claim just opened starts at its first item and
        its first interpretation."""
        marks = self.marks
        self.record = record
        if fresh:
            marks.focused = 0
            marks.highlighted = None
        marks.focused = min(marks.focused, max(0, len(record.interpretations) - 1))
        marks.fill(record.evidence, record.interpretations)
        if record.evidence and marks.highlighted is None:
            with marks.prevent(OptionList.OptionHighlighted):
                marks.highlighted = 0
        self.show_heading()

    def focus_interpretation(self, index: int) -> None:
        assert self.record is not None
        marks = self.marks
        marks.focused = max(0, min(index, len(self.record.interpretations) - 1))
        marks.redraw_rows()
        self.show_heading()

    def show_mark(self, evidence: Evidence, interpretation_id: int, mark: str) -> None:
        """A mark just given, at once (the desk is read again after the write)."""
        marks = self.marks
        marks.marked[(evidence.id, interpretation_id)] = mark
        option = marks.get_option(f"e{evidence.id}")
        if isinstance(option, EvidenceRow):
            option.forget()
        marks._clear_caches()

    def go_to(self, row: int, column: int) -> None:
        """Select the pair now, before the next key is handled."""
        marks = self.marks
        if column != marks.focused:
            self.focus_interpretation(column)
        marks.highlighted = row
        marks.scroll_to_highlight()

    def show_heading(self) -> None:
        record, marks = self.record, self.marks
        if record is None:
            return
        numbers = [
            (f"{i + 1:<2}", "bold reverse $accent" if i == marks.focused else "bold")
            for i in range(len(record.interpretations))
        ]
        cells: list[tuple[str, str] | str] = []
        for number in numbers:
            cells += [number, " "]
        total = len(record.evidence)
        height = marks.scrollable_content_region.height or total
        first = round(marks.scroll_y)
        last = min(total, first + height)
        # the count of what is off screen first: a narrow heading cuts its end
        place = (
            (f"{total - last} more ↓ · " if last < total else "")
            + f"evidence {first + 1}–{last} of {total}"
            if total > height and total
            else f"evidence ({total})"
        )
        self.query_one("#marks-heading", Static).update(
            Content.assemble(*cells, ("gr ", "dim"), (place, "dim"))
        )

    def on_evidence_marks_scrolled(self, event: EvidenceMarks.Scrolled) -> None:
        event.stop()
        self.show_heading()

    def on_resize(self) -> None:
        self.call_after_refresh(self.show_heading)
        legend = self.query_one("#marks-legend", Static)
        legend.update(marks_legend(self.size.width - 1))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.post_message(self.Selected(self.marks.evidence_id))
