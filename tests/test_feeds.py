"""Subscriptions: a real feed on 127.0.0.1, refreshed conditionally; OPML in and out."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from deskcheck.data import Desk
from deskcheck.data.verify import verify_desk
from deskcheck.domain.errors import InvalidValue
from deskcheck.fetch.limits import FetchLimits
from deskcheck.work.feeds import (
    Politeness,
    add_feed,
    export_opml,
    import_opml,
    parse_every,
    refresh,
)
from tests.conftest import FIXTURES, run_cli

FAST = FetchLimits(connect_timeout=2, read_timeout=2, deadline=5, attempts=1)
NO_PAUSE = Politeness(seconds=0)

ITEM = """<item><title>{title}</title><link>https://wire.example/{n}</link>
<guid>https://wire.example/{n}</guid><pubDate>Mon, 0{n} Jun 2026 08:00:00 GMT</pubDate>
<description><![CDATA[{description}]]></description>{categories}</item>"""


def rss(*items: str, title: str = "Wire desk") -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>https://wire.example/</link>"
        + "".join(items)
        + "</channel></rss>"
    ).encode()


def item(n: int, title: str, description: str = "", categories: tuple[str, ...] = ()) -> str:
    cats = "".join(f"<category>{c}</category>" for c in categories)
    return ITEM.format(n=n, title=title, description=description, categories=cats)


class ConditionalFeed:
    """Serves the current body with an ETag; answers 304 to a request that has it."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.statuses: list[int] = []

    @property
    def etag(self) -> str:
        return f'"v{hash(self.body) & 0xFFFF}"'

    def __call__(self, request: Request) -> Response:
        if request.headers.get("If-None-Match") == self.etag:
            self.statuses.append(304)
            return Response(status=304, headers={"ETag": self.etag})
        self.statuses.append(200)
        return Response(self.body, content_type="application/rss+xml", headers={"ETag": self.etag})


def refresh_now(desk: Desk, feed_id: int) -> list:
    return refresh(desk, only=[feed_id], base_limits=FAST, politeness=NO_PAUSE)


def test_a_feed_refreshes_conditionally_and_brings_only_new_items(
    empty_desk: Desk, httpserver: HTTPServer, tmp_path: Path
) -> None:
    served = ConditionalFeed(rss(item(1, "The minister resigned", "<p>Said on radio.</p>")))
    httpserver.expect_request("/feed.xml").respond_with_handler(served)
    url = httpserver.url_for("/feed.xml")
    feed_id = add_feed(empty_desk, url, every="30m", tags=["wire"], allow_private=True)

    first = refresh_now(empty_desk, feed_id)
    assert first[0].new == 1
    second = refresh_now(empty_desk, feed_id)
    assert second[0].not_modified and second[0].new == 0
    assert served.statuses == [200, 304]

    served.body = rss(
        item(
            3,
            "Dam &amp; bridge closed",
            "<p>Closed <b>until</b> Monday,<br>police say.</p>",
            ("Transport", "Region &amp; City"),
        ),
        item(2, "Port strike called off", "Union and owners agreed.", ("Labour",)),
        item(1, "The minister resigned", "<p>Said on radio.</p>"),
    )
    third = refresh_now(empty_desk, feed_id)
    assert third[0].new == 2
    arrived = [empty_desk.claim(i) for i in third[0].ingest.counts.new_claims]
    by_text = {c.text: c for c in arrived}
    assert set(by_text) == {"Dam & bridge closed", "Port strike called off"}
    dam = by_text["Dam & bridge closed"]
    assert dam.context == "Closed until Monday,\npolice say."
    assert set(dam.tags) == {"Transport", "Region & City", "wire"}
    assert dam.published_at == "2026-06-03T08:00:00Z"
    assert dam.received_at > dam.published_at  # when the desk received it
    assert dam.subscription_id == feed_id
    assert [h.actor for h in dam.custody] == ["Wire desk"]
    feed = empty_desk.subscription(feed_id)
    assert feed.title == "Wire desk" and feed.claims == 3 and feed.unread == 3
    assert feed.last_status == 200 and feed.last_error is None
    assert verify_desk(empty_desk.path).ok


def test_new_arrivals_are_on_top_of_the_queue(sample_desk: Desk, httpserver: HTTPServer) -> None:
    httpserver.expect_request("/feed.xml").respond_with_data(
        rss(item(1, "An old item, published in 2001")), content_type="application/rss+xml"
    )
    feed_id = add_feed(sample_desk, httpserver.url_for("/feed.xml"), allow_private=True)
    refresh_now(sample_desk, feed_id)
    top = sample_desk.queue_page(limit=1)[0]
    assert top.text == "An old item, published in 2001"


