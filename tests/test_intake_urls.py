"""Odd URLs at intake and in every fetch path: normalised once (WHATWG), refused with a
reason when they are not web URLs, and never the end of a run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pytest_httpserver import HTTPServer

from deskcheck.data import Desk
from deskcheck.domain.errors import InvalidValue
from deskcheck.domain.urls import BadURL, web_url
from deskcheck.fetch.fetcher import fetch
from deskcheck.fetch.limits import FetchLimits
from tests.conftest import run_cli, run_process


@pytest.mark.parametrize(
    ("written", "normal"),
    [
        ("http://0177.0.0.1/x", "http://127.0.0.1/x"),
        ("http://exa\tmple.com/a", "http://example.com/a"),
        ("http://①②⑦.0.0.1/", "http://127.0.0.1/"),
        ("HTTP://Bücher.Example/a b", "http://xn--bcher-kva.example/a%20b"),
        ("http://аpple.com/", "http://xn--pple-43d.com/"),  # a Cyrillic а: the look-alike shows
    ],
)
def test_urls_are_normalised_as_a_browser_reads_them(written: str, normal: str) -> None:
    assert web_url(written) == normal


@pytest.mark.parametrize(
    ("written", "reason"),
    [
        ("javascript:alert(1)", "not javascript:"),
        ("file:///etc/passwd", "not file:"),
        ("http://a b/", "not a valid URL"),
        ("http://999999999999/", "not a valid URL"),
        ("/relative/path", "not a valid URL"),
        ("", "empty"),
    ],
)
def test_urls_that_are_not_web_urls_are_refused_with_the_reason(written: str, reason: str):
    with pytest.raises(BadURL, match=reason):
        web_url(written)


def review(url: str, text: str) -> dict[str, object]:
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": url,
        "claimReviewed": text,
        "author": {"@type": "Organization", "name": "Checkers"},
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
    }


def test_odd_urls_in_a_feed_then_check_records_every_url(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    """The issue's case: a feed whose review URLs are odd, then `check`. Each odd URL is that
    URL's outcome; the others are checked; nothing stops the run."""
    port = httpserver.port
    httpserver.expect_request("/octal").respond_with_data(
        "<title>Octal</title><p>fine</p>", content_type="text/html"
    )
    httpserver.expect_request("/tab").respond_with_data(
        "<title>Tab</title><p>fine</p>", content_type="text/html"
    )
    reviews = [
        review(f"http://0177.0.0.1:{port}/octal", "Claim with an octal host"),
        review(f"http://127.0.0.\t1:{port}/tab", "Claim with a tab in the host"),
        review(f"http://①②⑦.0.0.1:{port}/circled", "Claim with circled digits"),
        review("javascript:alert(1)", "Claim with a script URL"),
        review("file:///etc/passwd", "Claim with a file URL"),
    ]
    source = tmp_path / "reviews.json"
    source.write_text(json.dumps(reviews), encoding="utf-8")
    desk_path = tmp_path / "desk.db"
    Desk.open(desk_path, reviewer="mara", create=True).close()

    took = run_process("ingest", str(source), "--desk", str(desk_path), "--reviewer", "mara")
    assert took.returncode == 0, took.stderr
    assert "3 new" in took.stdout and "2 rejected" in took.stdout
    assert "only http and https URLs are accepted, not javascript:" in took.stdout
    assert "not file:" in took.stdout
    assert "Traceback" not in took.stderr

    with Desk.open(desk_path, reviewer="mara") as desk:
        urls = sorted(t.url for t in desk.check_targets())
    assert urls == [
        f"http://127.0.0.1:{port}/circled",
        f"http://127.0.0.1:{port}/octal",
        f"http://127.0.0.1:{port}/tab",
    ]

    checked = run_process(
        "check", "--allow-private", "--desk", str(desk_path), "--reviewer", "mara"
    )
    assert checked.returncode == 0, checked.stderr
    assert "Traceback" not in checked.stderr
    assert "checked 3 URLs" in checked.stdout and "first snapshot 2" in checked.stdout


