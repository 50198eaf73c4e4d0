"""Ingest from real files and a real local HTTP server, in every format."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from deskcheck.data import Desk
from deskcheck.fetch.fetcher import Fetcher
from deskcheck.fetch.limits import FetchLimits
from deskcheck.ingest.pipeline import IngestReport, ingest
from tests.conftest import FIXTURES, run_cli

FEEDS = FIXTURES / "feeds"
LOCAL = FetchLimits(allow_private=True, attempts=1)

CASES = {
    # file: (format, new claims, rejected)
    "wire_rss2.xml": ("rss20", 2, 1),
    "wire_rss1.rdf": ("rss10", 1, 0),
    "statements_atom.xml": ("atom10", 2, 0),
    "wire.json": ("jsonfeed", 2, 2),
    "tips.jsonl": ("jsonl", 3, 5),
    "claims.csv": ("csv", 2, 2),
    "claimreviews.json": ("claimreview", 2, 1),
    "claimreview_page.html": ("claimreview", 2, 0),  # a broken ld+json block is no review
    "telegram_channel.html": ("telegram", 2, 1),
    "malformed_rss.xml": ("rss20", 3, 0),
}


def take(desk: Desk, source: str, **kwargs) -> IngestReport:
    return ingest(desk, source, fetcher_factory=lambda: Fetcher(LOCAL), **kwargs)


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_format_ingests_from_a_file_and_again_adds_nothing(empty_desk: Desk, name: str):
    fmt, new, rejected = CASES[name]
    first = take(empty_desk, str(FEEDS / name))
    assert first.error is None
    assert (first.format, first.counts.new, first.counts.rejected) == (fmt, new, rejected)
    assert empty_desk.queue_count() == new
    again = take(empty_desk, str(FEEDS / name))
    assert (again.counts.new, again.counts.duplicate) == (0, new)
    assert empty_desk.queue_count() == new
    runs = empty_desk.ingest_runs()
    assert [r["new_count"] for r in runs] == [0, new]
    recorded = empty_desk.ingest_rejects(runs[0]["id"])
    # beside the rejects, a note for each item kept with a part left out (a date that is none)
    assert len([r for r in recorded if ": kept without " not in r["reason"]]) == rejected


@pytest.mark.parametrize(
    ("name", "content_type", "path"),
    [
        ("wire_rss2.xml", "application/rss+xml", "/rss"),
        ("statements_atom.xml", "application/atom+xml; charset=utf-8", "/atom"),
        ("wire.json", "application/feed+json", "/feed.json"),
        ("tips.jsonl", "application/x-ndjson", "/tips.jsonl"),
        ("claims.csv", "text/csv", "/claims.csv"),
        ("claimreview_page.html", "text/html", "/fact-check"),
        ("telegram_channel.html", "text/html", "/s/cointelegraph"),
    ],
)
def test_every_format_ingests_from_a_url(
    empty_desk: Desk, httpserver: HTTPServer, name: str, content_type: str, path: str
) -> None:
    httpserver.expect_request(path).respond_with_data(
        (FEEDS / name).read_bytes(), content_type=content_type
    )
    fmt = "telegram" if "telegram" in name else None
    report = take(empty_desk, httpserver.url_for(path), format=fmt)
    assert report.error is None
    assert report.counts.new == CASES[name][1]


def test_the_worked_case_arrives_from_a_telegram_channel(empty_desk: Desk) -> None:
    take(empty_desk, str(FEEDS / "telegram_channel.html"))
    claim = empty_desk.claim(1)
    assert claim.text.startswith("⚡️ JUST IN: Amazon flagged security concerns")
    assert claim.origin_url == "https://t.me/cointelegraph/51001"
    assert claim.published_at == "2026-06-14T08:31:00Z"  # the post's date
    assert claim.received_at > claim.published_at  # when the desk received it
    assert [(h.actor, h.kind) for h in claim.custody] == [
        ("Cointelegraph (Telegram channel)", "social")
    ]
    assert "no primary source" in claim.warnings
    assert empty_desk.claim(2).text == "Bitcoin ETF flows\nturn positive for the week."


def test_a_claimreview_becomes_a_claim_with_the_outside_review_as_evidence(empty_desk: Desk):
    take(empty_desk, str(FEEDS / "claimreviews.json"))
    claims = {c.text[:8]: c for c in map(empty_desk.claim, empty_desk.all_claim_ids())}
    halden = claims["Port of H"[:8]]
    assert halden.text == "Port of Halden will double its container fees from January"
    assert halden.origin_url == "https://shipping-news.example/halden-fees"
    assert [(h.actor, h.kind) for h in halden.custody] == [
        ("Shipping News", "primary"),
        ("Checkers United", "outlet"),
    ]
    review = halden.evidence[0]
    assert review.title == "Already checked by Checkers United: Misleading"
    assert review.url == "https://checkers.example/reviews/halden-fees"
    assert review.kind == "review"
    assert "temporary surcharge" in review.excerpt
    tram = claims["The new "]  # legacy ["Review", "ClaimReview"], a rating with no name
    assert tram.evidence[0].title == "Already checked by Checkers United: 4/5"


def test_a_malformed_feed_keeps_its_good_items_and_says_why(empty_desk: Desk) -> None:
    report = take(empty_desk, str(FEEDS / "malformed_rss.xml"))
    assert report.counts.new == 3
    assert report.bozo and "undefined entity" in report.bozo
    assert empty_desk.ingest_runs()[0]["bozo"] == 1


def test_the_same_claim_from_two_sources_is_one_claim(empty_desk: Desk, tmp_path: Path) -> None:
    take(empty_desk, str(FEEDS / "tips.jsonl"))
    other = tmp_path / "other.jsonl"
    other.write_text(
        json.dumps(
            {"text": "the FERRAN dam released water — without warning!", "id": "elsewhere-9"}
        )
        + "\n"
    )
    report = take(empty_desk, str(other))
    assert (report.counts.new, report.counts.duplicate) == (0, 1)


def test_a_later_version_of_an_item_is_recorded_not_duplicated(empty_desk: Desk, tmp_path):
    source = tmp_path / "feed.jsonl"
    source.write_text(json.dumps({"text": "Fees rise 50%", "id": "v-1"}) + "\n")
    take(empty_desk, str(source))
    source.write_text(json.dumps({"text": "Fees rise 100%, agent now says", "id": "v-1"}) + "\n")
    report = take(empty_desk, str(source))
    assert (report.counts.new, report.counts.version) == (0, 1)
    assert empty_desk.claim(1).text == "Fees rise 50%"  # the claim under review is kept
    assert [v["text"] for v in empty_desk.claim_versions(1)] == ["Fees rise 100%, agent now says"]
    again = take(empty_desk, str(source))
    assert (again.counts.version, again.counts.duplicate) == (0, 1)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b'{"version": "https://jsonfeed.org/version/1.1", "items": [], "x": Infinity}',
            "Infinity is not a JSON value",
        ),
        (
            b'{"version": "https://jsonfeed.org/version/1.1", "items": '
            + b"[" * 100_000
            + b"]" * 100_000
            + b"}",
            "nested more than 200 levels",
        ),
        (b"\xff\xfe\x00garbage\x00", "cannot tell its format"),
    ],
)
def test_a_source_that_cannot_be_read_is_a_clear_error(
    empty_desk: Desk, tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    report = take(empty_desk, str(path))
    assert report.error is not None and message in report.error
    assert empty_desk.ingest_runs()[0]["error"] == report.error


def test_a_dead_source_url_is_reported_and_the_next_source_goes_on(
    sample_path: Path, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/dead").respond_with_data("no", status=404)
    result = run_cli(
        "ingest",
        httpserver.url_for("/dead"),
        str(FEEDS / "wire_rss2.xml"),
        "--desk",
        str(sample_path),
    )
    assert result.exit_code == 1
    assert "could not fetch it: HTTP 404" in result.output
    assert "wire_rss2.xml (rss20): 2 new" in result.output
    assert "rejected item 3: item 3's title and summary is empty" in result.output


def test_standard_input_is_a_source(sample_path: Path) -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "deskcheck",
            "ingest",
            "-",
            "--format",
            "jsonl",
            "--desk",
            str(sample_path),
        ],
        input=json.dumps({"text": "A claim piped in", "id": "pipe-1"}) + "\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "- (jsonl): 1 new" in result.stdout


def test_markup_in_feed_text_is_kept_as_data(empty_desk: Desk) -> None:
    take(empty_desk, str(FEEDS / "statements_atom.xml"))
    titles = {empty_desk.claim(i).text for i in (1, 2)}
    assert "Minister visits Dunmere plant" in titles  # the script tag is not text
