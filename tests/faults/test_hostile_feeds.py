"""Hostile feeds served from 127.0.0.1 to `deskcheck refresh`: validators a server should not
send, and text that should not become the desk's tags as it is."""

from __future__ import annotations

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from deskcheck.data import Desk
from deskcheck.data.desk_work import MAX_TAG_CHARS, checked_tag
from deskcheck.work.feeds import add_feed, import_opml
from tests.conftest import run_cli
from tests.test_feeds import item, refresh_now, rss


def test_a_validator_that_cannot_be_sent_back_does_not_stop_the_feed(
    empty_desk: Desk, httpserver: HTTPServer
) -> None:
    """An ETag with a non-ASCII byte and a Last-Modified with a control character: before,
    the desk kept them and every later refresh failed, as "the host name cannot be looked
    up (IDNA: …)", for as long as the feed lived."""
    asked: list[dict[str, str]] = []

    def handler(request: Request) -> Response:
        asked.append(dict(request.headers))
        body = rss(*(item(n, f"Claim number {n} of the wire") for n in range(1, len(asked) + 1)))
        odd = [("ETag", '"v\u00e9"'), ("Last-Modified", "Mon, 01 Jun 2026 \x7f")]
        return Response(body, content_type="application/rss+xml", headers=odd)

    httpserver.expect_request("/feed").respond_with_handler(handler)
    feed_id = add_feed(empty_desk, httpserver.url_for("/feed"), allow_private=True)
    first, second = refresh_now(empty_desk, feed_id)[0], refresh_now(empty_desk, feed_id)[0]
    assert first.error is None and first.new == 1
    assert second.error is None, second.error
    assert second.new == 1 and len(asked) == 2
    assert "If-None-Match" not in asked[1] and "If-Modified-Since" not in asked[1]
    assert empty_desk.subscriptions()[0].last_error is None


def test_a_feeds_categories_become_tags_the_desk_can_show_and_type(
    empty_desk: Desk, httpserver: HTTPServer
) -> None:
    """Categories with an escape sequence, a comma, a zero-width space, or 1,000 characters:
    before, each became a tag as it was, which no reviewer could type in the `#` form (a
    comma splits it there) and which no tag typed by hand may be."""
    categories = ("&#27;[31mred", "politics,health", "a&#x200b;b", "x" * 1000, "  ", "plain")
    body = rss(item(1, "A claim with odd categories", categories=categories))
    httpserver.expect_request("/feed").respond_with_data(body, content_type="application/rss+xml")
    feed_id = add_feed(empty_desk, httpserver.url_for("/feed"), allow_private=True)
    refresh_now(empty_desk, feed_id)
    tags = set(empty_desk.claim(empty_desk.all_claim_ids()[0]).tags)
    for tag in tags:
        assert checked_tag(tag) == tag  # each one a tag a reviewer could have typed
    assert {"␛[31mred", "politics health", "a⟨ZWSP⟩b", "plain"} <= tags
    assert "x" * MAX_TAG_CHARS in tags and len(tags) == 5


@pytest.mark.parametrize("args", [("tag", "1", "--add", "a,b"), ("feed", "add", "--tag", "a,b")])
def test_a_tag_with_a_comma_is_refused_where_it_is_typed(
    empty_desk: Desk, args: tuple[str, ...]
) -> None:
    if args[0] == "tag":
        empty_desk.add_claim("A claim to tag")
    else:
        args = (*args, "https://wire.example/rss")
    result = run_cli(*args, "--desk", str(empty_desk.path), "--reviewer", "tester")
    assert result.exit_code == 1, result.output
    assert "comma" in result.output


def test_an_opml_folder_with_a_comma_or_an_escape_is_still_a_tag(empty_desk: Desk) -> None:
    opml = b"""<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>Subscriptions</title></head><body>
<outline text="News, World &#x202e;x" title="News, World &#x202e;x">
  <outline type="rss" text="Agency" xmlUrl="https://agency.example/rss"/>
</outline></body></opml>
"""
    report = import_opml(empty_desk, opml)
    assert report.skipped == [] and len(report.added) == 1
    assert empty_desk.subscriptions()[0].tags == ("News World ⟨RLO⟩x",)
