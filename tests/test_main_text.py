"""A snapshot's text is the article, not the page: saved news pages served from 127.0.0.1,
checked twice. Boilerplate that changes (menu, cookie banner, ads, related links) does not
mark the evidence changed; a change to the article does."""

from __future__ import annotations

from pathlib import Path

from pytest_httpserver import HTTPServer

from deskcheck.data import Desk
from deskcheck.fetch.check import run_check
from deskcheck.fetch.fetcher import Fetcher
from deskcheck.fetch.limits import FetchLimits

PAGES = Path(__file__).resolve().parent / "fixtures" / "pages"
LOCAL = FetchLimits(allow_private=True, attempts=1, read_timeout=3)
BOILERPLATE = ("cookies", "Advertisement", "Sponsored", "Related stories", "Most read", "Home")


def serve(server: HTTPServer, page: str) -> None:
    server.clear()
    body = (PAGES / page).read_bytes()
    server.expect_request("/bridge").respond_with_data(body, content_type="text/html")


def check(desk: Desk) -> dict[str, int]:
    with Fetcher(LOCAL) as fetcher:
        return dict(run_check(desk, fetcher).outcomes)


def bridge_evidence(desk: Desk, server: HTTPServer) -> int:
    claim = desk.add_claim("The Old Quay bridge is closed to all traffic.")
    desk.add_evidence(claim, "Courier report", url=server.url_for("/bridge"))
    return claim


def test_new_boilerplate_around_the_same_article_is_not_a_change(
    empty_desk: Desk, httpserver: HTTPServer
) -> None:
    claim = bridge_evidence(empty_desk, httpserver)
    serve(httpserver, "bridge_article.html")
    assert check(empty_desk) == {"first snapshot": 1}
    serve(httpserver, "bridge_article_new_boilerplate.html")
    assert check(empty_desk) == {"unchanged": 1}
    item = empty_desk.claim(claim).evidence[0]
    assert item.link_state == "ok"
    (snapshot,) = item.snapshots
    assert "close to all traffic, including pedestrians" in " ".join(snapshot.text.split())
    assert not [word for word in BOILERPLATE if word in snapshot.text]


def test_a_change_to_the_article_is_a_change(empty_desk: Desk, httpserver: HTTPServer) -> None:
    claim = bridge_evidence(empty_desk, httpserver)
    serve(httpserver, "bridge_article.html")
    assert check(empty_desk) == {"first snapshot": 1}
    serve(httpserver, "bridge_article_changed.html")
    assert check(empty_desk) == {"changed": 1}
    item = empty_desk.claim(claim).evidence[0]
    assert item.link_state == "changed"
    assert "motor traffic only" in item.snapshots[-1].text


def test_the_raw_page_is_kept_whole(empty_desk: Desk, httpserver: HTTPServer) -> None:
    bridge_evidence(empty_desk, httpserver)
    serve(httpserver, "bridge_article.html")
    check(empty_desk)
    (exchange,) = empty_desk.snapshot_exchanges(empty_desk.all_claim_ids())
    assert exchange["body"] == (PAGES / "bridge_article.html").read_bytes()
    assert "cookies" in exchange["body"].decode()  # only the text for search drops it
