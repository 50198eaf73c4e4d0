"""Why a check found no page, in words: only a 404 or 410 is "gone"; a host that could not
be reached or an address the fetch policy refused is recorded as that reason; a check in
which every URL failed exits non-zero (issue #28)."""

from __future__ import annotations

import json
import socket
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from deskcheck.data import Desk
from deskcheck.domain.link_words import failure_words
from deskcheck.fetch.check import run_check
from deskcheck.fetch.fetcher import Fetcher
from deskcheck.fetch.limits import FetchLimits
from deskcheck.ui.widgets.evidence_marks import row_content
from tests.conftest import run_process

LOCAL = FetchLimits(allow_private=True, attempts=1, read_timeout=3)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def desk_path(tmp_path: Path) -> Path:
    path = tmp_path / "desk.db"
    Desk.open(path, reviewer="mara", create=True).close()
    return path


def evidence_at(desk_path: Path, urls: dict[str, str]) -> int:
    with Desk.open(desk_path, reviewer="mara") as desk:
        claim = desk.add_claim("The ferry timetable was cut")
        for title, url in urls.items():
            desk.add_evidence(claim, title, url=url)
    return claim


def test_each_reason_is_recorded_and_only_404_is_gone(httpserver: HTTPServer, tmp_path: Path):
    httpserver.expect_request("/missing").respond_with_data("no", status=404)
    httpserver.expect_request("/fine").respond_with_data("<p>fine</p>", content_type="text/html")
    with Desk.open(tmp_path / "d.db", reviewer="mara", create=True) as desk:
        claim = desk.add_claim("The ferry timetable was cut")
        for title, url in {
            "missing": httpserver.url_for("/missing"),
            "fine": httpserver.url_for("/fine"),
            "no server": f"http://127.0.0.1:{closed_port()}/timetable",
        }.items():
            desk.add_evidence(claim, title, url=url)
        with Fetcher(LOCAL) as fetcher:
            first = run_check(desk, fetcher)
        # the policy of a desk that may not reach private addresses
        with Fetcher(FetchLimits(attempts=1)) as fetcher:
            refused = run_check(desk, fetcher)
        items = {e.title: e for e in desk.claim(claim).evidence}
    assert dict(first.outcomes) == {"gone": 1, "first snapshot": 1, "could not connect": 1}
    assert dict(refused.outcomes) == {"refused": 3}
    assert {title: e.link_state for title, e in items.items()} == {
        "missing": "gone",
        "fine": "ok",  # refused afterwards: the page's state is not what the policy says
        "no server": "unchecked",
    }
    assert (items["no server"].snapshots[0].error or "").startswith("could not connect")
    assert items["fine"].link_words == "refused: private address"
    assert items["missing"].snapshots[0].http_status == 404
    row = row_content(items["missing"], (), 0, {}).plain
    # gone, as the queue's ~ column says, and the last fetch was the refused one
    assert "✗gone · refused: private address missing" in row
    assert items["missing"].link_words == (
        "gone when a server last answered; the last check: refused: private address"
    )


def test_show_and_the_evidence_row_say_the_reason_in_words(
    desk_path: Path, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/missing").respond_with_data("no", status=404)
    claim = evidence_at(
        desk_path,
        {
            "Timetable page": httpserver.url_for("/missing"),
            "Operator notice": f"http://127.0.0.1:{closed_port()}/notice",
        },
    )
    took = run_process("check", "--allow-private", "--desk", str(desk_path))
    assert took.returncode == 0, took.stdout  # a 404 is an answer: the check learnt that
    shown = run_process("show", str(claim), "--desk", str(desk_path))
    assert "Timetable page (document, F6, link: 404 not found)" in shown.stdout
    assert "Operator notice (document, F6, link: could not connect)" in shown.stdout
    as_json = json.loads(run_process("show", str(claim), "--json", "--desk", str(desk_path)).stdout)
    words = {e["title"]: (e["link_state"], e["link_words"]) for e in as_json["evidence"]}
    assert words == {
        "Timetable page": ("gone", "404 not found"),
        "Operator notice": ("unchecked", "could not connect"),
    }
    with Desk.open(desk_path, reviewer="mara") as desk:
        rows = [row_content(e, (), 0, {}).plain for e in desk.claim(claim).evidence]
    assert "✗404 not found Timetable page" in rows[0]
    assert "✗could not connect Operator notice" in rows[1]


@pytest.mark.parametrize("allow_private", [True, False], ids=["no server", "refused"])
def test_check_exits_non_zero_when_every_url_failed(desk_path: Path, allow_private: bool):
    port = closed_port()
    evidence_at(desk_path, {f"page {n}": f"http://127.0.0.1:{port}/{n}" for n in range(3)})
    options = ["--allow-private"] if allow_private else []
    took = run_process("check", *options, "--desk", str(desk_path))
    assert took.returncode == 1, took.stdout
    said = "could not connect 3" if allow_private else "refused 3"
    assert f"checked 3 URLs: {said}" in took.stdout
    assert "Traceback" not in took.stderr
    with Desk.open(desk_path, reviewer="mara") as desk:
        assert {e.link_state for e in desk.claim(1).evidence} == {"unchecked"}


@pytest.mark.parametrize(
    ("status", "error", "words"),
    [
        (404, None, "404 not found"),
        (410, None, "410 gone"),
        (500, None, "500 internal server error"),
        (599, None, "HTTP 599"),
        (200, "larger than the limit", None),  # a page, cut short: no failure
        (None, "could not connect ([Errno 111] Connection refused)", "could not connect"),
        (
            None,
            "refused: x.example resolves to a non-public address (10.0.0.1); private addresses"
            " are not allowed for this fetch",
            "refused: private address",
        ),
        (
            None,
            "refused: only http and https URLs are accepted, not ftp:",
            "refused: only http and https URLs are accepted, not ftp:",
        ),
        # another error: itself, cut short (the one sanitiser shows its escapes)
        (None, "\x1b]52;c;aGk=\x07" + "x" * 500, ("\x1b]52;c;aGk=\x07" + "x" * 500)[:60]),
    ],
)
def test_failure_words(status: int | None, error: str | None, words: str | None) -> None:
    assert failure_words(status, error) == words
