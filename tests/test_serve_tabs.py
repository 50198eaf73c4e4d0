"""Tabs of a served desk: forked from the warm parent, limited per session, and ending
their review session however they end."""

from __future__ import annotations

import asyncio
import os
import signal
from pathlib import Path

import aiohttp
import pytest

from deskcheck.data import Desk
from tests.serving import (
    PASSWORD,
    add_logins,
    browser_session,
    cli_with_stdin,
    closed_within,
    events_of,
    first_frames,
    logged_in,
    serving,
    until,
)
from tests.waiting import wait_until, wait_until_async

pytestmark = pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")


def test_a_tab_whose_app_crashes_leaves_the_server_and_the_other_tabs_serving(
    sample_path: Path,
) -> None:
    """Each tab's app is forked by the one warm parent, not started as a new interpreter
    by the server; one that dies of a crash (SIGSEGV) ends its own tab only: the other
    tab still answers keys, the warm parent is the same process, and a new tab opens."""
    with serving(sample_path) as served:

        async def scenario() -> dict[str, object]:
            seen: dict[str, object] = {}
            async with browser_session() as session:
                async with session.get(served.start_url):
                    pass
                ws_url = f"{served.origin}/ws"
                async with session.ws_connect(ws_url, origin=served.origin) as first:
                    await first_frames(first, b"Halden")
                    (first_app,) = served.apps()
                    async with session.ws_connect(ws_url, origin=served.origin) as second:
                        await first_frames(second, b"Halden")
                        seen["parents"] = served.warm_parents()
                        seen["apps"] = len(served.apps())
                        os.kill(first_app, signal.SIGSEGV)
                        seen["crashed tab closed"] = await closed_within(first, 15)
                        await second.send_json(["stdin", "?"])
                        seen["other tab"] = await until(second, b"Help", [])
                        async with session.ws_connect(ws_url, origin=served.origin) as third:
                            seen["new tab"] = await first_frames(third, b"Halden")
                        seen["parents after"] = served.warm_parents()
                        wait_until(
                            lambda: not Path(f"/proc/{first_app}").exists(),
                            what="the crashed app to be reaped by the warm parent",
                            timeout=10,
                        )
            seen["server running"] = served.process.poll() is None
            return seen

        seen = asyncio.run(scenario())
    assert len(seen["parents"]) == 1 and seen["apps"] == 2  # type: ignore[arg-type]
    assert seen["crashed tab closed"]
    assert b"Help" in seen["other tab"]  # type: ignore[operator]
    assert b"Port of Halden" in seen["new tab"]  # type: ignore[operator]
    assert seen["parents after"] == seen["parents"]
    assert seen["server running"]


@pytest.mark.parametrize(("limit", "args"), [(4, ()), (2, ("--tabs-per-session", "2"))])
def test_a_session_opens_only_so_many_tabs(
    sample_path: Path, limit: int, args: tuple[str, ...]
) -> None:
    """One cookie opened any number of tabs (eight were 363 MiB): the one past the limit
    is refused, and closing a tab makes room again."""
    with serving(sample_path, *args) as served:

        async def scenario() -> tuple[list[bool], int | None, bool]:
            async with browser_session() as session:
                async with session.get(served.start_url):
                    pass
                ws_url = f"{served.origin}/ws"
                tabs = [
                    await session.ws_connect(ws_url, origin=served.origin) for _ in range(limit)
                ]
                drawn = [b"Halden" in await first_frames(tab, b"Halden") for tab in tabs]
                refused: int | None = None
                try:
                    extra = await session.ws_connect(ws_url, origin=served.origin)
                    await extra.close()
                except aiohttp.WSServerHandshakeError as error:
                    refused = error.status
                await tabs.pop().close()

                async def reopened() -> aiohttp.ClientWebSocketResponse | None:
                    try:  # the closed tab counts until its app has quit
                        return await session.ws_connect(ws_url, origin=served.origin)
                    except aiohttp.WSServerHandshakeError:
                        return None

                again = await wait_until_async(reopened, what="room for a tab", timeout=15)
                room = b"Halden" in await first_frames(again, b"Halden")
                await again.close()
                for tab in tabs:
                    await tab.close()
                return drawn, refused, room

        drawn, refused, room = asyncio.run(scenario())
    assert drawn == [True] * limit
    assert refused == 429
    assert room


def _open_sessions(desk: Path, reviewer: str) -> tuple[int, int]:
    """(review sessions of ``reviewer``, how many of them are still open)."""
    with Desk.open(desk, reviewer="check") as opened:
        row = opened.db.execute(
            "SELECT count(*), count(*) - count(ended_at) FROM review_sessions WHERE reviewer = ?",
            [reviewer],
        ).fetchone()
    return int(row[0]), int(row[1])


def test_closing_a_tab_logging_out_or_disabling_the_login_ends_the_review_session(
    sample_path: Path,
) -> None:
    """Each left the review session open for good; now each ends it with an event, and
    logging out or disabling also records the end of the login session."""
    add_logins(sample_path, "mara")
    with serving(sample_path, "--team") as served:
        ws_url = f"{served.origin}/ws"

        async def tab_closed() -> None:
            async with (
                await logged_in(served, "mara", PASSWORD["mara"]) as session,
                session.ws_connect(ws_url, origin=served.origin) as ws,
            ):
                await first_frames(ws, b"Halden")

        async def logged_out() -> bool:
            async with (
                await logged_in(served, "mara", PASSWORD["mara"]) as session,
                session.ws_connect(ws_url, origin=served.origin) as ws,
            ):
                await first_frames(ws, b"Halden")
                async with session.post(
                    f"{served.origin}/logout", headers={"Origin": served.origin}
                ):
                    pass
                return await closed_within(ws, 15)

        async def disabled() -> bool:
            async with (
                await logged_in(served, "mara", PASSWORD["mara"]) as session,
                session.ws_connect(ws_url, origin=served.origin) as ws,
            ):
                await first_frames(ws, b"Halden")
                done = cli_with_stdin(sample_path, ["reviewer", "disable", "mara"], "")
                assert done.returncode == 0, done.stderr
                return await closed_within(ws, 15)

        asyncio.run(tab_closed())
        wait_until(lambda: _open_sessions(sample_path, "mara") == (1, 0), what="tab's end")
        assert asyncio.run(logged_out())
        wait_until(lambda: _open_sessions(sample_path, "mara") == (2, 0), what="logout's end")
        assert asyncio.run(disabled())
        wait_until(lambda: _open_sessions(sample_path, "mara") == (3, 0), what="disable's end")
    assert [actor for actor, _ in events_of(sample_path, "session.ended")][-3:] == ["mara"] * 3
    ended = events_of(sample_path, "login.session_ended")
    assert [(actor, body["why"][:11]) for actor, body in ended] == [
        ("mara", "logged out"),
        ("mara", "the login w"),
    ]
