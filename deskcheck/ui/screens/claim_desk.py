"""The claim desk: the claim and its custody chain, the interpretations side by side with
their evidence, the selected evidence in detail, and the decision history below.

The screen lays out the panes, reads the claim and moves between claims; what its keys do
is held by plain objects it wires, each with its own state: ``ClaimForms`` (the forms:
decision, note, trigger, interpretation, hop, wanted, evidence edited, export),
``EvidenceFetches`` (evidence added and fetched in the background), ``RatingWalk`` (marks,
rating mode), ``PartSettling`` (W/T/K, history, the claim in full), ``Publishing`` (`p`)
and ``WorkflowActs`` (shared with the queue). Every write goes through ``DeskScreen``."""

from __future__ import annotations

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from deskcheck.analysis.claim_analysis import Analysis
from deskcheck.data.read_api import Match, QueueQuery
from deskcheck.domain.errors import DeskError
from deskcheck.domain.models import ClaimRecord, Evidence, Verdict
from deskcheck.domain.untrusted import make_visible
from deskcheck.ui.dialogs.repeat_choice import RepeatChoiceScreen
from deskcheck.ui.keys import bindings
from deskcheck.ui.messages import (
    ClaimLoaded,
    FetchProgress,
    NeighbourFound,
    RepeatLinked,
    SimilarFound,
    WriteFailed,
)
from deskcheck.ui.safe import web_link
from deskcheck.ui.screens.claim_desk_acts import ClaimForms
from deskcheck.ui.screens.claim_desk_fetch import EvidenceFetches
from deskcheck.ui.screens.claim_desk_parts import PartSettling
from deskcheck.ui.screens.claim_desk_publish import Publishing
from deskcheck.ui.screens.claim_desk_rating import RatingWalk
from deskcheck.ui.screens.desk_screen import DeskScreen
from deskcheck.ui.screens.picture import PictureScreen
from deskcheck.ui.screens.workflow_acts import Targets, WorkflowActs
from deskcheck.ui.widgets.claim_header import ClaimHeader
from deskcheck.ui.widgets.custody_chain import CustodyChain
from deskcheck.ui.widgets.cut import Cut, Fitted
from deskcheck.ui.widgets.desk_work import activity_content
from deskcheck.ui.widgets.evidence_detail import EvidenceDetail
from deskcheck.ui.widgets.evidence_marks import EvidenceMarks, MarkList
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
from deskcheck.work.similar import link_as_repeat, similar_to_claim


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
        self.matches: list[Match] = []
        self.linked: set[tuple[str, int]] = set()  # the matches already linked as repeated
        self._preloaded = loaded
        # what the keys do, each with its own state; the screen wires them
        self.acts = WorkflowActs(self, self.workflow_targets)
        self.forms = ClaimForms(self)
        self.fetches = EvidenceFetches(self)
        self.walk = RatingWalk(self)
        self.parts = PartSettling(self)
        self.publishing = Publishing(self)
        self._before_zoom: Widget | None = None  # focus goes back there after a zoom
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
        self.matches = []
        self.linked = set()
        self.query_one(SimilarClaims).set_class(False, "-found")  # until its lookup answers
        if self.maximized is not None:
            self.unzoom()
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
        self.picture = (view.picture, view.picture_caption)
        await self.query_one(PictureThumb).show(*self.picture, self.picture_mode)
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
        self.call_after_refresh(self._find_similar, record.id, record.text)
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

    @property
    def picture_mode(self) -> str:
        return str(getattr(self.app, "pictures", "halfblocks"))

    def action_picture(self) -> None:
        image, caption = getattr(self, "picture", (None, ""))
        if image is None:
            self.notify("This claim has no picture.")
            return
        self.app.push_screen(PictureScreen(image, caption, self.picture_mode))

    # -- already checked? -----------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="similar", exit_on_error=False)
    def _find_similar(self, claim_id: int, text: str) -> None:
        try:
            matches = similar_to_claim(self.desk, claim_id, text)
            linked = {
                ("claim", r["repeat_of_claim_id"])
                if r["repeat_of_claim_id"] is not None
                else ("published", r["repeat_of_published_id"])
                for r in self.desk.repeats_of(claim_id)
            }
        except DeskError as error:
            self.post_message(WriteFailed(str(error)))
            return
        self.post_message(SimilarFound(claim_id, matches, linked))

    def on_similar_found(self, message: SimilarFound) -> None:
        if message.claim_id != self.claim_id:
            return  # the reviewer moved on to another claim
        self.matches = message.matches
        self.linked = message.linked
        pane = self.query_one(SimilarClaims)
        pane.show(message.matches, message.linked)
        pane.set_class(bool(message.matches), "-found")

    def action_link_repeat(self) -> None:
        """Link this claim as a repeat of one of its matches once the reviewer has chosen
        and confirmed it (enter); a match already linked is not recorded again."""
        if self.record is None or not self.matches:
            self.notify("No earlier claim or published fact-check is like this one", timeout=3)
            return
        claim_id, matches, linked = self.record.id, list(self.matches), set(self.linked)

        def chosen(index: int | None) -> None:
            if index is None:
                return
            match = matches[index]
            if (match.kind, match.id) in linked:
                where = f"claim {match.id}" if match.kind == "claim" else match.publisher
                self.notify(
                    make_visible(f"Already linked as a repeat of {where}"), markup=False, timeout=3
                )
                return
            self._link_repeat(claim_id, match)

        # asked even when there is one: `=` is a key typed on the way to another, and a link
        # once recorded is in the log for good
        self.app.push_screen(RepeatChoiceScreen(matches, linked), chosen)

    @work(thread=True, group="write", exit_on_error=False)
    def _link_repeat(self, claim_id: int, match: Match) -> None:
        try:
            starting = link_as_repeat(self.desk, claim_id, match)
        except DeskError as error:
            self.post_message(WriteFailed(str(error)))
            return
        self.post_message(RepeatLinked(claim_id, match, starting))

    def on_repeat_linked(self, message: RepeatLinked) -> None:
        self.notify(make_visible(f"Linked as a repeat of {message.starting.source}"), markup=False)
        self.load()
        if message.claim_id == self.claim_id and message.starting.rationale:
            self.forms.offer_decision(message.starting)

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

    def action_view_text(self) -> None:
        from deskcheck.ui.dialogs.text_viewer import TextViewerScreen

        evidence = self.evidence_item(self.selected_evidence)
        if evidence is None:
            self.notify("Select an evidence item first (tab, j/k).", timeout=2)
            return
        self.app.push_screen(TextViewerScreen(evidence))

    def action_zoom(self) -> None:
        """The focused pane to the whole screen, and back: from the evidence, the focused
        interpretation's text (every implication); the detail, header or a bottom pane."""
        if self.maximized is not None:
            self.unzoom()
            return
        focused = self.focused
        pane: Widget | None = self.query_one(InterpretationText)
        if focused is not None and not isinstance(focused, MarkList):
            pane = next(
                (
                    node
                    for node in focused.ancestors_with_self
                    if isinstance(node, (Cut, InterpretationText))
                ),
                None,
            )
        if pane is None:
            self.notify("Focus a pane (tab) to zoom it.", timeout=2)
            return
        self._before_zoom = focused
        self.maximize(pane, container=False)
        self.set_focus(pane)  # its keys scroll it; the widget hidden behind would lose focus

    def unzoom(self) -> None:
        self.minimize()
        before, self._before_zoom = self._before_zoom, None
        if before is not None and before.is_attached:
            self.set_focus(before, scroll_visible=False)

    def action_back(self) -> None:
        if self.maximized is not None:  # escape after zoom: back to the desk, not the queue
            self.unzoom()
            return
        if self.walk.rating:
            self.walk.stop()
            return
        self.app.pop_screen()

    def action_leave(self) -> None:
        if self.maximized is not None:
            self.unzoom()
        self.walk.rating = False
        self.app.pop_screen()

    def action_matrix(self) -> None:
        from deskcheck.ui.screens.matrix import MatrixScreen

        # back from the matrix, marks may have changed
        self.app.push_screen(MatrixScreen(self.claim_id), lambda _: self.load())

    def action_open_url(self) -> None:
        evidence = self.evidence_item(self.selected_evidence)
        url = evidence.url if evidence else (self.record.origin_url if self.record else None)
        if url and web_link(url) is None:
            self.notify(
                "Not opened: only http and https links open in the browser"
                f" ({make_visible(url[:80])})",
                severity="warning",
                markup=False,
                timeout=5,
            )
        elif url:
            self.app.open_url(url)
            self.notify(f"Opening {make_visible(url)}", markup=False, timeout=3)

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
        if not rows:
            self.post_message(NeighbourFound(None, direction))
            return
        try:  # read it here too: one worker, one message, from the key to the new claim
            view = view_claim(self.desk, rows[0].id)
        except DeskError as error:
            self.post_message(WriteFailed(str(error)))
            return
        self.post_message(NeighbourFound(rows[0].id, direction))
        self.post_message(ClaimLoaded(view))

    def on_neighbour_found(self, message: NeighbourFound) -> None:
        if message.claim_id is None:
            self.notify(f"No {message.direction} claim in the queue.", timeout=2)
            return
        self.claim_id = message.claim_id
        self.selected_evidence = None
        self._fresh = True
        self.walk.reset()  # its ClaimLoaded follows, from the same worker
