"""The claim desk on the worked case: reading it, and recording with the keyboard alone."""

from __future__ import annotations

import threading
from pathlib import Path

from pytest_httpserver import HTTPServer
from textual.widgets import Input
from werkzeug import Request, Response

from deskcheck.data import Desk
from deskcheck.fetch.limits import FetchLimits
from deskcheck.ui.dialogs.decision import DecisionScreen
from deskcheck.ui.dialogs.forms import InterpretationScreen
from deskcheck.ui.screens.claim_desk import ClaimDeskScreen
from deskcheck.ui.screens.queue import QueueScreen
from deskcheck.ui.widgets.evidence_marks import MarkList
from tests.ui.conftest import press, settle, type_text, until


async def open_claim(pilot, claim_id: int) -> ClaimDeskScreen:
    """From the queue, move to the claim with the keyboard and open it."""
    await settle(pilot)
    await press(pilot, "g")
    table = pilot.app.screen.query_one("ClaimTable")
    for _ in range(table.total):
        if table.current.id == claim_id:
            break
        await pilot.press("j")  # the rows are loaded: the cursor moves as the key is handled
    assert table.current.id == claim_id, f"claim {claim_id} is not in the queue"
    await press(pilot, "enter")
    screen = pilot.app.screen
    assert isinstance(screen, ClaimDeskScreen)
    return screen


def text_of(screen: ClaimDeskScreen, selector: str) -> str:
    return str(screen.query_one(selector).render())


def column_texts(screen: ClaimDeskScreen) -> list[str]:
    """Each interpretation as a column would show it: its line in the list, then each item
    with its mark against it (read from the evidence list's columns of marks)."""
    listed = text_of(screen, "#interpretation-list").splitlines()[1:]
    options = screen.query_one(MarkList)
    rows = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    count = len(listed)
    return [
        line + "\n" + "\n".join(row[3 * n : 3 * n + 3] + row[3 * count :] for row in rows)
        for n, line in enumerate(listed)
    ]


async def test_claim_one_shows_both_readings_side_by_side(sample_path: Path, make_app) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_claim(pilot, 1)
        header = text_of(screen, "#claim-header")
        assert "Amazon raised security concerns" in header
        assert "⚠ no primary source" in header
        custody = text_of(screen, "#custody")
        assert "Unnamed sources (anonymous) F6" in custody
        assert "Cointelegraph Telegram channel (social) C3" in custody
        heavier, procedural = column_texts(screen)
        assert "Heavier reading" in heavier and "Procedural reading" in procedural
        # both on screen at once, each with its marks: one column of marks per interpretation
        assert text_of(screen, "#marks-heading").startswith("1  2  gr")
        # the BIS guidance: N against the heavier reading, C against the procedural one
        assert "N  A2 BIS policy guidance" in heavier
        assert "C  A2 BIS policy guidance" in procedural
        assert "The underlying Amazon memo" in text_of(screen, "#wanted")
        assert "lead · low" in text_of(screen, "#decisions")
        assert text_of(screen, "#triggers").count("[armed]") == 2
        detail = text_of(screen, "#detail")
        assert "Cointelegraph Telegram channel summary" in detail
        assert "No snapshot yet." in detail


async def texts_after_reopening(
    make_app, desk: Path, reviewer: str, claim_id: int, *selectors: str
) -> dict[str, str]:
    """Start the desk afresh, open the claim, and read what the given parts of it show."""
    app = make_app(desk, reviewer=reviewer)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_claim(pilot, claim_id)
        return {selector: text_of(screen, selector) for selector in selectors}


