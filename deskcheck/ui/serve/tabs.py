"""One browser tab: its websocket, the app forked for it, and what the browser may send.

textual-serve's protocol is kept as it is (the page's textual.js speaks it): the app writes
``D``/``M``/``P`` packets on its stdout and reads keys and meta packets on its stdin;
:class:`ForkedApp` only changes where the app comes from (the warm parent, not a shell).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import signal
from typing import TYPE_CHECKING, Any, cast

from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService

from deskcheck.ui.serve.warm_parent import WarmParent

if TYPE_CHECKING:
    from asyncio.subprocess import Process

    from deskcheck.ui.serve.server import DeskServer
    from deskcheck.ui.serve.sessions import Session

log = logging.getLogger("deskcheck.serve")

SESSION_CHECK_SECONDS = 1.0  # how soon an open tab ends after its session did
STOP_SECONDS = 10.0  # an app told to quit that has not within this is killed


class _Pipes:
    """The forked app as textual-serve's AppService reads it: a pid, stdout and stderr."""

    def __init__(self, pid: int, stdout: asyncio.StreamReader, stderr: asyncio.StreamReader):
        self.pid = pid
        self.stdout = stdout
        self.stderr = stderr


class ForkedApp(AppService):
    """One tab's app, forked by the warm parent for one reviewer."""

    def __init__(self, parent: WarmParent, request: dict[str, Any], **kwargs: Any) -> None:
        super().__init__("", **kwargs)
        self.parent = parent
        self.request = request
        self.pid: int | None = None
        self._transports: list[asyncio.BaseTransport] = []

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        loop = asyncio.get_running_loop()
        stdin_r, stdin_w = os.pipe()
        stdout_r, stdout_w = os.pipe()
        stderr_r, stderr_w = os.pipe()
        request = self.request | {"width": width, "height": height}
        try:
            self.pid = await self.parent.fork(request, [stdin_r, stdout_w, stderr_w])
        except BaseException:
            for fd in (stdin_w, stdout_r, stderr_r):
                os.close(fd)
            raise
        finally:
            for fd in (stdin_r, stdout_w, stderr_w):
                os.close(fd)
        readers = [await self._reader(fd) for fd in (stdout_r, stderr_r)]
        write_transport, protocol = await loop.connect_write_pipe(
            lambda: asyncio.StreamReaderProtocol(asyncio.StreamReader()),
            os.fdopen(stdin_w, "wb", 0),
        )
        self._transports.append(write_transport)
        self._stdin = asyncio.StreamWriter(write_transport, protocol, None, loop)
        self._process = cast("Process", _Pipes(self.pid, readers[0], readers[1]))
        return self._process

    async def _reader(self, fd: int) -> asyncio.StreamReader:
        reader = asyncio.StreamReader(limit=2**20)
        transport, _ = await asyncio.get_running_loop().connect_read_pipe(
            lambda: asyncio.StreamReaderProtocol(reader), os.fdopen(fd, "rb", 0)
        )
        self._transports.append(transport)
        return reader

    async def run(self) -> None:
        await super().run()
        # the app's stdout ended: it exited, or crashed without a word; its tab ends too
        with contextlib.suppress(Exception):
            await self.remote_close()

    async def stop(self) -> None:
        task = self._task
        if task is None:
            self._close_pipes()
            return
        await self.send_meta({"type": "quit"})
        try:
            await asyncio.wait_for(asyncio.shield(task), STOP_SECONDS)
        except TimeoutError:
            log.warning("a tab's app did not quit in %g s: killed", STOP_SECONDS)
            if self.pid is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(self.pid, signal.SIGKILL)
            await task
        self._task = None
        self._close_pipes()

    def _close_pipes(self) -> None:
        for transport in self._transports:
            transport.close()
        self._transports.clear()


async def serve_tab(
    server: DeskServer, request: web.Request, session: Session
) -> web.WebSocketResponse:
    """The websocket of one tab: its app runs as the session's reviewer until the tab
    closes, the app ends or the session does."""
    if not server.tabs.take(session.id):
        log.warning("refused a tab for %s: %d already open", session.reviewer, server.tabs.limit)
        raise web.HTTPTooManyRequests(
            text=f"This session has {server.tabs.limit} tabs open: close one first.\n"
        )
    try:
        return await _run_tab(server, request, session)
    finally:
        server.tabs.give_back(session.id)


async def _run_tab(
    server: DeskServer, request: web.Request, session: Session
) -> web.WebSocketResponse:
    websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=64 * 1024)
    width = size_of(request.query.get("width"), 80)
    height = size_of(request.query.get("height"), 24)
    app: ForkedApp | None = None
    try:
        await websocket.prepare(request)
        app = ForkedApp(
            server.warm_parent,
            {
                "desk": str(server.config.desk_path),
                "reviewer": session.reviewer,
                "address": request.remote or "unknown",
            },
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=websocket.close,
            download_manager=server.download_manager,
            debug=server.debug,
        )
        await app.start(width, height)
        watch = asyncio.create_task(_end_with_session(server, request, session, websocket))
        try:
            await relay(websocket, app)
        finally:
            watch.cancel()
    except asyncio.CancelledError:
        await websocket.close()
    except Exception as error:  # one connection's failure must not stop the server
        log.warning("a browser connection failed: %s: %s", type(error).__name__, error)
    finally:
        if app is not None:
            await app.stop()
    return websocket


async def _end_with_session(
    server: DeskServer, request: web.Request, session: Session, websocket: web.WebSocketResponse
) -> None:
    """An open tab lasts as long as its session: logging out, a new password, a disabled
    login or the cookie's end closes it (its app then ends its review session)."""
    while not websocket.closed:
        await asyncio.sleep(SESSION_CHECK_SECONDS)
        try:
            current = await asyncio.to_thread(server.session_of, request)
        except Exception as error:  # a busy desk: look again next time
            log.warning("could not check a session: %s: %s", type(error).__name__, error)
            continue
        if current is None:
            log.info("a session ended: closing its tab (from %s)", request.remote)
            await server.session_over(session, request.remote or "unknown")
            await websocket.close(message=b"session ended")
            return


async def relay(websocket: web.WebSocketResponse, app: AppService) -> None:
    """What the browser may send its app: keys, a size, focus and blur, pings; anything
    malformed is dropped, and sizes are kept to what a screen can be."""
    async for message in websocket:
        if message.type != WSMsgType.TEXT:
            continue
        try:
            envelope = json.loads(message.data)
        except ValueError:
            continue
        if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
            continue
        kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
        if kind == "stdin" and isinstance(data, str):
            await app.send_bytes(data.encode("utf-8"))
        elif kind == "resize" and isinstance(data, dict):
            width = size_of(str(data.get("width")), 80)
            height = size_of(str(data.get("height")), 24)
            await app.set_terminal_size(width, height)
        elif kind == "ping" and isinstance(data, str) and len(data) < 100:
            await websocket.send_json(["pong", data])
        elif kind == "blur":
            await app.blur()
        elif kind == "focus":
            await app.focus()


def size_of(value: str | None, default: int) -> int:
    try:
        return max(10, min(500, int(value or default)))
    except ValueError:
        return default
