"""`deskcheck check` against a real local server: changed, gone, and watched triggers."""

from __future__ import annotations

from pathlib import Path

from pytest_httpserver import HTTPServer
from werkzeug import Response

from deskcheck.data import Desk
from deskcheck.fetch.check import run_check
from deskcheck.fetch.fetcher import Fetcher
from deskcheck.fetch.limits import FetchLimits
from tests.conftest import run_cli

LOCAL = FetchLimits(allow_private=True, attempts=1, read_timeout=3)


def page(title: str, text: str) -> str:
    return f"<html><head><title>{title}</title></head><body><main>{text}</main></body></html>"


def serve(server: HTTPServer, path: str, body: str, status: int = 200) -> None:
    server.clear()
    server.expect_request(path).respond_with_data(body, status=status, content_type="text/html")


def check(desk: Desk) -> dict[str, int]:
    with Fetcher(LOCAL) as fetcher:
        return dict(run_check(desk, fetcher).outcomes)


def test_changed_and_gone_evidence_are_marked_and_kept(empty_desk: Desk, httpserver: HTTPServer):
    claim = empty_desk.add_claim("The port doubles its fees")
    evidence = empty_desk.add_evidence(claim, "Tariff page", url=httpserver.url_for("/tariff"))
    serve(httpserver, "/tariff", page("Tariff", "Fee 100"))
    assert check(empty_desk) == {"first snapshot": 1}
    assert check(empty_desk) == {"unchanged": 1}
    serve(httpserver, "/tariff", page("Tariff", "Fee 200"))
    assert check(empty_desk) == {"changed": 1}
    item = empty_desk.claim(claim).evidence[0]
    assert item.link_state == "changed"
    assert [s.text for s in item.snapshots] == ["Fee 100", "Fee 200"]
    serve(httpserver, "/tariff", "gone", status=404)
    assert check(empty_desk) == {"gone": 1}
    item = empty_desk.claim(claim).evidence[0]
    assert item.link_state == "gone"
    assert [s.http_status for s in item.snapshots] == [200, 200, 404]  # nothing dropped
    assert empty_desk.queue_row(claim).link_trouble == 2
    assert evidence == item.id


def test_a_watched_trigger_fires_when_its_page_appears(sample_desk: Desk, httpserver: HTTPServer):
    url = httpserver.url_for("/memo")
    trigger = sample_desk.add_trigger(1, "The memo is published", url=url)
    serve(httpserver, "/memo", "not yet", status=404)
    with Fetcher(LOCAL) as fetcher:
        targets = [
            t for t in sample_desk.check_targets() if t.kind == "trigger" and t.id == trigger
        ]
        assert dict(run_check(sample_desk, fetcher, targets=targets).outcomes) == {
            "trigger watched": 1
        }
        serve(httpserver, "/memo", page("Memo", "The memo text"))
        targets = [
            t for t in sample_desk.check_targets() if t.kind == "trigger" and t.id == trigger
        ]
        assert dict(run_check(sample_desk, fetcher, targets=targets).outcomes) == {
            "trigger fired": 1
        }
    claim = sample_desk.claim(1)
    fired = next(t for t in claim.triggers if t.id == trigger)
    assert fired.state == "fired"
    assert "appeared (HTTP 404, now HTTP 200)" in (fired.fired_reason or "")
    assert claim.status == "revision_due"
    assert claim.verdict == "lead"  # a fired trigger never changes the verdict
    assert claim.decisions[0].verdict == "lead"


def test_a_watched_trigger_fires_when_its_text_changes(empty_desk: Desk, httpserver: HTTPServer):
    claim = empty_desk.add_claim("The bridge is closed")
    empty_desk.add_trigger(claim, "The closure list changes", url=httpserver.url_for("/list"))
    serve(httpserver, "/list", page("Closures", "Old Quay: closed"))
    assert check(empty_desk) == {"trigger watched": 1}
    assert check(empty_desk) == {"trigger watched": 1}  # same text: nothing fires
    serve(httpserver, "/list", page("Closures", "Old Quay: open"))
    assert check(empty_desk) == {"trigger fired": 1}
    assert check(empty_desk) == {}  # a fired trigger is no longer watched


