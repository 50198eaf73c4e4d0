"""Pictures through `serve`: half-blocks in the browser's terminal, and none when the server
was started with --no-images or DESKCHECK_PICTURES=off (issue #28: "a setting for terminals
where that misbehaves", through serve too)."""

from __future__ import annotations

import asyncio
import contextlib
import time
from pathlib import Path

import aiohttp
import pytest

from deskcheck.data import Desk
from deskcheck.domain.pictures import read_picture
from tests.photos import encoded, photo
from tests.serving import browser_session, first_frames, plain, serving, until

HALF_BLOCKS = ("▀", "▄")


def half_blocks(drawn: bytes) -> int:
    shown = plain(drawn)
    return sum(shown.count(block) for block in HALF_BLOCKS)


async def picture_or(ws: aiohttp.ClientWebSocketResponse, words: str = "") -> bytes:
    """What the app draws until a picture's worth of half-block cells (a 24×8 thumbnail) or
    ``words`` were drawn, whichever comes first (or 20 s pass)."""
    drawn = b""
    deadline = time.monotonic() + 20
    while (
        half_blocks(drawn) < 100
        and not (words and words in plain(drawn))
        and time.monotonic() < deadline
    ):
        with contextlib.suppress(TimeoutError):
            message = await ws.receive(timeout=max(0.1, deadline - time.monotonic()))
            if message.type == aiohttp.WSMsgType.BINARY:
                drawn += message.data
            elif message.type != aiohttp.WSMsgType.TEXT:
                break
    return drawn


@pytest.mark.parametrize(
    ("environment", "before", "drawn_in_blocks"),
    [
        ({}, (), True),
        ({"DESKCHECK_PICTURES": "off"}, (), False),
        ({}, ("--no-images",), False),
    ],
    ids=["default", "DESKCHECK_PICTURES=off", "--no-images"],
)
def test_a_served_desk_draws_pictures_in_half_blocks_unless_they_are_off(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    environment: dict[str, str],
    before: tuple[str, ...],
    drawn_in_blocks: bool,
) -> None:
    desk_path = tmp_path / "desk.db"
    body = encoded(photo(61), "JPEG")
    with Desk.open(desk_path, reviewer="mara", create=True) as desk:
        claim = desk.add_claim("Picture without words: https://img.example/61.jpg")
        desk.add_picture(claim, read_picture(body), body, source_url="https://img.example/61.jpg")
    monkeypatch.delenv("DESKCHECK_PICTURES", raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)

    async def open_the_picture() -> bytes:
        async with browser_session() as session:
            async with session.get(served.start_url):
                pass
            async with session.ws_connect(f"{served.origin}/ws", origin=served.origin) as ws:
                drawn = await first_frames(ws, b"Picture without words")
                texts: list[str] = []
                await ws.send_json(["stdin", "\r"])  # open the claim: its thumbnail
                drawn += await until(ws, b"I shows it whole", texts)
                if drawn_in_blocks:
                    return drawn + await picture_or(ws)
                await ws.send_json(["stdin", "I"])  # the whole picture, or why there is none
                return drawn + await picture_or(ws, "Pictures are off")

    with serving(desk_path, before=before) as served:
        drawn = asyncio.run(open_the_picture())
    shown = plain(drawn)
    assert "JPEG 640×480" in shown
    if drawn_in_blocks:
        assert half_blocks(drawn) >= 100  # a 24×8 thumbnail, every cell a half-block
    else:
        assert "Pictures are off" in shown
        assert half_blocks(drawn) < 20  # no picture: at most a rule or two of the layout
