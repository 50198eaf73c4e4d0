"""Already checked? An ingested rewording of claim 1 shows claim 1 as its top match on the
claim desk; R links it as a repeat, offers claim 1's decision, and the queue marks it."""

from __future__ import annotations

import json
from pathlib import Path

from deskcheck.data import Desk
from deskcheck.domain.models import PublishedCheck
from deskcheck.ui.dialogs.decision import DecisionScreen
from deskcheck.ui.dialogs.repeat_choice import RepeatChoiceScreen
from deskcheck.ui.screens.claim_desk import ClaimDeskScreen
from deskcheck.ui.screens.queue import QueueScreen
from deskcheck.ui.widgets.claim_table import ClaimTable
from deskcheck.ui.widgets.similar_claims import SimilarClaims
from tests.ui.conftest import press, settle, type_text, until

REWORDED = (
    "Shortly before Washington limited foreign access to frontier AI systems, Amazon raised"
    " security concerns about Anthropic's newest AI models"
)


def feed(tmp_path: Path) -> Path:
    items = [
        {
            "text": "The harbour will close for repairs all of next week",
            "id": "a-1",
            "published": "2026-11-26T09:00:00Z",
        },
        {"text": REWORDED, "id": "a-2", "published": "2026-11-26T10:00:00Z"},
    ]
    path = tmp_path / "wire.jsonl"
    path.write_text("".join(json.dumps(item) + "\n" for item in items), encoding="utf-8")
    return path


async def test_a_reworded_claim_is_linked_as_a_repeat_of_claim_1(
    sample_path: Path, make_app, tmp_path: Path
) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ClaimTable)
        before = table.total
        await press(pilot, "I")
        await type_text(pilot, str(feed(tmp_path)))
        await press(pilot, "ctrl+s")
        await until(pilot, lambda: table.total == before + 2, what="the two new claims")
        await settle(pilot)
        await press(pilot, "g")
        await until(
            pilot,
            lambda: table.current is not None and table.current.text == REWORDED,
            what="the rewording at the top of the queue (newest first)",
        )
        await press(pilot, "enter")
        await until(pilot, lambda: isinstance(app.screen, ClaimDeskScreen), what="claim desk")
        desk_screen = app.screen
        await until(pilot, lambda: bool(desk_screen.repeats.matches), what="the matches")
        top = desk_screen.repeats.matches[0]
        assert (top.kind, top.id) == ("claim", 1) and top.likely
        pane = desk_screen.query_one(SimilarClaims)
        assert pane.display and "claim 1" in str(pane.render())
        await press(pilot, "=")  # asked first, even for one match: the top one is offered
        await until(pilot, lambda: isinstance(app.screen, RepeatChoiceScreen), what="the choice")
        await press(pilot, "escape")  # not confirmed: nothing is linked
        await until(pilot, lambda: app.screen is desk_screen, what="back on the claim desk")
        with Desk.open(sample_path, reviewer="check") as desk:
            assert desk.db.execute("SELECT count(*) FROM claim_repeats").fetchone()[0] == 0
        await press(pilot, "=")
        await until(pilot, lambda: isinstance(app.screen, RepeatChoiceScreen), what="the choice")
        await press(pilot, "enter")
        await until(
            pilot, lambda: isinstance(app.screen, DecisionScreen), what="the offered decision"
        )
        offered = app.screen.query_one("#rationale").text
        with Desk.open(sample_path, reviewer="check") as desk:
            earlier = desk.claim(1).latest_decision
            assert earlier is not None and offered == earlier.rationale
        await press(pilot, "escape")  # the offer is declined: nothing is decided
        await press(pilot, "escape")
        await until(pilot, lambda: isinstance(app.screen, QueueScreen), what="the queue")
        table = app.screen.query_one(ClaimTable)
        await until(
            pilot,
            lambda: table.current is not None and table.current.repeat_of == 1,
            what="the queue marking the repeat",
        )
        line = table.render_line(table.cursor - int(table.scroll_offset.y))
        assert "↺1" in "".join(segment.text for segment in line)
    with Desk.open(sample_path, reviewer="check") as desk:
        rows = desk.db.execute("SELECT claim_id, repeat_of_claim_id FROM claim_repeats").fetchall()
        assert [r[1] for r in rows] == [1]
        claim = desk.claim(rows[0][0])
        assert claim.text == REWORDED and claim.latest_decision is None  # nothing copied
        run = desk.ingest_runs()[0]
        assert run["new_count"] == 2


async def test_hostile_text_in_a_match_is_shown_as_text(sample_path: Path, make_app) -> None:
    hostile = (
        "[bold red]Ministers[/] resign \x1b]8;;https://evil.example\x07over\x1b]8;;\x07"
        " the \u202eflood report"
    )
    with Desk.open(sample_path, reviewer="mara") as desk:
        desk.add_claim(hostile, received_at="2026-11-25T10:00:00Z")
        desk.add_claim("Ministers resign over the flood report", received_at="2026-11-26T11:00:00Z")
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "g", "enter")
        await until(pilot, lambda: isinstance(app.screen, ClaimDeskScreen), what="claim desk")
        desk_screen = app.screen
        await until(pilot, lambda: bool(desk_screen.repeats.matches), what="the matches")
        shown = str(desk_screen.query_one(SimilarClaims).render())
        assert "[bold red]" in shown  # markup is shown as written, not applied
        assert "\x1b" not in shown and "\u202e" not in shown and "\x07" not in shown