def test_the_check_command_reports_what_it_found(sample_path: Path, httpserver: HTTPServer):
    with Desk.open(sample_path, reviewer="t") as desk:
        ids = [desk.add_claim(f"claim {n}") for n in range(2)]
        desk.add_evidence(ids[0], "ok", url=httpserver.url_for("/ok"))
        desk.add_evidence(ids[1], "dead", url=httpserver.url_for("/dead"))
        # only our two URLs: the sample's own point at the internet, which tests never reach
        desk.db.execute("UPDATE evidence SET url = NULL WHERE claim_id < 13")
        desk.db.execute("UPDATE revision_triggers SET url = NULL")
    httpserver.expect_request("/ok").respond_with_data(page("OK", "fine"), content_type="text/html")
    httpserver.expect_request("/dead").respond_with_data("no", status=410)
    result = run_cli("check", "--allow-private", "--desk", str(sample_path))
    assert result.exit_code == 0, result.output
    assert "checked 2 URLs" in result.output
    assert "gone 1" in result.output and "first snapshot 1" in result.output
    assert "HTTP 410" in result.output


def test_each_fault_is_recorded_and_the_rest_of_the_check_completes(
    empty_desk: Desk, httpserver: HTTPServer
) -> None:
    import gzip
    import socket
    import time

    def trickle():
        for _ in range(8):
            time.sleep(0.5)  # the subject: a server that trickles, past the 2 s deadline
            yield b"x"

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    routes = {
        "/fine": lambda r: Response(page("Fine", "all good"), content_type="text/html"),
        "/missing": lambda r: Response("no", status=404),
        "/broken": lambda r: Response("oops", status=500),
        "/loop": lambda r: Response("", status=302, headers={"Location": "/loop"}),
        "/bomb": lambda r: Response(
            gzip.compress(b"\0" * 50_000_000), headers={"Content-Encoding": "gzip"}
        ),
        "/slow": lambda r: Response(trickle(), content_type="text/plain"),
    }
    for path, handler in routes.items():
        httpserver.expect_request(path).respond_with_handler(handler)
    claim = empty_desk.add_claim("A claim with troublesome sources")
    urls = {path: httpserver.url_for(path) for path in routes}
    urls["/refused"] = f"http://127.0.0.1:{closed_port}/x"
    ids = {path: empty_desk.add_evidence(claim, path, url=url) for path, url in urls.items()}
    limits = FetchLimits(
        allow_private=True, attempts=1, read_timeout=2, deadline=2, max_body_bytes=1_000_000
    )
    with Fetcher(limits) as fetcher:
        report = run_check(empty_desk, fetcher)
    assert report.checked == len(urls)
    states = {e.title: e.link_state for e in empty_desk.claim(claim).evidence}
    assert states == {
        "/fine": "ok",
        "/missing": "gone",
        "/refused": "unchecked",  # no server answered: that says nothing about the page
        "/broken": "unchecked",
        "/loop": "unchecked",
        "/bomb": "ok",
        "/slow": "ok",
    }
    errors = "\n".join(report.errors)
    assert "HTTP 500" in errors and "too many redirects" in errors
    assert "HTTP 404" in errors and "could not connect" in errors
    bomb = next(e for e in empty_desk.claim(claim).evidence if e.id == ids["/bomb"])
    assert bomb.snapshots[0].error and "larger than the limit" in bomb.snapshots[0].error
    slow = next(e for e in empty_desk.claim(claim).evidence if e.id == ids["/slow"])
    assert "took longer than 2 s" in (slow.snapshots[0].error or "")
