"""A search says why each claim matched: FTS5's snippet under the queue, the match marked,
outside text made visible (an escape sequence in a page is shown, never obeyed)."""

from __future__ import annotations

from pathlib import Path

from deskcheck.data import Desk
from tests.ui.conftest import press, settle, type_text


async def test_the_snippet_shows_where_a_searched_claim_matched(
    sample_path: Path, make_app
) -> None:
    with Desk.open(sample_path, reviewer="check") as desk:
        claim_id = desk.add_claim("The ferry timetable changes in spring")
        evidence_id = desk.add_evidence(claim_id, "Harbour office notice")
        desk.add_snapshot(
            evidence_id,
            fetched_at="2026-11-26T11:00:00Z",
            http_status=200,
            title="Notice",
            text="Crossings stop \x1b]8;;http://evil\x07 at the zanderquay pier \u202e from May.",
        )
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        await type_text(pilot, "zanderquay")
        await press(pilot, "enter")
        await settle(pilot)
        snippet = app.screen.query_one("#snippet")
        assert snippet.display
        shown = str(snippet.render())
        assert shown.startswith("matched in a snapshot: ")
        assert "zanderquay pier" in shown
        assert "\x1b" not in shown and "\x07" not in shown and "\u202e" not in shown
        await press(pilot, "escape")  # no search: no snippet
        assert not snippet.display


async def test_memo_finds_the_worked_case_and_says_where_at_80x24(
    sample_path: Path, make_app
) -> None:
    """Issue #24: "memo" is in claim 1's evidence wanted, a trigger and the decision, not in
    its text or evidence titles; the search finds it and the line says where."""
    app = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        await type_text(pilot, "memo")
        await press(pilot, "enter")
        await settle(pilot)
        from deskcheck.ui.widgets.claim_table import ClaimTable

        table = app.screen.query_one(ClaimTable)
        assert table.current is not None and table.current.id == 1
        snippet = app.screen.query_one("#snippet")
        assert snippet.display
        shown = str(snippet.render())
        assert shown.startswith("matched in evidence wanted: ")
        assert "memo" in shown and "also in a decision, a trigger" in shown


async def test_a_search_of_only_quotes_shows_an_empty_queue_not_an_error(
    sample_path: Path, make_app
) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        await type_text(pilot, '"')
        await press(pilot, "enter")
        await settle(pilot)
        from deskcheck.ui.widgets.claim_table import ClaimTable

        assert app.screen.query_one(ClaimTable).current is None
        assert "failed" not in str(app.screen.query_one("#status").render())


async def test_a_hit_in_a_hostile_comment_is_shown_as_written(sample_path: Path, make_app) -> None:
    with Desk.open(sample_path, reviewer="check") as desk:
        desk.add_comment(2, "[b]quillmarsh[/b] said \x1b[31mno\x1b[0m \u202eright")
    app = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "slash")
        await type_text(pilot, "quillmarsh")
        await press(pilot, "enter")
        await settle(pilot)
        shown = str(app.screen.query_one("#snippet").render())
        assert shown.startswith("matched in a comment: [b]quillmarsh[/b] said")
        assert "\x1b" not in shown and "\u202e" not in shown
