"""The claim desk: the claim and its custody chain, the interpretations side by side with
their evidence, the selected evidence in detail, and the decision history below."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, HorizontalScroll, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from deskcheck.analysis.claim_analysis import Analysis
from deskcheck.data import Desk, QueueQuery
from deskcheck.domain.errors import DeskError
from deskcheck.domain.models import ClaimRecord, Evidence, Verdict
from deskcheck.domain.vocabulary import ASSESSMENT_MARKS, MARK_MEANING
from deskcheck.ui.messages import (
    ChangedMeanwhile,
    ClaimLoaded,
    FetchProgress,
    NeighbourFound,
    Recorded,
    WriteFailed,
)
from deskcheck.ui.safe import safe
from deskcheck.ui.screens.decision import DecisionForm, DecisionScreen
from deskcheck.ui.screens.forms import (
    CustodyHopForm,
    CustodyHopScreen,
    EvidenceForm,
    EvidenceScreen,
    InterpretationForm,
    InterpretationScreen,
    ReasonScreen,
    TriggerForm,
    TriggerScreen,
    WantedForm,
    WantedScreen,
)
from deskcheck.ui.screens.revision_note import RevisionNoteForm, RevisionNoteScreen
from deskcheck.ui.widgets.claim_header import ClaimHeader
from deskcheck.ui.widgets.custody_chain import CustodyChain
from deskcheck.ui.widgets.evidence_detail import EvidenceDetail
from deskcheck.ui.widgets.history import (
    HistoryPanel,
    decisions_content,
    notes_content,
    triggers_content,
    wanted_content,
)
from deskcheck.ui.widgets.interpretation_column import EvidenceList, InterpretationColumn
from deskcheck.ui.widgets.key_bar import KeyBar
from deskcheck.ui.widgets.status_line import StatusLine
from deskcheck.work.claim_view import ClaimView, view_claim
from deskcheck.work.decisions import confirm, decide

if TYPE_CHECKING:
    from deskcheck.ui.app import DeskApp

MARK_KEYS = dict(zip("123456", ASSESSMENT_MARKS, strict=True))


def derivation(choice: str) -> dict[str, int | None]:
    """The form's "derives from" choice ("e12", "h3" or "") as evidence fields."""
    return {
        "derived_from_evidence_id": int(choice[1:]) if choice.startswith("e") else None,
        "derived_from_hop_id": int(choice[1:]) if choice.startswith("h") else None,
    }


