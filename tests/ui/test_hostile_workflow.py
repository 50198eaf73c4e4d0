"""Hostile text on the new paths: a feed item's context under the claim, and an edited
custody hop in the claim's history: shown as written, never as markup or escape sequences."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import TextArea

from deskcheck.data import Desk
from deskcheck.data.matching import Match
from deskcheck.domain.claim_terms import claim_words
from deskcheck.domain.likeness import likeness
from deskcheck.ingest.pipeline import Source
from deskcheck.ingest.pipeline import ingest as ingest_source
from deskcheck.ui.dialogs.claim_history import ClaimHistoryScreen
from deskcheck.ui.dialogs.decision import DecisionScreen
from deskcheck.ui.widgets.similar_claims import SimilarClaims, match_lines
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


async def test_a_hostile_published_check_is_offered_visibly_when_linked_as_a_repeat(
    sample_path: Path, make_app, tmp_path: Path
) -> None:
    """A published fact-check whose publisher and rating hold an OSC 8 link, a bidi override
    and markup: before, `=` put them raw into the decision's rationale, where the reviewer
    could not see them and would record them as the desk's own words."""
    with Desk.open(sample_path, reviewer="tester") as desk:
        claim_text = desk.claim(1).text
    answer = {
        "claims": [
            {
                "text": claim_text,
                "claimReview": [
                    {
                        "publisher": {"name": f"Checker {HOSTILE}"},
                        "textualRating": f"False \x9b31m{HOSTILE}",
                        "url": "https://checker.example/1",
                    }
                ],
            }
        ]
    }
    saved = tmp_path / "claims-search.json"
    saved.write_text(json.dumps(answer), encoding="utf-8")
    with Desk.open(sample_path, reviewer="tester") as desk:
        report = ingest_source(desk, str(saved))
        assert report.error is None and report.counts.new == 1, report.summary()
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_claim(pilot, 1)
        await until(pilot, lambda: bool(screen.repeats.matches), what="the matches")
        assert screen.repeats.matches[0].kind == "published"
        pane = str(screen.query_one(SimilarClaims).render())
        assert "\x1b" not in pane and "\u202e" not in pane and "⟨RLO⟩" in pane
        await press(pilot, "=", "enter")  # the one match, confirmed
        await until(pilot, lambda: isinstance(app.screen, DecisionScreen), what="decision form")
        offered = app.screen.query_one("#rationale", TextArea).text
        assert "Checker" in offered and "https://checker.example/1" in offered
        for raw in ("\x1b", "\x07", "\x9b", "\u202e"):
            assert raw not in offered, (raw, offered)
        assert "⟨RLO⟩evil" in offered and "[@click=app.quit]Quit[/]" in offered
        await press(pilot, "escape")
        await settle(pilot)
        assert app.is_running


def test_why_a_claim_matched_is_shown_with_its_hidden_letters_visible() -> None:
    """The reason names the claims' own words: a blank Hangul letter inside a name (NFKC
    folds U+3164 to U+1160) reached the "already checked?" pane as an invisible gap."""
    new = claim_words("Mayor Kess\u3164ford closed the harbour bridge in June")
    old = claim_words("Mayor Tomas closed the harbour bridge in June")
    how = likeness(new, old)
    assert "\u1160" in how.differs[0][0]  # the names differ: said in the claim's words
    match = Match(
        "claim",
        3,
        how.score,
        how.reason,
        "Mayor Tomas closed the harbour bridge",
        None,
        None,
        differs=how.differs,
    )
    shown = "\n".join(line.plain for line in match_lines([match], set()))
    assert "\u1160" not in shown and "⟨HANGUL JUNGSEONG FILLER⟩" in shown
