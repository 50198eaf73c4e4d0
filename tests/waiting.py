"""Waiting for a condition, never for a fixed time.

A test that sleeps "long enough" is slow when the machine is idle and flaky when it is busy
(as it is under pytest-xdist). These helpers poll a condition until it holds, and fail after a
deadline with a message that names what was awaited."""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")

DEFAULT_TIMEOUT = 10.0
FIRST_INTERVAL = 0.005  # poll quickly at first, then back off to MAX_INTERVAL
MAX_INTERVAL = 0.1


class WaitTimeout(AssertionError):
    """The condition did not hold before the deadline."""


def _intervals() -> Callable[[], float]:
    interval = FIRST_INTERVAL

    def next_interval() -> float:
        nonlocal interval
        current, interval = interval, min(interval * 2, MAX_INTERVAL)
        return current

    return next_interval


def _timed_out(what: str, timeout: float, last: object) -> WaitTimeout:
    detail = f" (last seen: {last!r})" if last not in (None, False) else ""
    return WaitTimeout(f"timed out after {timeout:g} s waiting for {what}{detail}")


def wait_until(predicate: Callable[[], T], *, what: str, timeout: float = DEFAULT_TIMEOUT) -> T:
    """Call ``predicate`` until it returns something truthy, and return that. After ``timeout``
    seconds raise :class:`WaitTimeout` naming ``what`` was awaited."""
    deadline = time.monotonic() + timeout
    pause = _intervals()
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise _timed_out(what, timeout, value)
        time.sleep(min(pause(), max(0.0, deadline - time.monotonic())))


async def wait_until_async(
    predicate: Callable[[], T | Awaitable[T]],
    *,
    what: str,
    timeout: float = DEFAULT_TIMEOUT,  # noqa: ASYNC109 (a polled deadline, as in wait_until)
    pause: Callable[[float], Awaitable[object]] = asyncio.sleep,
) -> T:
    """As :func:`wait_until`, in a coroutine: ``predicate`` may be async, and between tries
    the event loop runs (``pause`` is how to yield to it: Pilot passes ``pilot.pause``)."""
    deadline = time.monotonic() + timeout
    interval = _intervals()
    while True:
        value = predicate()
        if inspect.isawaitable(value):
            value = await value
        if value:
            return value  # type: ignore[return-value]
        if time.monotonic() >= deadline:
            raise _timed_out(what, timeout, value)
        await pause(interval())