async def test_equals_lets_the_reviewer_choose_which_match_and_links_each_once(
    sample_path: Path, make_app
) -> None:
    """With an earlier claim and a published fact-check both like the claim, `=` asks which
    one it repeats (the second, a published check, was out of reach before: `=` linked only
    the top match), and a match already linked is named as such, not recorded again."""
    with Desk.open(sample_path, reviewer="mara") as desk:
        desk.add_published(
            "feed.json",
            # a word added, not swapped: "newest" for "latest" alone would be named as a
            # difference (matching cannot tell a synonym from another word)
            [
                PublishedCheck(
                    REWORDED.replace("Amazon raised", "Amazon reportedly raised"),
                    "Nordic Check",
                    "False",
                )
            ],
        )
        desk.add_claim(REWORDED, received_at="2026-11-29T10:00:00Z")
    app = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "g", "enter")
        await until(pilot, lambda: isinstance(app.screen, ClaimDeskScreen), what="claim desk")
        desk_screen = app.screen
        await until(pilot, lambda: len(desk_screen.repeats.matches) >= 2, what="two matches")
        kinds = [m.kind for m in desk_screen.repeats.matches]
        second = kinds.index("published") if kinds[0] == "claim" else kinds.index("claim")
        await press(pilot, "=")
        await until(pilot, lambda: isinstance(app.screen, RepeatChoiceScreen), what="the choice")
        await press(pilot, *["down"] * second, "enter")
        await until(
            pilot, lambda: isinstance(app.screen, DecisionScreen), what="the offered decision"
        )
        await press(pilot, "escape")
        await until(pilot, lambda: app.screen is desk_screen, what="back on the claim desk")
        chosen = desk_screen.repeats.matches[second]
        await until(
            pilot,
            lambda: (chosen.kind, chosen.id) in desk_screen.repeats.linked,
            what="the link shown",
        )
        await press(pilot, "=")
        await until(pilot, lambda: isinstance(app.screen, RepeatChoiceScreen), what="the choice")
        choices = app.screen.query_one("#repeat-choice")
        assert choices.highlighted != second  # the first not yet linked is offered
        await press(pilot, "home", *["down"] * second, "enter")  # the linked one again
        await until(pilot, lambda: app.screen is desk_screen, what="back on the claim desk")
        await until(
            pilot,
            lambda: any("Already linked" in n.message for n in app._notifications),
            what="the notice that it is linked already",
        )
    with Desk.open(sample_path, reviewer="check") as desk:
        rows = desk.db.execute(
            "SELECT repeat_of_claim_id, repeat_of_published_id FROM claim_repeats"
        ).fetchall()
    assert len(rows) == 1
    assert rows[0] == ((chosen.id, None) if chosen.kind == "claim" else (None, chosen.id))


async def test_a_claim_that_says_something_else_is_named_so_and_offers_no_verdict(
    sample_path: Path, make_app
) -> None:
    """Claim 2 says the council voted to *stop* accepting cash; a new claim says *keep*. The
    pane says the match is similar but says something else and what differs, in words; `=`
    shows the same in the choice, and linking it offers no earlier verdict to start from."""
    near = "Kessford city council has voted to keep accepting cash on its buses from 1 September."
    with Desk.open(sample_path, reviewer="mara") as desk:
        desk.add_claim(near, received_at="2026-11-29T10:00:00Z")
    app = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "g", "enter")
        await until(pilot, lambda: isinstance(app.screen, ClaimDeskScreen), what="claim desk")
        desk_screen = app.screen
        await until(pilot, lambda: bool(desk_screen.repeats.matches), what="the matches")
        top = desk_screen.repeats.matches[0]
        assert (top.kind, top.id) == ("claim", 2) and not top.likely
        shown = str(desk_screen.query_one(SimilarClaims).render())
        assert "similar, but says something else" in shown
        assert "differs: keep ≠ stop" in shown
        await press(pilot, "=")
        await until(pilot, lambda: isinstance(app.screen, RepeatChoiceScreen), what="the choice")
        choices = app.screen.query_one("#repeat-choice")
        first = str(choices.get_option_at_index(0).prompt)
        assert "similar, but says something else" in first and "keep ≠ stop" in first
        await press(pilot, "home", "enter")
        await until(pilot, lambda: app.screen is desk_screen, what="back on the claim desk")
        await until(
            pilot,
            lambda: any("it says something else" in n.message for n in app._notifications),
            what="the notice of the link",
        )
        await settle(pilot)
        assert not isinstance(app.screen, DecisionScreen)  # claim 2's verdict is not offered
    with Desk.open(sample_path, reviewer="check") as desk:
        reason = desk.db.execute("SELECT reason FROM claim_repeats").fetchone()[0]
    assert reason.startswith("differs: keep ≠ stop")


async def test_the_sample_desk_shows_a_repeat_and_a_near_miss_as_it_comes(
    sample_path: Path, make_app
) -> None:
    """A new user opens the sample desk and sees the feature without loading anything: claim
    12 has a published fact-check that says the same (probably already checked; `=` offers
    it); claim 7 has one that shares nearly every word and says the opposite, named so."""
    from tests.ui.test_claim_desk_screen import open_claim

    app = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        desk_screen = await open_claim(pilot, 12)
        await until(pilot, lambda: bool(desk_screen.repeats.matches), what="claim 12's matches")
        top = desk_screen.repeats.matches[0]
        assert top.kind == "published" and top.likely
        shown = str(desk_screen.query_one(SimilarClaims).render())
        assert "Harbour Facts" in shown and "Misleading" in shown
        await press(pilot, "escape")
        await until(pilot, lambda: isinstance(app.screen, QueueScreen), what="the queue")
        desk_screen = await open_claim(pilot, 7)
        await until(pilot, lambda: bool(desk_screen.repeats.matches), what="claim 7's matches")
        top = desk_screen.repeats.matches[0]
        assert top.kind == "published" and not top.likely
        shown = str(desk_screen.query_one(SimilarClaims).render())
        assert "similar, but says something else" in shown and "cut ≠ create" in shown
