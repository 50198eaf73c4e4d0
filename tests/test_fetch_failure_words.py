"""A fetch that found no page is said as such (issue #24): the session summary does not count
it as a snapshot taken, and a server's error page does not give the evidence its title."""

from __future__ import annotations

import socket
from pathlib import Path

from pytest_httpserver import HTTPServer

from deskcheck.data import Desk
from deskcheck.fetch.limits import FetchLimits
from deskcheck.ui.dialogs.summary import summary_text
from deskcheck.work.evidence import NewEvidence, add_evidence

LOCAL = FetchLimits(allow_private=True, attempts=1, read_timeout=3)
PAGE = "<html><head><title>Harbour fees 2026</title></head><body><p>Fees</p></body></html>"


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_the_session_summary_counts_failed_fetches_apart(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/fees").respond_with_data(PAGE, content_type="text/html")
    httpserver.expect_request("/gone").respond_with_data("no", status=404)
    with Desk.open(tmp_path / "desk.db", reviewer="mara", create=True) as desk:
        claim = desk.add_claim("The port doubles its fees in March")
        desk.start_session()
        for url in (
            httpserver.url_for("/fees"),
            httpserver.url_for("/gone"),
            f"http://127.0.0.1:{closed_port()}/fees",
        ):
            add_evidence(desk, claim, NewEvidence(url=url), base_limits=LOCAL)
        text = summary_text(desk.session_summary(), 5, "mara")
    assert "Snapshots taken: 1\n" in text + "\n"
    assert "Fetches that failed: 2" in text


def test_an_error_pages_title_is_not_the_evidences(tmp_path: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/gone").respond_with_data(
        "<html><head><title>Error response</title></head><body>404</body></html>",
        status=404,
        content_type="text/html",
    )
    httpserver.expect_request("/fees").respond_with_data(PAGE, content_type="text/html")
    with Desk.open(tmp_path / "desk.db", reviewer="mara", create=True) as desk:
        claim = desk.add_claim("The port doubles its fees in March")
        gone = add_evidence(
            desk, claim, NewEvidence(url=httpserver.url_for("/gone")), base_limits=LOCAL
        )
        page = add_evidence(
            desk, claim, NewEvidence(url=httpserver.url_for("/fees")), base_limits=LOCAL
        )
        titles = {e.id: e.title for e in desk.claim(claim).evidence}
    assert titles[gone.evidence_id] == httpserver.url_for("/gone")  # the URL, not "Error response"
    assert titles[page.evidence_id] == "Harbour fees 2026"