async def test_a_decision_recorded_by_keyboard_is_there_after_reopening(
    sample_path: Path, make_app
) -> None:
    app = make_app(sample_path, reviewer="ines")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_claim(pilot, 1)
        await press(pilot, "d")
        assert isinstance(app.screen, DecisionScreen)
        await press(pilot, "2", "tab")
        await type_text(pilot, "No memo after a month; still unverified")
        await press(pilot, "tab", "down")  # confidence: from medium to high
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ClaimDeskScreen)
        assert "unverified · high" in text_of(screen, "#decisions")
        await press(pilot, "escape")
        row = app.screen.query_one("ClaimTable").current
        assert (row.id, row.verdict) == (1, "unverified")  # back in the queue, row refreshed
        await press(pilot, "q", "enter")

    shown = await texts_after_reopening(make_app, sample_path, "ines", 1, "#decisions")
    assert "unverified" in shown["#decisions"]
    assert "ines" in shown["#decisions"]
    with Desk.open(sample_path, reviewer="check") as desk:
        latest = desk.claim(1).decisions[0]
        assert (latest.verdict, latest.reviewer, latest.confidence) == (
            "unverified",
            "ines",
            "high",
        )


async def test_a_revision_note_recorded_by_keyboard_is_there_after_reopening(
    sample_path: Path, make_app
) -> None:
    app = make_app(sample_path, reviewer="ines")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_claim(pilot, 1)
        await press(pilot, "r")
        await press(pilot, "tab")
        await type_text(pilot, "The wire dated the rules wrongly")
        await press(pilot, "tab")
        await type_text(pilot, "The limits were announced on 13 June")
        await press(pilot, "ctrl+s")
        assert "The limits were announced on 13 June" in text_of(screen, "#notes")
        await press(pilot, "q", "q", "enter")

    shown = await texts_after_reopening(make_app, sample_path, "ines", 1, "#notes")
    assert "The limits were announced on 13 June" in shown["#notes"]
    with Desk.open(sample_path, reviewer="check") as desk:
        assert desk.claim(1).revision_notes[0].author == "ines"


async def test_a_trigger_set_by_keyboard_is_there_after_reopening(
    sample_path: Path, make_app
) -> None:
    app = make_app(sample_path, reviewer="ines")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_claim(pilot, 1)
        await press(pilot, "t")
        await type_text(pilot, "Commerce publishes the rule text")
        await press(pilot, "tab")
        await type_text(pilot, "https://www.bis.doc.gov/rules")
        await press(pilot, "enter")
        assert "Commerce publishes the rule text" in text_of(screen, "#triggers")
        await press(pilot, "q", "q", "enter")

    shown = await texts_after_reopening(make_app, sample_path, "ines", 1, "#triggers")
    assert "Commerce publishes the rule text" in shown["#triggers"]
    with Desk.open(sample_path, reviewer="check") as desk:
        assert desk.claim(1).triggers[-1].url == "https://www.bis.doc.gov/rules"


async def test_a_decision_needs_a_verdict_and_a_rationale(sample_path: Path, make_app) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_claim(pilot, 6)
        await press(pilot, "d", "ctrl+s")
        assert isinstance(app.screen, DecisionScreen)
        assert "choose a verdict" in str(app.screen.query_one(".form-error").render())
        await press(pilot, "5", "ctrl+s")
        assert "a rationale is required" in str(app.screen.query_one(".form-error").render())
        await press(pilot, "escape")
        assert isinstance(app.screen, ClaimDeskScreen)
    with Desk.open(sample_path, reviewer="check") as desk:
        assert desk.claim(6).decisions == ()


async def test_rating_evidence_by_keyboard(sample_path: Path, make_app) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_claim(pilot, 7)
        # the second column (shift changes), second item (the half-year report), is unrated
        await press(pilot, "l", "j")
        assert "··" in column_texts(screen)[1].splitlines()[-1]
        await press(pilot, "4")  # recorded at once, no form: the next key is the next mark's
        assert column_texts(screen)[1].splitlines()[-1].startswith("I ")
        await press(pilot, "apostrophe")  # a reason for the mark just given
        await type_text(pilot, "600 positions is far from 4000 shifts")
        await press(pilot, "enter")
        assert "inconsistent — 600 positions" in text_of(screen, "#detail")
    with Desk.open(sample_path, reviewer="check") as desk:
        filing = desk.claim(7).evidence[1]
        shifts = desk.claim(7).interpretations[1]
        assert filing.mark_for(shifts.id) == "I"


