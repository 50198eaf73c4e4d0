"""The look of what feeds bring: the feeds view and a claim that arrived with its context,
at 120×40 and 80×24 (pytest --snapshot-update, after looking)."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from deskcheck.data import Desk
from deskcheck.ingest.pipeline import Source
from deskcheck.ingest.pipeline import ingest as ingest_source
from deskcheck.work.feeds import _rules
from tests.test_feeds import item, rss
from tests.ui.conftest import fixed_clock, press, settle

SIZES = [(120, 40), (80, 24)]


@pytest.fixture
def feed_desk(sample_path: Path) -> Path:
    """The sample desk with two feeds: one that brought two claims, one that fails."""
    with Desk.open(sample_path, reviewer="tester", clock=fixed_clock) as desk:
        wire = desk.add_subscription("https://wire.example/rss", tags=("wire",), every_minutes=30)
        body = rss(
            item(
                2,
                "Dam closed until Monday",
                "<p>Closed <b>until</b> Monday,<br>police say.</p>",
                ("Transport",),
            ),
            item(
                1, "Port strike called off", "Union and owners agreed on Sunday night.", ("Labour",)
            ),
            title="Regional wire",
        )
        url = "https://wire.example/rss"
        ingest_source(
            desk,
            url,
            fetched=Source(url, body, "application/rss+xml", url),
            rules=_rules(desk.subscription(wire)),
        )
        desk.record_refresh(wire, status=200, error=None, etag='"v1"', title="Regional wire")
        gone = desk.add_subscription("https://gone.example/feed.xml", every_minutes=120)
        desk.record_refresh(gone, status=410, error="HTTP 410")
    return sample_path


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_feeds_view(snap_compare, feed_desk: Path, make_app, size) -> None:
    async def open_feeds(pilot: Pilot) -> None:
        await settle(pilot)
        await press(pilot, "F")

    assert snap_compare(make_app(feed_desk), terminal_size=size, run_before=open_feeds)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_a_claim_with_its_context(snap_compare, feed_desk: Path, make_app, size) -> None:
    async def open_arrival(pilot: Pilot) -> None:
        await settle(pilot)
        await press(pilot, "g", "enter")

    assert snap_compare(make_app(feed_desk), terminal_size=size, run_before=open_arrival)
