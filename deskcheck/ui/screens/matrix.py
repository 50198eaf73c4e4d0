"""The matrix: interpretations as rows, evidence as columns (a key transposes it), the
assessment in each cell, and under each interpretation its inconsistency scores.

Rows-as-interpretations is the default because it reduced confirmation bias in a 2024 study
(Dhami et al.); rating goes "across": after a mark, the cursor moves to the same evidence
against the next interpretation, so one item is judged against every interpretation before the next.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.content import Content
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Static

from deskcheck.analysis.claim_analysis import Analysis
from deskcheck.analysis.matrix import Matrix
from deskcheck.analysis.score_words import points_against, weighted_against
from deskcheck.domain.models import ClaimRecord
from deskcheck.domain.untrusted import make_visible
from deskcheck.domain.vocabulary import MARK_MEANING
from deskcheck.ui.keys import bindings
from deskcheck.ui.messages import ClaimLoaded
from deskcheck.ui.safe import safe
from deskcheck.ui.screens.desk_screen import DeskScreen
from deskcheck.ui.widgets.key_bar import KeyBar
from deskcheck.ui.widgets.legend import grade_words, matrix_legend
from deskcheck.ui.widgets.status_line import StatusLine
from deskcheck.work.claim_parts import mark_evidence, relate
from deskcheck.work.claim_view import view_claim

SCORE_COLUMNS = 3  # against, weighted, rated: right after the interpretation
MARK_STYLE = {
    "CC": "bold green",
    "C": "green",
    "N": "",
    "I": "yellow",
    "II": "bold red",
    "NA": "dim",
}


def short(text: str, width: int = 14) -> str:
    text = make_visible(text.strip().splitlines()[0] if text.strip() else "")
    return text if len(text) <= width else text[: width - 1] + "…"


def wrapped(text: str, width: int, lines: int = 3) -> list[str]:
    """``text`` on at most ``lines`` lines of ``width``; an ellipsis says there is more."""
    import textwrap

    cut = textwrap.wrap(make_visible(" ".join(text.split())), width) or [""]
    if len(cut) > lines:
        cut = cut[:lines]
        cut[-1] = short(cut[-1] + " …", width) if len(cut[-1]) < width else cut[-1][:-1] + "…"
    return cut


class MatrixScreen(DeskScreen):
    HELP_TITLE = "matrix"
    BINDINGS = bindings("matrix")

    def __init__(self, claim_id: int) -> None:
        super().__init__(claim_id)
        self.claim_id: int = claim_id
        self.transposed = False
        self.diagnostic_first = False
        self.record: ClaimRecord | None = None
        self.analysis: Analysis | None = None
        self._evidence_order: list[int] = []
        self._marked: dict[tuple[int, int], str] = {}  # marks given, until the desk is read
        self.last_mark: tuple[int, int, str] | None = None  # for `'`: its reason
        self.rating = False  # rating mode: each mark moves on to the next unrated pair

    def compose(self) -> ComposeResult:
        yield StatusLine(id="status")
        yield Static(id="matrix-summary")
        yield DataTable(id="matrix", cursor_type="cell", zebra_stripes=True)
        yield Static(id="matrix-cell")
        yield Static(matrix_legend(self.app.size.width), id="matrix-legend", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self._load()

    def on_resize(self) -> None:
        self.query_one("#matrix-legend", Static).update(matrix_legend(self.app.size.width))

    def load(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="matrix-load", exit_on_error=False)
    def _load(self) -> None:
        desk = self.desk_app.desk
        assert desk is not None
        self.post_message(ClaimLoaded(view_claim(desk, self.claim_id)))

    def on_claim_loaded(self, message: ClaimLoaded) -> None:
        self.record, self.analysis = message.view.record, message.view.analysis
        self.loaded_seq = message.view.seen_seq
        if not self._quiet_writes:
            self._marked.clear()  # the desk as read has every mark given so far
        self.show_status(f"matrix of claim {self.claim_id}")
        lines = [safe(message.view.analysis.matrix.summary, "bold")]
        lines += [safe(f"⚠ {w}", "bold $warning") for w in message.view.analysis.warnings]
        self.query_one("#matrix-summary", Static).update(Content("\n").join(lines))
        self._fill()

    # -- the table --------------------------------------------------------------------------

    def _columns_in_order(self, matrix: Matrix) -> list[int]:
        order = [c.evidence_id for c in matrix.evidence]
        if self.diagnostic_first:
            diagnosticity = {c.evidence_id: c.diagnosticity for c in matrix.evidence}
            order.sort(key=lambda i: -diagnosticity[i])
        return order

    def _fill(self) -> None:
        assert self.analysis is not None
        matrix = self.analysis.matrix
        table = self.query_one(DataTable)
        keep = table.cursor_coordinate
        table.clear(columns=True)
        table.header_height = 1 if self.transposed else 3
        columns = {c.evidence_id: c for c in matrix.evidence}
        self._evidence_order = self._columns_in_order(matrix)
        scores = {s.interpretation_id: s for s in matrix.scores}

        title_width = self._title_width(len(self._evidence_order), len(matrix.interpretations))

        def evidence_label(evidence_id: int) -> Text:
            column = columns[evidence_id]
            style = "dim" if column.diagnosticity == 0 else "bold"
            if self.transposed:
                label = Text(f"#{evidence_id} {short(column.title, title_width)}", style=style)
            else:  # a heading over up to three lines: the title, not its first word
                label = Text("\n".join(wrapped(f"#{evidence_id} {column.title}", title_width)))
                label.stylize(style)
            if column.linchpin:
                label.append(" ⚷", style="bold yellow")
            return label

        def interpretation_label(interpretation_id: int, label: str) -> Text:
            score = scores[interpretation_id]
            text = Text(short(label, 20), style="bold")
            if score.leads:
                text.append(" ▲", style="green")
            if score.eliminated:
                text.append(" ✗", style="red")
            return text

        def cell(evidence_id: int, interpretation_id: int) -> Text:
            if (evidence_id, interpretation_id) in self._marked:
                return self._cell_text(self._marked[(evidence_id, interpretation_id)])
            mark = columns[evidence_id].marks[interpretation_id]
            style = MARK_STYLE.get(mark or "", "")
            if columns[evidence_id].diagnosticity == 0:
                style = f"{style} dim".strip()
            return Text(mark or "·", style=style, justify="center")

        # the points against each interpretation, plain and weighted (ACH's IS and WIS, said
        # as counts of what speaks against it); the legend under the table says so
        score_headers = [Text("against", style="bold"), Text("weighted"), Text("rated")]
        if not self.transposed:
            # the scores sit beside each interpretation, before the evidence columns, so they
            # stay on screen however many items there are
            table.add_column(Text("interpretation"), key="interpretation")
            for header in score_headers:
                table.add_column(header, key=f"s-{header.plain}")
            for evidence_id in self._evidence_order:
                table.add_column(evidence_label(evidence_id), key=f"e{evidence_id}")
            for interpretation_id, label in matrix.interpretations:
                score = scores[interpretation_id]
                table.add_row(
                    interpretation_label(interpretation_id, label),
                    Text(str(points_against(score)), justify="right"),
                    Text(weighted_against(score), justify="right"),
                    Text(f"{score.rated}/{score.rated + score.unrated}", justify="right"),
                    *[cell(e, interpretation_id) for e in self._evidence_order],
                    key=f"r{interpretation_id}",
                )
            table.add_row(
                Text("diagnosticity", style="italic"),
                Text(""),
                Text(""),
                Text(""),
                *[
                    Text(f"{columns[e].diagnosticity:.2f}", style="italic", justify="center")
                    for e in self._evidence_order
                ],
                key="diagnosticity",
            )
        else:
            table.add_column(Text("evidence"), key="evidence")
            for interpretation_id, label in matrix.interpretations:
                table.add_column(
                    interpretation_label(interpretation_id, label), key=f"r{interpretation_id}"
                )
            table.add_column(Text("diagnosticity"), key="diag")
            for evidence_id in self._evidence_order:
                table.add_row(
                    evidence_label(evidence_id),
                    *[cell(evidence_id, r) for r, _ in matrix.interpretations],
                    Text(f"{columns[evidence_id].diagnosticity:.2f}", justify="right"),
                    key=f"e{evidence_id}",
                )
            for score_name, values in (
                ("against", [str(points_against(scores[r])) for r, _ in matrix.interpretations]),
                ("weighted", [weighted_against(scores[r]) for r, _ in matrix.interpretations]),
            ):
                table.add_row(
                    Text(score_name, style="bold"),
                    *[Text(v, justify="center") for v in values],
                    Text(""),
                    key=f"s-{score_name}",
                )
        table.focus()
        start = Coordinate(0, 1) if self.transposed else Coordinate(0, SCORE_COLUMNS + 1)
        table.cursor_coordinate = keep if keep != Coordinate(0, 0) else start
        self._describe_cell()

    @staticmethod
    def _cell_text(mark: str | None) -> Text:
        return Text(mark or "·", style=MARK_STYLE.get(mark or "", ""), justify="center")

    def _title_width(self, items: int, interpretations: int) -> int:
        """Evidence titles get the width the screen has, not a fixed few characters."""
        width = self.size.width or self.app.size.width
        if self.transposed:
            room = width - 4 - interpretations * 24 - 16
            return max(20, min(80, room))
        room = width - 4 - 24 - 3 * 8
        return max(14, min(40, room // max(1, items) - 2))

    def _cell_target(self) -> tuple[int, int] | None:
        """(evidence id, interpretation id) under the cursor, if it is an assessment cell."""
        if self.analysis is None:
            return None
        matrix = self.analysis.matrix
        row, column = self.query_one(DataTable).cursor_coordinate
        interpretations = [r for r, _ in matrix.interpretations]
        if not self.transposed:
            first = SCORE_COLUMNS + 1
            if row < len(interpretations) and first <= column < first + len(self._evidence_order):
                return self._evidence_order[column - first], interpretations[row]
        elif row < len(self._evidence_order) and 1 <= column <= len(interpretations):
            return self._evidence_order[row], interpretations[column - 1]
        return None

    @on(DataTable.CellHighlighted)
    def _describe_cell(self) -> None:
        target = self._cell_target()
        box = self.query_one("#matrix-cell", Static)
        if target is None or self.record is None:
            box.update(safe("Move to a cell: 1–6 rate it (CC C N I II NA), T transposes."))
            return
        evidence_id, interpretation_id = target
        evidence = next(e for e in self.record.evidence if e.id == evidence_id)
        interpretation = next(i for i in self.record.interpretations if i.id == interpretation_id)
        found = [a for a in evidence.assessments if a.interpretation_id == interpretation_id]
        mark = f"{found[0].mark} ({MARK_MEANING[found[0].mark]})" if found else "not rated"
        reason = f" — {found[0].reason}" if found and found[0].reason else ""
        box.update(
            Content("\n").join(
                [
                    safe(f"#{evidence.id} {evidence.title}", "bold"),
                    safe(
                        f"grade {grade_words(evidence.reliability, evidence.credibility)};"
                        f" relevance {evidence.relevance}",
                        "dim",
                    ),
                    safe(f"bearing on {interpretation.label}: {interpretation.statement}"),
                    safe(f"{mark}{reason}", "italic"),
                ]
            )
        )

    # -- keys ---------------------------------------------------------------------------------

    def action_move(self, rows: int, columns: int) -> None:
        table = self.query_one(DataTable)
        row, column = table.cursor_coordinate
        table.cursor_coordinate = Coordinate(max(0, row + rows), max(0, column + columns))

    def action_transpose(self) -> None:
        target = self._cell_target()
        self.transposed = not self.transposed
        self._fill()
        if target:
            self._go_to(*target)

    def action_sort_diagnostic(self) -> None:
        self.diagnostic_first = not self.diagnostic_first
        self._fill()
        self.notify(
            "Most diagnostic evidence first" if self.diagnostic_first else "Evidence in order",
            timeout=2,
        )

    def _go_to(self, evidence_id: int, interpretation_id: int) -> None:
        assert self.analysis is not None
        interpretations = [r for r, _ in self.analysis.matrix.interpretations]
        e = self._evidence_order.index(evidence_id)
        r = interpretations.index(interpretation_id)
        coordinate = (
            Coordinate(e, r + 1) if self.transposed else Coordinate(r, e + SCORE_COLUMNS + 1)
        )
        self.query_one(DataTable).cursor_coordinate = coordinate

    def _next_across(self, evidence_id: int, interpretation_id: int) -> tuple[int, int]:
        """Rate across: the same evidence against the next interpretation, then the next item."""
        assert self.analysis is not None
        interpretations = [r for r, _ in self.analysis.matrix.interpretations]
        r = interpretations.index(interpretation_id)
        if r + 1 < len(interpretations):
            return evidence_id, interpretations[r + 1]
        e = self._evidence_order.index(evidence_id)
        following = self._evidence_order[min(e + 1, len(self._evidence_order) - 1)]
        return following, interpretations[0]

    def action_rate(self, mark: str) -> None:
        """Record the mark at once, show it in the cell, move across (in rating mode: to the
        next pair not rated yet). `'` adds a reason to the mark just given."""
        target = self._cell_target()
        if target is None or self.record is None:
            self.notify("Move to an assessment cell first.", timeout=2)
            return
        evidence_id, interpretation_id = target
        self._marked[target] = mark
        self.last_mark = (evidence_id, interpretation_id, mark)
        table = self.query_one(DataTable)
        table.update_cell_at(table.cursor_coordinate, self._cell_text(mark), update_width=False)
        self.write_now(
            f"Marked {mark}",
            lambda d: mark_evidence(d, evidence_id, interpretation_id, mark),
            quiet=True,
        )
        following = self._following(target)
        if following is None:
            self.rating = False
            self.notify("Every pair is rated.", timeout=3)
        else:
            self._go_to(*following)
        self._describe_cell()

    def _pairs(self) -> list[tuple[int, int]]:
        """(evidence, interpretation) in rating order: each item against every interpretation."""
        assert self.analysis is not None
        interpretations = [r for r, _ in self.analysis.matrix.interpretations]
        return [(e, r) for e in self._evidence_order for r in interpretations]

    def _unrated(self, pair: tuple[int, int]) -> bool:
        assert self.analysis is not None
        if pair in self._marked:
            return False
        column = next(c for c in self.analysis.matrix.evidence if c.evidence_id == pair[0])
        return column.marks.get(pair[1]) is None

    def _following(self, pair: tuple[int, int]) -> tuple[int, int] | None:
        pairs = self._pairs()
        here = pairs.index(pair)
        if not self.rating:
            return pairs[here + 1] if here + 1 < len(pairs) else pair
        return next((p for p in pairs[here + 1 :] + pairs[:here] if self._unrated(p)), None)

    def action_rating_mode(self) -> None:
        if self.analysis is None:
            return
        unrated = [p for p in self._pairs() if self._unrated(p)]
        if not unrated:
            self.notify("Every pair is rated: 1–6 change the mark under the cursor.", timeout=3)
            return
        self.rating = True
        self._go_to(*unrated[0])
        self.notify(f"Rating: {len(unrated)} pairs not rated yet (escape stops).", timeout=3)

    def action_reason(self) -> None:
        if self.last_mark is None or self.record is None:
            self.notify("Mark a cell first (1–6); then ' adds why.", timeout=3)
            return
        evidence_id, interpretation_id, mark = self.last_mark
        evidence = next(e for e in self.record.evidence if e.id == evidence_id)
        interpretation = next(i for i in self.record.interpretations if i.id == interpretation_id)
        self.ask_mark_reason(evidence, interpretation, mark)

    def action_relation(self) -> None:
        from deskcheck.ui.dialogs.relations import RelationScreen

        if self.record is None or len(self.record.interpretations) < 2:
            self.notify("Relations join two interpretations: add another first.", timeout=3)
            return
        self.app.push_screen(RelationScreen(self.record), self._relate)

    def _relate(self, choice: tuple[int, int, str | None] | None) -> None:
        if choice is not None:
            first, second, relation = choice
            self.write_now(
                f"Relation set: {relation or 'unsaid'}",
                lambda d: relate(d, first, second, relation),
            )

    def action_back(self) -> None:
        if self.rating:
            self.rating = False
            self.notify("Rating mode off.", timeout=2)
            return
        self.dismiss(None)