async def test_i_adds_each_interpretation_as_a_column(sample_path: Path, make_app) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_claim(pilot, 6)
        await press(pilot, "i")
        await type_text(pilot, "All schools")
        await press(pilot, "tab")
        await type_text(pilot, "Every school in the valley closes on Monday")
        await press(pilot, "ctrl+s")
        await press(pilot, "i")
        await type_text(pilot, "Some schools")
        await press(pilot, "tab")
        await type_text(pilot, "Only schools without cooling close")
        await press(pilot, "ctrl+s")
        assert screen.record is not None and len(screen.record.interpretations) == 2
        listed = text_of(screen, "#interpretation-list")
        assert "1 All schools" in listed and "2 Some schools" in listed


async def test_c_adds_a_custody_hop_and_an_official_record_is_a_primary_source(
    sample_path: Path, make_app
) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_claim(pilot, 6)
        assert "no primary source" in text_of(screen, "#claim-header")
        await press(pilot, "c")
        await type_text(pilot, "Valley education office")
        await press(pilot, "tab", "enter", "up", "up", "up", "enter", "tab")  # official record
        await type_text(pilot, "https://ostry.example/closures")
        await press(pilot, "tab", "backspace", "backspace")
        await type_text(pilot, "A2")
        await press(pilot, "enter")
        assert "Valley education office" in text_of(screen, "#custody")
        assert "no primary source" not in text_of(screen, "#claim-header")


async def test_w_adds_to_the_evidence_wanted(sample_path: Path, make_app) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_claim(pilot, 6)
        await press(pilot, "w")
        await type_text(pilot, "The office's closure list")
        await press(pilot, "enter", "enter")
        assert "The office's closure list" in text_of(screen, "#wanted")


async def test_e_edits_the_focused_interpretation_and_an_unchanged_save_keeps_it(
    sample_path: Path, make_app
) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_claim(pilot, 1)
        before = column_texts(screen)
        await press(pilot, "E")  # shift+e: edit the focused column's interpretation
        assert isinstance(app.screen, InterpretationScreen)
        assert app.screen.query_one("#label", Input).value == "Heavier reading"  # filled in
        await press(pilot, "ctrl+s")  # saved unchanged
        assert app.screen is screen
        assert column_texts(screen) == before
        assert [n.message for n in app._notifications if n.severity == "error"] == []


async def test_h_l_move_between_interpretations_on_screen(sample_path: Path, make_app) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_claim(pilot, 3)
        marks = screen.query_one(MarkList)
        assert app.focused is marks
        assert screen.focus_column == 0
        await press(pilot, "l")
        assert screen.focus_column == 1
        assert "▶2 " in text_of(screen, "#interpretation-list")
        await press(pilot, "l", "l")  # no further than the last
        assert screen.focus_column == 2
        assert screen.query_one("#interpretation-text").border_title == "3 of 3"
        await press(pilot, "h")
        assert screen.focus_column == 1
        assert app.focused is marks  # the evidence keeps the keys: j/k, 1–6


async def test_next_and_previous_claim_follow_the_queue(sample_path: Path, make_app) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_claim(pilot, 2)
        await press(pilot, "right_square_bracket")
        assert screen.claim_id == 1  # newest first: claim 1 comes after claim 2
        assert "Amazon" in text_of(screen, "#claim-header")
        await press(pilot, "right_square_bracket")
        assert screen.claim_id == 1  # the end of the queue
        await press(pilot, "left_square_bracket", "left_square_bracket")
        assert screen.claim_id == 3
        await press(pilot, "q")
        assert isinstance(app.screen, QueueScreen)