def test_a_private_address_is_refused_unless_allowed(empty_desk: Desk) -> None:
    for url in (
        "http://127.0.0.1/feed",
        "http://localhost:8080/x",
        "http://[::1]/f",
        "http://10.0.0.7/rss",
        "http://169.254.169.254/latest",
        "http://0177.0.0.1/",
    ):
        with pytest.raises(InvalidValue, match="private address"):
            add_feed(empty_desk, url)
    assert add_feed(empty_desk, "http://10.0.0.7/rss", allow_private=True)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "file:///etc/passwd",
        "ftp://x/y",
        "http://",
        "not a url",
        "http://user:pw@example.org/feed",
    ],
)
def test_odd_urls_are_refused(empty_desk: Desk, url: str) -> None:
    with pytest.raises(InvalidValue):
        add_feed(empty_desk, url)


@pytest.mark.parametrize("every", ["-5m", "0", "4m", "99999999d", "8d", "1e9", "30 minutes", ""])
def test_a_refresh_interval_out_of_range_is_refused(empty_desk: Desk, every: str) -> None:
    with pytest.raises(InvalidValue, match="interval"):
        add_feed(empty_desk, "https://wire.example/feed", every=every)


def test_intervals_read_as_people_write_them() -> None:
    assert [parse_every(t) for t in ("30m", "2h", "1d", "45", " 5M ")] == [30, 120, 1440, 45, 5]


