"""An item whose link is relative and cannot be resolved keeps its claim, without the link,
with a note recorded on the run (issue #28); a link that is no web URL still rejects it."""

from __future__ import annotations

from pathlib import Path

from pytest_httpserver import HTTPServer

from deskcheck.data import Desk
from deskcheck.fetch.limits import FetchLimits
from deskcheck.work.intake import ingest
from tests.conftest import run_process

INTAKE = Path(__file__).resolve().parent / "fixtures" / "intake"


def test_a_json_feed_item_with_a_relative_url_is_kept_without_the_link(tmp_path: Path) -> None:
    desk_path = tmp_path / "desk.db"
    Desk.open(desk_path, reviewer="mara", create=True).close()
    took = run_process("ingest", str(INTAKE / "relative_url.json"), "--desk", str(desk_path))
    assert took.returncode == 0, took.stdout
    assert "3 new" in took.stdout and "1 rejected" in took.stdout
    notes = [line for line in took.stdout.splitlines() if line.startswith("  note: ")]
    assert notes == [
        "  note: item 1: kept without its link: '/2026/11/levy' is relative and cannot be"
        " resolved (the source has no address)",
        "  note: item 2: kept without its link: 'crossings.html' is relative and cannot be"
        " resolved (the source has no address)",
    ]
    with Desk.open(desk_path, reviewer="mara") as desk:
        claims = dict(desk.db.execute("SELECT external_id, origin_url FROM claims"))
        run = desk.ingest_runs()[0]
        recorded = [r["reason"] for r in desk.ingest_rejects(run["id"])]
    assert claims == {"wire-1": None, "wire-2": None, "wire-3": "https://wire.example/pier"}
    assert run["rejected_count"] == 1  # the javascript: link; the notes are not rejections
    assert any("javascript:" in r for r in recorded)
    assert sum("kept without its link" in r for r in recorded) == 2


def test_a_relative_url_served_from_an_address_is_resolved(
    empty_desk: Desk, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/feeds/wire.json").respond_with_data(
        (INTAKE / "relative_url.json").read_bytes(), content_type="application/feed+json"
    )
    report = ingest(
        empty_desk,
        httpserver.url_for("/feeds/wire.json"),
        base_limits=FetchLimits(allow_private=True, attempts=1),
    )
    assert report.counts.new == 3 and report.notes == [], report.summary()
    urls = sorted(row[0] for row in empty_desk.db.execute("SELECT origin_url FROM claims"))
    assert urls == [
        httpserver.url_for("/2026/11/levy"),
        httpserver.url_for("/feeds/crossings.html"),
        "https://wire.example/pier",
    ]