async def test_edit_evidence_and_open_its_url(sample_path: Path, make_app) -> None:
    app = make_app(sample_path)
    opened: list[str] = []
    app.open_url = lambda url, new_tab=True: opened.append(url)  # no browser in tests
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_claim(pilot, 1)
        await press(pilot, "j", "o")
        assert opened == [
            "https://www.bis.doc.gov/index.php/policy-guidance/advanced-computers-and-semiconductor-manufacturing-items"
        ]
        await press(pilot, "e", "tab", "end")
        await type_text(pilot, " (checked)")
        await press(pilot, "ctrl+s")
        assert "(checked)" in text_of(screen, "#detail")


PAGE = (
    "<html><head><title>Rule text published</title></head><body><main>"
    "<p>The Commerce Department published the rule.</p></main></body></html>"
)


async def test_evidence_added_by_url_is_fetched_in_the_background(
    sample_path: Path, make_app, httpserver: HTTPServer
) -> None:
    release = threading.Event()

    def held_page(request: Request) -> Response:
        release.wait(30)  # the server answers only when the test lets it
        return Response(PAGE, content_type="text/html; charset=utf-8")

    httpserver.expect_request("/rule").respond_with_handler(held_page)
    url = httpserver.url_for("/rule")
    app = make_app(sample_path, fetch_limits=FetchLimits(allow_private=True))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_claim(pilot, 1)
        await press(pilot, "a")
        await type_text(pilot, url)
        await pilot.press("ctrl+s")
        await until(
            pilot,
            lambda: "fetching 1 URL" in text_of(screen, "#fetches"),
            what="the fetch line saying it is fetching 1 URL",
        )
        # the fetch is held open by the server, and the desk still answers keys
        # (pilot.pause, not settle: settle would wait for the held fetch worker)
        marks = screen.query_one(MarkList)
        await pilot.press("l")
        await until(
            pilot, lambda: screen.focus_column == 1, what="the second interpretation focused"
        )
        await pilot.press("j", "j")
        await until(pilot, lambda: marks.highlighted == 2, what="the third item highlighted")
        assert "BIS policy guidance" not in text_of(screen, "#detail")
        assert "fetching 1 URL" in text_of(screen, "#fetches")
        release.set()
        await until(
            pilot,
            lambda: not screen.query_one("#fetches").display,
            what="the fetch line to go once the page arrived",
        )
    with Desk.open(sample_path, reviewer="check") as desk:
        added = desk.claim(1).evidence[-1]
        assert added.url == url
        assert added.title == "Rule text published"
        assert added.link_state == "ok"
        snapshot = added.snapshots[0]
        assert snapshot.http_status == 200
        assert "published the rule" in snapshot.text
        assert snapshot.sha256 and len(snapshot.sha256) == 64


