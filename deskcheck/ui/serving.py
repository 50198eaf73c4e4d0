"""`deskcheck serve`: the desk in a web browser, for the reviewer who logged in.

textual-serve's ``Server`` is an aiohttp application that starts one app process per
websocket. On its own it checks nothing: any page a reviewer visits could open
``ws://127.0.0.1:8000/ws``, read the queue and type into the desk. ``DeskServer`` puts a
guard in front of every route:

- **Who.** A session cookie signed with the desk's own secret (itsdangerous), HttpOnly and
  SameSite=Strict. It is set in one of two ways, as Jupyter and Datasette do: by a one-time
  token in the URL that `serve` prints for the person who started it, or (``--team``) by a
  login page that checks a reviewer's password against the desk's logins (scrypt hashes).
  Failed logins are recorded on the desk and limited per address.
- **From where.** The websocket and every state-changing request must carry an ``Origin``
  that is the served origin (or one allowed for a reverse proxy); anything else gets 403 and
  a line in the server's log, and never reaches an app.
- **As whom.** Each websocket starts the app for the reviewer of its session, named on the
  app's command line; the browser only sends keys and sizes, and nothing in the app lets it
  choose another reviewer. The app records ``via: {through: serve, address}`` in every
  event it writes.

The token, the cookie and passwords are never logged; the request log shows paths only.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import html
import json
import logging
import os
import secrets
import shlex
import sys
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from aiohttp import WSMsgType, web
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from textual_serve.app_service import AppService
from textual_serve.server import Server

from deskcheck.data import Desk
from deskcheck.ui.app import SERVED_FROM_ENV

log = logging.getLogger("deskcheck.serve")

COOKIE = "deskcheck_session"
SESSION_HOURS = 12
FAILURES_ALLOWED = 5  # failed logins per address in FAILURE_WINDOW before it must wait
FAILURE_WINDOW = timedelta(minutes=15)
MAX_FORM_BYTES = 8 * 1024
LOOPBACK = ("127.0.0.1", "localhost", "::1")
SESSION_CHECK_SECONDS = 1.0  # how soon an open tab ends after its session did


def secret_for(desk_path: Path) -> bytes:
    """The desk's serving secret: ``<desk>.serve-key`` beside the desk, made on first use,
    readable by its owner only. Delete it to end every session at once."""
    key_path = desk_path.with_name(desk_path.name + ".serve-key")
    try:
        fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        secret = key_path.read_bytes()
        if len(secret) < 32:
            raise ValueError(f"{key_path} is too short to be a serving key: delete it") from None
        return secret
    with os.fdopen(fd, "wb") as file:
        file.write(secrets.token_bytes(32))
    return key_path.read_bytes()


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


@dataclass
class Session:
    reviewer: str
    mode: str  # "token" or "team"
    stamp: str = ""  # the login's password stamp (team): a new password voids the session
    id: str = field(default_factory=lambda: secrets.token_urlsafe(16))  # what logout ends


class EndedSessions:
    """Sessions ended by logging out, kept until their cookie would have expired anyway, in
    ``<desk>.serve-logouts`` beside the key (owner only): a cookie copied before logout
    stays void, after a restart too."""

    def __init__(self, desk_path: Path, lifetime_seconds: float) -> None:
        self.path = desk_path.with_name(desk_path.name + ".serve-logouts")
        self.lifetime = lifetime_seconds
        self.ended = self._read()

    def __contains__(self, session_id: str) -> bool:
        return session_id in self.ended

    def _read(self) -> dict[str, float]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            log.warning("%s cannot be read (%s): delete it", self.path, error)
            return {}
        now = time.time()
        if not isinstance(data, dict):
            return {}
        return {str(k): float(v) for k, v in data.items() if isinstance(v, int | float) and v > now}

    def end(self, session_id: str) -> None:
        now = time.time()
        self.ended = {k: v for k, v in self.ended.items() if v > now}
        self.ended[session_id] = now + self.lifetime
        part = self.path.with_name(self.path.name + ".part")
        try:
            with contextlib.suppress(FileNotFoundError):
                part.unlink()
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
            with os.fdopen(os.open(part, flags, 0o600), "w") as file:
                json.dump(self.ended, file)
            os.replace(part, self.path)
        except OSError as error:  # ended here all the same; only a restart would forget it
            log.warning("could not keep the logout in %s: %s", self.path, error)


@dataclass
class ServeConfig:
    desk_path: Path
    host: str
    port: int
    team: bool
    operator: str  # who started `serve`: the reviewer of a token session
    public_url: str = ""
    allowed_origins: list[str] = field(default_factory=list)
    session_hours: float = SESSION_HOURS


class ServedApp(AppService):
    """One app process, for one reviewer, told where its reviewer is."""

    def __init__(self, command: str, served_from: str, **kwargs: Any) -> None:
        super().__init__(command, **kwargs)
        self.served_from = served_from

    def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
        environment = super()._build_environment(width, height)
        environment[SERVED_FROM_ENV] = self.served_from
        environment.pop("DESKCHECK_REVIEWER", None)  # the command line names the reviewer
        return environment


class DeskServer(Server):
    """textual-serve's server with logins, a session cookie and an Origin check."""

    def __init__(self, config: ServeConfig, *, secret: bytes) -> None:
        public_url = config.public_url or f"http://{config.host}:{config.port}"
        if ":" in config.host and not config.public_url:  # an IPv6 address
            public_url = f"http://[{config.host}]:{config.port}"
        super().__init__(
            "deskcheck",
            host=config.host,
            port=config.port,
            title="deskcheck",
            public_url=public_url,
        )
        self.config = config
        self.serializer = URLSafeTimedSerializer(secret, salt="deskcheck-session")
        origins = {origin_of(public_url)}
        if config.host in LOOPBACK:
            origins |= {f"http://{h}:{config.port}" for h in ("127.0.0.1", "localhost")}
        origins |= {origin_of(o) for o in config.allowed_origins}
        self.allowed_origins = origins
        self.secure_cookie = public_url.startswith("https:")
        self.token: str | None = None if config.team else secrets.token_urlsafe(32)
        self.ended = EndedSessions(config.desk_path, config.session_hours * 3600)
        self.desk = Desk.open(config.desk_path, reviewer=config.operator)
        self.desk.via = {"through": "serve"}

    # -- the URL the person who started `serve` opens ---------------------------------------

    @property
    def start_url(self) -> str:
        if self.token is None:
            return f"{self.public_url}/login"
        return f"{self.public_url}/?token={self.token}"

    async def on_startup(self, app: web.Application) -> None:
        if self.config.team:
            logins = [entry.name for entry in self.desk.all_logins() if not entry.disabled]
            print(f"Serving the desk {self.config.desk_path} to {len(logins)} reviewer logins")
        else:
            print(f"Serving the desk {self.config.desk_path} to {self.config.operator} only")
            print("Open this URL once (the token in it works one time only):")
        print(f"    {self.start_url}", flush=True)
        print("Press Ctrl+C to stop.", flush=True)

    async def on_shutdown(self, app: web.Application) -> None:
        self.desk.close()

    # -- the aiohttp application --------------------------------------------------------------

    async def _make_app(self) -> web.Application:
        app = await super()._make_app()
        app.middlewares.append(self.guard)
        app._client_max_size = MAX_FORM_BYTES  # no request body is bigger than a login form
        app.router.add_get("/login", self.login_page)
        app.router.add_post("/login", self.login)
        app.router.add_post("/logout", self.logout)
        return app

    def serve(self, debug: bool = False) -> None:
        """Run until Ctrl+C or SIGTERM; the request log shows paths, never query strings."""
        import signal

        logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
        logging.getLogger("textual-serve").setLevel(logging.WARNING)
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(signal.SIGINT, self.request_exit)
            loop.add_signal_handler(signal.SIGTERM, self.request_exit)
        web.run_app(
            self._make_app(),
            host=self.host,
            port=self.port,
            handle_signals=False,
            loop=loop,
            print=lambda *args: None,
            access_log=None,
        )

    # -- the guard on every route ------------------------------------------------------------

    def refuse(self, request: web.Request, reason: str) -> web.HTTPForbidden:
        log.warning(
            "refused %s %s from %s: %s", request.method, request.path, request.remote, reason
        )
        return web.HTTPForbidden(text=f"Forbidden: {reason}\n")

    def session_of(self, request: web.Request) -> Session | None:
        value = request.cookies.get(COOKIE)
        if not value:
            return None
        try:
            data = self.serializer.loads(value, max_age=int(self.config.session_hours * 3600))
        except SignatureExpired:
            return None
        except BadSignature:
            log.warning("refused a forged or damaged session cookie from %s", request.remote)
            return None
        if not isinstance(data, dict):
            return None
        session = Session(
            str(data.get("r", "")),
            str(data.get("m", "")),
            str(data.get("s", "")),
            str(data.get("i", "")),
        )
        if not session.id or session.id in self.ended:
            return None  # logged out (or made before sessions could be)
        if self.config.team:
            if session.mode != "team":
                return None
            found = self.desk.login(session.reviewer)
            if found is None or found.disabled or found.stamp != session.stamp:
                return None
        elif session.mode != "token" or session.reviewer != self.config.operator:
            return None
        return session

    def origin_allowed(self, request: web.Request) -> bool:
        origin = request.headers.get("Origin")
        return origin is not None and origin.lower() in self.allowed_origins

    @web.middleware
    async def guard(self, request: web.Request, handler: Any) -> web.StreamResponse:
        if request.method not in ("GET", "HEAD", "POST"):
            raise self.refuse(request, f"method {request.method} not allowed")
        state_changing = request.method == "POST" or request.path == "/ws"
        if state_changing and not self.origin_allowed(request):
            origin = request.headers.get("Origin", "none")
            raise self.refuse(request, f"Origin {origin[:100]!r} is not this desk's")
        if request.path == "/login":
            response = await handler(request)
        elif request.path == "/favicon.ico":
            raise web.HTTPNotFound()
        elif request.path == "/" and "token" in request.query and self.token is not None:
            if self.session_of(request) is not None:
                raise web.HTTPSeeOther("/")  # already in: a reload of the printed URL
            response = self.exchange_token(request)
        elif self.session_of(request) is None:
            if request.path == "/ws":
                raise self.refuse(request, "no valid session")
            if self.config.team and request.method == "GET" and request.path == "/":
                raise web.HTTPSeeOther("/login")
            raise self.refuse(request, "no valid session: open the URL `deskcheck serve` printed")
        else:
            response = await handler(request)
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["Content-Security-Policy"] = "frame-ancestors 'none'"
        # not no-referrer: under it Chromium sends "Origin: null" with the login form
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Cache-Control"] = "no-store"
        return response

    def set_session(self, response: web.StreamResponse, session: Session) -> None:
        value = self.serializer.dumps(
            {"r": session.reviewer, "m": session.mode, "s": session.stamp, "i": session.id}
        )
        response.set_cookie(
            COOKIE,
            value,
            max_age=int(self.config.session_hours * 3600),
            path="/",
            httponly=True,
            samesite="Strict",
            secure=self.secure_cookie,
        )

    def exchange_token(self, request: web.Request) -> web.StreamResponse:
        """The one-time token becomes a session cookie; the token is then spent."""
        given = request.query.get("token", "")
        token = self.token
        if not token or not hmac.compare_digest(given.encode(), token.encode()):
            raise self.refuse(request, "wrong or spent token")
        self.token = ""  # spent: the printed URL does not work a second time
        response = web.HTTPSeeOther("/")
        self.set_session(response, Session(self.config.operator, "token"))
        log.info("%s opened the desk from %s", self.config.operator, request.remote)
        return response

    # -- logging in (team) ---------------------------------------------------------------------

    async def login_page(self, request: web.Request, message: str = "") -> web.Response:
        if not self.config.team:
            raise web.HTTPNotFound(text="Not found: this desk is served with a token, no logins\n")
        notice = f'<p class="error">{html.escape(message)}</p>' if message else ""
        return web.Response(
            text=LOGIN_PAGE.format(notice=notice), content_type="text/html", charset="utf-8"
        )

    async def login(self, request: web.Request) -> web.StreamResponse:
        if not self.config.team:
            raise web.HTTPNotFound()
        address = request.remote or "unknown"
        since = (datetime.now(UTC) - FAILURE_WINDOW).strftime("%Y-%m-%dT%H:%M:%SZ")
        if await asyncio.to_thread(self.desk.recent_login_failures, address, since) >= (
            FAILURES_ALLOWED
        ):
            log.warning("refused a login from %s: too many failed logins", address)
            raise web.HTTPTooManyRequests(
                text="Too many failed logins from your address: wait 15 minutes.\n"
            )
        try:
            form = await request.post()
        except ValueError:
            raise web.HTTPRequestEntityTooLarge(MAX_FORM_BYTES, 0) from None
        name, password = str(form.get("name", "")), str(form.get("password", ""))
        found, why = await asyncio.to_thread(self.desk.check_password, name, password)
        if found is None:
            await asyncio.to_thread(self.desk.record_login_failure, name, address, why)
            log.warning("failed login from %s: %s", address, why)
            page = await self.login_page(request, "Wrong name or password.")
            page.set_status(401)
            return page
        await asyncio.to_thread(self.desk.record_login, found.name, address)
        log.info("%s logged in from %s", found.name, address)
        response = web.HTTPSeeOther("/")
        self.set_session(response, Session(found.name, "team", found.stamp))
        return response

    async def logout(self, request: web.Request) -> web.StreamResponse:
        session = self.session_of(request)
        if session is not None:  # the cookie may have been copied: void it here, not only there
            await asyncio.to_thread(self.ended.end, session.id)
            log.info("%s logged out from %s", session.reviewer, request.remote)
        response = web.HTTPSeeOther("/login" if self.config.team else "/")
        response.del_cookie(COOKIE, path="/")
        return response

    # -- the websocket: one app per connection, for the session's reviewer ---------------------

    def app_command(self, reviewer: str) -> str:
        parts = (sys.executable, "-m", "deskcheck", "--desk", str(self.config.desk_path))
        command = " ".join(shlex.quote(p) for p in (*parts, "--reviewer", reviewer))
        # textual-serve starts the app through a shell: exec makes the app the server's own
        # child, so the app sees it when the server is gone and ends its session
        return f"exec {command}" if os.name == "posix" else command

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        session = self.session_of(request)
        assert session is not None  # the guard let only a session through
        websocket = web.WebSocketResponse(heartbeat=15, max_msg_size=64 * 1024)
        width = _size(request.query.get("width"), 80)
        height = _size(request.query.get("height"), 24)
        app_service: AppService | None = None
        try:
            await websocket.prepare(request)
            app_service = ServedApp(
                self.app_command(session.reviewer),
                request.remote or "unknown",
                write_bytes=websocket.send_bytes,
                write_str=websocket.send_str,
                close=websocket.close,
                download_manager=self.download_manager,
                debug=self.debug,
            )
            await app_service.start(width, height)
            watch = asyncio.create_task(self._end_with_session(request, websocket))
            try:
                await _relay(websocket, app_service)
            finally:
                watch.cancel()
                await app_service.stop()
        except asyncio.CancelledError:
            await websocket.close()
        except Exception as error:  # one connection's failure must not stop the server
            log.warning("a browser connection failed: %s: %s", type(error).__name__, error)
        finally:
            if app_service is not None:
                await app_service.stop()
        return websocket

    async def _end_with_session(
        self, request: web.Request, websocket: web.WebSocketResponse
    ) -> None:
        """An open tab lasts as long as its session: logging out, a new password, a disabled
        login or the cookie's end closes it (its app then ends its review session)."""
        while not websocket.closed:
            await asyncio.sleep(SESSION_CHECK_SECONDS)
            try:
                session = await asyncio.to_thread(self.session_of, request)
            except Exception as error:  # a busy desk: look again next time
                log.warning("could not check a session: %s: %s", type(error).__name__, error)
                continue
            if session is None:
                log.info("a session ended: closing its tab (from %s)", request.remote)
                await websocket.close(message=b"session ended")
                return


