"""The claim's interpretations: one line each (label and standing in plain words), and the
focused one's statement and implications in full in a pane of their own.

Every interpretation is one line, whatever their number (1 to 8 or more), so all of them
are on screen at once; the marks against each are columns of the evidence list beside
(``evidence_marks``), numbered as here.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from deskcheck.analysis.matrix import Score
from deskcheck.domain.models import ClaimRecord, Interpretation
from deskcheck.ui.safe import safe, safe_line

AGAINST = ("I", "II")


def standing(record: ClaimRecord, item: Interpretation, score: Score | None) -> Content:
    """Where an interpretation stands, in words: how many items speak against it, how many
    are rated, and "leading" / "ruled out" only once something is rated."""
    marks = [e.mark_for(item.id) for e in record.evidence]
    rated = sum(m is not None for m in marks)
    against = sum(m in AGAINST for m in marks)
    total = len(marks)
    if not total:
        return Content.styled("no evidence yet", "dim")
    if not rated:
        return Content.styled(f"not rated yet (0 of {total})", "dim")
    words = f"{against} against · {rated}/{total} rated"
    if score is not None and score.eliminated:
        return Content.assemble(("ruled out", "bold $error"), (f" · {words}", "dim"))
    if score is not None and score.leads:
        # "leading": the fewest items against it (the legend line says so)
        return Content.assemble(("leading", "bold $success"), (f" · {words}", "dim"))
    return Content.styled(words, "dim")


def statement_content(item: Interpretation) -> Content:
    heading = Content.assemble(
        (f"{item.position}. ", "dim"),
        safe(item.label, "bold"),
        (" (catch-all: none of the others)", "italic") if item.catch_all else "",
    )
    body = [heading, safe(item.statement)]
    implications = item.implication_list
    if implications:
        body.append(Content.styled(f"If true ({len(implications)}):", "dim"))
    body += [Content.assemble(("• ", "$accent"), safe(i)) for i in implications]
    return Content("\n").join(body)


class InterpretationList(Static):
    """Every interpretation, one line each; the focused one (the column `h`/`l` move and
    `1`–`6` mark against) is pointed at."""

    def show(self, record: ClaimRecord, scores: dict[int, Score], focused: int) -> None:
        if not record.interpretations:
            self.update(
                Content.assemble(
                    ("No interpretation yet: ", "bold"),
                    "i adds one (its form offers the catch-all); then each item can be rated.",
                )
            )
            return
        lines = []
        if not self.screen.has_class("-short"):  # at 80×24 its room goes to the evidence
            count = len(record.interpretations)
            lines.append(
                Content.styled(
                    f"Interpretations ({count}) · h/l choose one · 1–6 mark against it", "dim"
                )
            )
        for index, item in enumerate(record.interpretations):
            here = index == focused
            lines.append(
                Content.assemble(
                    ("▶" if here else " ", "bold $accent"),
                    (f"{index + 1} ", "bold $accent" if here else "bold"),
                    safe_line(item.label, "bold reverse" if here else "bold"),
                    " · ",
                    standing(record, item, scores.get(item.id)),
                )
            )
        self.update(Content("\n").join(lines))


class InterpretationText(VerticalScroll):
    """The focused interpretation's statement and every implication, wrapped; scrolls when
    longer than the pane, and says so in its frame; `z` gives it the whole screen."""

    ALLOW_MAXIMIZE = True

    def compose(self) -> ComposeResult:
        yield Static(id="statement-text")

    def show(self, item: Interpretation | None, index: int, count: int) -> None:
        self.border_title = f"{index + 1} of {count}" if item is not None else "Interpretation"
        self.query_one("#statement-text", Static).update(
            statement_content(item)
            if item is not None
            else Content.styled("No interpretation yet (i adds one).", "dim")
        )
        self.call_after_refresh(self.mark_overflow)

    def mark_overflow(self) -> None:
        """The frame says when there is more than the pane shows (never cut silently)."""
        more = self.max_scroll_y - round(self.scroll_y)
        self.border_subtitle = f"↓ {more} more lines · z reads all" if more > 0 else ""

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        self.mark_overflow()

    def on_resize(self) -> None:
        self.call_after_refresh(self.mark_overflow)  # zoomed, or back: another height
