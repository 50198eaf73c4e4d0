"""The claim desk's workflow keys: assign (A), priority (P then 1–4), status with a reason
(S), tags (T), due time (D) and comments (C). Each is recorded through
``deskcheck.work.workflow``, like every other form of the claim desk (``ClaimDeskActs``):
unless another reviewer recorded on the claim since the form opened."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.binding import Binding

from deskcheck.domain.untrusted import make_visible
from deskcheck.ui.screens.claim_desk_acts import ClaimDeskActs

if TYPE_CHECKING:
    from deskcheck.data import Desk
    from deskcheck.ui.dialogs.workflow import StatusForm


# listed by ClaimDeskScreen after its own keys (bindings of a base class would come first)
WORKFLOW_BINDINGS = [
    Binding("A", "assign", "Assign", show=False),
    Binding("P", "priority", "Priority (then 1–4)", show=False),
    Binding("S", "status", "Status (with a reason)", show=False),
    Binding("#", "tags", "Tags", show=False),
    Binding("D", "due", "Due time", show=False),
    Binding("C", "comment", "Comment", show=False),
]


class ClaimDeskWorkflow(ClaimDeskActs):
    def action_assign(self) -> None:
        self._ask_assign(self.claim_id)

    @work(thread=True, group="ask", exit_on_error=False)
    def _ask_assign(self, claim_id: int) -> None:
        names = self.desk.reviewer_names()
        self.app.call_from_thread(self._show_assign, names, claim_id)

    def _show_assign(self, names: list[str], claim_id: int) -> None:
        from deskcheck.ui.dialogs.workflow import AssignScreen
        from deskcheck.work.workflow import assign

        def assign_to(name: str) -> None:
            self._write("Assignment recorded", lambda desk: assign(desk, [claim_id], name))

        current = self.record.assignee if self.record else None
        self._ask(AssignScreen(names, 1, current), assign_to)

    def action_priority(self) -> None:
        from deskcheck.ui.dialogs.workflow import PriorityScreen
        from deskcheck.work.workflow import prioritise

        claim_id = self.claim_id

        def chosen(priority: int) -> None:
            self._write(
                f"Priority P{priority}", lambda desk: prioritise(desk, [claim_id], priority)
            )

        self._ask(PriorityScreen(), chosen)

    def action_status(self) -> None:
        from deskcheck.ui.dialogs.workflow import StatusScreen
        from deskcheck.work.workflow import move

        claim_id = self.claim_id

        def chosen(form: StatusForm) -> None:
            self._write(
                f"Status {form.status.replace('_', ' ')}",
                lambda desk: move(desk, [claim_id], form.status, form.reason),
            )

        self._ask(StatusScreen(1, self.record.status if self.record else None), chosen)

    def action_tags(self) -> None:
        from deskcheck.ui.dialogs.workflow import TagsScreen
        from deskcheck.work.workflow import tag, tags_typed

        claim_id = self.claim_id

        def chosen(typed: str) -> None:
            add, remove = tags_typed(typed)
            self._write("Tags changed", lambda desk: tag(desk, [claim_id], add, remove))

        self._ask(TagsScreen(1, self.record.tags if self.record else ()), chosen)

    def action_due(self) -> None:
        from deskcheck.ui.dialogs.workflow import DueScreen
        from deskcheck.work.workflow import set_due

        claim_id = self.claim_id

        def chosen(typed: str) -> None:
            self._write("Due time recorded", lambda desk: set_due(desk, [claim_id], typed))

        self._ask(DueScreen(1, self.record.due_at if self.record else None), chosen)

    def action_comment(self) -> None:
        from deskcheck.ui.dialogs.workflow import CommentScreen
        from deskcheck.work.workflow import comment

        claim_id = self.claim_id

        def chosen(body: str) -> None:
            def call(desk: Desk) -> None:
                done = comment(desk, claim_id, body)
                if done.unknown:  # said on screen: the @name reached nobody
                    self.app.call_from_thread(
                        self.notify,
                        make_visible(done.summary()),
                        severity="warning",
                        markup=False,
                        timeout=6,
                    )

            self._write("Comment added", call)

        self._ask(CommentScreen(), chosen)
