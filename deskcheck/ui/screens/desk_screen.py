"""What every desk screen shares: the desk, the status line, and the guarded write.

A write goes through ``write``: on a worker thread, and — when the screen is about one
claim — only if no other reviewer recorded on that claim since this screen last read it
(or since the form that asked for it opened). Otherwise their change is shown first and
the reviewer chooses (``MeanwhileScreen``). The outcome comes back as ``Recorded`` or
``WriteFailed``, shown as a notice; then the screen reads again (``load``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import work
from textual.screen import Screen

from deskcheck.domain.errors import DeskError
from deskcheck.domain.untrusted import make_visible
from deskcheck.ui.messages import ChangedMeanwhile, Recorded, WriteFailed
from deskcheck.ui.widgets.status_line import StatusLine
from deskcheck.work.claim_parts import mark_evidence

if TYPE_CHECKING:
    from deskcheck.data import Desk
    from deskcheck.domain.models import Evidence, Interpretation
    from deskcheck.ui.app import DeskApp
    from deskcheck.ui.dialogs.form_screen import AppliesToClaim


class DeskScreen(Screen[None]):
    HELP_TITLE = ""

    def __init__(self, claim_id: int | None = None) -> None:
        super().__init__()
        self.claim_id = claim_id  # the claim the screen is about (None: the queue)
        self.loaded_seq = 0  # the head of the event log when the claim was last read
        self._asked_seq = 0  # … when the open form was opened
        self._form_writing: Any = None  # the form whose answer is being handed to a write
        self._form_wrote = False
        self._quiet_writes = 0  # marks still being written: read again after the last

    @property
    def desk_app(self) -> DeskApp:
        return self.app  # type: ignore[return-value]

    @property
    def desk(self) -> Desk:
        assert self.desk_app.desk is not None
        return self.desk_app.desk

    def load(self) -> None:
        """Read what the screen shows again (after a write, or another reviewer's)."""

    def repaint_screens_above(self) -> None:
        """Once this screen has drawn what it read: a form or notice open over it shows it
        through its translucent backdrop, and a backdrop seen through another one keeps its
        old picture until it is asked to draw again (Textual 8 repaints only the top one)."""

        def repaint() -> None:
            stack = self.app.screen_stack
            if self in stack:
                for screen in stack[stack.index(self) + 1 :]:
                    screen.refresh()

        self.call_after_refresh(repaint)

    def show_status(
        self, extra: str = "", counts: dict[str, int] | None = None, marked: int = 0
    ) -> None:
        app = self.desk_app
        self.query_one(StatusLine).show(
            desk_path=app.desk_path,
            reviewer=app.reviewer or "",
            session_minutes=app.session_minutes,
            counts=counts,
            extra=extra,
            read_only=bool(app.desk and app.desk.read_only),
            marked=marked,
        )

    # -- forms --------------------------------------------------------------------------------

    def ask_mark_reason(
        self, evidence: Evidence, interpretation: Interpretation, mark: str
    ) -> None:
        """`'`: the reason for the mark just given (the claim desk and the matrix alike)."""
        from deskcheck.domain.vocabulary import MARK_MEANING
        from deskcheck.ui.dialogs.reason import ReasonScreen

        def give_reason(reason: str) -> None:
            self._write(
                f"Reason recorded for {mark}: {evidence.title[:40]}",
                lambda d: mark_evidence(d, evidence.id, interpretation.id, mark, reason),
            )

        self._ask(
            ReasonScreen(mark, MARK_MEANING[mark], evidence.title, interpretation.label),
            give_reason,
        )

    def about_claim(self) -> int | None:
        """The claim a write's notice is about (the queue: the one under the cursor)."""
        return self.claim_id

    def ask(self, screen: Any, then: Callable[[Any], object]) -> None:
        """Open a form; ``then`` gets its answer, a plain value (not on cancel)."""
        self._ask(screen, then)

    def write(self, what: str, call: Callable[[Desk], Any]) -> None:
        """The one write path of a form's answer (see ``_write``)."""
        self._write(what, call)

    def _ask(self, screen: Any, then: Callable[[Any], object]) -> None:
        """Open a form; ``then`` gets its answer (not called when it was cancelled).

        On a claim, a form stays open until what it asked for is recorded: keys typed on
        after ctrl+s go into it, not to the desk behind; a write refused or held back
        ("changed meanwhile") leaves it open with every letter typed, and says so."""
        from deskcheck.ui.dialogs.form_screen import FormScreen

        self._asked_seq = self.loaded_seq  # what the reviewer had seen when the form opened
        if self.claim_id is not None and isinstance(screen, FormScreen):
            screen.submit = lambda result: self._submit(screen, result, then)
            self.app.push_screen(screen)
            return

        def answered(result: Any) -> None:
            if result is not None:
                then(result)

        self.app.push_screen(screen, answered)

    def _submit(self, form: Any, result: Any, then: Callable[[Any], object]) -> None:
        """A form's answer: recorded while the form stays open, when ``then`` writes; an
        answer that starts no write (an export, a fetch) closes the form at once."""
        self._form_writing, self._form_wrote = form, False
        try:
            then(result)
        finally:
            wrote, self._form_writing = self._form_wrote, None
        if not wrote:
            form.saving = None
            form.dismiss(result)

    def ask_and_apply(self, screen: Any) -> None:
        """Open a form whose answer records itself on this claim (``AppliesToClaim``)."""
        claim_id = self.claim_id
        assert claim_id is not None

        def apply(form: AppliesToClaim) -> None:
            from deskcheck.ui.screens.claim_forms import record_form

            self._write(form.what, lambda d: record_form(form, d, claim_id))

        self._ask(screen, apply)

    # -- writing ------------------------------------------------------------------------------

    def _write(self, what: str, call: Callable[[Desk], Any]) -> None:
        """Record what a form asked for, unless someone else recorded on this claim since the
        form was opened: then their change is shown first and the reviewer chooses."""
        form = self._form_writing
        self._form_wrote = form is not None
        self._write_unless_changed(self._asked_seq, what, call, about=self.about_claim(), form=form)

    def write_now(self, what: str, call: Callable[[Desk], Any], *, quiet: bool = False) -> None:
        """A write of a key pressed on what the screen shows (no form): guarded by what the
        screen last read. ``quiet``: the screen shows it in place, without a notice."""
        self._quiet_writes += quiet
        self._write_unless_changed(self.loaded_seq, what, call, quiet)

    @work(thread=True, group="write", exit_on_error=False)
    def _write_unless_changed(
        self,
        seen: int,
        what: str,
        call: Callable[[Desk], Any],
        quiet: bool = False,
        about: int | None = None,
        form: Any = None,
    ) -> None:
        if self.claim_id is not None and seen:
            changes = self.desk.changes_by_others(self.claim_id, seen)
            if changes:
                record = self.desk.claim(self.claim_id)
                self.post_message(ChangedMeanwhile(changes, record, what, call, quiet, form))
                return
        self._do_write(what, call, quiet, about, form)

    @work(thread=True, group="write", exit_on_error=False)
    def _write_anyway(
        self, what: str, call: Callable[[Desk], Any], quiet: bool = False, form: Any = None
    ) -> None:
        self._do_write(what, call, quiet, None, form)

    def _do_write(
        self,
        what: str,
        call: Callable[[Desk], Any],
        quiet: bool = False,
        about: int | None = None,
        form: Any = None,
    ) -> None:
        """The write itself, on a worker thread; the outcome comes back as a message (what
        the call says it did, when it says, else ``what``)."""
        try:
            said = call(self.desk)
        except DeskError as error:
            self.post_message(WriteFailed(str(error), quiet, form))
            return
        claim_id = about if about is not None else self.claim_id
        said = said if isinstance(said, str) else what
        self.post_message(Recorded(said, claim_id, quiet, form))

    def on_recorded(self, message: Recorded) -> None:
        form = message.form
        if form is not None and getattr(form, "is_attached", False):
            form.recorded()
        if message.quiet:
            self._quiet_writes = max(0, self._quiet_writes - 1)
        else:
            self.notify(
                make_visible(self.about(message.what, message.claim_id)), timeout=3, markup=False
            )
        if not self._quiet_writes:
            self.load()  # once the last of a run of quick writes (marks) has landed

    def about(self, what: str, claim_id: int | None) -> str:
        """A notice of a write that landed on another claim than the one shown (a fetch
        that ended after the reviewer moved on) names that claim."""
        if claim_id is None or self.claim_id is None or claim_id == self.claim_id:
            return what
        return f"Claim {claim_id}: {what}"

    def on_write_failed(self, message: WriteFailed) -> None:
        form = message.form
        if form is not None and getattr(form, "is_attached", False):
            form.kept(f"Not recorded: {make_visible(message.error)}")
        self.notify(make_visible(message.error), severity="error", markup=False)
        if message.quiet:
            self._quiet_writes = max(0, self._quiet_writes - 1)
            if not self._quiet_writes:
                self.load()  # the mark shown in place did not land: show what did

    def on_changed_meanwhile(self, message: ChangedMeanwhile) -> None:
        from deskcheck.ui.dialogs.meanwhile import MeanwhileScreen

        form = message.form

        def answered(proceed: bool | None) -> None:
            if proceed:
                self._write_anyway(message.what, message.call, message.quiet, form)
                return
            self._quiet_writes = max(0, self._quiet_writes - message.quiet)
            # seen now: the form's next ctrl+s records without asking about these again
            self._asked_seq = max([self._asked_seq, *(c["seq"] for c in message.changes)])
            self.load()
            if form is not None and form.is_attached:
                form.kept("Not recorded yet: another reviewer changed this claim meanwhile")

        self.load()  # the screen beneath shows their change too
        self.app.push_screen(MeanwhileScreen(message.changes, message.record), answered)

    # -- another reviewer wrote ---------------------------------------------------------------

    def on_desk_changed(self) -> None:
        if self.claim_id is not None:
            self._refresh_if_touched(self.claim_id, self.loaded_seq)

    @work(thread=True, group="claim-watch", exit_on_error=False)
    def _refresh_if_touched(self, claim_id: int, seen: int) -> None:
        if self.desk.changes_by_others(claim_id, seen):
            self.app.call_from_thread(self.load)
