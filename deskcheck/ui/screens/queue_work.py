"""The queue's workflow keys: act on the marked claims (or the one under the cursor) at once
— assign, prioritise, move, tag, set a due time, export — and switch views: mine,
unassigned, the saved queues, one feed's claims (chosen in the feeds view).

Every act goes through ``deskcheck.work.workflow`` in a worker: one transaction, one event
per claim. ``QueueScreen`` (queue.py) adds this to its own keys.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual import work

from deskcheck.data.read_api import QueueQuery
from deskcheck.domain.errors import DeskError
from deskcheck.domain.untrusted import make_visible
from deskcheck.ui.messages import Recorded, WriteFailed
from deskcheck.ui.screens.desk_screen import DeskScreen
from deskcheck.ui.screens.workflow_acts import Targets, WorkflowActs, plural
from deskcheck.ui.widgets.claim_table import ClaimTable

if TYPE_CHECKING:
    from deskcheck.data import Desk
    from deskcheck.domain.models import Subscription
    from deskcheck.ui.dialogs.workflow import SavedQueueChoice


class QueueWorkflow(DeskScreen):
    query_state: QueueQuery
    feed_titles: dict[int, str]  # the feeds chosen in the feeds view, by id

    def __init__(self) -> None:
        super().__init__()
        self.acts = WorkflowActs(self, self.workflow_targets)

    def _requery(self, query: QueueQuery) -> None:
        raise NotImplementedError

    # -- what an act applies to -----------------------------------------------------------------

    def targets(self) -> list[int]:
        """The marked claims, or else the claim under the cursor."""
        table = self.query_one(ClaimTable)
        if table.marked:
            return sorted(table.marked)
        return [table.current.id] if table.current is not None else []

    def _current_id(self) -> int | None:
        current = self.query_one(ClaimTable).current
        return current.id if current is not None else None

    # -- assign, prioritise, move, tag, due: the shared acts -----------------------------------

    def about_claim(self) -> int | None:
        return self._current_id()

    def workflow_targets(self) -> Targets:
        ids = self.targets()
        current = self.query_one(ClaimTable).current
        if current is None or len(ids) != 1:
            return Targets(ids)
        return Targets(ids, current.status, None, (), current.due_at)

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

    def action_export_marked(self) -> None:
        from deskcheck.ui.dialogs.forms import ExportScreen

        ids = self.targets()
        if not ids or self.desk_app.refuse_host_files("an export writes a file"):
            return
        form = ExportScreen(ids[0])
        if len(ids) > 1:
            form.TITLE_TEXT = f"Export the {len(ids)} marked claims (one file)"

        def chosen(result: Any) -> None:
            if result is not None:
                self._export(ids, result)

        self.app.push_screen(form, chosen)

    @work(thread=True, group="write", exit_on_error=False)
    def _export(self, ids: list[int], form: Any) -> None:
        from pathlib import Path

        from deskcheck.work.exports import export_to_file

        desk = self.desk_app.desk
        assert desk is not None
        path = Path(form.path).expanduser()
        try:
            made = export_to_file(desk, ids, form.format, path, force=form.force, beside_desk=True)
        except (DeskError, OSError) as error:
            self.post_message(WriteFailed(f"Export failed: {error}"))
            return
        advice = f" ({'; '.join(made.problems)})" if made.problems else ""
        self.post_message(Recorded(f"Wrote {plural(len(ids))} to {made.path}{advice}", None))

    # -- views: mine, unassigned, saved queues --------------------------------------------

    def action_mine(self) -> None:
        """Toggle the view of my claims (assigned to me, or mentioning me)."""
        reviewer = self.desk_app.reviewer or ""
        if self.query_state.mine:
            self._requery(replace(self.query_state, mine=None))
        else:
            self._requery(replace(self.query_state, mine=reviewer, unassigned=False))

    def action_unassigned(self) -> None:
        if self.query_state.unassigned:
            self._requery(replace(self.query_state, unassigned=False))
        else:
            self._requery(replace(self.query_state, unassigned=True, mine=None, assignee=None))

    def action_saved_queues(self) -> None:
        self._read_saved_queues()

    @work(thread=True, group="ask", exit_on_error=False)
    def _read_saved_queues(self) -> None:
        from deskcheck.data.read_api import describe_saved

        desk = self.desk_app.desk
        assert desk is not None
        queues = [(q.name, describe_saved(q.query)) for q in desk.saved_queues()]
        self.app.call_from_thread(self._show_saved_queues, queues)

    def _show_saved_queues(self, queues: list[tuple[str, str]]) -> None:
        from deskcheck.ui.dialogs.workflow import SavedQueuesScreen

        def chosen(choice: SavedQueueChoice | None) -> None:
            if choice is not None and choice.remove:
                self._remove_queue(choice.name)
            elif choice is not None:
                self._open_saved(choice.name)

        self.app.push_screen(SavedQueuesScreen(queues), chosen)

    def _remove_queue(self, name: str) -> None:
        from deskcheck.work.workflow import remove_queue

        self.write("Queue removed", lambda desk: f"Removed queue {remove_queue(desk, name)}")

    @work(thread=True, group="ask", exit_on_error=False)
    def _open_saved(self, name: str) -> None:
        from deskcheck.work.workflow import saved_query

        desk = self.desk_app.desk
        assert desk is not None
        try:
            query = saved_query(desk, name)
        except DeskError as error:
            self.post_message(WriteFailed(str(error)))
            return
        self.app.call_from_thread(self._show_saved, name, query)

    def _show_saved(self, name: str, query: QueueQuery) -> None:
        self.saved_name, self.saved_query = name, query
        self._requery(query)
        self.notify(f"Queue {make_visible(name)}", timeout=2, markup=False)

    def save_queue_as(self, name: str, query: QueueQuery) -> None:
        from deskcheck.work.workflow import save_queue

        def call(desk: Desk) -> str:
            _id, replaced = save_queue(desk, name, query)
            return f"{'Replaced' if replaced else 'Saved'} queue {name}"

        self.saved_name, self.saved_query = name, query
        self.write("Queue saved", call)

    # -- the feeds view: a feed chosen there is a view of the queue ------------------------------

    def action_feeds(self) -> None:
        from deskcheck.ui.screens.feeds import FeedsScreen

        self.app.push_screen(FeedsScreen(), self._feed_chosen)

    def _feed_chosen(self, feed: Subscription | None) -> None:
        if feed is None:
            return
        self.feed_titles[feed.id] = feed.title or feed.url
        self._requery(QueueQuery(sort=self.query_state.sort, feed=feed.id))
        self._mark_feed_read(feed.id)

    @work(thread=True, group="write", exit_on_error=False)
    def _mark_feed_read(self, feed_id: int) -> None:
        desk = self.desk_app.desk
        assert desk is not None
        if desk.read_only:
            return
        from deskcheck.work.feeds import mark_read  # the fetch stack: in this worker

        try:
            mark_read(desk, feed_id)
        except DeskError as error:
            self.post_message(WriteFailed(str(error)))

    # the saved queue shown (named on the status line while its filters are unchanged)
    saved_name: str | None = None
    saved_query: QueueQuery | None = None
