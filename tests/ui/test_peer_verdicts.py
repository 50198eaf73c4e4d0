"""A verdict decided on another desk and merged here is marked in the queue (⇄) and named in
the preview, so it never reads as this desk's own finding (show, the claim desk's history
and the published page say "from <peer desk>" too)."""

from __future__ import annotations

from pathlib import Path

import pytest

from deskcheck.data import Desk
from deskcheck.data.bundle import export_bundle
from deskcheck.data.bundle_merge import Origin, merge
from deskcheck.ui.widgets.claim_table import FROM_PEER, ClaimTable
from tests.ui.conftest import settle, until

FERRY = "The harbour ferry will stop running every Sunday from March"
OWN = "The harbour bridge will close for repairs in May"
PEER_DESK = "porto-desk [b]x[/b]"  # a peer's name is outside text


def desks(tmp_path: Path) -> Path:
    with Desk.open(tmp_path / "peer.db", reviewer="mara", create=True) as peer:
        claim = peer.add_claim(FERRY)
        peer.decide(claim, "false", "The timetable says otherwise.")
        bundle = export_bundle(peer)
    target = tmp_path / "zoe.db"
    with Desk.open(target, reviewer="zoe", create=True) as desk:
        desk.add_reviewer("mara", "Mara")
        own = desk.add_claim(OWN)
        desk.decide(own, "verified", "The council's notice says so.")
        desk.add_claim(FERRY)
        merge(desk, bundle, Origin(PEER_DESK, "SHA256:testkeyfingerprint"))
    return target


def row_text(table: ClaimTable, claim_text: str) -> str:
    for index in range(table.total):
        row = table.row_at(index)
        if row is not None and row.text == claim_text:
            return "".join(s.text for s in table.render_line(index - table.scroll_offset.y))
    raise AssertionError(f"no row for {claim_text!r}")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
async def test_a_verdict_from_another_desk_is_marked_and_named(
    tmp_path: Path, make_app, size: tuple[int, int]
) -> None:
    app = make_app(desks(tmp_path), "zoe")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ClaimTable)
        assert FROM_PEER in row_text(table, FERRY)
        assert FROM_PEER not in row_text(table, OWN)
        while table.current is not None and table.current.text != FERRY:
            await pilot.press("j")
        preview = app.screen.query_one("#preview-text")
        shown = await until(
            pilot,
            lambda: "merged here" in str(preview.render()) and str(preview.render()),
            what="the preview of the merged claim",
        )
        assert f"{FROM_PEER} verdict false from {PEER_DESK}" in shown
