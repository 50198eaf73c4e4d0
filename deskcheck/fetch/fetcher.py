"""Fetching URLs with every limit enforced and every failure turned into a message.

httpx decompresses without limit, so the raw bytes are streamed and decompressed here with a
cap. Its timeouts apply per read, so a wall-clock deadline is checked between chunks too.
Transient failures are retried with backoff (tenacity); 429 and 503 honour Retry-After
within a bound. One ``Fetcher`` shares one connection pool across threads.
"""

from __future__ import annotations

import hashlib
import threading
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from urllib.parse import urlsplit

import httpx
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential,
)

from deskcheck.domain.urls import BadURL, web_url
from deskcheck.fetch.addresses import Resolver, is_public, system_resolver
from deskcheck.fetch.limits import USER_AGENT, FetchLimits
from deskcheck.fetch.transport import AddressRefused, make_transport


class FetchRefused(Exception):
    """The URL breaks the fetch policy (scheme, credentials in the URL)."""


class _Transient(Exception):
    """A response worth asking for again (429, 502, 503, 504)."""

    def __init__(self, result: FetchResult, wait: float) -> None:
        super().__init__(result.error)
        self.result = result
        self.wait = wait


RETRY_STATUSES = frozenset({429, 502, 503, 504})


@dataclass
class FetchResult:
    url: str
    final_url: str | None = None
    redirects: list[str] = field(default_factory=list)
    http_status: int | None = None
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    retry_after: str | None = None
    body: bytes = b""
    byte_size: int = 0
    sha256: str | None = None
    truncated: bool = False
    not_modified: bool = False
    unreachable: bool = False  # no server answered: DNS failure, refused, refused address
    refused: bool = False  # not asked at all: the fetch policy refused the address
    attempts: int = 1
    error: str | None = None
    http_version: str | None = None  # "HTTP/1.1", as the server answered
    request_headers: list[tuple[str, str]] = field(default_factory=list)  # as sent, in order
    response_headers: list[tuple[str, str]] = field(default_factory=list)  # as received

    @property
    def ok(self) -> bool:
        return self.error is None and self.http_status is not None and self.http_status < 400


def check_url(url: str) -> str:
    """The URL normalised by the one URL rule (``domain.urls``), or FetchRefused with why.
    Every request goes through here, redirects included."""
    try:
        return web_url(url)
    except BadURL as error:
        raise FetchRefused(str(error)) from None


def _refused_address(error: BaseException) -> AddressRefused | None:
    """The policy refusal behind an httpx error: httpx re-raises it as a ConnectError."""
    cause: BaseException | None = error
    while cause is not None:
        if isinstance(cause, AddressRefused):
            return cause
        cause = cause.__cause__ or cause.__context__
    return None


def _worth_retrying(error: BaseException) -> bool:
    """Transient trouble is asked again; a refused address is the policy, not bad luck."""
    if isinstance(error, _Transient):
        return True
    retried = (httpx.ConnectError, httpx.ConnectTimeout, httpx.RemoteProtocolError)
    return isinstance(error, retried) and _refused_address(error) is None


class _CappedDecoder:
    """Content-Encoding decoding that never produces more than ``cap`` bytes."""

    def __init__(self, encoding: str, cap: int) -> None:
        self.cap = cap
        self.size = 0
        encoding = encoding.strip().lower()
        if encoding in ("gzip", "x-gzip"):
            self._z: zlib._Decompress | None = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif encoding == "deflate":
            self._z = zlib.decompressobj()
        elif encoding in ("", "identity"):
            self._z = None
        else:
            raise ValueError(f"unsupported content encoding {encoding!r}")

    def feed(self, data: bytes) -> tuple[bytes, bool]:
        """Decoded bytes, and whether the cap was reached."""
        room = self.cap - self.size
        if self._z is None:
            out, over = data[:room], len(data) > room
        else:
            out = self._z.decompress(data, room) if room > 0 else b""
            over = bool(self._z.unconsumed_tail) or (room <= 0 and bool(data))
        self.size += len(out)
        return out, over


