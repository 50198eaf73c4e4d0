"""The six workflow acts, written once for the claims an act targets: assign, priority,
status (with a reason), tags, due time and comment. The claim desk targets its claim; the
queue its marked claims, or else the one under the cursor.

Each act asks with its form, whose answer is a plain value, and records through the
screen's one write path (``DeskScreen.write``), which calls ``deskcheck.work.workflow`` on a
worker thread: guarded on the claim desk by what the reviewer had seen when the form opened.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from deskcheck.domain.untrusted import make_visible

if TYPE_CHECKING:
    from deskcheck.data import Desk
    from deskcheck.ui.dialogs.workflow import StatusForm
    from deskcheck.ui.screens.desk_screen import DeskScreen


def plural(count: int) -> str:
    return "1 claim" if count == 1 else f"{count} claims"


@dataclass(frozen=True)
class Targets:
    """The claims an act applies to, and — when it is one — what it has now (the form
    starts from it)."""

    ids: list[int]
    status: str | None = None
    assignee: str | None = None
    tags: tuple[str, ...] = ()
    due_at: str | None = None


class WorkflowActs:
    """The acts of a screen, by composition: the screen says which claims are targeted and
    owns the one write path; this asks and says what to record."""

    def __init__(self, screen: DeskScreen, targets: Callable[[], Targets]) -> None:
        self.screen = screen
        self.targets = targets

    def _write(self, what: str, call: Callable[[Desk], object]) -> None:
        self.screen.write(what, call)

    def assign(self) -> None:
        targets = self.targets()
        if not targets.ids:
            return

        def read_names() -> None:
            names = self.screen.desk.reviewer_names()
            self.screen.app.call_from_thread(self._ask_assign, names, targets)

        self.screen.run_worker(read_names, thread=True, group="ask", exit_on_error=False)

    def _ask_assign(self, names: list[str], targets: Targets) -> None:
        from deskcheck.ui.dialogs.workflow import AssignScreen
        from deskcheck.work.workflow import assign

        ids = targets.ids

        def assign_to(name: str) -> None:
            def call(desk: Desk) -> str:
                whom = assign(desk, ids, name)
                return f"{plural(len(ids))} " + (f"assigned to {whom}" if whom else "unassigned")

            self._write("Assigned", call)

        self.screen.ask(AssignScreen(names, len(ids), targets.assignee), assign_to)

    def priority(self) -> None:
        from deskcheck.ui.dialogs.workflow import PriorityScreen
        from deskcheck.work.workflow import prioritise

        ids = self.targets().ids

        def chosen(priority: int) -> None:
            self._write(
                f"{plural(len(ids))} now P{priority}",
                lambda desk: prioritise(desk, ids, priority),
            )

        if ids:
            self.screen.ask(PriorityScreen(len(ids)), chosen)

    def status(self) -> None:
        from deskcheck.ui.dialogs.workflow import StatusScreen
        from deskcheck.work.workflow import move

        targets = self.targets()
        ids = targets.ids

        def chosen(form: StatusForm) -> None:
            self._write(
                f"{plural(len(ids))} now {form.status.replace('_', ' ')}",
                lambda desk: move(desk, ids, form.status, form.reason),
            )

        if ids:
            self.screen.ask(StatusScreen(len(ids), targets.status), chosen)

    def tags(self) -> None:
        from deskcheck.ui.dialogs.workflow import TagsScreen
        from deskcheck.work.workflow import tag, tags_typed

        targets = self.targets()
        ids = targets.ids

        def chosen(typed: str) -> None:
            add, remove = tags_typed(typed)
            self._write(
                "Tags changed",
                lambda desk: f"{tag(desk, ids, add, remove)} tag changes on {plural(len(ids))}",
            )

        if ids:
            self.screen.ask(TagsScreen(len(ids), targets.tags), chosen)

    def due(self) -> None:
        from deskcheck.ui.dialogs.workflow import DueScreen
        from deskcheck.work.workflow import set_due

        targets = self.targets()
        ids = targets.ids

        def chosen(typed: str) -> None:
            def call(desk: Desk) -> str:
                due = set_due(desk, ids, typed)
                shown = f"due {due.replace('T', ' ')[:16]} UTC" if due else "no longer due"
                return f"{plural(len(ids))} {shown}"

            self._write("Due time set", call)

        if ids:
            self.screen.ask(DueScreen(len(ids), targets.due_at), chosen)

    def comment(self) -> None:
        """A comment is on one claim: the first targeted (the claim desk's own)."""
        from deskcheck.ui.dialogs.workflow import CommentScreen
        from deskcheck.work.workflow import comment

        ids = self.targets().ids
        if not ids:
            return
        claim_id, screen = ids[0], self.screen

        def chosen(body: str) -> None:
            def call(desk: Desk) -> str:
                done = comment(desk, claim_id, body)
                if done.unknown:  # said on screen: the @name reached nobody
                    screen.app.call_from_thread(
                        screen.notify,
                        make_visible(done.summary()),
                        severity="warning",
                        markup=False,
                        timeout=6,
                    )
                return "Comment added"

            self._write("Comment added", call)

        screen.ask(CommentScreen(), chosen)
