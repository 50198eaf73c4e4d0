"""Hostile text on the new paths: a feed item's context under the claim, and an edited
custody hop in the claim's history: shown as written, never as markup or escape sequences."""

from __future__ import annotations

from pathlib import Path

from deskcheck.data import Desk
from deskcheck.ingest.pipeline import Source
from deskcheck.ingest.pipeline import ingest as ingest_source
from deskcheck.ui.dialogs.claim_history import ClaimHistoryScreen
from tests.ui.conftest import press, settle, until
from tests.ui.test_claim_desk_screen import open_claim, text_of

HOSTILE = "[@click=app.quit]Quit[/] \x1b]8;;https://evil.example\x07link\x1b]8;;\x07 \u202eevil"


async def test_hostile_context_and_history_are_shown_as_written(
    sample_path: Path, make_app
) -> None:
    body = (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item>'
        "<title>A plain claim</title><guid>x-1</guid>"
        f"<description><![CDATA[{HOSTILE}]]></description></item></channel></rss>"
    ).encode()
    with Desk.open(sample_path, reviewer="tester") as desk:
        url = "https://wire.example/rss"
        report = ingest_source(desk, url, fetched=Source(url, body, "application/rss+xml", url))
        claim_id = report.counts.new_claims[0]
        hop = desk.claim(claim_id).custody[0]
        desk.edit_hop(hop.id, actor=HOSTILE)
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_claim(pilot, claim_id)
        header = text_of(screen, "#claim-header")
        assert "[@click=app.quit]Quit[/]" in header and "⟨RLO⟩evil" in header
        assert "\x1b" not in header and "␛]8;;https://evil.example" in header
        await press(pilot, "L")
        await until(pilot, lambda: isinstance(app.screen, ClaimHistoryScreen), what="history")
        lines = str(app.screen.query_one("#history-lines").render())
        assert "actor: Wire → [@click=app.quit]Quit[/]" in lines and "\x1b" not in lines
        await settle(pilot)
        assert app.is_running  # the markup's quit action was shown, never run