async def test_a_fetch_line_stays_with_the_claim_it_fetches_for(
    sample_path: Path, make_app, httpserver: HTTPServer
) -> None:
    """The claim desk is kept and shows one claim after another: a fetch still running for
    claim 1 is not shown on claim 2's desk, is shown again back on claim 1, and when it ends
    on another claim's desk its notice names claim 1."""
    release = threading.Event()

    def held_page(request: Request) -> Response:
        release.wait(30)
        return Response(PAGE, content_type="text/html; charset=utf-8")

    httpserver.expect_request("/rule").respond_with_handler(held_page)
    url = httpserver.url_for("/rule")
    app = make_app(sample_path, fetch_limits=FetchLimits(allow_private=True))
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            screen = await open_claim(pilot, 1)
            await press(pilot, "a")
            await type_text(pilot, url)
            await pilot.press("ctrl+s")
            fetch_line = screen.query_one("#fetches")
            await until(
                pilot,
                lambda: fetch_line.display and "fetching 1 URL" in text_of(screen, "#fetches"),
                what="the fetch line on claim 1",
            )
            await pilot.press("left_square_bracket")  # the claim before it in the queue
            await until(
                pilot,
                lambda: "Claim 2 ·" in text_of(screen, "#claim-header"),
                what="claim 2 on the claim desk",
            )
            assert not fetch_line.display, "claim 1's fetch is shown on claim 2"
            await pilot.press("q")
            await until(pilot, lambda: isinstance(app.screen, QueueScreen), what="the queue")
            await pilot.press("g", "enter")  # the newest claim, on the kept claim desk
            await until(
                pilot,
                lambda: app.screen is screen and "Claim 12 ·" in text_of(screen, "#claim-header"),
                what="claim 12 on the claim desk",
            )
            assert not fetch_line.display, "claim 1's fetch is shown on claim 12"
            await pilot.press("q")
            await until(pilot, lambda: isinstance(app.screen, QueueScreen), what="the queue")
            await pilot.press("G", "enter")
            await until(
                pilot,
                lambda: "Claim 1 ·" in text_of(screen, "#claim-header") and fetch_line.display,
                what="claim 1's fetch line again on claim 1",
            )
            await pilot.press("left_square_bracket")
            await until(
                pilot,
                lambda: "Claim 2 ·" in text_of(screen, "#claim-header"),
                what="claim 2 on the claim desk",
            )
            release.set()
            await until(
                pilot,
                lambda: any(
                    str(n.message).startswith(f"Claim 1: Fetched {url}") for n in app._notifications
                ),
                what="the notice of the fetch naming claim 1",
            )
            assert not fetch_line.display
    finally:
        release.set()


async def test_a_dead_url_is_recorded_as_gone_with_its_reason(
    sample_path: Path, make_app, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/missing").respond_with_data("no", status=404)
    app = make_app(sample_path, fetch_limits=FetchLimits(allow_private=True))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_claim(pilot, 6)
        await press(pilot, "a")
        await type_text(pilot, httpserver.url_for("/missing"))
        await press(pilot, "tab")
        await type_text(pilot, "Closure list")
        await press(pilot, "ctrl+s")
        await settle(pilot)
        marks = screen.query_one(MarkList)
        row = str(marks.get_option_at_index(marks.option_count - 1).prompt)
        assert "✗404 not found Closure list" in row  # the reason, in words
        assert "Link: 404 not found" in text_of(screen, "#detail")
        assert "Error: HTTP 404" in text_of(screen, "#detail")
    with Desk.open(sample_path, reviewer="check") as desk:
        added = desk.claim(6).evidence[-1]
        assert added.link_state == "gone"
        assert added.snapshots[0].error == "HTTP 404"
        assert added.title == "Closure list"


async def test_a_verdict_the_analysis_does_not_support_needs_a_reason(
    sample_path: Path, make_app
) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_claim(pilot, 1)
        await press(pilot, "d")
        modal = app.screen
        assert "none is eliminated" in str(modal.query_one(".form-note").render()) or any(
            "none is eliminated" in str(w.render()) for w in modal.query(".form-note")
        )
        await press(pilot, "3", "tab")  # verified
        await type_text(pilot, "Amazon confirmed")
        concerns = str(modal.query_one("#concerns").render())
        assert "no interpretation is eliminated" in concerns
        assert "no primary source" in concerns
        await press(pilot, "tab", "tab", "tab")  # on past the field that asks why
        await press(pilot, "ctrl+s")
        assert app.screen is modal
        assert "why you choose this verdict" in str(modal.query_one(".form-error").render())
        # the refusal takes the reviewer to the field that asks why: typing on goes there
        assert app.focused is modal.query_one("#despite")
        await type_text(pilot, "A statement on record")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, ClaimDeskScreen)
    with Desk.open(sample_path, reviewer="check") as desk:
        decision = desk.claim(1).decisions[0]
        assert decision.verdict == "verified"  # the decision is still the reviewer's
        assert "Chosen despite: no interpretation is eliminated; no primary source." in (
            decision.rationale
        )
        assert decision.rationale.endswith("Why: A statement on record")