def _header_pairs(raw: list[tuple[bytes, bytes]]) -> list[tuple[str, str]]:
    """Headers as (name, value) text; HTTP headers are bytes, read as Latin-1 (RFC 9110)."""
    return [(name.decode("latin-1"), value.decode("latin-1")) for name, value in raw]


def retry_after_seconds(value: str | None, bound: float) -> float:
    """Seconds a Retry-After header asks for (delta or HTTP date), within ``bound``."""
    if not value:
        return 0.0
    value = value.strip()
    if value.isdigit():
        return min(float(value), bound)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return 0.0
    return max(0.0, min(when.timestamp() - time.time(), bound))


MAX_VALIDATOR_CHARS = 1024


def _sendable(validator: str | None) -> str | None:
    """An ETag or Last-Modified the desk can send back: printable ASCII, not too long. A
    server's other bytes cannot go into a request header (httpx refuses them), so keeping
    one would fail every later refresh of the feed; without it, the next one is a full GET."""
    if not validator or len(validator) > MAX_VALIDATOR_CHARS:
        return None
    return validator if validator.isascii() and validator.isprintable() else None


class Fetcher:
    """Fetches within ``limits``: shared pool, per-host concurrency, retries."""

    def __init__(
        self,
        limits: FetchLimits | None = None,
        *,
        resolver: Resolver = system_resolver,
        address_allowed: Callable[[str], bool] = is_public,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        """``resolver`` and ``address_allowed`` decide where a fetch may connect when private
        addresses are not allowed (tests put a stub resolver here)."""
        self.limits = limits or FetchLimits()
        self._client = httpx.Client(
            timeout=httpx.Timeout(self.limits.read_timeout, connect=self.limits.connect_timeout),
            follow_redirects=True,
            max_redirects=self.limits.max_redirects,
            trust_env=False,  # a proxy from the environment would bypass the address checks
            headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
            event_hooks={"request": [lambda request: check_url(str(request.url))]},
            transport=transport
            or make_transport(
                allow_private=self.limits.allow_private,
                resolver=resolver,
                address_allowed=address_allowed,
                max_connections=self.limits.concurrency,
            ),
        )
        self._hosts: dict[str, threading.Semaphore] = {}
        self._hosts_lock = threading.Lock()

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _host_slot(self, url: str) -> threading.Semaphore:
        host = (urlsplit(url).hostname or "").lower()
        with self._hosts_lock:
            if host not in self._hosts:
                self._hosts[host] = threading.Semaphore(self.limits.per_host)
            return self._hosts[host]

    def fetch(
        self, url: str, *, etag: str | None = None, last_modified: str | None = None
    ) -> FetchResult:
        """Fetch ``url`` (conditionally, given the last ETag / Last-Modified). Never raises
        for network or HTTP trouble: the result carries the error."""
        limits = self.limits
        try:
            url = check_url(url)
        except FetchRefused as error:
            # one bad URL is that URL's failure, never the run's: nothing is sent
            return FetchResult(url, error=f"refused: {error}", attempts=0)

        def wait(state: RetryCallState) -> float:
            error = state.outcome.exception() if state.outcome else None
            backoff = wait_exponential(multiplier=limits.retry_backoff, max=limits.max_retry_wait)
            asked = error.wait if isinstance(error, _Transient) else 0.0
            return max(asked, backoff(state))

        retrying = Retrying(
            stop=stop_after_attempt(limits.attempts),
            wait=wait,
            retry=retry_if_exception(_worth_retrying),
            reraise=True,
        )
        attempts = 0
        try:
            for attempt in retrying:
                with attempt:
                    attempts += 1
                    with self._host_slot(url):
                        result = self._once(url, etag, last_modified)
        except _Transient as transient:
            result = transient.result
        except AddressRefused as error:
            result = FetchResult(url, error=f"refused: {error}", unreachable=True, refused=True)
        except httpx.ConnectError as error:
            refused = _refused_address(error)
            if refused is not None:
                result = FetchResult(
                    url, error=f"refused: {refused}", unreachable=True, refused=True
                )
            else:
                reason = str(error) or "connection failed"
                result = FetchResult(url, error=f"could not connect ({reason})", unreachable=True)
        except httpx.ConnectTimeout:
            seconds = limits.connect_timeout
            result = FetchResult(
                url, error=f"could not connect within {seconds:g} s", unreachable=True
            )
        except httpx.RemoteProtocolError as error:
            result = FetchResult(url, error=f"the server broke the protocol ({error})")
        except (httpx.HTTPError, httpx.InvalidURL, ValueError, UnicodeError) as error:
            # anything else httpx refuses about this URL is this URL's failure alone
            result = FetchResult(url, error=f"{type(error).__name__}: {error}")
        result.attempts = attempts
        return result

    def _once(self, url: str, etag: str | None, last_modified: str | None) -> FetchResult:
        result = FetchResult(url)
        try:
            self._stream_into(result, url, etag, last_modified)
        except FetchRefused as error:
            result.error = f"refused: {error}"
        except httpx.TooManyRedirects:
            result.error = f"too many redirects (more than {self.limits.max_redirects})"
        except httpx.ReadTimeout:
            result.error = f"the server sent nothing for {self.limits.read_timeout:g} s"
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.RemoteProtocolError):
            raise  # retried by fetch()
        except (httpx.HTTPError, httpx.InvalidURL) as error:
            result.error = f"{type(error).__name__}: {error}"
        except UnicodeError as error:  # idna refuses a host that WHATWG parsing let through
            result.error = f"the host name cannot be looked up (IDNA: {error})"
        except ValueError as error:  # a malformed URL or an unknown content encoding
            result.error = str(error)
        if result.http_status in RETRY_STATUSES:
            raise _Transient(
                result, retry_after_seconds(result.retry_after, self.limits.max_retry_wait)
            )
        return result

    def _stream_into(
        self, result: FetchResult, url: str, etag: str | None, last_modified: str | None
    ) -> None:
        limits = self.limits
        started = time.monotonic()
        headers: dict[str, str] = {}
        if etag := _sendable(etag):
            headers["If-None-Match"] = etag
        if last_modified := _sendable(last_modified):
            headers["If-Modified-Since"] = last_modified
        with self._client.stream("GET", url, headers=headers) as response:
            result.final_url = str(response.url)
            result.redirects = [str(r.url) for r in response.history]
            result.http_status = response.status_code
            result.content_type = response.headers.get("content-type")
            result.etag = _sendable(response.headers.get("etag"))
            result.last_modified = _sendable(response.headers.get("last-modified"))
            result.retry_after = response.headers.get("retry-after")
            result.http_version = response.http_version
            result.request_headers = _header_pairs(response.request.headers.raw)
            result.response_headers = _header_pairs(response.headers.raw)
            if response.status_code == 304:
                result.not_modified = True
                return
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limits.max_wire_bytes:
                result.error = (
                    f"the body is {int(declared):,} bytes, over the limit of"
                    f" {limits.max_wire_bytes:,}"
                )
                return
            decoder = _CappedDecoder(
                response.headers.get("content-encoding", ""), limits.max_body_bytes
            )
            wire = 0
            chunks: list[bytes] = []
            for raw in response.iter_raw():
                wire += len(raw)
                decoded, over = decoder.feed(raw)
                chunks.append(decoded)
                if over or wire > limits.max_wire_bytes:
                    result.truncated = True
                    result.error = (
                        f"the body is larger than the limit of {limits.max_body_bytes:,} bytes;"
                        " kept the first part"
                    )
                    break
                if time.monotonic() - started > limits.deadline:
                    result.truncated = True
                    result.error = (
                        f"the fetch took longer than {limits.deadline:g} s; kept what came"
                    )
                    break
        result.body = b"".join(chunks)
        result.byte_size = len(result.body)
        result.sha256 = hashlib.sha256(result.body).hexdigest()
        if result.http_status is not None and result.http_status >= 400 and not result.error:
            result.error = f"HTTP {result.http_status}"


def fetch(url: str, limits: FetchLimits | None = None, **kwargs: object) -> FetchResult:
    """One fetch with a fetcher of its own."""
    with Fetcher(limits, **kwargs) as fetcher:  # type: ignore[arg-type]
        return fetcher.fetch(url)
