"""The claim desk: the claim and its custody chain, the interpretations side by side with
their evidence, the selected evidence in detail, and the decision history below.

The screen lays out the panes, reads the claim and moves between claims; what its keys do
is held by plain objects it wires, each with its own state: ``ClaimForms`` (the forms:
decision, note, trigger, interpretation, hop, wanted, evidence edited, export),
``EvidenceFetches`` (evidence added and fetched in the background), ``RatingWalk`` (marks,
rating mode), ``PartSettling`` (W/T/K, history, the claim in full), ``Publishing`` (`p`),
``RepeatLinks`` (already checked?, `=`), ``PaneReading`` (zoom, picture, whole text, links),
``QueueSteps`` (`]`/`[`) and ``WorkflowActs`` (shared with the queue). Its keys are one-line
forwards to them. Every write goes through ``DeskScreen``."""

from __future__ import annotations

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Static

from deskcheck.analysis.claim_analysis import Analysis
from deskcheck.data.read_api import QueueQuery
from deskcheck.domain.errors import DeskError
from deskcheck.domain.models import ClaimRecord, Evidence, Verdict
from deskcheck.ui.keys import bindings
from deskcheck.ui.messages import (
    ClaimLoaded,
    FetchProgress,
    NeighbourFound,
    RepeatLinked,
    SimilarFound,
    WriteFailed,
)
from deskcheck.ui.screens.claim_desk_acts import ClaimForms
from deskcheck.ui.screens.claim_desk_fetch import EvidenceFetches
from deskcheck.ui.screens.claim_desk_parts import PartSettling
from deskcheck.ui.screens.claim_desk_publish import Publishing
from deskcheck.ui.screens.claim_desk_rating import RatingWalk
from deskcheck.ui.screens.claim_desk_reading import PaneReading
from deskcheck.ui.screens.claim_desk_repeats import RepeatLinks
from deskcheck.ui.screens.claim_desk_steps import QueueSteps
from deskcheck.ui.screens.desk_screen import DeskScreen
from deskcheck.ui.screens.workflow_acts import Targets, WorkflowActs
from deskcheck.ui.widgets.claim_header import ClaimHeader
from deskcheck.ui.widgets.custody_chain import CustodyChain
from deskcheck.ui.widgets.cut import Cut, Fitted
from deskcheck.ui.widgets.desk_work import activity_content
from deskcheck.ui.widgets.evidence_detail import EvidenceDetail
from deskcheck.ui.widgets.evidence_marks import EvidenceMarks
from deskcheck.ui.widgets.history import (
    HistoryPanel,
    decisions_content,
    notes_content,
    triggers_content,
    wanted_content,
)
from deskcheck.ui.widgets.interpretations import InterpretationList, InterpretationText
from deskcheck.ui.widgets.key_bar import KeyBar
from deskcheck.ui.widgets.picture import PictureThumb
from deskcheck.ui.widgets.similar_claims import SimilarClaims
from deskcheck.ui.widgets.status_line import StatusLine
from deskcheck.work.claim_view import ClaimView, view_claim


