"""Starting and stopping a real `deskcheck serve`, and reaching it as a browser would."""

from __future__ import annotations

import contextlib
import os
import re
import select
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import aiohttp

from deskcheck.data import Desk
from tests.waiting import wait_until

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def worktree_env() -> dict[str, str]:
    """The environment of a served app: this checkout's code, whatever is installed."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


@dataclass
class Served:
    process: subprocess.Popen[bytes]
    port: int
    start_url: str
    printed: list[str] = field(default_factory=list)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def warm_parents(self) -> list[int]:
        """The processes the server started itself: its one warm parent."""
        return children(self.process.pid)

    def apps(self) -> list[int]:
        """The app processes forked for tabs (one per open websocket), by the warm parent."""
        return [app for parent in self.warm_parents() for app in children(parent)]


def children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    try:
        return [int(p) for p in path.read_text().split()]
    except FileNotFoundError:
        return []


def stop_serving(server: subprocess.Popen[bytes]) -> None:
    """Stop the server and every app process it started (its whole process group)."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        pass
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


@contextlib.contextmanager
def serving(
    desk: Path, *args: str, reviewer: str = "web", before: tuple[str, ...] = ()
) -> Iterator[Served]:
    """`deskcheck serve` in its own process group, as a colleague would start it; waits
    until it prints the URL to open, and stops everything it started on the way out."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "deskcheck",
            *before,  # the desk's own options, before the command (--no-images)
            "serve",
            "--port",
            str(port),
            "--desk",
            str(desk),
            "--reviewer",
            reviewer,
            *args,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=worktree_env(),
        start_new_session=True,  # its own process group: stop_serving ends its apps too
        bufsize=0,  # unbuffered: select() sees every line the server prints
    )
    try:
        printed: list[str] = []
        url = ""
        deadline = time.monotonic() + 30
        assert process.stdout is not None
        while not url:
            if time.monotonic() > deadline or process.poll() is not None:
                errors = process.stderr.read().decode() if process.poll() is not None else ""
                raise AssertionError(f"deskcheck serve did not start: {printed} {errors}")
            ready, _, _ = select.select([process.stdout], [], [], 0.2)
            if ready:
                line = process.stdout.readline().decode()
                printed.append(line)
                if found := re.search(r"http://\S+", line):
                    url = found.group(0)
        # the URL is printed while the listener starts: wait until it accepts

        def accepts() -> bool:
            with socket.socket() as sock:
                return sock.connect_ex(("127.0.0.1", port)) == 0

        wait_until(
            accepts,
            what="deskcheck serve to listen on the port it printed",
            timeout=max(0.1, deadline - time.monotonic()),
        )
        yield Served(process, port, url, printed)
    finally:
        stop_serving(process)


PASSWORD = {"mara": "mara's long passphrase", "tomas": "tomas' own long passphrase"}


def add_logins(desk: Path, *names: str) -> None:
    for name in names:
        result = cli_with_stdin(desk, ["reviewer", "add", name], PASSWORD[name] + "\n")
        assert result.returncode == 0, result.stderr


def cli_with_stdin(desk: Path, args: list[str], stdin: str) -> subprocess.CompletedProcess[str]:
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


async def closed_within(ws: aiohttp.ClientWebSocketResponse, seconds: float) -> bool:
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


def plain(drawn: bytes) -> str:
    """What the terminal shows, without its colour and cursor sequences."""
    return re.sub(rb"\x1b\[[0-9;?]*[A-Za-z]", b"", drawn).decode("utf-8", "replace")


async def until(ws: aiohttp.ClientWebSocketResponse, wanted: bytes, texts: list[str]) -> bytes:
    drawn = b""
    deadline = time.monotonic() + 20
    while wanted.decode() not in plain(drawn) and time.monotonic() < deadline:
        with contextlib.suppress(TimeoutError):
            message = await ws.receive(timeout=max(0.1, deadline - time.monotonic()))
            if message.type == aiohttp.WSMsgType.BINARY:
                drawn += message.data
            elif message.type == aiohttp.WSMsgType.TEXT:
                texts.append(message.data)
            else:
                break
    return drawn


async def logged_in(served: Served, name: str, password: str) -> aiohttp.ClientSession:
    """A browser that logged in to a `serve --team` (the caller closes it)."""
    session = browser_session()
    async with session.post(
        f"{served.origin}/login",
        data={"name": name, "password": password},
        headers={"Origin": served.origin},
        allow_redirects=False,
    ) as response:
        assert response.status == 303, await response.text()
    return session


def events_of(desk: Path, kind: str) -> list[tuple[str, dict]]:
    """(actor, body) of each event of ``kind``, oldest first."""
    import json

    with Desk.open(desk, reviewer="check") as opened:
        return [
            (str(row[0]), json.loads(row[1]))
            for row in opened.db.execute(
                "SELECT actor, body FROM events WHERE kind = ? ORDER BY seq", [kind]
            )
        ]
