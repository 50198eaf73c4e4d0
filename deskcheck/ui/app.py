"""The deskcheck application: opens the desk in a worker and shows the queue.

Screens compose widgets; every database read or write runs in a thread worker that posts
a message back (``deskcheck.ui.messages``). The Desk's connection is shared by those
workers; the Desk serialises its write transactions.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App, SystemCommand
from textual.filter import LineFilter
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from deskcheck.domain.clock import utc_now
from deskcheck.domain.errors import DeskError
from deskcheck.domain.event_kinds import SHOWN_ON_NO_SCREEN
from deskcheck.domain.untrusted import make_visible
from deskcheck.ui.key_gate import KeyGate
from deskcheck.ui.keys import bindings
from deskcheck.ui.keys.keymap import Keymap
from deskcheck.ui.messages import (
    DeskChanged,
    DeskFailed,
    DeskOpened,
    DeskVersion,
    DeskWentBack,
    SessionEnded,
)
from deskcheck.ui.terminal_guard import TerminalGuard
from deskcheck.work import opening

if TYPE_CHECKING:
    from deskcheck.data import Desk

SERVED_FROM_ENV = "DESKCHECK_SERVED_FROM"  # set by `serve`: the address its reviewer is at
POLL_SECONDS = 1.0  # PRAGMA data_version is cheap; another reviewer's write shows within 2 s
FEEDS_SECONDS = 60.0  # how often the open desk looks for feeds that are due
FIRST_FEEDS_CHECK_SECONDS = 2.0  # the first look, once the queue is on screen


def parse_time(value: str) -> datetime:
    return datetime.strptime(value[:19], "%Y-%m-%dT%H:%M:%S")


class DeskApp(KeyGate, App[str]):
    """The review desk. ``exit`` returns the session summary, printed after the UI closes."""

    CSS_PATH = "app.tcss"
    TITLE = "deskcheck"
    BINDINGS = bindings("app")
    # below this width a dialog takes every column: a margin of one would show a column of
    # the screen beneath, read as stray letters down the edges
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (94, "-wide")]

    def __init__(
        self,
        desk_path: Path,
        reviewer: str | None,
        *,
        clock: Callable[[], str] = utc_now,
        config_path: Path | None = None,
        fetch_limits: Any = None,
        pictures: str = "halfblocks",
    ) -> None:
        super().__init__()
        # how pictures are drawn: "auto" (the terminal's graphics), "halfblocks" or "off"
        self.pictures = pictures
        self.desk_path = desk_path
        self.reviewer = reviewer
        self.clock = clock
        self.config_path = config_path
        # deskcheck.fetch.limits.FetchLimits: shorter times for tests (where a URL may go is
        # deskcheck.work.policy's alone)
        self.fetch_limits = fetch_limits
        self.desk: Desk | None = None
        self.session_started = clock()
        self.crash: str | None = None  # the one line to print when an unexpected error ended it
        served = "web_driver" in os.environ.get("TEXTUAL_DRIVER", "")
        self._served_by = os.getppid() if served else None
        self._terminal_guard = TerminalGuard()
        self.keymap = Keymap()  # the reviewer's, as applied (on mount)

    # -- the terminal ----------------------------------------------------------------------

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, then the guard that keeps controls off the terminal (an edit
        field shows recorded text as it is)."""
        return [*super().get_line_filters(), self._terminal_guard]

    # -- an error nobody foresaw ------------------------------------------------------------

    def _handle_exception(self, error: Exception) -> None:
        """Textual ends the app and prints a traceback on the terminal: the traceback goes to
        the log instead, and the command line prints one line and exits non-zero."""
        from deskcheck.work.errorlog import log_exception, one_line

        self.crash = one_line(error, log_exception(error, "the desk in the terminal"))
        super()._handle_exception(error)
        self._exit_renderables.clear()  # already in the log; not on the reviewer's terminal

    # -- opening ----------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.apply_keymap()
        if self.reviewer:
            self.open_desk()
        else:
            from deskcheck.ui.dialogs.reviewer import ReviewerScreen
            from deskcheck.work.config import default_reviewer

            self.push_screen(ReviewerScreen(default_reviewer()), self._reviewer_chosen)

    def _reviewer_chosen(self, name: str | None) -> None:
        if not name:
            self.exit(None)
            return
        from deskcheck.work.config import save_reviewer

        save_reviewer(name, self.config_path)
        self.reviewer = name
        self.open_desk()

    @work(thread=True, exclusive=True, group="open", exit_on_error=False)
    def open_desk(self) -> None:
        assert self.reviewer
        from deskcheck.work.opening import open_desk  # in the worker, while the screen draws

        served = self._served_by is not None  # then every event says it came through `serve`
        via = {"through": "serve", "address": os.environ.get(SERVED_FROM_ENV, "unknown")}
        try:
            desk, loss = open_desk(
                self.desk_path, self.reviewer, clock=self.clock, via=via if served else None
            )
            if loss is not None:
                self.post_message(DeskWentBack(str(loss)))
            if not desk.read_only:  # a read-only desk cannot record a review session
                desk.start_session()
        except DeskError as error:
            self.post_message(DeskFailed(str(error)))
            return
        self.post_message(DeskOpened(desk))

    def on_desk_opened(self, message: DeskOpened) -> None:
        from deskcheck.ui.screens.queue import QueueScreen

        self.desk = message.desk
        self.session_started = self.clock()
        self.push_screen(QueueScreen())
        if self.desk.read_only:
            self.notify(
                "This desk is read-only: you can read it; nothing can be recorded.",
                severity="warning",
                timeout=10,
            )
        # several reviewers share the desk: notice their writes within a second or two
        self._data_version: int | None = None
        self._seen_head: int | None = None  # the log's last event at the last look
        self.set_interval(POLL_SECONDS, self._poll_desk)
        if not self.desk.read_only:
            # after the queue's first paint: a refresh imports the whole fetch stack
            self.set_timer(FIRST_FEEDS_CHECK_SECONDS, self._feeds_due)
            self.set_interval(FEEDS_SECONDS, self._feeds_due)

    def _feeds_due(self) -> None:
        # one refresh at a time: a slow one still running is left to finish
        if not any(w.group == "feeds" and w.is_running for w in self.workers):
            self._refresh_due_feeds()

    @work(thread=True, group="feeds", exit_on_error=False)
    def _refresh_due_feeds(self) -> None:
        """Due feeds refresh in the background; what they bring shows in the queue."""
        assert self.desk is not None
        if not self.desk.due_subscriptions():  # most checks: no feed is due, nothing to load
            return
        from deskcheck.work.feeds import refresh

        reports = refresh(self.desk, base_limits=self.fetch_limits)
        new = sum(r.new for r in reports)
        if reports:
            self.call_from_thread(self._feeds_refreshed, new, sum(bool(r.error) for r in reports))

    def _feeds_refreshed(self, new: int, failed: int) -> None:
        for screen in self.screen_stack:
            screen.post_message(DeskChanged())
        if new or failed:
            shows = self.key_for("queue.feeds")
            failures = f"; {failed} feed{'s' if failed > 1 else ''} failed ({shows} shows why)"
            self.notify(f"Feeds: {new} new claims{failures if failed else ''}", timeout=5)

    def _poll_desk(self) -> None:
        if self._server_gone():
            self._end_session_and_exit()
            return
        if self.desk is not None and not any(w.group == "poll" for w in self.workers):
            self._poll()

    def _server_gone(self) -> bool:
        """Served in a browser (textual-serve), and the server that started us has died: no
        one can reach this app any more, so it must not hold the desk open."""
        return self._served_by is not None and os.getppid() != self._served_by

    @work(thread=True, exclusive=True, group="session", exit_on_error=False)
    def _end_session_and_exit(self) -> None:
        if self.desk is not None and not self.desk.read_only:
            self.desk.end_session()
        self.call_from_thread(self.exit)

    @work(thread=True, group="poll", exit_on_error=False)
    def _poll(self) -> None:
        assert self.desk is not None
        version, seen = self.desk.data_version(), self._seen_head
        if version == self._data_version or seen is None:
            head = self.desk.head_seq() if seen is None else seen
            self.post_message(DeskVersion(version, head, shown=False))
            return
        head, kinds = self.desk.news_since(seen)
        self.post_message(DeskVersion(version, head, shown=bool(kinds - SHOWN_ON_NO_SCREEN)))

    def on_desk_version(self, message: DeskVersion) -> None:
        if message.version != self._data_version:
            self._remember_head()
        changed = self._data_version is not None and message.version != self._data_version
        if changed and message.shown:
            for screen in self.screen_stack:
                screen.post_message(DeskChanged())
        self._data_version, self._seen_head = message.version, message.head

    def on_desk_went_back(self, message: DeskWentBack) -> None:
        self.notify(make_visible(message.warning), severity="error", markup=False, timeout=60)

    def on_desk_failed(self, message: DeskFailed) -> None:
        self.exit(return_code=1, message=message.error)

    # -- the session ------------------------------------------------------------------------

    @property
    def session_minutes(self) -> int:
        elapsed = parse_time(self.clock()) - parse_time(self.session_started)
        return max(0, int(elapsed.total_seconds() // 60))

    @property
    def now(self) -> datetime:
        return parse_time(self.clock())

    def leave(self) -> None:
        """End the review session and show what it did before closing."""
        self._end_session()

    @work(thread=True, exclusive=True, group="session", exit_on_error=False)
    def _end_session(self) -> None:
        assert self.desk is not None
        summary = self.desk.session_summary()
        self.desk.end_session()
        self.post_message(SessionEnded(summary, self.session_minutes))

    def on_session_ended(self, message: SessionEnded) -> None:
        from deskcheck.ui.dialogs.summary import SessionSummaryScreen, summary_text

        text = summary_text(message.summary, message.minutes, self.reviewer or "")
        self.push_screen(SessionSummaryScreen(text), lambda _: self.exit(text))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A worker that failed unexpectedly says so, instead of failing silently."""
        if event.state == WorkerState.ERROR and event.worker.error is not None:
            from deskcheck.domain.untrusted import make_visible
            from deskcheck.work.errorlog import log_exception

            error = event.worker.error
            path = log_exception(error, event.worker.name or "background work")
            if event.worker.group == "session":
                # quitting failed: still quit, and say so, rather than leave the desk hanging
                from deskcheck.work.errorlog import one_line

                self.crash = one_line(error, path)
                self.exit(return_code=1)
                return
            self.notify(
                make_visible(
                    f"{event.worker.name or 'background work'} failed:"
                    f" {type(error).__name__}: {error} (details in {path})"
                ),
                severity="error",
                markup=False,
                timeout=10,
            )

    @work(thread=True, group="remember", exit_on_error=False)
    def _remember_head(self) -> None:
        opening.remember(self.desk_path)

    def on_unmount(self) -> None:
        if self.desk is not None:
            if self.served and not self.desk.read_only and self.desk.session_id is not None:
                # a browser tab closed (or its login session ended): its review session ends
                # with it, recorded, instead of staying open for good
                try:
                    self.desk.end_session()
                except DeskError as error:
                    self.crash = f"the review session could not be ended: {error}"
            self.desk.close()
            opening.remember(self.desk_path)

    # -- served to a browser -------------------------------------------------------------------

    @property
    def served(self) -> bool:
        """Running for a browser through `deskcheck serve`: the reviewer is not at this host,
        so nothing they type may read or write the host's files."""
        return self._served_by is not None

    def refuse_host_files(self, what: str) -> bool:
        """True (and a notice) when served: ``what`` would touch the server's own files."""
        if self.served:
            self.notify(
                f"Not from the browser: {what} would use files on the desk's host."
                " Use `deskcheck` on that host instead.",
                severity="warning",
                timeout=8,
            )
        return self.served

    # -- links to the browser ------------------------------------------------------------------

    def open_url(self, url: str, *, new_tab: bool = True) -> None:
        """Only web links leave the app: a ``javascript:``, ``data:`` or ``file:`` URL from a
        feed is refused here, whoever asks to open it."""
        from deskcheck.ui.safe import web_link

        if web_link(url) is None:
            self.notify(
                "Not opened: only http and https links open in the browser.",
                severity="warning",
                timeout=5,
            )
            return
        super().open_url(url, new_tab=new_tab)

    # -- keys: the reviewer's keymap, help and the command palette ---------------------------

    def apply_keymap(self) -> None:
        """The ``[keymap]`` of the config file (binding id → keys): what is right in it moves
        those keys; what is wrong is said in one line, and the desk opens all the same."""
        from deskcheck.ui.keys.keymap import check_keymap
        from deskcheck.work.config import config_file, saved_keymap

        path = self.config_path or config_file()
        table, unread = saved_keymap(path)
        self.keymap = check_keymap(table)
        if unread:
            self.keymap.problems.insert(0, unread)
        self.set_keymap(self.keymap.keys)
        if self.keymap.problems:
            self.notify(
                make_visible(self.keymap.summary(path.name)),
                severity="warning",
                markup=False,
                timeout=15,
            )

    def key_for(self, key_id: str) -> str:
        """The key that does it now (the keymap may have moved it), for text that names it."""
        from deskcheck.ui.keys import typed_keys

        return typed_keys(key_id, self.keymap.keys)

    def action_help(self) -> None:
        from deskcheck.ui.dialogs.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen, self.keymap.keys))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """Every key of the current screen is also a command in the palette, before
        Textual's own (theme, maximize, focus, quit), with its help from the registry."""
        from deskcheck.ui.keys import BY_ID, plain, shown_key

        seen: set[str] = set()
        for active in screen.active_bindings.values():
            binding = active.binding
            if active.node not in (screen, self) or not binding.description:
                continue  # a focused widget's own keys (scrolling, copying) are not commands
            if binding.action in seen or not active.enabled:
                continue
            seen.add(binding.action)
            key = shown_key(binding.key)
            entry = BY_ID.get(binding.id or "")
            words = f" · {plain(entry.words)}" if entry and entry.help else ""
            yield SystemCommand(
                binding.description,
                f"key: {key}{words}",
                partial(active.node.run_action, binding.action),
            )
        yield from super().get_system_commands(screen)
