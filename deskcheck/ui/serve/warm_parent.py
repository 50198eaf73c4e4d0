"""The warm parent: one process that has imported deskcheck and Textual once, and forks each
browser tab's app from itself.

textual-serve starts a new interpreter per websocket (``create_subprocess_shell``): every tab
paid for importing Python, Textual and deskcheck again (≈ 1 s of CPU and ≈ 36 MiB each).
Here the server starts one warm parent beside itself; for each tab it makes three pipes and
hands the tab's ends to the parent over a Unix socket (SCM_RIGHTS). The parent forks: the
child puts the pipes on its stdin, stdout and stderr, takes its reviewer, desk and limits
from the request, and only then runs the desk, so nothing of a session exists before the
fork. The pages the child leaves untouched stay shared with the parent (copy-on-write).

The parent is single-threaded and never opens the desk, never runs an event loop, and only
forks and reaps: a child that crashes is reaped and forgotten, and neither the parent nor
the other tabs notice. When the server is gone (its end of the socket closes) the parent
exits, and each child, seeing its parent change, ends its review session and exits.

Run as ``python -m deskcheck.ui.serve.warm_parent FD`` by :class:`WarmParent`.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import importlib
import json
import os
import select
import signal
import socket
import subprocess
import sys
import traceback
from importlib.metadata import version
from pathlib import Path
from typing import Any

SERVED_FROM_ENV = "DESKCHECK_SERVED_FROM"  # as deskcheck.ui.app reads it (not imported: cold)
MAX_REQUEST = 4096


def textual_serve_environment() -> dict[str, str]:
    """What textual-serve puts in each app's environment. Textual reads some of it when it
    is imported (its driver, frame rate, colours), so the parent sets it before importing."""
    return {
        "TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver",
        "TEXTUAL_FPS": "60",
        "TEXTUAL_COLOR_SYSTEM": "truecolor",
        "TERM_PROGRAM": "textual",
        "TERM_PROGRAM_VERSION": version("textual-serve"),
    }


# -- the server's side ---------------------------------------------------------------------------


class ParentGone(Exception):
    """The warm parent did not answer (it died, or could not fork)."""


class WarmParent:
    """The server's handle on its warm parent: start it, ask it for a tab, stop it."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[bytes] | None = None
        self.socket: socket.socket | None = None
        self._lock = asyncio.Lock()

    @property
    def pid(self) -> int | None:
        return None if self.process is None else self.process.pid

    def start(self) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        environment = dict(os.environ) | textual_serve_environment()
        environment.pop("DESKCHECK_REVIEWER", None)  # each request names its reviewer
        with theirs:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "deskcheck.ui.serve.warm_parent", str(theirs.fileno())],
                pass_fds=[theirs.fileno()],
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                env=environment,
            )
        self.socket = ours

    def stop(self) -> None:
        if self.socket is not None:
            self.socket.close()  # the parent sees its socket close and exits
            self.socket = None
        if self.process is not None:
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
            self.process = None

    async def fork(self, request: dict[str, Any], fds: list[int]) -> int:
        """A new tab's app, given its stdin, stdout and stderr ends; returns its pid. A
        parent that died is started again, once."""
        async with self._lock:
            for attempt in (1, 2):
                if self.process is None or self.process.poll() is not None:
                    self.stop()
                    self.start()
                try:
                    return await asyncio.to_thread(self._ask, request, fds)
                except (OSError, ParentGone, ValueError) as error:
                    if attempt == 2:
                        raise ParentGone(f"the warm parent did not fork a tab: {error}") from None
                    self.stop()
            raise AssertionError("unreachable")

    def _ask(self, request: dict[str, Any], fds: list[int]) -> int:
        assert self.socket is not None
        socket.send_fds(self.socket, [json.dumps(request).encode()], fds)
        # the first request waits for the parent's imports; a fork takes milliseconds
        self.socket.settimeout(60)
        answer = self.socket.recv(MAX_REQUEST)
        if not answer:
            raise ParentGone("it closed its socket")
        return int(json.loads(answer)["pid"])


# -- the warm parent's side -------------------------------------------------------------------