def test_a_failing_feed_is_its_own_error_and_the_others_go_on(
    empty_desk: Desk, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/gone").respond_with_data("no", status=404)
    httpserver.expect_request("/ok").respond_with_data(
        rss(item(1, "Still here")), content_type="application/rss+xml"
    )
    gone = add_feed(empty_desk, httpserver.url_for("/gone"), allow_private=True)
    ok = add_feed(empty_desk, httpserver.url_for("/ok"), allow_private=True)
    reports = refresh(empty_desk, base_limits=FAST, politeness=NO_PAUSE)
    assert [r.feed.id for r in reports] == [gone, ok]
    assert reports[0].error == "HTTP 404" and reports[1].new == 1
    assert empty_desk.subscription(gone).last_error == "HTTP 404"
    assert refresh(empty_desk, base_limits=FAST, politeness=NO_PAUSE) == []  # nothing due


def test_a_feed_not_allowed_private_cannot_be_refreshed_from_a_private_host(
    empty_desk: Desk, httpserver: HTTPServer
) -> None:
    # the desk allowed it when it was added; the feed itself was not allowed private addresses
    empty_desk.set_setting("allow_private_addresses", True)
    feed_id = add_feed(empty_desk, httpserver.url_for("/feed"))
    empty_desk.set_setting("allow_private_addresses", False)
    report = refresh_now(empty_desk, feed_id)[0]
    assert report.error and "private" in report.error
    assert len(httpserver.log) == 0


def test_hostile_feed_text_is_stored_as_written_and_shown_visibly(
    empty_desk: Desk, httpserver: HTTPServer
) -> None:
    hostile_title = "Wire\x1b]0;owned\x07 [bold]desk[/bold]"
    body = rss(
        item(1, "Claim \x1b[2J with [link=x]markup[/link]", "Ctx \u202eevil\u202c &lt;b&gt;"),
        title=hostile_title.replace("\x1b", "&#27;").replace("\x07", "&#7;"),
    )
    httpserver.expect_request("/feed").respond_with_data(body, content_type="application/rss+xml")
    feed_id = add_feed(empty_desk, httpserver.url_for("/feed"), allow_private=True)
    refresh_now(empty_desk, feed_id)
    result = run_cli("feed", "list", "--desk", str(empty_desk.path), "--reviewer", "tester")
    assert "\x1b" not in result.output and "\x07" not in result.output
    assert "[bold]desk[/bold]" in result.output  # shown as written, never as markup
    claim = empty_desk.claim(empty_desk.all_claim_ids()[0])
    assert "\u202e" in claim.context  # stored as written; the desk shows it as ⟨RLO⟩


NEWSBOAT_EXPORT = (FIXTURES / "feeds" / "newsboat_export.opml").read_bytes()  # `newsboat -e`

FOLDERS_EXPORT = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>Subscriptions</title></head><body>
<outline text="Wires" title="Wires">
  <outline type="rss" text="Agency" title="Agency" xmlUrl="https://agency.example/rss"/>
</outline>
<outline type="rss" text="Intranet" xmlUrl="http://10.1.2.3/feed"/>
<outline type="rss" text="Bad" xmlUrl="javascript:alert(1)"/>
</body></opml>
"""


def test_opml_round_trip_with_a_newsboat_export(empty_desk: Desk, tmp_path: Path) -> None:
    report = import_opml(empty_desk, NEWSBOAT_EXPORT, every="1h")
    assert len(report.added) == 2 and report.skipped == []
    feeds = empty_desk.subscriptions()
    assert [(f.url, f.title, f.every_minutes) for f in feeds] == [
        ("https://wire.example/rss", "Wire & Co", 60),
        ("https://factcheck.example/feed.atom", "Fact checks", 60),
    ]
    exported = export_opml(empty_desk)
    with Desk.open(tmp_path / "other.db", reviewer="tester", create=True) as other:
        again = import_opml(other, exported)
        assert len(again.added) == 2
        assert [(f.url, f.title) for f in other.subscriptions()] == [
            (f.url, f.title) for f in feeds
        ]


def test_opml_folders_become_tags_and_bad_outlines_are_skipped(empty_desk: Desk) -> None:
    report = import_opml(empty_desk, FOLDERS_EXPORT)
    assert len(report.added) == 1
    assert len(report.skipped) == 2
    assert any("private address" in line for line in report.skipped)
    assert empty_desk.subscriptions()[0].tags == ("Wires",)


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not xml at all",
        b"<opml><body><outline",
        b"<?xml version='1.0'?><rss/>",
        b"<!DOCTYPE x [<!ENTITY a 'aaaa'><!ENTITY b '&a;&a;&a;&a;'>]><opml><body>&b;</body></opml>",
    ],
)
def test_broken_opml_is_refused_in_words(empty_desk: Desk, body: bytes) -> None:
    with pytest.raises(InvalidValue, match="no feeds found"):
        import_opml(empty_desk, body)


def test_exported_opml_escapes_markup_and_control_characters(empty_desk: Desk) -> None:
    import listparser

    add_feed(empty_desk, "https://x.example/f", title='A "quoted" <b>&amp; \x1b[31m title')
    exported = export_opml(empty_desk)
    assert b"\x1b" not in exported
    parsed = listparser.parse(exported)
    assert not parsed.bozo
    assert parsed.feeds[0].title == 'A "quoted" <b>&amp; \ufffd[31m title'


def test_feed_commands(empty_desk: Desk, httpserver: HTTPServer, tmp_path: Path) -> None:
    httpserver.expect_request("/feed").respond_with_data(
        rss(item(1, "From the command line")), content_type="application/rss+xml"
    )
    args = ("--desk", str(empty_desk.path), "--reviewer", "tester")
    url = httpserver.url_for("/feed")
    refused = run_cli("feed", "add", url, *args)
    assert refused.exit_code == 1 and "private address" in refused.output
    added = run_cli(
        "feed",
        "add",
        url,
        "--allow-private",
        "--every",
        "2h",
        "--tag",
        "cli",
        "--priority",
        "2",
        "--assign",
        "ines",
        *args,
    )
    assert added.exit_code == 0, added.output
    refreshed = run_cli("refresh", *args)
    assert refreshed.exit_code == 0 and "1 new" in refreshed.output
    claim = empty_desk.claim(empty_desk.all_claim_ids()[0])
    assert (claim.priority, claim.assignee, claim.tags) == (2, "ines", ("cli",))
    listed = run_cli("feed", "list", *args)
    assert "1 claims, 1 unread" in listed.output and "every 120 min" in listed.output
    assert run_cli("refresh", *args).output.strip() == "No feed is due."
    out = tmp_path / "feeds.opml"
    assert run_cli("feed", "export", "-o", str(out), *args).exit_code == 0
    assert url.encode() in out.read_bytes()
    removed = run_cli("feed", "remove", "1", "--reason", "moved to the wire's new feed", *args)
    assert removed.exit_code == 0
    assert "No feeds" in run_cli("feed", "list", *args).output
    assert "removed: moved" in run_cli("feed", "list", "--all", *args).output
    assert run_cli("verify", *args).exit_code == 0


def test_one_host_is_asked_politely(empty_desk: Desk, httpserver: HTTPServer) -> None:
    """Two feeds on one host are asked one after the other, POLITE seconds apart."""
    for n, path in enumerate(("/a", "/b"), 1):
        httpserver.expect_request(path).respond_with_data(
            rss(item(n, f"Item of {path}")), content_type="application/rss+xml"
        )
        add_feed(empty_desk, httpserver.url_for(path), allow_private=True)
    waits: list[float] = []
    polite = Politeness(seconds=30, sleep=waits.append)
    reports = refresh(empty_desk, base_limits=FAST, politeness=polite)
    assert [r.new for r in reports] == [1, 1]
    assert len(waits) == 1 and 29 < waits[0] <= 30  # the second asked 30 s after the first


def test_an_opml_file_cannot_make_the_desk_read_a_local_file(empty_desk: Desk) -> None:
    body = (
        b'<?xml version="1.0"?><!DOCTYPE opml [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>'
        b'<opml version="1.0"><body><outline text="&xxe;" xmlUrl="https://a.example/f"/>'
        b"</body></opml>"
    )
    import_opml(empty_desk, body)
    hostname = Path("/etc/hostname").read_text().strip() if Path("/etc/hostname").exists() else ""
    title = empty_desk.subscriptions()[0].title
    assert not hostname or hostname not in title