async def _relay(websocket: web.WebSocketResponse, app_service: AppService) -> None:
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
            await app_service.send_bytes(data.encode("utf-8"))
        elif kind == "resize" and isinstance(data, dict):
            width = _size(str(data.get("width")), 80)
            height = _size(str(data.get("height")), 24)
            await app_service.set_terminal_size(width, height)
        elif kind == "ping" and isinstance(data, str) and len(data) < 100:
            await websocket.send_json(["pong", data])
        elif kind == "blur":
            await app_service.blur()
        elif kind == "focus":
            await app_service.focus()


def _size(value: str | None, default: int) -> int:
    try:
        return max(10, min(500, int(value or default)))
    except ValueError:
        return default


LOGIN_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>deskcheck: log in</title>
<meta name="viewport" content="width=device-width">
<style>
body {{ background: #0c181f; color: #eee; font-family: system-ui, sans-serif; }}
form {{ max-width: 22em; margin: 6em auto; display: grid; gap: .6em; }}
input, button {{ font-size: 1.1em; padding: .4em; }}
.error {{ color: #f88; }}
</style></head>
<body><form method="post" action="/login">
<h1>deskcheck</h1>
{notice}
<label>Reviewer <input name="name" autocomplete="username" required autofocus></label>
<label>Password <input name="password" type="password" autocomplete="current-password"
 required></label>
<button type="submit">Log in</button>
</form></body></html>
"""
