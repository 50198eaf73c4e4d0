"""Hostile feeds served from 127.0.0.1 to `deskcheck refresh`: validators a server should not
send, and text that should not become the desk's tags as it is."""

from __future__ import annotations

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from deskcheck.data import Desk
from deskcheck.work.feeds import add_feed
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
