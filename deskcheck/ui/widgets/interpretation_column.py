"""One interpretation as a column: its statement, implications, and every evidence item
of the claim with the mark it has against this interpretation."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.visual import VisualType
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from deskcheck.analysis.matrix import Score
from deskcheck.domain.models import Evidence, Interpretation
from deskcheck.ui.safe import safe, safe_line
from deskcheck.ui.widgets.marks import MARK_STYLE


def evidence_prompt(evidence: Evidence, interpretation_id: int, mark: str | None = None) -> Content:
    """``mark``: one just given, shown before the desk has been read again."""
    mark = mark or evidence.mark_for(interpretation_id)
    return Content.assemble(
        (f"{mark or '··':<3}", MARK_STYLE.get(mark or "", "dim")),
        (f"{evidence.grade} ", "dim"),
        (evidence.link_mark, "bold $warning"),  # before the title: never cut off
        safe_line(evidence.title),
    )


class EvidenceOption(Option):
    """An item of a column, its line made when first drawn: a column holds every item of
    the claim (hundreds), the screen shows a screenful."""

    def __init__(self, evidence: Evidence, interpretation_id: int) -> None:
        super().__init__("", id=f"e{evidence.id}")
        self.evidence = evidence
        self.interpretation_id = interpretation_id
        self._made = False

    @property
    def prompt(self) -> VisualType:
        if not self._made:
            self._made = True
            self._prompt = evidence_prompt(self.evidence, self.interpretation_id)
        return self._prompt

    def _set_prompt(self, prompt: VisualType) -> None:
        self._made = True  # a mark just given, say: not replaced by the line as read
        super()._set_prompt(prompt)


def score_words(score: Score) -> str:
    """A score in plain words: "inconsistency 0 (weighted 0) · 7 of 7 rated"."""
    total = score.rated + score.unrated
    return (
        f"inconsistency {score.inconsistency} (weighted {score.weighted:g})"
        f" · {score.rated} of {total} rated"
    )


def score_line(score: Score | None) -> Content:
    if score is None:
        return Content("")
    state = (
        (" · leading", "bold $success")
        if score.leads
        else (" · eliminated", "bold $error")
        if score.eliminated
        else ("", "")
    )
    return Content.assemble((score_words(score), "dim"), state)


def statement_content(item: Interpretation) -> Content:
    heading = Content.assemble(
        (f"{item.position}. ", "dim"),
        safe(item.label, "bold"),
        (" (catch-all)", "italic") if item.catch_all else "",
    )
    body = [heading, safe(item.statement)]
    body += [Content.assemble(("• ", "$accent"), safe(i)) for i in item.implication_list]
    return Content("\n").join(body)


class StatementBox(VerticalScroll, can_focus=False):
    """The statement and every implication, wrapped; scrolls (mouse) when longer than its
    share of the column; `z` zooms the column to read it all."""


class EvidenceList(OptionList):
    """Evidence of one column; j/k move, the highlighted item shows in the detail pane."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def __init__(self, interpretation_id: int | None, *options: Option, classes: str = "") -> None:
        super().__init__(*options, classes=classes)
        self.interpretation_id = interpretation_id

    def show_mark(self, evidence: Evidence, mark: str) -> None:
        """The mark just given, at once (the desk is read again after the write)."""
        if self.interpretation_id is not None:
            prompt = evidence_prompt(evidence, self.interpretation_id, mark)
            self.replace_option_prompt(f"e{evidence.id}", prompt)

    def _update_lines(self) -> None:
        """One line per item (titles are cut, never wrapped, so the same item sits on the
        same row in every column): OptionList would measure each item's height first."""
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

    @property
    def evidence_id(self) -> int | None:
        if self.highlighted is None:
            return None
        option = self.get_option_at_index(self.highlighted)
        return int(option.id[1:]) if option.id else None


class InterpretationColumn(Vertical):
    ALLOW_MAXIMIZE = True  # `z` zooms a column to the whole screen

    @dataclass
    class EvidenceFocused(Message):
        evidence_id: int | None
        interpretation_id: int | None

    def __init__(
        self,
        interpretation: Interpretation | None,
        evidence: tuple[Evidence, ...],
        score: Score | None = None,
        claim_id: int | None = None,
    ) -> None:
        """A column for ``interpretation``; with None, the claim's evidence before any
        interpretation exists to rate it against."""
        super().__init__(classes="interpretation")
        self.claim_id = claim_id
        self.interpretation = interpretation
        self.evidence = evidence
        self.score = score

    def compose(self) -> ComposeResult:
        item = self.interpretation
        if item is None:
            yield Static(
                Content.assemble(
                    ("Evidence", "bold"),
                    "\nNo interpretation yet: i adds one (its form offers the catch-all: other /"
                    " fabricated / not as reported); then each item can be rated.",
                ),
                classes="statement",
            )
            yield EvidenceList(
                None, *[EvidenceOption(e, 0) for e in self.evidence], classes="evidence-list"
            )
            return
        with StatementBox(classes="statement-box"):
            yield Static(statement_content(item), classes="statement")
        yield Static(score_line(self.score), classes="tally")
        yield EvidenceList(
            item.id,
            *[EvidenceOption(e, item.id) for e in self.evidence],
            classes="evidence-list",
        )

    def shows(self, interpretation: Interpretation, evidence: tuple[Evidence, ...]) -> bool:
        """Whether the column was built from this very read (nothing to refresh)."""
        return self.interpretation is interpretation and self.evidence is evidence

    def refresh_with(
        self,
        interpretation: Interpretation,
        evidence: tuple[Evidence, ...],
        score: Score | None,
        claim_id: int | None = None,
    ) -> None:
        """Show new data (the same interpretation, or the next claim's) without remounting
        the column: the reviewer's place in the list stays where it was."""
        self.interpretation, self.evidence, self.score = interpretation, evidence, score
        self.claim_id = claim_id
        self.query_one(EvidenceList).interpretation_id = interpretation.id
        self.query_one(".statement", Static).update(statement_content(interpretation))
        self.query_one(".tally", Static).update(score_line(score))
        evidence_list = self.query_one(EvidenceList)
        highlighted = evidence_list.highlighted
        # the reviewer's selection is unchanged, so the rebuilt list must not announce one
        with evidence_list.prevent(OptionList.OptionHighlighted):
            evidence_list.clear_options()
            evidence_list.add_options([EvidenceOption(e, interpretation.id) for e in evidence])
            if highlighted is not None and evidence:
                evidence_list.highlighted = min(highlighted, len(evidence) - 1)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        evidence_list = self.query_one(EvidenceList)
        self.post_message(
            self.EvidenceFocused(evidence_list.evidence_id, evidence_list.interpretation_id)
        )