class ClaimDeskScreen(DeskScreen):
    HELP_TITLE = "claim desk"
    AUTO_FOCUS = "#mark-list"  # the keys of the desk (j/k, h/l, 1–6) act on the evidence
    CSS_PATH = "claim_desk.tcss"
    # a small terminal (80×24) gets a compact claim desk: see the -narrow / -short rules
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    BINDINGS = bindings("desk")

    def __init__(
        self,
        claim_id: int,
        queue: QueueQuery | None = None,
        loaded: ClaimView | None = None,
        *,
        ahead: bool = False,
    ) -> None:
        """``loaded``: the claim already read by the opener, so the screen is laid out once,
        with its data, instead of empty and then again when its own read arrives.
        ``ahead``: composed before any claim is opened, to be filled by ``reopen``."""
        super().__init__(claim_id)
        self.claim_id: int = claim_id
        self.record: ClaimRecord | None = None  # the claim as last read, with its analysis
        self.analysis: Analysis | None = None
        self.verdicts: list[Verdict] = []
        self.selected_evidence: int | None = None
        self._ahead = ahead
        self.composed = False  # its widgets are mounted: ``reopen`` can fill them
        self._preloaded = loaded
        # what the keys do, each with its own state; the screen wires them
        self.acts = WorkflowActs(self, self.workflow_targets)
        self.forms = ClaimForms(self)
        self.fetches = EvidenceFetches(self)
        self.walk = RatingWalk(self)
        self.parts = PartSettling(self)
        self.publishing = Publishing(self)
        self.repeats = RepeatLinks(self)
        self.reading = PaneReading(self)
        self.steps = QueueSteps(self)
        self._fresh = True  # the next claim shown starts at its first item, first column
        # styled as its widgets are registered, when pushed: by the stylesheet of now
        self._styled_for = self._styles_key()
        self.queue = queue or QueueQuery()
        self._set_breakpoint_classes()

    def _set_breakpoint_classes(self) -> None:
        """The layout's classes before the first styling, not after it (as Textual's resize
        would): the whole screen is not styled twice when a claim opens."""
        width, height = self.app.size
        self.set_class(width >= 100, "-wide")
        self.set_class(width < 100, "-narrow")
        self.set_class(height >= 32, "-tall")
        self.set_class(height < 32, "-short")

    @property
    def place(self) -> str:
        """Where the claim desk is in the queue, for the status line."""
        return f" · queue sorted {self.queue.sort}"

    @property
    def focus_column(self) -> int:
        """The interpretation `h`/`l` moved to: the one marks are given against."""
        return self.query_one(EvidenceMarks).focused

    def evidence_item(self, evidence_id: int | None) -> Evidence | None:
        if self.record is None or evidence_id is None:
            return None
        return next((e for e in self.record.evidence if e.id == evidence_id), None)

    def compose(self) -> ComposeResult:
        yield StatusLine(id="status")
        with Cut(id="header-pane"):
            yield ClaimHeader(id="claim-header")
        yield PictureThumb(id="thumbnail")
        with Cut(id="custody-pane"):
            yield CustodyChain(id="custody")
        with Cut(id="similar-pane"):
            yield SimilarClaims(id="similar")
        with Horizontal(id="middle"):
            with Vertical(id="marks-side"):
                yield InterpretationList(id="interpretation-list")
                yield EvidenceMarks(id="evidence-marks")
            with Vertical(id="reading-side"):
                yield InterpretationText(id="interpretation-text")
                with Cut(id="detail-pane"):
                    yield EvidenceDetail(id="detail")
        with Cut(id="wanted-pane"):
            yield Fitted(id="wanted")
        yield Static(id="fetches")
        with Horizontal(id="history"):
            with Cut(classes="history-pane"):
                yield HistoryPanel(id="decisions")
            with Cut(classes="history-pane"):
                yield HistoryPanel(id="notes")
            with Cut(classes="history-pane"):
                yield HistoryPanel(id="triggers")
        yield KeyBar()

    async def on_mount(self) -> None:
        self.composed = True
        self.fetches.show()
        if self._ahead:
            return  # nothing to show until a claim is opened
        if self._preloaded is None:
            self.load()
        else:
            await self._show(self._preloaded)
            self._preloaded = None

    async def reopen(self, queue: QueueQuery, view: ClaimView) -> None:
        """Show another claim on this screen before it is pushed again: the queue keeps one
        claim desk and fills it in place, since composing, styling and laying out some fifty
        widgets took most of the time from enter to the claim on screen. As it was when
        first opened: the first item of the first column, nothing zoomed, no rating mode."""
        self.queue = queue
        self.claim_id = view.record.id
        self._set_breakpoint_classes()  # the terminal may have been resized meanwhile
        self.selected_evidence = None
        self.walk.reset()
        self.repeats.reset()
        if self.maximized is not None:
            self.reading.unzoom()
        self._fresh = True
        for pane in self.query("#detail-pane, .history-pane, #interpretation-text"):
            pane.scroll_home(animate=False, immediate=True)
        await self._show(view, reopening=True)

    def _styles_key(self) -> tuple[str, int | None]:
        return (self.app.theme, getattr(self.app, "_css_update_count", None))

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        """Runs before Textual's own handler, which restyles every widget of a screen each
        time it is pushed: the claim desk is styled already (when first composed, and kept
        by the queue after), unless the theme or the CSS changed since."""
        styled = self._styles_key()
        if styled == self._styled_for and self.app.css_monitor is None:
            event.refresh_styles = False
        self._styled_for = styled

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
        if message.view.record.id != self.claim_id:
            return  # read for the claim shown before this screen was reopened on another
        await self._show(message.view)

    async def _show(self, view: ClaimView, *, reopening: bool = False) -> None:
        if not self.is_attached or (not reopening and self not in self.app.screen_stack):
            return  # the reviewer left the claim desk while it loaded
        record = view.record
        self.record, self.verdicts, self.analysis = record, view.verdicts, view.analysis
        self.loaded_seq = view.seen_seq  # what this view has seen of the log
        self.claim_id = record.id
        self.walk.show_state()
        self.query_one(ClaimHeader).show(record, view.analysis.warnings)
        self.query_one(CustodyChain).show(record.custody)
        self.reading.picture = (view.picture, view.picture_caption)
        await self.query_one(PictureThumb).show(*self.reading.picture, self.reading.picture_mode)
        self.query_one("#wanted", Static).update(wanted_content(record.evidence_wanted))
        self.query_one("#decisions", HistoryPanel).update(decisions_content(record))
        # the middle pane is the claim's running history: revision notes, then desk work
        self.query_one("#notes", HistoryPanel).update(
            Content("\n\n").join(
                [notes_content(record), activity_content(record, view.activity, self.desk_app.now)]
            )
        )
        self.query_one("#triggers", HistoryPanel).update(triggers_content(record))
        self.fetches.show()  # this claim's, not those of the claim shown before
        # after the claim is on screen: the lookup's thread would share the interpreter
        # with the first paint (its pane stays hidden until something like it is found)
        self.call_after_refresh(self.repeats.find, record.id, record.text)
        await self._show_columns(record)
        self.repaint_screens_above()

    async def _show_columns(self, record: ClaimRecord) -> None:
        marks = self.query_one(EvidenceMarks)
        fresh = self._fresh
        self._fresh = False
        if not self._quiet_writes:
            marks.marks.marked.clear()  # the desk as read has every mark given so far
        marks.show(record, fresh=fresh)
        self.selected_evidence = marks.marks.evidence_id
        if fresh or self.focused is None:
            self.set_focus(marks.marks, scroll_visible=False)
        self.show_interpretation()
        self._show_detail()

    def on_resize(self) -> None:
        self.call_after_refresh(self.show_interpretation)  # a short screen drops a line

    def show_interpretation(self) -> None:
        record, marks = self.record, self.query_one(EvidenceMarks)
        if record is None:
            return
        assert self.analysis is not None  # set with the record it belongs to
        scores = {s.interpretation_id: s for s in self.analysis.matrix.scores}
        self.query_one(InterpretationList).show(record, scores, marks.focused)
        items = record.interpretations
        self.query_one(InterpretationText).show(
            items[marks.focused] if items else None, marks.focused, len(items)
        )

    # -- workflow: assign, priority, status, tags, due, comment (shared with the queue) --------

    def workflow_targets(self) -> Targets:
        record = self.record
        if record is None:
            return Targets([])
        return Targets([record.id], record.status, record.assignee, record.tags, record.due_at)

    # -- keys: each forwarded to the part of the desk that acts on it ----------------------

    def action_assign(self) -> None:
        self.acts.assign()

    def action_priority(self) -> None:
        self.acts.priority()

    def action_status(self) -> None:
        self.acts.status()

    def action_tags(self) -> None:
        self.acts.tags()

    def action_due(self) -> None:
        self.acts.due()

    def action_comment(self) -> None:
        self.acts.comment()

    def action_confirm(self) -> None:
        self.forms.confirm()

    def action_decide(self) -> None:
        self.forms.offer_decision(None)

    def action_revision_note(self) -> None:
        self.forms.revision_note()

    def action_trigger(self) -> None:
        self.forms.trigger()

    def action_add_interpretation(self) -> None:
        self.forms.add_interpretation()

    def action_edit_interpretation(self) -> None:
        self.forms.edit_interpretation()

    def action_add_custody_hop(self) -> None:
        self.forms.add_custody_hop()

    def action_want_evidence(self) -> None:
        self.forms.want_evidence()

    def action_edit_evidence(self) -> None:
        self.forms.edit_evidence()

    def action_export(self) -> None:
        self.forms.export()

    def action_add_evidence(self) -> None:
        self.fetches.add()

    def on_fetch_progress(self, message: FetchProgress) -> None:
        self.fetches.progress(message)

    def action_rate(self, mark: str) -> None:
        self.walk.rate(mark)

    def action_rating_mode(self) -> None:
        self.walk.start()

    def action_reason(self) -> None:
        self.walk.reason()

    def action_settle_wanted(self) -> None:
        self.parts.settle_wanted()

    def action_settle_trigger(self) -> None:
        self.parts.settle_trigger()

    def action_settle_hop(self) -> None:
        self.parts.settle_hop()

    def action_history(self) -> None:
        self.parts.history()

    def action_read_all(self) -> None:
        self.parts.read_all()

    def action_publish(self) -> None:
        self.publishing.publish()

    def action_link_repeat(self) -> None:
        self.repeats.link()

    def on_similar_found(self, message: SimilarFound) -> None:
        self.repeats.found(message)

    def on_repeat_linked(self, message: RepeatLinked) -> None:
        self.repeats.linked_now(message)

    def action_picture(self) -> None:
        self.reading.show_picture()

    def action_view_text(self) -> None:
        self.reading.view_text()

    def action_open_url(self) -> None:
        self.reading.open_url()

    def action_zoom(self) -> None:
        self.reading.zoom()

    def action_neighbour(self, direction: str) -> None:
        self.steps.step(direction)

    # -- selection and movement ---------------------------------------------------------------

    @on(EvidenceMarks.Selected)
    def _evidence_selected(self, message: EvidenceMarks.Selected) -> None:
        self.selected_evidence = message.evidence_id
        self._show_detail()

    def _show_detail(self) -> None:
        record = self.record
        self.query_one(EvidenceDetail).show(
            self.evidence_item(self.selected_evidence),
            record.interpretations if record else (),
            record.custody if record else (),
        )

    def action_column(self, step: int) -> None:
        """The next or previous interpretation: its column of marks, its text."""
        if self.record is None or not self.record.interpretations:
            return
        marks = self.query_one(EvidenceMarks)
        marks.focus_interpretation(marks.focused + step)
        self.show_interpretation()

    def action_back(self) -> None:
        if self.maximized is not None:  # escape after zoom: back to the desk, not the queue
            self.reading.unzoom()
            return
        if self.walk.rating:
            self.walk.stop()
            return
        self.app.pop_screen()

    def action_leave(self) -> None:
        if self.maximized is not None:
            self.reading.unzoom()
        self.walk.rating = False
        self.app.pop_screen()

    def action_matrix(self) -> None:
        from deskcheck.ui.screens.matrix import MatrixScreen

        # back from the matrix, marks may have changed
        self.app.push_screen(MatrixScreen(self.claim_id), lambda _: self.load())

    # -- next and previous claim in queue order (found by QueueSteps) ---------------------------

    def on_neighbour_found(self, message: NeighbourFound) -> None:
        if message.claim_id is None:
            self.notify(f"No {message.direction} claim in the queue.", timeout=2)
            return
        self.claim_id = message.claim_id
        self.selected_evidence = None
        self._fresh = True
        self.walk.reset()  # its ClaimLoaded follows, from the same worker
