"""The queue marks a claim whose source sent a later wording (Δ), and the claim desk's
evidence row says why its last fetch found no page, in words (issue #28)."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from deskcheck.data import Desk
from deskcheck.fetch.check import run_check
from deskcheck.fetch.fetcher import Fetcher
from deskcheck.fetch.limits import FetchLimits
from deskcheck.ui.screens.claim_desk import ClaimDeskScreen
from deskcheck.ui.widgets.claim_table import ClaimTable
from deskcheck.work.intake import ingest
from tests.ui.conftest import press, settle, until
from tests.ui.test_hostile_text import screen_text


def rss(path: Path, title: str) -> str:
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        f"<item><guid>wire-9</guid><title>{title}</title></item></channel></rss>",
        encoding="utf-8",
    )
    return str(path)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_queue_marks_a_claim_its_source_changed(
    tmp_path: Path, make_app, size: tuple[int, int]
) -> None:
    path = tmp_path / "desk.db"
    with Desk.open(path, reviewer="tester", create=True) as desk:
        ingest(desk, rss(tmp_path / "a.xml", "Levy rose 40%"))
        ingest(desk, rss(tmp_path / "a.xml", "Levy rose 14%"))
        desk.add_claim("Ferries halved")
    app = make_app(path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ClaimTable)
        lines = ["".join(s.text for s in table.render_line(y)) for y in range(table.total)]
    (changed,) = [line for line in lines if "Levy" in line]
    (other,) = [line for line in lines if "Ferries" in line]
    assert "Δ Levy rose 40%" in changed  # the claim keeps the words it arrived with
    assert "Δ" not in other


async def test_the_evidence_row_says_could_not_connect(tmp_path: Path, make_app) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    path = tmp_path / "desk.db"
    with Desk.open(path, reviewer="tester", create=True) as desk:
        claim = desk.add_claim("The ferry timetable was cut")
        desk.add_interpretation(claim, "Cut", "The timetable has fewer crossings")
        desk.add_evidence(claim, "Operator notice", url=f"http://127.0.0.1:{port}/n")
        with Fetcher(FetchLimits(allow_private=True, attempts=1)) as fetcher:
            run_check(desk, fetcher)
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        await until(pilot, lambda: isinstance(app.screen, ClaimDeskScreen), what="claim desk")
        await settle(pilot)
        shown = screen_text(app)
    assert "✗could not connect" in shown and "Operator notice" in shown
