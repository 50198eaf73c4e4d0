"""The claim desk is composed while the reviewer reads the queue, so the session's first
enter only fills it in, as every later one does; what it shows is the claim opened, laid
out for the terminal's size at that moment."""

from __future__ import annotations

from pathlib import Path

import pytest

from deskcheck.ui.screens.claim_desk import ClaimDeskScreen
from deskcheck.ui.screens.queue import QueueScreen
from tests.ui.conftest import until
from tests.ui.test_claim_desk_screen import open_claim, text_of


def queue_of(app):
    return lambda: app.screen if isinstance(app.screen, QueueScreen) else None


def composed(queue) -> bool:
    return queue.claim_desk.desk is not None and queue.claim_desk.desk.composed


async def test_the_first_enter_finds_the_claim_desk_composed(sample_path: Path, make_app) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        queue = await until(pilot, queue_of(app), what="the queue")
        await until(pilot, lambda: composed(queue), what="the claim desk composed ahead")
        ready = queue.claim_desk.desk
        assert ready not in app.screen_stack  # composed off the stack: nothing shown yet
        screen = await open_claim(pilot, 1)
        assert screen is ready
        assert "Amazon raised security concerns" in text_of(screen, "#claim-header")
        await pilot.press("escape")
        screen = await open_claim(pilot, 2)
        assert screen is ready  # and kept for the next claim


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_a_claim_desk_composed_before_a_resize_is_laid_out_for_the_new_size(
    sample_path: Path, make_app, size: tuple[int, int]
) -> None:
    other = (200, 60) if size == (80, 24) else (80, 24)
    app = make_app(sample_path)
    async with app.run_test(size=other) as pilot:
        queue = await until(pilot, queue_of(app), what="the queue")
        await until(pilot, lambda: composed(queue), what="the claim desk composed ahead")
        await pilot.resize_terminal(*size)
        screen = await open_claim(pilot, 1)
        narrow, short = size[0] < 100, size[1] < 32
        assert screen.has_class("-narrow") is narrow and screen.has_class("-wide") is not narrow
        assert screen.has_class("-short") is short and screen.has_class("-tall") is not short


async def test_enter_at_once_opens_the_claim_before_the_warm_up(
    sample_path: Path, make_app
) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_claim(pilot, 1)  # no wait for the claim desk to be made ready
        assert isinstance(screen, ClaimDeskScreen)
        assert "Amazon raised security concerns" in text_of(screen, "#claim-header")
        await pilot.press("escape")
        # a desk made ahead later does not replace the one already kept
        keeper = (await until(pilot, queue_of(app), what="the queue")).claim_desk
        await until(pilot, lambda: keeper.warmed, what="the warm-up")
        screen_again = await open_claim(pilot, 3)
        assert screen_again is screen
