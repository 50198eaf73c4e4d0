"""The one claim desk a queue keeps: made ready while the reviewer reads the queue, and
filled in place for each claim opened after.

Composing, registering and styling the claim desk's widgets is most of the time from enter
to the claim on screen; done on the first enter, the session's first open took three times
as long as every later one. So, a moment after the queue's first rows are drawn, its modules
load in a thread, its stylesheet is read, and the screen is composed and styled, off the
screen stack, with nothing to show yet. The first enter then only fills it in, as every
later enter does.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from deskcheck.data.read_api import QueueQuery
    from deskcheck.ui.screens.claim_desk import ClaimDeskScreen
    from deskcheck.ui.screens.desk_screen import DeskScreen
    from deskcheck.work.claim_view import ClaimView

WARM_UP_AFTER_SECONDS = 1.0  # after the queue counts: its first rows are drawn by then


class ClaimDeskKeeper:
    def __init__(self, queue: DeskScreen) -> None:
        self.queue = queue
        self.desk: ClaimDeskScreen | None = None
        self._warming = False
        self.warmed = False  # the warm-up has run (made the claim desk, or found one kept)

    @property
    def name(self) -> str:
        return f"claim-desk-{id(self.queue)}"

    def warm_up_later(self) -> None:
        """Once, after the queue is first counted."""
        if self.desk is None and not self._warming:
            self._warming = True
            # not at once: the import would hold the GIL while the queue's rows are drawn
            self.queue.set_timer(WARM_UP_AFTER_SECONDS, self._import_in_a_thread)

    def _import_in_a_thread(self) -> None:
        self.queue.run_worker(
            self._import, thread=True, group="claim-desk-warm", exit_on_error=False
        )

    def _import(self) -> None:
        # the forms and dialogs it imports are a tenth of a second
        import deskcheck.ui.screens.claim_desk  # noqa: F401

        self.queue.app.call_from_thread(self.queue.call_after_refresh, self._compose_ahead)

    def _compose_ahead(self) -> None:
        from deskcheck.ui.screens.claim_desk import ClaimDeskScreen

        self.warmed = True
        app = self.queue.app
        if self.desk is not None or not self.queue.is_attached:
            return
        desk = ClaimDeskScreen(0, getattr(self.queue, "query_state", None), ahead=True)
        self._read_styles(desk)
        if getattr(app, "served", False):
            # a served desk's tabs share the server's cores and memory: a claim desk
            # composed ahead in every tab, opened or not, would cost each login and each tab
            return
        app.install_screen(desk, self.name)  # installed: leaving it keeps it
        self.desk = desk
        start_off_stack = getattr(app, "_get_screen", None)
        if start_off_stack is not None:
            # Textual's own first step of a push: register the screen, which composes and
            # styles it, without showing it (no public call does only this)
            start_off_stack(desk)

    async def show(self, query: QueueQuery, view: ClaimView) -> ClaimDeskScreen:
        """The kept claim desk, filled with ``view``; one is made for it if none was."""
        from deskcheck.ui.screens.claim_desk import ClaimDeskScreen

        desk = self.desk
        if desk is None or not desk.is_running:
            desk = ClaimDeskScreen(view.record.id, query, view)
            if self.desk is not None:
                self.queue.app.uninstall_screen(self.desk)
            self.queue.app.install_screen(desk, self.name)
            self.desk = desk
            return desk
        while not desk.composed and desk.is_running:  # enter came while it was composed
            await asyncio.sleep(0.005)
        await desk.reopen(query, view)
        return desk

    def _read_styles(self, desk: ClaimDeskScreen) -> None:
        """Its stylesheet, as Textual reads it on the first push of the screen: before its
        widgets are styled."""
        app = self.queue.app
        stylesheet = app.stylesheet
        unread = [str(p) for p in desk.css_path if not stylesheet.has_source(str(p), "")]
        for path in unread:
            stylesheet.read(path)
        if unread:
            stylesheet.reparse()
            stylesheet.update(app)
