"""A subscribed feed in the open desk: refreshed in the background at once, then from the
feeds view (F): the second refresh a 304, the third two new items; the feeds view counts
them unread; enter shows that feed's claims, with the item's description under the claim
and its categories as tags."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from textual.widgets import DataTable, Select

from deskcheck.data import Desk
from deskcheck.data.verify import verify_desk
from deskcheck.ui.screens.claim_desk import ClaimDeskScreen
from deskcheck.ui.screens.feeds import FeedsScreen
from deskcheck.ui.screens.queue import QueueScreen
from deskcheck.ui.widgets.status_line import StatusLine
from deskcheck.work.feeds import add_feed
from tests.test_feeds import FAST, ConditionalFeed, item, rss
from tests.ui.conftest import fixed_clock, press, settle, type_text, until


def unread_cells(app) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [str(table.get_cell_at((row, 1))) for row in range(table.row_count)]


async def test_a_feed_refreshes_in_the_desk_and_the_feeds_view_counts_what_is_new(
    sample_path: Path, make_app, httpserver: HTTPServer
) -> None:
    served = ConditionalFeed(rss(item(1, "The minister resigned", "Said on radio.")))
    httpserver.expect_request("/wire.xml").respond_with_handler(served)
    with Desk.open(sample_path, reviewer="tester", clock=fixed_clock) as desk:
        feed_id = add_feed(desk, httpserver.url_for("/wire.xml"), tags=["wire"], allow_private=True)
    app = make_app(sample_path, fetch_limits=FAST)
    async with app.run_test(size=(120, 40)) as pilot:
        # due at once: the open desk refreshes it in the background
        await until(pilot, lambda: served.statuses == [200], what="the first refresh")
        await settle(pilot)
        await press(pilot, "F")
        assert isinstance(app.screen, FeedsScreen)
        await until(pilot, lambda: unread_cells(app) == ["1"], what="1 unread")
        await press(pilot, "enter")  # read it: the queue shows the feed's one claim
        assert isinstance(app.screen, QueueScreen)
        await until(pilot, lambda: app.screen.total == 1, what="the feed's claim")
        status = str(app.screen.query_one(StatusLine).render())
        assert "feed “Wire desk”" in status  # the feed by its title, not its number

        await press(pilot, "escape", "F")
        await until(pilot, lambda: unread_cells(app) == ["0"], what="nothing unread")
        await press(pilot, "r")
        await until(pilot, lambda: served.statuses == [200, 304], what="the 304")

        served.body = rss(
            item(
                3,
                "Dam closed until Monday",
                "<p>Closed <b>until</b> Monday,<br>police say.</p>",
                ("Transport", "Region"),
            ),
            item(2, "Port strike called off", "Union and owners agreed.", ("Labour",)),
            item(1, "The minister resigned", "Said on radio."),
        )
        await press(pilot, "r")
        await until(pilot, lambda: served.statuses == [200, 304, 200], what="the new items")
        await until(pilot, lambda: unread_cells(app) == ["2"], what="2 unread in the feeds view")

        await press(pilot, "enter")
        await until(pilot, lambda: app.screen.total == 3, what="the feed's three claims")
        await press(pilot, "g", "enter")  # newest arrivals on top
        screen = app.screen
        assert isinstance(screen, ClaimDeskScreen)
        header = str(screen.query_one("#claim-header").render())
        assert "Dam closed until Monday" in header
        assert (
            "Closed until Monday,\npolice say." in header
        )  # the description, as a browser shows it
        assert "tags Region, Transport, wire" in header
    with Desk.open(sample_path, reviewer="tester") as desk:
        feed = desk.subscription(feed_id)
        assert (feed.claims, feed.unread) == (3, 0)
    assert verify_desk(sample_path).ok


async def test_the_feeds_view_shows_an_error_and_hostile_titles_as_written(
    sample_path: Path, make_app, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/gone").respond_with_data("gone", status=410)
    with Desk.open(sample_path, reviewer="tester", clock=fixed_clock) as desk:
        add_feed(
            desk,
            httpserver.url_for("/gone"),
            allow_private=True,
            title="[bold red]Wire[/] \x1b[2J\u202e",
        )
    app = make_app(sample_path, fetch_limits=FAST)
    async with app.run_test(size=(80, 24)) as pilot:
        await until(pilot, lambda: len(httpserver.log) == 1, what="the refresh")
        await settle(pilot)
        await press(pilot, "F")
        table = app.screen.query_one(DataTable)
        await until(pilot, lambda: "HTTP 410" in str(table.get_cell_at((0, 3))), what="error")
        name = str(table.get_cell_at((0, 0)))
        assert name.startswith("[bold red]Wire[/] ␛[2J⟨RLO")


async def test_subscribe_from_the_feeds_view(
    sample_path: Path, make_app, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/new.xml").respond_with_data(
        rss(item(1, "A first item")), content_type="application/rss+xml"
    )
    app = make_app(sample_path, fetch_limits=FAST)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "F", "a")
        await type_text(pilot, "javascript:alert(1)")
        await press(pilot, "ctrl+s")
        await until(
            pilot,
            lambda: any("Not subscribed" in str(n.message) for n in app._notifications),
            what="the refusal",
        )
        await press(pilot, "a")
        await type_text(pilot, httpserver.url_for("/new.xml"))
        await press(pilot, "ctrl+s")  # a private address (127.0.0.1), not allowed: refused
        await until(
            pilot,
            lambda: any("private address" in str(n.message) for n in app._notifications),
            what="the private address refused",
        )
        await press(pilot, "a")
        await type_text(pilot, httpserver.url_for("/new.xml"))
        form = app.screen
        form.query_one("#private", Select).value = "yes"
        await press(pilot, "ctrl+s")
        await until(pilot, lambda: unread_cells(app) == ["1"], what="the new feed, refreshed")
    assert len(httpserver.log) == 1


LONG_ERROR = (
    "could not connect: the server at gone.example closed the connection before answering"
    " [b]twice[/b] \x1b[31m (retried after 30 s)"
)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_highlighted_feed_shows_its_interval_refresh_and_whole_error(
    sample_path: Path, make_app, size: tuple[int, int]
) -> None:
    with Desk.open(sample_path, reviewer="tester", clock=fixed_clock) as desk:
        wire = desk.add_subscription("https://wire.example/rss", every_minutes=30)
        desk.record_refresh(wire, status=200, error=None, title="Regional wire")
        gone = desk.add_subscription("https://gone.example/feed.xml", every_minutes=120)
        desk.record_refresh(gone, status=None, error=LONG_ERROR)
    app = make_app(sample_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "F")
        detail = app.screen.query_one("#feed-detail")
        table = app.screen.query_one(DataTable)
        rows = [str(table.get_cell_at((r, 0))) for r in range(table.row_count)]
        await press(pilot, *["down"] * rows.index("https://gone.example/feed.xml"))
        shown = " ".join(str(detail.render()).split())
        assert "every 120 min" in shown
        assert "last refresh 2026-11-26 12:00" in shown
        assert "before answering [b]twice[/b]" in shown and "(retried after 30 s)" in shown
        assert "\x1b" not in shown
        assert app.screen.region.contains_region(detail.region)
        await press(pilot, "up")
        assert "every 30 min" in " ".join(str(detail.render()).split())