async def test_x_exports_the_desk_note(
    sample_path: Path, make_app, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)  # the form's default path is relative: never the repository
    app = make_app(sample_path)
    note = tmp_path / "note.md"
    async with app.run_test(size=(120, 40)) as pilot:
        await open_claim(pilot, 1)
        await press(pilot, "x", "tab", "ctrl+u")
        await type_text(pilot, str(note))
        await press(pilot, "enter")
        await until(pilot, note.exists, what=f"the desk note written to {note}")
        assert note.read_text().startswith("# Desk note: claim 1\n\n> Amazon raised security")


async def test_x_refuses_a_claimreview_for_a_lead_and_says_why(
    sample_path: Path, make_app, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app(sample_path)
    review = tmp_path / "claim.json"
    async with app.run_test(size=(120, 40)) as pilot:
        await open_claim(pilot, 1)
        await press(pilot, "x", "enter", "down", "enter", "tab", "ctrl+u")
        await type_text(pilot, str(review))
        await press(pilot, "enter")
        refusals = await until(
            pilot,
            lambda: [
                str(n.message) for n in app._notifications if "no ClaimReview rating" in n.message
            ],
            what="a message that a lead has no ClaimReview rating",
        )
        assert "Export failed" in refusals[0]
        assert not review.exists()  # a lead has no rating: refused with a message


async def test_the_next_claim_opened_starts_fresh_on_the_same_desk(
    sample_path: Path, make_app
) -> None:
    """The queue keeps one claim desk and fills it in place: what the reviewer did on one
    claim (the column and row, a zoom, rating mode) does not carry over to the next one, and
    every part shows the claim just opened, whatever its count of interpretations."""
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        first = await open_claim(pilot, 1)
        await press(pilot, "l", "j", "j", "z")
        assert first.maximized is not None and first.focus_column == 1
        await press(pilot, "q")
        assert isinstance(app.screen, QueueScreen)
        # (claim, interpretations): as many columns (filled in place), more, and none
        for claim_id, columns, title in [
            (2, 2, "Minutes of Kessford counc"),
            (3, 3, "The same photo in a 2019"),
            (6, 1, ""),
            (1, 2, "Cointelegraph Telegram ch"),
        ]:
            screen = await open_claim(pilot, claim_id)
            await settle(pilot)
            assert screen is first  # the same screen, filled in place
            assert screen.record is not None and screen.record.id == claim_id
            assert screen.maximized is None and not screen.walk.rating
            marks = screen.query_one(MarkList)
            assert len(marks.interpretations) == (columns if title else 0)
            assert screen.focused is marks and screen.focus_column == 0
            assert f"Claim {claim_id} " in text_of(screen, "#claim-header")
            if title:
                assert marks.highlighted == 0
                assert title in text_of(screen, "#detail")
                assert title in column_texts(screen)[0]
            else:
                assert "Select evidence" in text_of(screen, "#detail")
            await press(pilot, "q")


async def test_a_late_read_of_the_claim_left_does_not_replace_the_one_opened(
    sample_path: Path, make_app
) -> None:
    """A read still on its way for the claim the reviewer left (after a mark, say) arrives
    when the desk shows another claim: it is not shown over it."""
    from deskcheck.ui.messages import ClaimLoaded
    from deskcheck.work.claim_view import view_claim

    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_claim(pilot, 1)
        late = view_claim(app.desk, 1)
        await press(pilot, "q")
        screen = await open_claim(pilot, 2)
        await settle(pilot)
        screen.post_message(ClaimLoaded(late))
        await settle(pilot)
        assert screen.record is not None and screen.record.id == 2
        assert "Claim 2 " in text_of(screen, "#claim-header")
        assert "Minutes of Kessford" in text_of(screen, "#detail")
