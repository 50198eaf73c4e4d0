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
def serving(desk: Path, *args: str, reviewer: str = "web") -> Iterator[Served]:
    """`deskcheck serve` in its own process group, as a colleague would start it; waits
    until it prints the URL to open, and stops everything it started on the way out."""
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "deskcheck",
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
