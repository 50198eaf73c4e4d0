"""The queue's workflow keys: act on the marked claims (or the one under the cursor) at once
— assign, prioritise, move, tag, set a due time, export — and switch views: mine,
unassigned, the saved queues.

Every act goes through ``deskcheck.work.workflow`` in a worker: one transaction, one event
per claim. ``QueueScreen`` (queue.py) adds this to its own keys.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual import work

from deskcheck.data.read_api import QueueQuery
from deskcheck.domain.errors import DeskError
from deskcheck.domain.untrusted import make_visible
from deskcheck.ui.messages import Recorded, WriteFailed
from deskcheck.ui.screens.desk_screen import DeskScreen
from deskcheck.ui.widgets.claim_table import ClaimTable

if TYPE_CHECKING:
    from deskcheck.data import Desk
    from deskcheck.ui.dialogs.workflow import SavedQueueChoice, StatusForm

# shown in the queue's footer (the rest are in the help and the command palette)
WORKFLOW_KEYS = (
    ("A", "assign", "Assign", True),
    ("P", "priority", "Priority", False),
    ("S", "status", "Status", False),
    ("#", "tags", "Tags", False),
    ("D", "due", "Due", False),
    ("M", "mine", "Mine", True),
    ("U", "unassigned", "Unassigned", False),
    ("Q", "saved_queues", "Saved queues", True),
    ("x", "export_marked", "Export marked", False),
)


def plural(count: int) -> str:
    return "1 claim" if count == 1 else f"{count} claims"


class QueueWorkflow(DeskScreen):
    query_state: QueueQuery

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

    def _act(self, what: str, call: Callable[[Desk], Any]) -> None:
        if self.targets():
            self._record(what, call, self._current_id())

    @work(thread=True, group="write", exit_on_error=False)
    def _record(self, what: str, call: Callable[[Desk], Any], claim_id: int | None) -> None:
        desk = self.desk_app.desk
        assert desk is not None
        try:
            said = call(desk)
        except DeskError as error:
            self.post_message(WriteFailed(str(error)))
            return
        self.post_message(Recorded(said if isinstance(said, str) else what, claim_id))

    # -- assign, prioritise, move, tag, due --------------------------------------------------------

    def action_assign(self) -> None:
        ids = self.targets()
        if ids:
            self._ask_assign(ids)

    @work(thread=True, group="ask", exit_on_error=False)
    def _ask_assign(self, ids: list[int]) -> None:
        desk = self.desk_app.desk
        assert desk is not None
        names = desk.reviewer_names()
        self.app.call_from_thread(self._show_assign, names, ids)

    def _show_assign(self, names: list[str], ids: list[int]) -> None:
        from deskcheck.ui.dialogs.workflow import AssignScreen
        from deskcheck.work.workflow import assign

        def assign_to(name: str | None) -> None:
            if name is not None:

                def call(desk: Desk) -> str:
                    whom = assign(desk, ids, name)
                    return f"{plural(len(ids))} " + (
                        f"assigned to {whom}" if whom else "unassigned"
                    )

                self._record("Assigned", call, self._current_id())

        self.app.push_screen(AssignScreen(names, len(ids)), assign_to)

    def action_priority(self) -> None:
        from deskcheck.ui.dialogs.workflow import PriorityScreen
        from deskcheck.work.workflow import prioritise

        ids = self.targets()

        def chosen(priority: int | None) -> None:
            if priority is not None:
                self._act(
                    f"{plural(len(ids))} now P{priority}",
                    lambda desk: prioritise(desk, ids, priority),
                )

        if ids:
            self.app.push_screen(PriorityScreen(len(ids)), chosen)

    def action_status(self) -> None:
        from deskcheck.ui.dialogs.workflow import StatusScreen
        from deskcheck.work.workflow import move

        ids = self.targets()
        current = self.query_one(ClaimTable).current

        def chosen(form: StatusForm | None) -> None:
            if form is not None:
                self._act(
                    f"{plural(len(ids))} now {form.status.replace('_', ' ')}",
                    lambda desk: move(desk, ids, form.status, form.reason),
                )

        if ids:
            status = current.status if current is not None and len(ids) == 1 else None
            self.app.push_screen(StatusScreen(len(ids), status), chosen)

    def action_tags(self) -> None:
        from deskcheck.ui.dialogs.workflow import TagsScreen
        from deskcheck.work.workflow import tag, tags_typed

        ids = self.targets()

        def chosen(typed: str | None) -> None:
            if typed is not None:
                add, remove = tags_typed(typed)
                self._act(
                    "Tags changed",
                    lambda desk: f"{tag(desk, ids, add, remove)} tag changes on {plural(len(ids))}",
                )

        if ids:
            self.app.push_screen(TagsScreen(len(ids)), chosen)

    def action_due(self) -> None:
        from deskcheck.ui.dialogs.workflow import DueScreen
        from deskcheck.work.workflow import set_due

        ids = self.targets()
        current = self.query_one(ClaimTable).current

        def chosen(typed: str | None) -> None:
            if typed is None:
                return

            def call(desk: Desk) -> str:
                due = set_due(desk, ids, typed)
                shown = f"due {due.replace('T', ' ')[:16]} UTC" if due else "no longer due"
                return f"{plural(len(ids))} {shown}"

            self._act("Due time set", call)

        if ids:
            due = current.due_at if current is not None and len(ids) == 1 else None
            self.app.push_screen(DueScreen(len(ids), due), chosen)

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
            made = export_to_file(desk, ids, form.format, path, force=form.force)
        except (DeskError, OSError) as error:
            self.post_message(WriteFailed(f"Export failed: {error}"))
            return
        advice = f" ({'; '.join(made.problems)})" if made.problems else ""
        self.post_message(Recorded(f"Wrote {plural(len(ids))} to {path}{advice}", None))

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

        self._record(
            "Queue removed",
            lambda desk: f"Removed queue {remove_queue(desk, name)}",
            self._current_id(),
        )

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
        self._record("Queue saved", call, self._current_id())

    # the saved queue shown (named on the status line while its filters are unchanged)
    saved_name: str | None = None
    saved_query: QueueQuery | None = None
