"""Fetching evidence against a real HTTP server on 127.0.0.1: limits, faults, addresses."""

from __future__ import annotations

import gzip
import socket
import threading
import time
from collections.abc import Iterator

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from deskcheck.fetch.addresses import is_public
from deskcheck.fetch.extract import extract
from deskcheck.fetch.fetcher import Fetcher, FetchResult, retry_after_seconds
from deskcheck.fetch.limits import FetchLimits

FAST = FetchLimits(
    allow_private=True,  # the test servers listen on 127.0.0.1
    connect_timeout=2,
    read_timeout=1,
    deadline=3,
    retry_backoff=0.01,
    max_retry_wait=0.2,
    max_body_bytes=1_000_000,
    max_wire_bytes=2_000_000,
)


def fetch(url: str, limits: FetchLimits = FAST, **kwargs) -> FetchResult:
    with Fetcher(limits, **kwargs) as fetcher:
        return fetcher.fetch(url)


def test_a_page_is_fetched_with_its_title_and_text(httpserver: HTTPServer) -> None:
    html = "<html><head><title>Minutes</title></head><body><nav>menu</nav><main>Carried 23-9</main>"
    httpserver.expect_request("/p").respond_with_data(
        html, content_type="text/html; charset=utf-8", headers={"ETag": '"v1"'}
    )
    result = fetch(httpserver.url_for("/p"))
    assert result.ok and result.http_status == 200
    assert result.etag == '"v1"'
    assert extract(result.body, result.content_type) == ("Minutes", "Carried 23-9")
    assert len(result.sha256 or "") == 64


def test_a_conditional_request_learns_nothing_changed(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/c", headers={"If-None-Match": '"v1"'}).respond_with_data(
        "", status=304
    )
    with Fetcher(FAST) as fetcher:
        result = fetcher.fetch(httpserver.url_for("/c"), etag='"v1"')
    assert result.not_modified and result.http_status == 304


@pytest.mark.parametrize(("status", "message"), [(404, "HTTP 404"), (410, "HTTP 410")])
def test_missing_pages_are_errors(httpserver: HTTPServer, status: int, message: str) -> None:
    httpserver.expect_request("/gone").respond_with_data("gone", status=status)
    result = fetch(httpserver.url_for("/gone"))
    assert result.error == message and not result.ok


def test_a_server_error_is_retried_then_reported(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/flaky").respond_with_data("oops", status=500)
    result = fetch(httpserver.url_for("/flaky"))
    assert result.error == "HTTP 500"
    assert result.attempts == 1  # 500 is not transient; 502/503/504 and 429 are


def test_503_honours_retry_after_and_then_succeeds(httpserver: HTTPServer) -> None:
    httpserver.expect_ordered_request("/busy").respond_with_data(
        "busy", status=503, headers={"Retry-After": "0"}
    )
    httpserver.expect_ordered_request("/busy").respond_with_data("fine")
    result = fetch(httpserver.url_for("/busy"))
    assert result.ok and result.attempts == 2


def test_retry_after_is_bounded() -> None:
    assert retry_after_seconds("3600", 20) == 20
    assert retry_after_seconds("2", 20) == 2
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", 20) == 0
    assert retry_after_seconds("soon", 20) == 0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_connection_refused_is_a_clear_error() -> None:
    result = fetch(f"http://127.0.0.1:{free_port()}/x")
    assert result.error and result.error.startswith("could not connect")
    assert result.attempts == FAST.attempts


def test_a_silent_server_hits_the_read_timeout(httpserver: HTTPServer) -> None:
    done = threading.Event()

    def silent(request: Request) -> Response:
        done.wait(30)  # silent until the test is over, however long the client waits
        return Response("late")

    httpserver.expect_request("/silent").respond_with_handler(silent)
    try:
        result = fetch(httpserver.url_for("/silent"))
    finally:
        done.set()
    assert result.error == "the server sent nothing for 1 s"


def test_a_trickling_server_is_cut_at_the_deadline(httpserver: HTTPServer) -> None:
    def trickle() -> Iterator[bytes]:
        for _ in range(10):
            time.sleep(0.5)  # the subject: under the read timeout, over the deadline in all
            yield b"x"

    httpserver.expect_request("/trickle").respond_with_handler(
        lambda request: Response(trickle(), content_type="text/plain")
    )
    started = time.monotonic()
    result = fetch(httpserver.url_for("/trickle"))
    assert time.monotonic() - started < 4.5
    assert result.truncated
    assert "took longer than 3 s" in (result.error or "")


def test_a_declared_huge_body_is_refused_before_reading(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/huge").respond_with_handler(
        lambda request: Response(
            iter([b"x"]), headers={"Content-Length": str(1024**3)}, direct_passthrough=True
        )
    )
    result = fetch(httpserver.url_for("/huge"))
    assert "over the limit" in (result.error or "")
    assert result.byte_size == 0


def test_an_endless_body_stops_at_the_cap(httpserver: HTTPServer) -> None:
    def endless() -> Iterator[bytes]:
        while True:
            yield b"y" * 65536

    httpserver.expect_request("/endless").respond_with_handler(
        lambda request: Response(endless(), content_type="text/plain")
    )
    result = fetch(httpserver.url_for("/endless"))
    assert result.truncated
    assert result.byte_size <= FAST.max_body_bytes


def test_a_gzip_bomb_stops_at_the_cap(httpserver: HTTPServer) -> None:
    bomb = gzip.compress(b"\0" * 200_000_000)  # 200 MB of zeros in about 200 KB
    httpserver.expect_request("/bomb").respond_with_data(
        bomb, headers={"Content-Encoding": "gzip"}, content_type="text/plain"
    )
    result = fetch(httpserver.url_for("/bomb"))
    assert result.truncated
    assert result.byte_size <= FAST.max_body_bytes


def test_a_redirect_loop_ends_with_a_clear_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/a").respond_with_data("", status=302, headers={"Location": "/b"})
    httpserver.expect_request("/b").respond_with_data("", status=302, headers={"Location": "/a"})
    result = fetch(httpserver.url_for("/a"))
    assert result.error == "too many redirects (more than 5)"


@pytest.mark.parametrize(
    ("body", "content_type", "expected"),
    [
        ("Caf\xe9 cr\xe8me".encode("latin-1"), "text/plain; charset=iso-8859-1", "Café crème"),
        ("Café crème".encode(), "text/plain", "Café crème"),  # no charset: UTF-8
        ("<title>Café</title>".encode("cp1252"), "text/html; charset=wrong-name", None),
        (
            b"<html><head><meta charset='windows-1252'><title>Caf\xe9</title></head></html>",
            "text/html",
            "Café",
        ),
    ],
)
def test_charsets_right_wrong_or_missing(body: bytes, content_type: str, expected) -> None:
    title, text = extract(body, content_type)
    if expected is None:  # an unknown charset name still gives text, never an exception
        assert title.startswith("Caf")
    else:
        assert expected in (title or text)


def test_only_http_and_https_are_fetched() -> None:
    for url in ("file:///etc/passwd", "ftp://x.example/", "http://user:pw@x.example/"):
        assert (fetch(url).error or "").startswith("refused")


# -- addresses --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "10.0.0.1",
        "192.168.1.1",
        "169.254.169.254",
        "100.64.0.1",
        "::1",
        "fe80::1",
        "::ffff:10.0.0.1",
        "64:ff9b::a00:1",
        "2002:0a00:0001::1",
        "0.0.0.0",
        "nonsense",
        # what Python's table (as of 3.11.7) calls global, yet reaches a host's own network:
        "192.0.0.192",  # 192.0.0.0/24, IETF protocol assignments (a cloud's metadata address)
        "64:ff9b:1:a00:1::",  # NAT64 for local use (RFC 8215), here carrying 10.0.0.1
        "::127.0.0.1",  # IPv4-compatible IPv6 (deprecated) carrying loopback
        "::ffff:0:7f00:1",  # IPv4-translated (SIIT) carrying loopback
        "fec0::1",  # site-local (deprecated, still routed on some networks)
    ],
)
def test_non_public_addresses_are_recognised(address: str) -> None:
    assert not is_public(address)


