"""One fetch of one URL, with every limit enforced and every failure turned into a message.

httpx decompresses without limit, so the raw bytes are streamed and decompressed here with
a cap. Its timeouts apply per read, so a wall-clock deadline is checked between chunks too.
"""

from __future__ import annotations

import hashlib
import time
import zlib
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx

from deskcheck.fetch.addresses import Resolver, refuse_reason, system_resolver
from deskcheck.fetch.limits import USER_AGENT, FetchLimits


class FetchRefused(Exception):
    """The URL breaks the fetch policy (scheme, address)."""


@dataclass
class FetchResult:
    url: str
    final_url: str | None = None
    redirects: list[str] = field(default_factory=list)
    http_status: int | None = None
    content_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    byte_size: int = 0
    sha256: str | None = None
    truncated: bool = False
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None and self.http_status is not None and self.http_status < 400


def check_url(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchRefused(f"only http and https URLs are fetched, not {parts.scheme or 'none'}")
    if not parts.hostname:
        raise FetchRefused("the URL names no host")
    if parts.username or parts.password:
        raise FetchRefused("URLs with a user name or password are not fetched")
    return parts.hostname


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
            out = data[:room]
        else:
            out = self._z.decompress(data, room) if room > 0 else b""
        self.size += len(out)
        over = self.size >= self.cap and (
            len(data) > room if self._z is None else bool(self._z.unconsumed_tail)
        )
        return out, over


def fetch(
    url: str,
    limits: FetchLimits | None = None,
    *,
    resolver: Resolver = system_resolver,
    transport: httpx.BaseTransport | None = None,
) -> FetchResult:
    """Fetch ``url``. Never raises for network or HTTP trouble: the result carries the error."""
    limits = limits or FetchLimits()
    result = FetchResult(url)
    try:
        _fetch_into(result, url, limits, resolver, transport)
    except FetchRefused as error:
        result.error = f"refused: {error}"
    except httpx.TooManyRedirects:
        result.error = f"too many redirects (more than {limits.max_redirects})"
    except httpx.ConnectTimeout:
        result.error = f"could not connect within {limits.connect_timeout:g} s"
    except httpx.ReadTimeout:
        result.error = f"the server sent nothing for {limits.read_timeout:g} s"
    except httpx.ConnectError as error:
        result.error = f"could not connect ({error})"
    except httpx.HTTPError as error:
        result.error = f"{type(error).__name__}: {error}"
    except ValueError as error:  # a malformed URL or an unknown content encoding
        result.error = str(error)
    return result


def _fetch_into(
    result: FetchResult,
    url: str,
    limits: FetchLimits,
    resolver: Resolver,
    transport: httpx.BaseTransport | None,
) -> None:
    check_url(url)
    started = time.monotonic()

    def vet(request: httpx.Request) -> None:
        # runs for the first request and for every redirect hop
        host = check_url(str(request.url))
        if not limits.allow_private:
            reason = refuse_reason(host, resolver)
            if reason:
                raise FetchRefused(reason)

    client = httpx.Client(
        timeout=httpx.Timeout(limits.read_timeout, connect=limits.connect_timeout),
        follow_redirects=True,
        max_redirects=limits.max_redirects,
        trust_env=False,  # a proxy from the environment would bypass the address checks
        headers={"User-Agent": USER_AGENT, "Accept-Encoding": "gzip, deflate"},
        event_hooks={"request": [vet]},
        transport=transport,
    )
    with client, client.stream("GET", url) as response:
        result.final_url = str(response.url)
        result.redirects = [str(r.url) for r in response.history]
        result.http_status = response.status_code
        result.content_type = response.headers.get("content-type")
        result.headers = {k.lower(): v for k, v in response.headers.items()}
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limits.max_wire_bytes:
            result.error = (
                f"the body is {int(declared):,} bytes, over the limit of {limits.max_wire_bytes:,}"
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
                result.error = f"the fetch took longer than {limits.deadline:g} s; kept what came"
                break
    result.body = b"".join(chunks)
    result.byte_size = len(result.body)
    result.sha256 = hashlib.sha256(result.body).hexdigest()
    if result.http_status is not None and result.http_status >= 400 and not result.error:
        result.error = f"HTTP {result.http_status}"
