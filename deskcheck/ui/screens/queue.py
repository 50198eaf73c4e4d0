"""The queue: every claim of the desk, filtered, searched and sorted, opened with enter."""

from __future__ import annotations

import contextlib
from dataclasses import replace
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label, ProgressBar, Static
from textual.worker import Worker

from deskcheck.data.read_api import SORTS, QueuePager, QueueQuery, shown_count
from deskcheck.domain.errors import DeskError
from deskcheck.domain.untrusted import make_visible
from deskcheck.ui.keys import bindings
from deskcheck.ui.messages import (
    ClaimLoaded,
    CursorFound,
    QueueCounted,
    QueuePageLoaded,
    Recorded,
    SnippetFound,
    WorkDone,
    WorkProgress,
    WriteFailed,
)
from deskcheck.ui.screens.claim_desk_keeper import ClaimDeskKeeper
from deskcheck.ui.screens.long_work import LongWork
from deskcheck.ui.screens.queue_words import attention_reason, describe, snippet_content
from deskcheck.ui.screens.queue_work import QueueWorkflow
from deskcheck.ui.widgets.claim_preview import ClaimPreviewPane
from deskcheck.ui.widgets.claim_table import ClaimTable, header_line
from deskcheck.ui.widgets.key_bar import KeyBar
from deskcheck.ui.widgets.legend import queue_legend
from deskcheck.ui.widgets.status_line import StatusLine
from deskcheck.work.claim_view import view_claim

if TYPE_CHECKING:
    from deskcheck.ui.dialogs.new_claim import NewClaim

SORT_ORDER = tuple(SORTS)