# what every tab imports, on the way to its first screen or in its first seconds
WARM_MODULES = (
    "textual.drivers.web_driver",
    "textual.layouts.factory",
    "textual.layouts.horizontal",
    "textual.layouts.stream",
    "concurrent.futures.thread",
    "deskcheck.data",
    "deskcheck.data.desk",  # and sqlite-utils (a tab opens its desk at once)
    "deskcheck.domain.picture_hashes",  # numpy: the first picture a tab shows or compares
    "deskcheck.ui.app",
    "deskcheck.ui.screens.queue",
    "deskcheck.ui.screens.claim_desk",
    "deskcheck.work.config",
    "deskcheck.work.opening",
    "deskcheck.work.feeds",  # the first feeds check, 2 s in, imports the fetch stack
)


def warm_up() -> None:
    """Import what every tab runs, and load the tables its first screen loads on first use,
    so that each fork starts with them (shared, and already paid for)."""
    for name in WARM_MODULES:
        importlib.import_module(name)
    from rich.cells import cell_len

    from deskcheck.domain.names import identity_key

    identity_key("warm parent")  # the confusables table (a pure function: no desk)
    cell_len("warm ─│ é 中")  # rich's table of character widths


def reap() -> None:
    """Collect every child that ended, however it ended."""
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return


def serve_forks(control: socket.socket) -> None:
    while True:
        ready, _, _ = select.select([control], [], [], 1.0)
        reap()
        if not ready:
            continue
        try:
            message, fds, _, _ = socket.recv_fds(control, MAX_REQUEST, 3)
        except OSError:
            return
        if not message:
            return  # the server is gone: so are we (and our children notice)
        try:
            request = json.loads(message)
            if len(fds) != 3 or not isinstance(request, dict):
                raise ValueError("a request is a JSON object and three descriptors")
        except ValueError as error:
            for fd in fds:
                os.close(fd)
            print(f"warm parent: refused a request: {error}", file=sys.stderr, flush=True)
            control.send(json.dumps({"pid": -1}).encode())
            continue
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            control.close()
            run_tab(request, fds)  # never returns
        for fd in fds:
            os.close(fd)
        control.send(json.dumps({"pid": pid}).encode())


def run_tab(request: dict[str, Any], fds: list[int]) -> None:
    """In the forked child: become one tab's app, then exit without running the parent's
    cleanup (``os._exit``)."""
    code = 1
    try:
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        for sig in (signal.SIGCHLD, signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, signal.SIG_DFL)
        set_limits()
        gc.enable()
        # the session's own: who, where from, and the screen size, before any desk code
        os.environ["COLUMNS"] = str(int(request["width"]))
        os.environ["ROWS"] = str(int(request["height"]))
        os.environ[SERVED_FROM_ENV] = str(request["address"])
        desk_path, reviewer = Path(str(request["desk"])), str(request["reviewer"])

        from deskcheck.ui.app import DeskApp
        from deskcheck.ui.widgets.picture import served_picture_mode

        app = DeskApp(desk_path, reviewer, pictures=served_picture_mode())
        app.run()
        code = app.return_code or 0
    except BaseException:  # the tab's failure is the tab's alone: say why, exit non-zero
        with contextlib.suppress(Exception):
            traceback.print_exc()
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        os._exit(code)


def set_limits() -> None:
    """What a tab may not do, whoever is in it: leave a core file with the desk's text in it
    (a crash dump is not kept beside the server)."""
    import resource

    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def main() -> None:
    # as the gc module's documentation advises for fork without exec: no collection in the
    # parent (freed objects leave holes in pages that each child would fill, copying them),
    # a freeze before forking, collections again in each child
    gc.disable()
    control = socket.socket(fileno=int(sys.argv[1]))
    os.environ.update(textual_serve_environment())
    warm_up()
    # objects made so far are never collected: the collector then leaves their pages alone,
    # and they stay shared with every child instead of being copied on the first collection
    gc.freeze()
    with contextlib.suppress(KeyboardInterrupt):
        serve_forks(control)


if __name__ == "__main__":
    main()
