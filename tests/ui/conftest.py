"""The real app on a real desk file, driven by Pilot."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea
from textual.worker import WorkerCancelled

from deskcheck.ui.app import DeskApp

NOW = "2026-11-26T12:00:00Z"


def fixed_clock() -> str:
    return NOW


@pytest.fixture(autouse=True)
def steady_cursors(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cursors that do not blink, so screenshots do not depend on timing."""
    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    monkeypatch.setattr(TextArea, "_toggle_cursor_blink_visible", lambda self: None)


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


async def settle(pilot: Pilot) -> None:
    """Let workers finish and their messages land: a write posts a message that starts a
    reload, which starts a count, which asks for pages. Quiet twice in a row means done."""
    quiet = 0
    for _ in range(60):
        await pilot.pause(0.02)
        busy = any(w.is_running for w in pilot.app.workers)
        with contextlib.suppress(WorkerCancelled):  # a newer load replaced an older one
            await pilot.app.workers.wait_for_complete()
        quiet = 0 if busy else quiet + 1
        if quiet == 3:
            return


async def until(pilot: Pilot, condition: Callable[[], bool], seconds: float = 10.0) -> None:
    """Wait until the UI shows what a worker's message should bring, or fail after timeout."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the screen did not reach the expected state in time")
        await pilot.pause(0.05)  # not settle(): a held-open fetch must not block the wait


async def press(pilot: Pilot, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


async def type_text(pilot: Pilot, text: str) -> None:
    await pilot.press(*[{" ": "space"}.get(c, c) for c in text])