class QueueScreen(QueueWorkflow):
    HELP_TITLE = "queue"
    CSS_PATH = "queue.tcss"
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]  # a compact preview at 80×24
    BINDINGS = bindings("queue")

    def __init__(self) -> None:
        super().__init__()
        self.query_state = QueueQuery()
        self.generation = 0
        self.pager = QueuePager(self.query_state)
        self.total = 0
        self.counts: dict[str, int] = {}
        self.verdict_names: list[str] = []
        self.feed_titles: dict[int, str] = {}  # the feeds chosen in the feeds view, by id
        self.long_work = LongWork(self)  # the running ingest or link check
        self._left = False
        self.claim_desk = ClaimDeskKeeper(self)  # one claim desk, kept for every claim opened

    def compose(self) -> ComposeResult:
        yield StatusLine(id="status")
        yield Static(header_line(), id="queue-header", markup=False)
        yield ClaimTable(id="claims", now=self.desk_app.now)
        # the narrow column heads in words (the widest wording that fits)
        yield Static(queue_legend(self.app.size.width - 2), id="queue-legend", markup=False)
        yield Static(id="snippet")
        yield ClaimPreviewPane(id="preview")
        yield Input(placeholder="search claims, interpretations, evidence…", id="search")
        with Horizontal(id="work"):
            yield Label("", id="work-label", markup=False)
            yield ProgressBar(id="work-bar", show_eta=False)
        yield KeyBar()

    def on_resize(self) -> None:
        # the headings follow the table's columns: who has each claim shows when wide
        self.query_one("#queue-header", Static).update(header_line(self.app.size.width))
        self.query_one("#queue-legend", Static).update(queue_legend(self.app.size.width - 2))

    def on_mount(self) -> None:
        self.query_one("#snippet").display = False
        self.watch(self.query_one(ClaimTable), "cursor", self._cursor_moved, init=False)
        self.query_one("#search", Input).display = False
        self.query_one("#work").display = False
        self.query_one(ClaimTable).focus()
        self.reload()
        self.set_interval(30, self._show_status)

    def on_screen_suspend(self) -> None:
        self._left = True  # a claim desk or a form went over the queue

    def on_screen_resume(self) -> None:
        # back from a claim: it may have changed. (Resume also comes when the queue is
        # first shown, just after on_mount's load: counting again then doubled the start.)
        if self._left:
            self._left = False
            self.reload(keep_current=True)

    # -- loading ------------------------------------------------------------------------------

    def reload(self, *, keep_current: bool = False, claim_id: int | None = None) -> None:
        table = self.query_one(ClaimTable)
        if keep_current and claim_id is None and table.current is not None:
            claim_id = table.current.id
        self.generation += 1
        self.pager = QueuePager(self.query_state, page_size=table.page_size)
        self._count(self.generation, self.query_state, claim_id, table.cursor)

    @work(thread=True, exclusive=True, group="queue-count", exit_on_error=False)
    def _count(self, generation: int, query: QueueQuery, claim_id: int | None, cursor: int) -> None:
        desk = self.desk_app.desk
        assert desk is not None
        total = desk.queue_count(query)
        if claim_id is not None:
            with contextlib.suppress(DeskError):
                cursor = desk.queue_position(query, claim_id)
        verdicts = [v.name for v in desk.verdict_scale()]
        self.post_message(
            QueueCounted(generation, total, desk.counts_by_status(), cursor, verdicts)
        )

    def on_queue_counted(self, message: QueueCounted) -> None:
        if message.generation != self.generation:
            return
        self.total = message.total
        self.counts = message.counts
        self.verdict_names = message.verdicts
        self.query_one(ClaimTable).reset(message.total, message.generation, message.cursor)
        self._show_status()
        self.claim_desk.warm_up_later()

    @on(ClaimTable.PagesWanted)
    def _pages_wanted(self, message: ClaimTable.PagesWanted) -> None:
        if message.generation == self.generation:
            for index in message.indexes:
                self._load_page(self.generation, self.pager, index, self.total)

    @work(thread=True, group="queue-pages", exit_on_error=False)
    def _load_page(self, generation: int, pager: QueuePager, index: int, total: int) -> None:
        desk = self.desk_app.desk
        assert desk is not None
        self.post_message(
            QueuePageLoaded(generation, index, desk.queue_pager_page(pager, index, total))
        )

    def on_queue_page_loaded(self, message: QueuePageLoaded) -> None:
        table = self.query_one(ClaimTable)
        table.put_page(message.generation, message.index, message.rows)
        self.repaint_screens_above()
        if message.index == table.cursor // table.page_size:
            self._follow(again=True)  # the row under the cursor has come

    # -- the claim under the cursor: its preview, and why a searched claim matched ------------

    def _cursor_moved(self, _position: int) -> None:
        self._follow()

    def _follow(self, *, again: bool = False) -> None:
        row = self.query_one(ClaimTable).current
        self.query_one(ClaimPreviewPane).follow(row, again=again)
        search = self.query_state.search
        box = self.query_one("#snippet", Static)
        box.display = bool(search and row)
        if search and row is not None:
            self._find_snippet(row.id, search)

    @on(ClaimPreviewPane.Wanted)
    def _preview_wanted(self, message: ClaimPreviewPane.Wanted) -> None:
        self._read_preview(message.claim_id, self.query_one(ClaimPreviewPane))

    @work(thread=True, group="preview", exit_on_error=False)
    def _read_preview(self, claim_id: int, pane: ClaimPreviewPane) -> None:
        """The claim's context and custody, and its best match: a claim or published check
        with like words, or a claim holding a copy of its picture, as on the claim desk."""
        from deskcheck.work.similar import similar_to_claim

        preview, match = None, None
        try:
            preview = self.desk.claim_preview(claim_id)
            found = similar_to_claim(self.desk, claim_id, preview.text, limit=1)
            match = found[0] if found else None
        except DeskError:
            pass  # gone meanwhile: the pane says it could not be read
        finally:  # whatever happens, the pane hears back and can read the next claim
            pane.post_message(ClaimPreviewPane.Found(claim_id, preview, match))

    def action_read_claim(self) -> None:
        from deskcheck.ui.dialogs.text_viewer import TextViewerScreen

        pane = self.query_one(ClaimPreviewPane)
        text = pane.plain_text()
        if text is None:
            self.notify("The claim is still being read.", timeout=2)
            return
        self.app.push_screen(TextViewerScreen(title=f"Claim {pane.claim_id}", text=text))

    @work(thread=True, exclusive=True, group="snippet", exit_on_error=False)
    def _find_snippet(self, claim_id: int, search: str) -> None:
        found = self.desk.search_snippet(claim_id, search)
        if found is not None:
            self.post_message(SnippetFound(claim_id, found.where, found.snippet, found.also))

    def on_snippet_found(self, message: SnippetFound) -> None:
        row = self.query_one(ClaimTable).current
        if row is None or row.id != message.claim_id:
            return  # the cursor moved on
        self.query_one("#snippet", Static).update(snippet_content(message))

    def _show_status(self) -> None:
        feed = self.query_state.feed
        extra = describe(self.query_state, self.feed_titles.get(feed) if feed else None)
        if self.saved_name and self.query_state == self.saved_query:
            extra = f"queue “{self.saved_name}” · {extra}"
        if self.query_state != QueueQuery(sort=self.query_state.sort):
            extra += f" · {shown_count(self.total)} shown"
        self.show_status(extra, counts=self.counts, marked=len(self.query_one(ClaimTable).marked))

    def on_desk_changed(self) -> None:
        self.reload(keep_current=True)

    @on(ClaimTable.MarksChanged)
    def _marks_changed(self) -> None:
        self._show_status()

    # -- opening a claim ----------------------------------------------------------------------

    @on(ClaimTable.Opened)
    def _open(self, message: ClaimTable.Opened) -> None:
        self._read_claim(message.claim_id)

    @work(thread=True, exclusive=True, group="claim-open", exit_on_error=False)
    def _read_claim(self, claim_id: int) -> None:
        desk = self.desk_app.desk
        assert desk is not None
        try:
            self.post_message(ClaimLoaded(view_claim(desk, claim_id)))
        except DeskError as error:
            self.post_message(WriteFailed(str(error)))

    async def on_claim_loaded(self, message: ClaimLoaded) -> None:
        if self.app.screen is not self:
            return  # a claim desk is already open: a second enter does not open another
        desk = await self.claim_desk.show(self.query_state, message.view)
        if self.app.screen is self:
            self.app.push_screen(desk)

    # -- search, filters, sort ----------------------------------------------------------------

    def _requery(self, query: QueueQuery) -> None:
        self.query_state = query
        self.reload()
        self._show_status()

    def action_search(self) -> None:
        box = self.query_one("#search", Input)
        box.display = True
        box.value = self.query_state.search or ""
        box.focus()

    @on(Input.Submitted, "#search")
    def _search(self, event: Input.Submitted) -> None:
        event.input.display = False
        self.query_one(ClaimTable).focus()
        self._requery(replace(self.query_state, search=event.value.strip() or None))

    def action_clear(self) -> None:
        if self.long_work.working is not None:
            self.long_work.working.cancel()
            self.notify("Stopping: what is finished is kept.", timeout=3)
            return
        table = self.query_one(ClaimTable)
        if table.marked:
            table.clear_marks()
            self.notify("Marks cleared", timeout=2)
            return
        box = self.query_one("#search", Input)
        box.display = False
        self.query_one(ClaimTable).focus()
        if self.query_state != QueueQuery(sort=self.query_state.sort):
            self._requery(QueueQuery(sort=self.query_state.sort))

    def action_filter(self) -> None:
        from deskcheck.ui.dialogs.filters import FilterScreen

        # the verdict names came with the last count: no database read on the UI thread
        form = FilterScreen(self.query_state, self.verdict_names)
        self.app.push_screen(form, lambda query: self._filtered(query, form.save_as))

    def _filtered(self, query: QueueQuery | None, save_as: str | None = None) -> None:
        if query is None:
            return
        if query.assignee is None:
            self._apply_filters(query, save_as)
        else:  # a typed name: which reviewer it reaches is the desk's to say
            self._check_filters(query, save_as)

    @work(thread=True, group="filters", exit_on_error=False)
    def _check_filters(self, query: QueueQuery, save_as: str | None) -> None:
        """The assignee as the desk knows it (``Tomas``, a look-alike or ``me`` reach the
        reviewer); a name that reaches nobody is refused with the desk's reviewers, not
        shown as an empty queue."""
        from deskcheck.work.workflow import checked_query

        desk = self.desk_app.desk
        assert desk is not None
        try:
            checked = checked_query(desk, query)
        except DeskError as error:
            self.post_message(WriteFailed(f"Filter not applied: {error}"))
            return
        self.app.call_from_thread(self._apply_filters, checked, save_as)

    def _apply_filters(self, query: QueueQuery, save_as: str | None) -> None:
        self._requery(query)
        if save_as:
            self.save_queue_as(save_as, query)

    def action_sort(self) -> None:
        following = SORT_ORDER[(SORT_ORDER.index(self.query_state.sort) + 1) % len(SORT_ORDER)]
        self._requery(replace(self.query_state, sort=following))
        self.notify(f"Sorted {following}", timeout=2)

    # -- next needing attention -----------------------------------------------------------------

    def action_next_attention(self) -> None:
        table = self.query_one(ClaimTable)
        self._find_next(self.query_state, table.current.id if table.current else None)

    @work(thread=True, exclusive=True, group="queue-jump", exit_on_error=False)
    def _find_next(self, query: QueueQuery, current_id: int | None) -> None:
        desk = self.desk_app.desk
        assert desk is not None
        # new, revision due, no decision yet, or overdue
        wanting = replace(query, needs_attention=True, now=self.desk_app.clock())
        after = wanting.key_of(desk.queue_row(current_id)) if current_id else None
        found = desk.queue_page(wanting, after=after, limit=1) or desk.queue_page(wanting, limit=1)
        position = desk.queue_position(query, found[0].id) if found else None
        why = attention_reason(found[0], self.desk_app.now) if found else ""
        self.post_message(CursorFound(position, why))

    def on_cursor_found(self, message: CursorFound) -> None:
        if message.position is None:
            self.notify("No claim in this queue needs attention.", timeout=3)
        else:
            self.query_one(ClaimTable).cursor = message.position
            self.notify(make_visible(message.why), timeout=4, markup=False)

    # -- a new claim ----------------------------------------------------------------------------

    def action_new_claim(self) -> None:
        from deskcheck.ui.dialogs.new_claim import NewClaimScreen

        self.app.push_screen(NewClaimScreen(), self._add_claim)

    def _add_claim(self, claim: NewClaim | None) -> None:
        if claim is not None:
            self._record_claim(claim)

    @work(thread=True, group="write", exit_on_error=False)
    def _record_claim(self, claim: NewClaim) -> None:
        desk = self.desk_app.desk
        assert desk is not None
        try:
            from deskcheck.work.claim_parts import add_claim

            claim_id = add_claim(
                desk,
                claim.text,
                origin_url=claim.origin_url,
                priority=claim.priority,
                tags=claim.tags,
            )
        except DeskError as error:
            self.post_message(WriteFailed(str(error)))
            return
        self.post_message(Recorded(f"Claim {claim_id} added", claim_id))

    def on_recorded(self, message: Recorded) -> None:
        message.prevent_default()  # DeskScreen's handler would say it a second time
        self.notify(make_visible(message.what), timeout=3, markup=False)
        self.reload(claim_id=message.claim_id)

    # -- long work: ingest and link checks (screens/long_work.py) ----------------------------

    def action_ingest(self) -> None:
        self.long_work.ingest()

    def action_check_links(self) -> None:
        self.long_work.check_links(sorted(self.query_one(ClaimTable).marked) or None)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        self.long_work.worker_changed(event)

    def on_work_progress(self, message: WorkProgress) -> None:
        self.long_work.progress(message)

    def on_work_done(self, message: WorkDone) -> None:
        self.long_work.done(message)
        self.reload(keep_current=True)

    # -- leaving --------------------------------------------------------------------------------

    def action_leave(self) -> None:
        self.desk_app.leave()
