"""Ingest and link checks from the desk: progress, results in the queue and on the claim."""

from __future__ import annotations

from pathlib import Path

from pytest_httpserver import HTTPServer

from deskcheck.data import Desk
from deskcheck.fetch.limits import FetchLimits
from deskcheck.ui.screens.claim_desk import ClaimDeskScreen
from deskcheck.ui.screens.queue import QueueScreen
from deskcheck.ui.widgets.claim_table import ClaimTable
from tests.conftest import FIXTURES
from tests.ui.conftest import press, settle, type_text, until

LOCAL = FetchLimits(allow_private=True, attempts=1, read_timeout=3)


def page(text: str) -> str:
    return f"<html><head><title>{text}</title></head><body><main>{text}</main></body></html>"


async def test_ingest_a_feed_from_the_queue(sample_path: Path, make_app) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ClaimTable)
        await press(pilot, "I")
        await type_text(pilot, str(FIXTURES / "feeds" / "telegram_channel.html"))
        await press(pilot, "ctrl+s")
        await until(pilot, lambda: table.total == 14, what="the ingested claims in the queue")
        assert not app.screen.query_one("#work").display
        await press(pilot, "g")  # the arrivals are on top: the latest published first
        assert "Bitcoin ETF flows" in table.current.text
        await press(pilot, "j")
        assert "Amazon flagged security concerns" in table.current.text
        await press(pilot, "G")  # the oldest is still the worked case, claim 1
        assert table.current.id == 1
    with Desk.open(sample_path, reviewer="check") as desk:
        run = desk.ingest_runs()[0]
        assert (run["format"], run["new_count"], run["rejected_count"]) == ("telegram", 2, 1)


async def test_a_link_check_shows_changed_evidence_and_a_fired_trigger(
    sample_path: Path, make_app, httpserver: HTTPServer
) -> None:
    with Desk.open(sample_path, reviewer="mara") as desk:
        desk.set_setting("allow_private_addresses", True)  # the test server is on 127.0.0.1
        desk.db.execute("UPDATE evidence SET url = NULL")  # the sample's URLs are on the internet
        desk.db.execute("UPDATE revision_triggers SET url = NULL")
        evidence = desk.add_evidence(12, "Port tariff page", url=httpserver.url_for("/tariff"))
        desk.add_trigger(12, "The port publishes its 2027 tariff", url=httpserver.url_for("/2027"))
    httpserver.expect_request("/tariff").respond_with_data(
        page("Fee 100"), content_type="text/html"
    )
    httpserver.expect_request("/2027").respond_with_data("not yet", status=404)
    app = make_app(sample_path, fetch_limits=LOCAL)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "C")
        await until(
            pilot,
            lambda: not app.screen.query_one("#work").display,
            what="the first link check to finish",
        )
        httpserver.clear()
        httpserver.expect_request("/tariff").respond_with_data(
            page("Fee 200"), content_type="text/html"
        )
        httpserver.expect_request("/2027").respond_with_data(
            page("Tariff 2027"), content_type="text/html"
        )
        await press(pilot, "C")
        await until(
            pilot,
            lambda: not app.screen.query_one("#work").display,
            what="the second link check to finish",
        )
        table = app.screen.query_one(ClaimTable)
        await press(pilot, "g")
        row = table.current
        assert (row.id, row.link_trouble, row.fired_triggers, row.status) == (
            12,
            1,
            1,
            "revision_due",
        )
        await press(pilot, "enter")
        screen = app.screen
        assert isinstance(screen, ClaimDeskScreen)
        await press(pilot, "j", "j")
        assert "changed since an earlier snapshot" in str(screen.query_one("#detail").render())
        triggers = str(screen.query_one("#triggers").render())
        assert "[fired] The port publishes its 2027 tariff" in triggers
        assert "the watched page appeared (HTTP 404, now HTTP 200)" in triggers
    with Desk.open(sample_path, reviewer="check") as desk:
        item = next(e for e in desk.claim(12).evidence if e.id == evidence)
        assert [s.text for s in item.snapshots] == ["Fee 100", "Fee 200"]


async def test_escape_stops_a_long_ingest_and_keeps_what_finished(
    sample_path: Path, make_app, tmp_path: Path
) -> None:
    lines = "\n".join(
        f'{{"text": "Bulk claim number {n}", "id": "bulk-{n}"}}' for n in range(40_000)
    )
    source = tmp_path / "bulk.jsonl"
    source.write_text(lines + "\n")
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "I")
        await type_text(pilot, str(source))
        await pilot.press("ctrl+s")
        await until(
            pilot,
            lambda: app.screen.query_one("#work").display,
            seconds=5,
            what="the ingest's progress bar",
        )
        await pilot.press("escape")
        await until(
            pilot,
            lambda: not app.screen.query_one("#work").display,
            what="the ingest to stop after escape",
        )
        assert isinstance(app.screen, QueueScreen)
    with Desk.open(sample_path, reviewer="check") as desk:
        run = desk.ingest_runs()[0]
        taken = run["new_count"]
        assert desk.queue_count() == 12 + taken
        assert taken % 500 == 0  # whole batches only
        assert taken < 40_000  # it did stop
        assert "cancelled after" in run["error"]
