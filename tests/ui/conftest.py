"""The real app on a real desk file, driven by Pilot."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pytest
from textual import events
from textual.app import App
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.widgets import Input, TextArea
from textual.worker import WorkerCancelled

from deskcheck.ui.app import DeskApp
from tests.waiting import WaitTimeout, wait_until_async

NOW = "2026-11-26T12:00:00Z"

T = TypeVar("T")


def fixed_clock() -> str:
    return NOW


@pytest.fixture(autouse=True)
def steady_cursors(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cursors that do not blink, so screenshots do not depend on timing."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)


@pytest.fixture(autouse=True)
def still_desk_for_pictures(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A snapshot is one moment: the desk's once-a-second look for other reviewers' writes
    would reload panes at a moment set by the machine's load, not by the test. A write still
    notices a change made meanwhile (that check is the write's own, not the poll's)."""
    if "snap_compare" in request.fixturenames:
        import deskcheck.ui.app

        monkeypatch.setattr(deskcheck.ui.app, "POLL_SECONDS", 3600.0)
        monkeypatch.setattr(deskcheck.ui.app, "FIRST_FEEDS_CHECK_SECONDS", 3600.0)


@pytest.fixture
def make_app(tmp_path: Path) -> Callable[..., DeskApp]:
    def make(desk: Path, reviewer: str | None = "tester", **kwargs: object) -> DeskApp:
        return DeskApp(
            desk,
            reviewer,
            clock=fixed_clock,
            config_path=tmp_path / "config.toml",
            **kwargs,  # type: ignore[arg-type]
        )

    return make


async def settle(pilot: Pilot, seconds: float = 10.0) -> None:
    """Let workers finish and their messages land: a write posts a message that starts a
    reload, which starts a count, which asks for pages. Quiet three times in a row means done;
    still busy after ``seconds`` is a failure that names the workers still running."""

    def still_busy() -> WaitTimeout:
        running = sorted(w.name or w.group for w in pilot.app.workers if w.is_running)
        return WaitTimeout(
            f"timed out after {seconds:g} s waiting for the app's background work to"
            f" finish (still running: {', '.join(running) or 'nothing'})"
        )

    quiet = 0
    deadline = time.monotonic() + seconds
    while quiet < 3:
        await pilot.pause(0.02)
        busy = any(w.is_running for w in pilot.app.workers)
        # not asyncio.wait_for: cancelling wait_for_complete() would cancel the workers
        waiting = asyncio.ensure_future(pilot.app.workers.wait_for_complete())
        await asyncio.wait({waiting}, timeout=max(0.0, deadline - time.monotonic()))
        if not waiting.done():
            raise still_busy()
        with contextlib.suppress(WorkerCancelled):  # a newer load replaced an older one
            waiting.result()
        quiet = 0 if busy else quiet + 1
        if quiet < 3 and time.monotonic() > deadline:
            raise still_busy()


async def until(
    pilot: Pilot,
    condition: Callable[[], T],
    seconds: float = 10.0,
    *,
    what: str,
) -> T:
    """Wait until the UI shows what a worker's message should bring (``what``, as the failure
    message names it), or fail after ``seconds``. Not settle(): a held-open fetch must not
    block the wait."""
    return await wait_until_async(condition, what=what, timeout=seconds, pause=pilot.pause)


async def press(pilot: Pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


def _pending_messages(app: App) -> int:
    nodes = [app, *app.screen.walk_children(with_self=True)]
    held = len(getattr(app, "held_keys", ()))  # typed ahead, handed on one by one
    return held + sum(node.message_queue_size for node in nodes)


async def type_text(pilot: Pilot, text: str) -> None:
    """Type ``text`` into the focused field as a terminal delivers typing: one key event per
    character, each as the terminal driver makes it, sent one after the other without
    waiting for the screen to redraw in between (Pilot.press waits for the process to go
    idle after every key, which made typing most of the UI suite's time). Then wait until
    every key has been handled: a key goes to the app, which passes it on to the focused
    widget, so wait until no message is pending anywhere on the screen."""
    app = pilot.app
    for character in text:
        key = events.Key(_character_to_key(character), character)
        key.set_sender(app)
        app.post_message(key)
    await pilot.pause()
    await wait_until_async(
        lambda: _pending_messages(app) == 0,
        what=f"the app to handle the typed text {text!r}",
        pause=pilot.pause,
    )
