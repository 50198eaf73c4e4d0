"""The server: textual-serve's aiohttp application with a guard in front of every route,
logins, and tabs forked from the warm parent."""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import html
import logging
import secrets
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiohttp import web
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from textual_serve.server import Server

from deskcheck.data import Desk
from deskcheck.ui.serve.pages import LOGIN_PAGE, desk_page
from deskcheck.ui.serve.sessions import (
    COOKIE,
    SESSION_HOURS,
    TABS_PER_SESSION,
    EndedSessions,
    OpenTabs,
    Session,
    origin_of,
)
from deskcheck.ui.serve.tabs import serve_tab
from deskcheck.ui.serve.warm_parent import WarmParent
from deskcheck.work.logins import log_in, log_out

log = logging.getLogger("deskcheck.serve")

MAX_FORM_BYTES = 8 * 1024
LOOPBACK = ("127.0.0.1", "localhost", "::1")


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
    tabs_per_session: int = TABS_PER_SESSION

    def refusal(self) -> str | None:
        """Why this desk must not be served so, or None."""
        if self.tabs_per_session < 1:
            return "--tabs-per-session must be at least 1"
        if self.host in LOOPBACK:
            return None
        if not self.team:
            return (
                f"refusing to serve on {self.host} without --team: the one-time token would be"
                " the only key to the desk for anyone who can reach the port; use --team"
                " (reviewer logins) behind TLS, or serve on 127.0.0.1"
            )
        if not self.public_url.lower().startswith("https://"):
            return (
                f"refusing to serve --team on {self.host} without an https --public-url:"
                " passwords and session cookies would cross the network readable; put it"
                " behind a TLS proxy and pass --public-url https://… (see the README)"
            )
        return None


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
        self.tabs = OpenTabs(config.tabs_per_session)
        self.over: set[str] = set()  # sessions whose end is recorded (by this server)
        self.warm_parent = WarmParent()
        self.desk = Desk.open(config.desk_path, reviewer=config.operator)
        self.desk.via = {"through": "serve"}

    # -- the URL the person who started `serve` opens ---------------------------------------

    @property
    def start_url(self) -> str:
        if self.token is None:
            return f"{self.public_url}/login"
        return f"{self.public_url}/?token={self.token}"

    async def on_startup(self, app: web.Application) -> None:
        self.warm_parent.start()  # it imports while the first reviewer logs in
        if self.config.team:
            logins = [entry.name for entry in self.desk.all_logins() if not entry.disabled]
            print(f"Serving the desk {self.config.desk_path} to {len(logins)} reviewer logins")
        else:
            print(f"Serving the desk {self.config.desk_path} to {self.config.operator} only")
            print("Open this URL once (the token in it works one time only):")
        print(f"    {self.start_url}", flush=True)
        print("Press Ctrl+C to stop.", flush=True)

    async def on_shutdown(self, app: web.Application) -> None:
        await asyncio.to_thread(self.warm_parent.stop)
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
        try:
            web.run_app(
                self._make_app(),
                host=self.host,
                port=self.port,
                handle_signals=False,
                loop=loop,
                print=lambda *args: None,
                access_log=None,
            )
        finally:
            self.warm_parent.stop()

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        """textual-serve's page as it is, with a logout control."""
        response = await super().handle_index(request)
        if isinstance(response, web.Response) and response.text is not None:
            response.text = desk_page(response.text)
        return response

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
        session = Session.from_cookie(data)
        if session is None or not session.id or session.id in self.ended:
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
        response.set_cookie(
            COOKIE,
            self.serializer.dumps(session.as_cookie()),
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

    # -- logging in (team) and out ---------------------------------------------------------------

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
        try:
            form = await request.post()
        except ValueError:
            raise web.HTTPRequestEntityTooLarge(MAX_FORM_BYTES, 0) from None
        name, password = str(form.get("name", "")), str(form.get("password", ""))
        attempt = await asyncio.to_thread(log_in, self.desk, name, password, address)
        if attempt.limited:
            log.warning("refused a login from %s: too many failed logins", address)
            raise web.HTTPTooManyRequests(
                text="Too many failed logins from your address or for this name: wait 15 minutes.\n"
            )
        if attempt.login is None:
            log.warning("failed login from %s: %s", address, attempt.why)
            page = await self.login_page(request, "Wrong name or password.")
            page.set_status(401)
            return page
        log.info("%s logged in from %s", attempt.login.name, address)
        response = web.HTTPSeeOther("/")
        self.set_session(response, Session(attempt.login.name, "team", attempt.login.stamp))
        return response

    async def logout(self, request: web.Request) -> web.StreamResponse:
        session = self.session_of(request)
        if session is not None:  # the cookie may have been copied: void it here, not only there
            await asyncio.to_thread(self.ended.end, session.id)
            await self.session_over(session, request.remote or "unknown", "logged out")
            log.info("%s logged out from %s", session.reviewer, request.remote)
        response = web.HTTPSeeOther("/login" if self.config.team else "/")
        response.del_cookie(COOKIE, path="/")
        return response

    async def session_over(self, session: Session, address: str, why: str = "") -> None:
        """Record once that a login session ended (its tabs close and end their own)."""
        if session.id in self.over:
            return
        self.over.add(session.id)
        why = why or "the login was disabled or its password changed, or the session expired"
        try:
            await asyncio.to_thread(log_out, self.desk, session.reviewer, address, why)
        except Exception as error:  # ended all the same: the log says what was not written
            log.warning("could not record the end of %s's session: %s", session.reviewer, error)

    # -- the websocket: one app per connection, for the session's reviewer ---------------------

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        session = self.session_of(request)
        assert session is not None  # the guard let only a session through
        return await serve_tab(self, request, session)