def _plant_old_url(desk: Desk, evidence_id: int, url: str) -> None:
    """A URL as an older deskcheck stored it (the desk itself refuses it now)."""
    with desk.db.conn:
        desk.db.execute("UPDATE evidence SET url = ? WHERE id = ?", [url, evidence_id])


def test_bad_urls_already_on_a_desk_fail_alone_in_check(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    """An older desk may hold URLs no fetch can use: each one is its own failure, the good
    URL beside them still gets its snapshot, and the failures are listed."""
    httpserver.expect_request("/good").respond_with_data(
        "<title>Good</title><p>text</p>", content_type="text/html"
    )
    desk_path = tmp_path / "desk.db"
    with Desk.open(desk_path, reviewer="mara", create=True) as desk:
        claim = desk.add_claim("A claim with odd evidence")
        for url in ("http://a b/", "http://999999999999/", "file:///etc/passwd"):
            _plant_old_url(desk, desk.add_evidence(claim, "odd"), url)
        good = desk.add_evidence(claim, "good", url=httpserver.url_for("/good"))
    checked = run_process(
        "check", "--allow-private", "--desk", str(desk_path), "--reviewer", "mara"
    )
    assert "Traceback" not in checked.stderr, checked.stderr
    assert checked.returncode == 0
    assert "checked 4 URLs" in checked.stdout and "first snapshot 1" in checked.stdout
    assert checked.stdout.count("not a valid URL") == 2 and "not file:" in checked.stdout
    with Desk.open(desk_path, reviewer="mara") as desk:
        item = next(e for e in desk.claim(claim).evidence if e.id == good)
    assert item.snapshots and item.snapshots[0].title == "Good"


def test_a_check_where_every_url_fails_exits_non_zero(tmp_path: Path) -> None:
    desk_path = tmp_path / "desk.db"
    with Desk.open(desk_path, reviewer="mara", create=True) as desk:
        claim = desk.add_claim("Only bad evidence")
        _plant_old_url(desk, desk.add_evidence(claim, "odd"), "http://a b/")
    checked = run_process("check", "--desk", str(desk_path), "--reviewer", "mara")
    assert checked.returncode == 1
    assert "Traceback" not in checked.stderr
    assert "failed 1" in checked.stdout


def test_add_evidence_refuses_a_bad_url_and_records_nothing(sample_path: Path) -> None:
    with Desk.open(sample_path, reviewer="mara") as desk:
        before = len(desk.claim(1).evidence)
    for url in ("http://a b/", "javascript:alert(1)", "file:///etc/passwd"):
        added = run_process("add-evidence", "1", url, "--desk", str(sample_path))
        assert added.returncode == 1, (url, added.stdout)
        assert "Traceback" not in added.stderr
        assert len(added.stderr.strip().splitlines()) == 1
        assert "evidence URL" in added.stderr
    with Desk.open(sample_path, reviewer="mara") as desk:
        assert len(desk.claim(1).evidence) == before


def test_add_evidence_stores_and_fetches_the_normalised_url(
    sample_path: Path, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/memo").respond_with_data(
        "<title>Memo</title><p>x</p>", content_type="text/html"
    )
    url = f"http://0177.0.0.1:{httpserver.port}/memo"
    added = run_cli("add-evidence", "1", url, "--desk", str(sample_path), "--reviewer", "mara")
    assert added.exit_code == 0, added.output
    assert "HTTP 200" in added.output
    with Desk.open(sample_path, reviewer="mara") as desk:
        item = desk.claim(1).evidence[-1]
    assert item.url == f"http://127.0.0.1:{httpserver.port}/memo" and item.title == "Memo"


def test_ingest_from_an_odd_url_fetches_it_or_says_why(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/feed.jsonl").respond_with_data(
        '{"text": "A claim from an octal host"}\n', content_type="application/x-ndjson"
    )
    desk_path = tmp_path / "desk.db"
    Desk.open(desk_path, reviewer="mara", create=True).close()
    url = f"http://0177.0.0.1:{httpserver.port}/feed.jsonl"
    took = run_process("ingest", url, "--desk", str(desk_path), "--reviewer", "mara")
    assert took.returncode == 0, took.stderr
    assert "1 new" in took.stdout
    bad = run_process("ingest", "http://a b/feed", "--desk", str(desk_path))
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert "not a valid URL" in bad.stdout


def test_a_refused_private_address_says_refused_and_is_not_retried() -> None:
    limits = FetchLimits(allow_private=False, attempts=3, connect_timeout=2, read_timeout=2)
    result = fetch("http://0177.0.0.1/x", limits)
    assert (result.error or "").startswith("refused: 127.0.0.1 resolves to a non-public")
    assert result.attempts == 1


def test_ingest_of_a_file_url_says_why_it_is_not_read(tmp_path: Path) -> None:
    desk_path = tmp_path / "desk.db"
    Desk.open(desk_path, reviewer="mara", create=True).close()
    took = run_process("ingest", "file:///etc/passwd", "--desk", str(desk_path))
    assert took.returncode == 1 and "Traceback" not in took.stderr
    assert "only http and https URLs are read, not file:" in took.stdout


@settings(max_examples=300)
@given(
    st.text(max_size=60)
    | st.builds(
        lambda host, path: f"http://{host}/{path}", st.text(max_size=20), st.text(max_size=20)
    )
)
def test_any_text_is_a_normalised_web_url_or_a_reason(text: str) -> None:
    """Whatever arrives, the URL rule answers: a clean http(s) URL that it would keep as it
    is, or BadURL; never another exception, never a control character or space."""
    try:
        url = web_url(text)
    except BadURL as error:
        reason = str(error)
        url = ""
    if not url:
        assert reason  # a refusal always says why
        return
    assert url.startswith(("http://", "https://"))
    assert not any(c.isspace() or ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F for c in url)
    assert web_url(url) == url


def test_item_urls_are_stored_normalised_and_script_urls_rejected(tmp_path: Path) -> None:
    items = [
        {"text": "Bridge tolls double", "url": "HTTP://Bücher.Example/a b"},
        {"text": "A script pretending to be a source", "url": "javascript:alert(1)"},
        {"text": "A local file as a source", "url": "file:///etc/passwd"},
        {"text": "A link with a tab in its host", "url": "https://news.exa\tmple.org/x"},
    ]
    source = tmp_path / "tips.jsonl"
    source.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    desk_path = tmp_path / "desk.db"
    Desk.open(desk_path, reviewer="mara", create=True).close()
    took = run_process("ingest", str(source), "--desk", str(desk_path), "--reviewer", "mara")
    assert "2 new" in took.stdout and "2 rejected" in took.stdout
    assert "item 2: its URL 'javascript:alert(1)'" in took.stdout
    with Desk.open(desk_path, reviewer="mara") as desk:
        origins = [desk.claim(n).origin_url for n in (1, 2)]
        run = desk.ingest_runs()[0]
        reasons = [r["reason"] for r in desk.ingest_rejects(run["id"])]
    assert origins == ["http://xn--bcher-kva.example/a%20b", "https://news.example.org/x"]
    assert any("not file:" in r for r in reasons) and any("not javascript:" in r for r in reasons)


@pytest.mark.parametrize("url", ["http://xn--a.invalid/", "https://😀.invalid/"])
def test_a_host_idna_refuses_is_that_urls_failure(url: str) -> None:
    result = fetch(url, FetchLimits(allow_private=False, attempts=1, connect_timeout=1))
    assert (result.error or "").startswith("the host name cannot be looked up (IDNA")


@pytest.mark.parametrize(
    "typed",
    ["{secret}", "file://{secret}", "-", "~/.ssh/id_rsa", " http://127.0.0.1:1/feed.xml"],
)
def test_a_source_typed_from_afar_is_a_web_url_never_a_file_of_the_host(
    tmp_path: Path, typed: str
) -> None:
    """Through `serve` the reviewer is at another machine: the work layer itself (not only
    the form) takes nothing but an http(s) URL from them; a path, file: or standard input
    would read the desk host's own files into claims."""
    from deskcheck.work.intake import ingest

    secret = tmp_path / "host-secret.csv"
    secret.write_text("text\nthe server's private line\n", encoding="utf-8")
    desk_path = tmp_path / "desk.db"
    with Desk.open(desk_path, reviewer="web", create=True) as desk:
        report = ingest(desk, typed.format(secret=secret), typed_here=False)
        texts = [row[0] for row in desk.db.execute("SELECT text FROM claims")]
    assert texts == []
    assert report.error is not None
    if typed.strip().startswith("http"):  # a URL still goes the way of every URL from afar
        assert "private addresses" in report.error
    else:
        assert "only http and https" in report.error and "host" in report.error


def test_from_afar_the_desks_allow_private_setting_does_not_open_the_hosts_network(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    """``allow_private_addresses`` lets feeds and `check` reach the newsroom's intranet; a
    reviewer typing through `serve` is still held to the outside rule (README, "Fetching
    safely"): their evidence URL, ingest source and feed do not reach the host's loopback."""
    from deskcheck.work.evidence import NewEvidence, add_evidence
    from deskcheck.work.feeds import add_feed
    from deskcheck.work.intake import ingest

    httpserver.expect_request("/secret").respond_with_data("<title>internal</title>")
    url = httpserver.url_for("/secret")
    desk_path = tmp_path / "desk.db"
    with Desk.open(desk_path, reviewer="web", create=True) as desk:
        desk.set_setting("allow_private_addresses", True)
        claim = desk.add_claim("The harbour fees will double next year")
        added = add_evidence(desk, claim, NewEvidence(url=url), typed_here=False)
        report = ingest(desk, url, typed_here=False)
        with pytest.raises(InvalidValue, match="private address"):
            add_feed(desk, url, typed_here=False)
        with pytest.raises(InvalidValue, match="from afar may not reach private addresses"):
            add_feed(desk, "https://news.example/feed.xml", allow_private=True, typed_here=False)
        assert desk.subscriptions() == []
    assert httpserver.log == []
    assert "private addresses are not allowed" in (added.error or "")
    assert "private addresses" in (report.error or "")


def test_a_link_check_asked_for_from_afar_keeps_to_the_outside_rule_and_marks_nothing_gone(
    tmp_path: Path, httpserver: HTTPServer
) -> None:
    """With ``allow_private_addresses`` on, a URL typed through `serve` (stored, not fetched)
    was fetched anyway by the link check the same browser asked for next (C): the host's
    loopback or metadata page became a snapshot to read. From afar the check keeps to the
    outside rule, and what it may not reach is left as it was, not marked gone."""
    from deskcheck.work.evidence import NewEvidence, add_evidence
    from deskcheck.work.links import check_links

    httpserver.expect_request("/latest/meta-data").respond_with_data("<title>keys</title>")
    url = httpserver.url_for("/latest/meta-data")
    with Desk.open(tmp_path / "desk.db", reviewer="web", create=True) as desk:
        desk.set_setting("allow_private_addresses", True)
        claim = desk.add_claim("The harbour fees will double next year")
        add_evidence(desk, claim, NewEvidence(url=url), typed_here=False)
        before = desk.claim(claim).evidence[0]
        report = check_links(desk, from_afar=True)
        after = desk.claim(claim).evidence[0]
    assert httpserver.log == []
    assert after.snapshots == before.snapshots and after.link_state == before.link_state
    assert any("private addresses" in line for line in report.errors), report.errors
