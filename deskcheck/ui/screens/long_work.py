"""The queue's long work: an ingest or a link check, one at a time, on a worker thread with
its progress on screen (the queue's ``#work`` line) and escape to stop it.

Held by the queue screen (composition): it starts the worker on the screen, which receives
``WorkProgress`` and ``WorkDone`` and hands them here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from textual.widgets import Label, ProgressBar
from textual.worker import Worker, WorkerState, get_current_worker

from deskcheck.domain.untrusted import make_visible
from deskcheck.ui.messages import WorkDone, WorkProgress
from deskcheck.ui.screens.queue_words import failure

if TYPE_CHECKING:
    from deskcheck.ui.dialogs.ingest import IngestForm
    from deskcheck.ui.screens.desk_screen import DeskScreen


class LongWork:
    def __init__(self, screen: DeskScreen) -> None:
        self.screen = screen
        self.working: Worker[None] | None = None

    def ingest(self) -> None:
        from deskcheck.ui.dialogs.ingest import IngestScreen

        if self.working is None:
            self.screen.app.push_screen(IngestScreen(), self._start_ingest)

    def _start_ingest(self, form: IngestForm | None) -> None:
        from deskcheck.ui.safe import web_link

        app = self.screen.desk_app
        if form is None or (
            web_link(form.source) is None
            and app.refuse_host_files("ingesting a file or standard input")
        ):
            return
        source, format_ = form.source, form.format
        self._show(f"Ingesting {source}")

        def run() -> None:
            from deskcheck.work.intake import ingest

            worker = get_current_worker()
            post = self.screen.post_message
            try:
                report = ingest(
                    self.screen.desk,
                    source,
                    format=format_,
                    progress=lambda done, total: post(WorkProgress("ingest", done, total)),
                    cancelled=lambda: worker.is_cancelled,
                    base_limits=app.fetch_limits,
                    typed_here=not app.served,
                )
            except Exception as error:  # the screen must hear of it, or it waits forever
                post(WorkDone(failure(f"The ingest of {source}", error), failed=True))
                return
            post(WorkDone(report.summary(), failed=report.error is not None))

        self.working = self._start(run)

    def check_links(self, claim_ids: list[int] | None) -> None:
        if self.working is not None:
            return
        which = f" of {len(claim_ids)} marked claims" if claim_ids else ""
        self._show(f"Checking evidence and trigger URLs{which}")
        app = self.screen.desk_app

        def run() -> None:
            from deskcheck.work.links import check_links

            worker = get_current_worker()
            post = self.screen.post_message
            try:
                report = check_links(
                    self.screen.desk,
                    progress=lambda done, total: post(WorkProgress("check", done, total)),
                    cancelled=lambda: worker.is_cancelled,
                    base_limits=app.fetch_limits,
                    claim_ids=claim_ids,
                    from_afar=app.served,
                )
            except Exception as error:  # the screen must hear of it, or it waits forever
                post(WorkDone(failure("The link check", error), failed=True))
                return
            lines = [report.summary(), *report.errors[:5]]
            if len(report.errors) > 5:
                lines.append(f"… and {len(report.errors) - 5} more")
            post(WorkDone("\n".join(lines), failed=bool(report.errors)))

        self.working = self._start(run)

    def _start(self, run: Callable[[], None]) -> Worker[None]:
        return self.screen.run_worker(
            run, thread=True, exclusive=True, group="long", exit_on_error=False
        )

    def worker_changed(self, event: Worker.StateChanged) -> None:
        """A long worker that failed outside its own guard still frees the queue for the
        next one. (A cancelled one says WorkDone itself once its thread has stopped.)"""
        if event.worker is self.working and event.state is WorkerState.ERROR:
            self.working = None
            self.screen.query_one("#work").display = False
            error = event.worker.error or RuntimeError("unknown")
            self.screen.notify(
                make_visible(failure("The work", error)), severity="error", markup=False, timeout=8
            )

    def _show(self, label: str) -> None:
        screen = self.screen
        screen.query_one("#work").display = True
        screen.query_one("#work-label", Label).update(label + "  (escape stops)")
        screen.query_one("#work-bar", ProgressBar).update(total=None, progress=0)

    def progress(self, message: WorkProgress) -> None:
        self.screen.query_one("#work-bar", ProgressBar).update(
            total=max(message.total, 1), progress=message.done
        )

    def done(self, message: WorkDone) -> None:
        self.working = None
        self.screen.query_one("#work").display = False
        self.screen.notify(
            make_visible(message.summary),
            severity="error" if message.failed else "information",
            markup=False,
            timeout=8,
        )