def test_public_addresses_are_public() -> None:
    assert is_public("93.184.216.34") and is_public("2606:2800:220:1:248:1893:25c8:1946")


PRIVATE_OFF = FetchLimits(allow_private=False, connect_timeout=2, read_timeout=2, attempts=1)


def test_a_redirect_to_a_private_address_is_refused(httpserver: HTTPServer) -> None:
    """127.0.0.1 plays the public internet here; internal.test resolves to 10.0.0.5."""
    httpserver.expect_request("/r").respond_with_data(
        "", status=302, headers={"Location": "http://internal.test/secret"}
    )
    url = f"http://news.test:{httpserver.port}/r"
    answers = {"news.test": ["127.0.0.1"], "internal.test": ["10.0.0.5"]}
    result = fetch(
        url,
        PRIVATE_OFF,
        resolver=lambda host: answers[host],
        address_allowed=lambda a: a == "127.0.0.1" or is_public(a),
    )
    assert (
        result.error and "internal.test resolves to a non-public address (10.0.0.5)" in result.error
    )


@pytest.mark.parametrize(
    "answer", ["127.0.0.1", "169.254.169.254", "::ffff:10.0.0.1", "64:ff9b::a00:1"]
)
def test_a_host_resolving_to_a_private_address_is_refused(answer: str) -> None:
    result = fetch("http://evil.test/", PRIVATE_OFF, resolver=lambda host: [answer])
    assert "non-public address" in (result.error or "")


def test_a_rebinding_host_is_checked_at_every_connection(httpserver: HTTPServer) -> None:
    """First lookup public, then private: the second connection is refused."""
    httpserver.expect_request("/one").respond_with_data(
        "", status=302, headers={"Location": f"http://rebind.test:{httpserver.port}/two"}
    )
    url = f"http://news.test:{httpserver.port}/one"
    calls: list[str] = []

    def resolver(host: str) -> list[str]:
        calls.append(host)
        return ["127.0.0.1"] if host == "news.test" or len(calls) == 1 else ["10.9.9.9"]

    result = fetch(
        url,
        PRIVATE_OFF,
        resolver=resolver,
        address_allowed=lambda a: a == "127.0.0.1" or is_public(a),
    )
    assert "rebind.test resolves to a non-public address (10.9.9.9)" in (result.error or "")