class ClaimDeskScreen(Screen[None]):
    HELP_TITLE = "claim desk"
    CSS_PATH = "claim_desk.tcss"
    # a small terminal (80×24) gets a compact claim desk: see the -narrow / -short rules
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    BINDINGS = [
        Binding("d", "decide", "Decision"),
        Binding("r", "revision_note", "Revision note"),
        Binding("t", "trigger", "Trigger"),
        Binding("a", "add_evidence", "Add evidence"),
        Binding("i", "add_interpretation", "Interpretation"),
        Binding("c", "add_custody_hop", "Custody hop"),
        Binding("w", "want_evidence", "Evidence wanted"),
        Binding("e", "edit_evidence", "Edit evidence", show=False),
        Binding("E", "edit_interpretation", "Edit interpretation", show=False),
        Binding("h", "column(-1)", "Column left", show=False),
        Binding("l", "column(1)", "Column right", show=False),
        Binding("right_square_bracket", "neighbour('next')", "Next claim", key_display="]"),
        Binding("left_square_bracket", "neighbour('previous')", "Previous claim", key_display="["),
        Binding("o", "open_url", "Open URL", show=False),
        Binding("m", "matrix", "Matrix"),
        Binding("x", "export", "Export"),
        Binding("y", "confirm", "Confirm (2nd reviewer)", show=False),
        *[
            Binding(key, f"rate('{mark}')", f"Rate {mark} ({MARK_MEANING[mark]})", show=False)
            for key, mark in MARK_KEYS.items()
        ],
        Binding("?", "app.help", "Help"),
        Binding("escape,q", "back", "Back"),
    ]

    def __init__(
        self,
        claim_id: int,
        queue: QueueQuery | None = None,
        loaded: ClaimView | None = None,
    ) -> None:
        """``loaded``: the claim already read by the opener, so the screen is laid out once,
        with its data, instead of empty and then again when its own read arrives."""
        super().__init__()
        self.claim_id = claim_id
        self._preloaded = loaded
        self.queue = queue or QueueQuery()
        self.record: ClaimRecord | None = None
        self.analysis: Analysis | None = None
        self.verdicts: list[Verdict] = []
        self.selected_evidence: int | None = None
        self.focus_column = 0
        self.fetching: dict[str, str] = {}
        self.loaded_seq = 0
        self._asked_seq = 0

    @property
    def desk_app(self) -> DeskApp:
        return self.app  # type: ignore[return-value]

    @property
    def desk(self) -> Desk:
        assert self.desk_app.desk is not None
        return self.desk_app.desk

    def compose(self) -> ComposeResult:
        yield StatusLine(id="status")
        yield ClaimHeader(id="claim-header")
        yield CustodyChain(id="custody")
        with Horizontal(id="middle"):
            yield HorizontalScroll(id="columns")
            with VerticalScroll(id="detail-pane"):
                yield EvidenceDetail(id="detail")
        yield Static(id="wanted")
        yield Static(id="fetches")
        with Horizontal(id="history"):
            with VerticalScroll(classes="history-pane"):
                yield HistoryPanel(id="decisions")
            with VerticalScroll(classes="history-pane"):
                yield HistoryPanel(id="notes")
            with VerticalScroll(classes="history-pane"):
                yield HistoryPanel(id="triggers")
        yield KeyBar()

    async def on_mount(self) -> None:
        self.query_one("#fetches").display = False
        if self._preloaded is None:
            self.load()
        else:
            await self._show(self._preloaded)
            self._preloaded = None

    # -- loading ------------------------------------------------------------------------------

    def load(self) -> None:
        self._load(self.claim_id)

    @work(thread=True, exclusive=True, group="claim-load", exit_on_error=False)
    def _load(self, claim_id: int) -> None:
        try:
            loaded = ClaimLoaded(view_claim(self.desk, claim_id))
        except DeskError as error:
            self.post_message(WriteFailed(str(error)))
            return
        self.post_message(loaded)

    async def on_claim_loaded(self, message: ClaimLoaded) -> None:
        await self._show(message.view)

    async def _show(self, view: ClaimView) -> None:
        if not self.is_attached or self not in self.app.screen_stack:
            return  # the reviewer left the claim desk while it loaded
        record = view.record
        self.record, self.verdicts, self.analysis = record, view.verdicts, view.analysis
        self.loaded_seq = view.seen_seq  # what this view has seen of the log
        self.claim_id = record.id
        app = self.desk_app
        self.query_one(StatusLine).show(
            desk_path=app.desk_path,
            reviewer=app.reviewer or "",
            session_minutes=app.session_minutes,
            extra=f"claim {record.id} · queue sorted {self.queue.sort}",
            read_only=self.desk.read_only,
        )
        self.query_one(ClaimHeader).show(record, view.analysis.warnings)
        self.query_one(CustodyChain).show(record.custody)
        self.query_one("#wanted", Static).update(wanted_content(record.evidence_wanted))
        self.query_one("#decisions", HistoryPanel).update(decisions_content(record))
        self.query_one("#notes", HistoryPanel).update(notes_content(record))
        self.query_one("#triggers", HistoryPanel).update(triggers_content(record))
        await self._show_columns(record)

    async def _show_columns(self, record: ClaimRecord) -> None:
        columns = self.query_one("#columns", HorizontalScroll)
        highlighted = self._highlighted_index()
        shown = record.interpretations or (None,)
        scores = {s.interpretation_id: s for s in self.analysis.matrix.scores}
        present = list(self.query(InterpretationColumn))
        same_interpretations = [
            c.interpretation.id if c.interpretation else None for c in present
        ] == [item.id if item else None for item in shown]
        if same_interpretations and record.interpretations:
            # the same interpretations: refresh the columns in place, keeping focus and place
            for column, item in zip(present, record.interpretations, strict=True):
                column.refresh_with(item, record.evidence, scores.get(item.id))
            self._show_detail()
            return
        await columns.remove_children()
        await columns.mount_all(
            InterpretationColumn(item, record.evidence, scores.get(item.id) if item else None)
            for item in shown
        )
        self.focus_column = min(self.focus_column, len(shown) - 1)
        lists = list(self.query(EvidenceList))
        if len(lists) <= self.focus_column:
            return  # another load replaced these columns while they were mounting
        target = lists[self.focus_column]
        if record.evidence:
            target.highlighted = min(highlighted or 0, len(record.evidence) - 1)
        target.focus()
        self._show_detail()

    def _highlighted_index(self) -> int | None:
        lists = list(self.query(EvidenceList))
        if lists and self.focus_column < len(lists):
            return lists[self.focus_column].highlighted
        return None

    # -- selection and movement ---------------------------------------------------------------

    @on(InterpretationColumn.EvidenceFocused)
    def _evidence_focused(self, message: InterpretationColumn.EvidenceFocused) -> None:
        self.selected_evidence = message.evidence_id
        self._show_detail()

    def on_descendant_focus(self, event) -> None:
        lists = list(self.query(EvidenceList))
        if isinstance(event.widget, EvidenceList) and event.widget in lists:
            self.focus_column = lists.index(event.widget)
            self.selected_evidence = event.widget.evidence_id
            self._show_detail()

    def _evidence(self, evidence_id: int | None) -> Evidence | None:
        if self.record is None or evidence_id is None:
            return None
        return next((e for e in self.record.evidence if e.id == evidence_id), None)

    def _show_detail(self) -> None:
        record = self.record
        self.query_one(EvidenceDetail).show(
            self._evidence(self.selected_evidence), record.interpretations if record else ()
        )

    def action_column(self, step: int) -> None:
        lists = list(self.query(EvidenceList))
        if not lists:
            return
        index = max(0, min(self.focus_column + step, len(lists) - 1))
        current = lists[self.focus_column].highlighted if self.focus_column < len(lists) else None
        self.focus_column = index
        lists[index].focus()
        if current is not None:
            lists[index].highlighted = current
        lists[index].scroll_visible()

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_confirm(self) -> None:
        """The second reviewer confirms a decision for publication (the two-person rule)."""
        claim_id = self.claim_id
        self._asked_seq = self.loaded_seq
        self._write("Decision confirmed for publication", lambda d: confirm(d, claim_id))

    def action_export(self) -> None:
        from deskcheck.ui.screens.forms import ExportScreen

        self._ask(ExportScreen(self.claim_id), self._export)

    @work(thread=True, group="write", exit_on_error=False)
    def _export(self, form: Any) -> None:
        from pathlib import Path

        from deskcheck.work.exports import export_to_file

        path = Path(form.path).expanduser()
        try:
            made = export_to_file(self.desk, [self.claim_id], form.format, path, force=form.force)
        except (DeskError, OSError) as error:
            self.post_message(WriteFailed(f"Export failed: {error}"))
            return
        advice = f" ({'; '.join(made.problems)})" if made.problems else ""
        self.post_message(Recorded(f"Wrote {path}{advice}", self.claim_id))

    def action_matrix(self) -> None:
        from deskcheck.ui.screens.matrix import MatrixScreen

        # back from the matrix, marks may have changed
        self.app.push_screen(MatrixScreen(self.claim_id), lambda _: self.load())

    def action_open_url(self) -> None:
        evidence = self._evidence(self.selected_evidence)
        url = evidence.url if evidence else (self.record.origin_url if self.record else None)
        if url:
            self.app.open_url(url)
            self.notify(f"Opening {url}", markup=False, timeout=3)

    # -- next and previous claim in queue order ------------------------------------------------

    def action_neighbour(self, direction: str) -> None:
        self._find_neighbour(direction)

    @work(thread=True, exclusive=True, group="claim-neighbour", exit_on_error=False)
    def _find_neighbour(self, direction: str) -> None:
        here = self.desk.queue_row(self.claim_id)
        rows = self.desk.queue_page(
            self.queue,
            after=self.queue.key_of(here),
            limit=1,
            backwards=direction == "previous",
        )
        self.post_message(NeighbourFound(rows[0].id if rows else None, direction))

    def on_neighbour_found(self, message: NeighbourFound) -> None:
        if message.claim_id is None:
            self.notify(f"No {message.direction} claim in the queue.", timeout=2)
            return
        self.claim_id = message.claim_id
        self.selected_evidence = None
        self.load()

    # -- writing ------------------------------------------------------------------------------

    def _write(self, what: str, call: Callable[[Desk], Any]) -> None:
        """Record what a form asked for, unless someone else recorded on this claim since the
        form was opened: then their change is shown first and the reviewer chooses."""
        self._write_unless_changed(self._asked_seq, what, call)

    @work(thread=True, group="write", exit_on_error=False)
    def _write_anyway(self, what: str, call: Callable[[Desk], Any]) -> None:
        self._do_write(what, call)

    def _do_write(self, what: str, call: Callable[[Desk], Any]) -> None:
        """The write itself, on a worker thread; the outcome comes back as a message."""
        try:
            call(self.desk)
        except DeskError as error:
            self.post_message(WriteFailed(str(error)))
            return
        self.post_message(Recorded(what, self.claim_id))

    def on_recorded(self, message: Recorded) -> None:
        self.notify(message.what, timeout=3, markup=False)
        self.load()

    def on_desk_changed(self) -> None:
        self._refresh_if_touched(self.claim_id, self.loaded_seq)

    @work(thread=True, group="claim-watch", exit_on_error=False)
    def _refresh_if_touched(self, claim_id: int, seen: int) -> None:
        if self.desk.changes_by_others(claim_id, seen):
            self.app.call_from_thread(self.load)

    @work(thread=True, group="write", exit_on_error=False)
    def _write_unless_changed(self, seen: int, what: str, call: Callable[[Desk], Any]) -> None:
        """Write, unless someone else recorded on this claim since the reviewer looked:
        then show what they did first and let the reviewer choose."""
        changes = self.desk.changes_by_others(self.claim_id, seen)
        if changes:
            record = self.desk.claim(self.claim_id)
            self.post_message(ChangedMeanwhile(changes, record, what, call))
            return
        self._do_write(what, call)

    def on_changed_meanwhile(self, message: ChangedMeanwhile) -> None:
        from deskcheck.ui.screens.meanwhile import MeanwhileScreen

        def answered(proceed: bool | None) -> None:
            if proceed:
                self._write_anyway(message.what, message.call)  # type: ignore[arg-type]
            else:
                self.load()

        self.load()  # the screen beneath shows their change too
        self.app.push_screen(MeanwhileScreen(message.changes, message.record), answered)

    def on_write_failed(self, message: WriteFailed) -> None:
        self.notify(message.error, severity="error", markup=False)

    def _ask(self, screen: Any, then: Callable[[Any], None]) -> None:
        self._asked_seq = self.loaded_seq  # what the reviewer had seen when the form opened

        def answered(result: Any) -> None:
            if result is not None:
                then(result)

        self.app.push_screen(screen, answered)

    def action_decide(self) -> None:
        if self.record is None:
            return
        record = self.record

        def record_decision(form: DecisionForm) -> None:
            self._write(
                f"Decision recorded: {form.verdict}",
                lambda d: decide(
                    d,
                    record.id,
                    form.verdict,
                    form.rationale,
                    confidence=form.confidence,
                    for_publication=form.for_publication,
                    despite=form.despite,
                ),
            )

        self._ask(
            DecisionScreen(record.text, self.verdicts, record.verdict, self.analysis),
            record_decision,
        )

    def action_revision_note(self) -> None:
        if self.record is None:
            return
        claim_id = self.record.id

        def write_note(form: RevisionNoteForm) -> None:
            self._write(
                f"Revision note recorded: {form.kind}",
                lambda d: d.add_revision_note(
                    claim_id,
                    form.kind,
                    form.what_is_right,
                    what_was_wrong=form.what_was_wrong,
                    new_verdict=form.new_verdict,
                ),
            )

        self._ask(RevisionNoteScreen(self.verdicts, self.record.verdict), write_note)

    def action_trigger(self) -> None:
        claim_id = self.claim_id

        def arm(form: TriggerForm) -> None:
            self._write(
                "Revision trigger armed",
                lambda d: d.add_trigger(claim_id, form.condition, url=form.url),
            )

        self._ask(TriggerScreen(), arm)

    def action_add_interpretation(self) -> None:
        claim_id = self.claim_id

        def add(form: InterpretationForm) -> None:
            self._write(
                f"Interpretation added: {form.label}",
                lambda d: d.add_interpretation(
                    claim_id,
                    form.label,
                    form.statement,
                    implications=form.implications,
                    catch_all=form.catch_all,
                ),
            )

        self._ask(InterpretationScreen(), add)

    def action_edit_interpretation(self) -> None:
        if self.record is None or not self.record.interpretations:
            return
        item = self.record.interpretations[self.focus_column]

        def edit(form: InterpretationForm) -> None:
            self._write(
                f"Interpretation edited: {form.label}",
                lambda d: d.edit_interpretation(
                    item.id,
                    label=form.label,
                    statement=form.statement,
                    implications=form.implications,
                ),
            )

        current = InterpretationForm(item.label, item.statement, item.implications)
        self._ask(InterpretationScreen(current), edit)

    def action_add_custody_hop(self) -> None:
        claim_id = self.claim_id

        def add(form: CustodyHopForm) -> None:
            self._write(
                f"Custody hop added: {form.actor}",
                lambda d: d.add_custody_hop(
                    claim_id,
                    form.actor,
                    form.kind,
                    url=form.url,
                    reliability=form.reliability,
                    credibility=form.credibility,
                ),
            )

        self._ask(CustodyHopScreen(), add)

    def action_want_evidence(self) -> None:
        claim_id = self.claim_id

        def add(form: WantedForm) -> None:
            self._write(
                "Evidence wanted added",
                lambda d: d.want_evidence(
                    claim_id, form.description, would_settle=form.would_settle
                ),
            )

        self._ask(WantedScreen(), add)

    def action_edit_evidence(self) -> None:
        evidence = self._evidence(self.selected_evidence)
        if evidence is None:
            self.notify("Select an evidence item first.", timeout=2)
            return

        def edit(form: EvidenceForm) -> None:
            self._write(
                "Evidence edited",
                lambda d: d.edit_evidence(
                    evidence.id,
                    url=form.url,
                    title=form.title or evidence.title,
                    excerpt=form.excerpt,
                    kind=form.kind,
                    reliability=form.reliability,
                    credibility=form.credibility,
                    relevance=form.relevance,
                    **derivation(form.derived_from),
                ),
            )

        derived = (
            f"e{evidence.derived_from_evidence_id}"
            if evidence.derived_from_evidence_id
            else f"h{evidence.derived_from_hop_id}"
            if evidence.derived_from_hop_id
            else ""
        )
        current = EvidenceForm(
            evidence.url,
            evidence.title,
            evidence.excerpt,
            evidence.kind,
            evidence.reliability,
            evidence.credibility,
            evidence.relevance,
            derived,
        )
        self._ask(EvidenceScreen(current, self._sources(except_id=evidence.id)), edit)

    def _sources(self, except_id: int | None = None) -> list[tuple[Content, str]]:
        """What an evidence item may derive from: other items, or a hop of the chain.
        Labels are Content: a Select would read a plain string as markup."""
        if self.record is None:
            return []
        items = [
            (safe(f"evidence #{e.id}: {e.title[:50]}"), f"e{e.id}")
            for e in self.record.evidence
            if e.id != except_id
        ]
        hops = [
            (safe(f"custody hop {h.position}: {h.actor[:50]}"), f"h{h.id}")
            for h in self.record.custody
        ]
        return items + hops

    def action_rate(self, mark: str) -> None:
        focused = self.focused
        if (
            not isinstance(focused, EvidenceList)
            or focused.evidence_id is None
            or focused.interpretation_id is None
        ):
            self.notify(
                "Select an evidence item in an interpretation column to rate it.", timeout=3
            )
            return
        evidence = self._evidence(focused.evidence_id)
        interpretation_id = focused.interpretation_id
        record = self.record
        if evidence is None or record is None:
            return
        interpretation = next(i for i in record.interpretations if i.id == interpretation_id)

        def rate(reason: str) -> None:
            self._write(
                f"Rated {mark}: {evidence.title[:40]} against {interpretation.label}",
                lambda d: d.assess(evidence.id, interpretation_id, mark, reason),
            )

        self._ask(
            ReasonScreen(mark, MARK_MEANING[mark], evidence.title, interpretation.label), rate
        )

    # -- adding evidence by URL: fetched in the background ----------------------------------------

    def action_add_evidence(self) -> None:
        claim_id = self.claim_id

        def add(form: EvidenceForm) -> None:
            self._add_and_fetch(claim_id, form)

        self._ask(EvidenceScreen(sources=self._sources()), add)

    @work(thread=True, group="fetch", exit_on_error=False)
    def _add_and_fetch(self, claim_id: int, form: EvidenceForm) -> None:
        from deskcheck.work.evidence import NewEvidence, add_evidence

        item = NewEvidence(
            form.url,
            form.title,
            form.excerpt,
            form.kind,
            form.reliability,
            form.credibility,
            form.relevance,
            **derivation(form.derived_from),
        )

        def added(_evidence_id: int) -> None:
            self.post_message(Recorded("Evidence added", claim_id))
            if form.url:
                self.post_message(FetchProgress(form.url, "fetching"))

        try:
            result = add_evidence(
                self.desk, claim_id, item, added=added, base_limits=self.desk_app.fetch_limits
            )
        except DeskError as error:
            self.post_message(WriteFailed(str(error)))
            return
        if form.url:
            self.post_message(FetchProgress(form.url, result.outcome))
            self.post_message(Recorded(f"Fetched {form.url}: {result.outcome}", claim_id))

    def on_fetch_progress(self, message: FetchProgress) -> None:
        if message.stage == "fetching":
            self.fetching[message.url] = message.stage
        else:
            self.fetching.pop(message.url, None)
        line = self.query_one("#fetches", Static)
        line.display = bool(self.fetching)
        running = len(self.fetching)
        line.update(
            safe(
                f"⟳ fetching {running} URL{'s' if running > 1 else ''}: "
                + ", ".join(self.fetching),
                "$accent",
            )
        )
