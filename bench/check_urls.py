"""`deskcheck check` of 1,000 evidence URLs on a local server that answers after 50 ms.

Target: wall time ≤ 1.3 × (1,000 × 0.05 s ÷ concurrency). All URLs are on one host here,
so the per-host limit is raised to the concurrency for the measurement.
"""

from __future__ import annotations

import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from socketserver import ThreadingMixIn
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from deskcheck.data import Desk
from deskcheck.fetch.check import run_check
from deskcheck.fetch.fetcher import Fetcher
from deskcheck.fetch.limits import FetchLimits

LATENCY = 0.05


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True
    request_queue_size = 256


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def _app(environ, start_response):
    time.sleep(LATENCY)
    body = f"<html><title>{environ['PATH_INFO']}</title><main>page</main></html>".encode()
    start_response("200 OK", [("Content-Type", "text/html"), ("Content-Length", str(len(body)))])
    return [body]


@dataclass
class CheckFigure:
    urls: int
    concurrency: int
    wall: float

    @property
    def ideal(self) -> float:
        return self.urls * LATENCY / self.concurrency

    @property
    def ratio(self) -> float:
        return self.wall / self.ideal


def measure(urls: int = 1000, concurrency: int = 16) -> CheckFigure:
    server = make_server("127.0.0.1", 0, _app, server_class=_ThreadingServer, handler_class=_Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    with (
        tempfile.TemporaryDirectory() as tmp,
        Desk.open(Path(tmp) / "check.db", reviewer="bench", create=True) as desk,
    ):
        claim = desk.add_claim("A claim with many sources")
        with desk.recording() as rec:
            for n in range(urls):
                rec.table("evidence").insert(
                    {
                        "claim_id": claim,
                        "title": f"page {n}",
                        "url": f"http://127.0.0.1:{port}/p/{n}",
                        "added_by": "bench",
                        "added_at": rec.at,
                    }
                )
        limits = FetchLimits(allow_private=True, concurrency=concurrency, per_host=concurrency)
        started = time.perf_counter()
        with Fetcher(limits) as fetcher:
            report = run_check(desk, fetcher)
        wall = time.perf_counter() - started
        assert report.checked == urls, report.summary()
    server.shutdown()
    return CheckFigure(urls, concurrency, wall)


if __name__ == "__main__":
    for concurrency in (16, 32):
        figure = measure(concurrency=concurrency)
        print(
            f"{figure.urls} URLs, concurrency {figure.concurrency}: {figure.wall:.2f} s"
            f" (ideal {figure.ideal:.2f} s, ratio {figure.ratio:.2f})"
        )
