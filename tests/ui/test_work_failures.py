"""Long work that meets a bad URL or an unexpected error: the failure is on screen, the rest
finishes, and the work can be run again; an error nobody foresaw is logged, not shown raw."""

from __future__ import annotations

import html
import sys
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from deskcheck.data import Desk
from deskcheck.fetch.limits import FetchLimits
from tests.ui.conftest import press, settle, until

LOCAL = FetchLimits(allow_private=True, attempts=1, read_timeout=3)


def messages(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


async def test_a_check_with_an_invalid_url_finishes_shows_it_and_runs_again(
    sample_path: Path, make_app, httpserver: HTTPServer
) -> None:
    httpserver.expect_request("/tariff").respond_with_data(
        "<title>Tariff</title><main>Fee 100</main>", content_type="text/html"
    )
    with Desk.open(sample_path, reviewer="mara") as desk:
        desk.set_setting("allow_private_addresses", True)  # the test server is on 127.0.0.1
        desk.db.execute("UPDATE evidence SET url = NULL")  # the sample's URLs are on the internet
        desk.db.execute("UPDATE revision_triggers SET url = NULL")
        odd = desk.add_evidence(12, "Odd host")  # a URL an older desk kept (refused now)
        desk.db.execute("UPDATE evidence SET url = 'http://a b/' WHERE id = ?", [odd])
        good = desk.add_evidence(
            12, "Octal host", url=f"http://0177.0.0.1:{httpserver.port}/tariff"
        )
    app = make_app(sample_path, fetch_limits=LOCAL)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        work = app.screen.query_one("#work")
        for run in (1, 2):
            await press(pilot, "C")
            await until(
                pilot,
                lambda run=run: sum("checked 2 URLs" in m for m in messages(app)) == run,
                what=f"check run {run} to report its two URLs",
            )
            await until(pilot, lambda: not work.display, what="the progress bar to close")
        done = [m for m in messages(app) if "checked 2 URLs" in m]
        assert "first snapshot 1" in done[0] and "failed 1" in done[0]
        assert "unchanged 1" in done[1] and "failed 1" in done[1]
        assert all("http://a b/" in m and "not a valid URL" in m for m in done)
    with Desk.open(sample_path, reviewer="mara") as desk:
        item = next(e for e in desk.claim(12).evidence if e.id == good)
    assert [s.title for s in item.snapshots] == ["Tariff"]


async def test_an_unexpected_error_is_logged_and_ends_with_one_line(
    sample_path: Path, make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The package changed under a running desk: the help screen's module is gone."""
    log = tmp_path / "deskcheck.log"
    monkeypatch.setenv("DESKCHECK_LOG", str(log))
    app = make_app(sample_path)

    async def press_help_after_the_package_changed() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            monkeypatch.setitem(sys.modules, "deskcheck.ui.dialogs.help", None)
            await pilot.press("?")
            await until(pilot, lambda: app.crash is not None, what="the crash to be noted")

    with pytest.raises(ModuleNotFoundError):  # Pilot re-raises it for the test to see
        await press_help_after_the_package_changed()
    assert app.return_code == 1
    assert app.crash is not None and "ModuleNotFoundError" in app.crash and str(log) in app.crash
    assert "\n" not in app.crash
    assert "Traceback" in log.read_text(encoding="utf-8")
    assert not app._exit_renderables  # nothing raw left for the terminal


async def test_a_carriage_return_and_blank_letters_show_in_the_queue_row(
    tmp_path: Path, make_app
) -> None:
    path = tmp_path / "desk.db"
    with Desk.open(path, reviewer="feed", create=True) as desk:
        desk.add_claim("Minister resigns\rover the tender scandal, aides say")
        desk.add_claim("Official\u3164notice \u115fby the \u2800ministry")
    app = make_app(path)
    async with app.run_test(size=(200, 30)) as pilot:
        await settle(pilot)
        shown = html.unescape(app.export_screenshot()).replace("\xa0", " ")
    assert "Minister resigns␍over the tender scandal, aides say" in shown
    assert "Official⟨HANGUL FILLER⟩notice ⟨HANGUL CHOSEONG FILLER⟩by the" in shown
    assert "⟨BRAILLE BLANK⟩ministry" in shown


async def test_evidence_with_a_bad_url_is_refused_on_the_claim_desk(
    sample_path: Path, make_app
) -> None:
    from tests.ui.conftest import type_text
    from tests.ui.test_claim_desk_screen import open_claim

    with Desk.open(sample_path, reviewer="check") as desk:
        before = len(desk.claim(6).evidence)
    app = make_app(sample_path, fetch_limits=LOCAL)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_claim(pilot, 6)
        await press(pilot, "a")
        await type_text(pilot, "javascript:alert(1)")
        await press(pilot, "ctrl+s")
        await until(
            pilot,
            lambda: any("evidence URL" in m for m in messages(app)),
            what="the refusal of the evidence URL",
        )
        assert any("only http and https URLs are accepted" in m for m in messages(app))
        await until(
            pilot,
            lambda: not screen.query_one("#fetches").display,
            what="the fetch line to close",
        )
    with Desk.open(sample_path, reviewer="check") as desk:
        assert len(desk.claim(6).evidence) == before


async def test_escape_stops_a_check_held_by_a_slow_page_and_it_runs_again(
    sample_path: Path, make_app, httpserver: HTTPServer
) -> None:
    import threading

    from werkzeug import Response

    release, arrived = threading.Event(), threading.Event()

    def held(_request) -> Response:
        arrived.set()
        release.wait(30)  # a page that answers only when the test lets it
        return Response("<title>Late</title>", content_type="text/html")

    httpserver.expect_request("/slow").respond_with_handler(held)
    with Desk.open(sample_path, reviewer="mara") as desk:
        desk.set_setting("allow_private_addresses", True)
        desk.db.execute("UPDATE evidence SET url = NULL")
        desk.db.execute("UPDATE revision_triggers SET url = NULL")
        desk.add_evidence(12, "Slow page", url=httpserver.url_for("/slow"))
    slow = FetchLimits(allow_private=True, attempts=1, read_timeout=30, deadline=30)
    app = make_app(sample_path, fetch_limits=slow)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            work = app.screen.query_one("#work")
            await pilot.press("C")
            await until(
                pilot,
                lambda: work.display and arrived.is_set(),
                seconds=5,
                what="the check to reach the held page",
            )
            await pilot.press("escape")
            await until(  # long before the page
                pilot, lambda: not work.display, seconds=5, what="escape to stop the check"
            )
            assert any("interrupted" in m for m in messages(app)), messages(app)
            release.set()
            await pilot.press("C")
            await until(
                pilot,
                lambda: any("first snapshot 1" in m for m in messages(app)),
                what="the second check's first snapshot",
            )
    finally:
        release.set()


async def test_quitting_after_the_package_changed_is_logged_and_fails(
    sample_path: Path, make_app, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "deskcheck.log"
    monkeypatch.setenv("DESKCHECK_LOG", str(log))
    app = make_app(sample_path)

    async def quit_after_the_package_changed() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            monkeypatch.setitem(sys.modules, "deskcheck.ui.dialogs.summary", None)
            await pilot.press("q")
            await until(pilot, lambda: app.crash is not None, what="the crash to be noted")

    with pytest.raises(ModuleNotFoundError):
        await quit_after_the_package_changed()
    assert app.return_code == 1 and app.crash and str(log) in app.crash
    assert "deskcheck.ui.dialogs.summary" in log.read_text(encoding="utf-8")


async def test_an_ingest_of_an_odd_url_shows_why_and_can_run_again(
    sample_path: Path, make_app, tmp_path: Path
) -> None:
    from tests.ui.conftest import type_text

    good = tmp_path / "tips.jsonl"
    good.write_text('{"text": "The ferry runs again from Monday"}\n', encoding="utf-8")
    app = make_app(sample_path, fetch_limits=LOCAL)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        work = app.screen.query_one("#work")
        await press(pilot, "I")
        await type_text(pilot, "http://exa mple.com/feed")
        await press(pilot, "ctrl+s")
        await until(
            pilot,
            lambda: any("not a valid URL" in m for m in messages(app)),
            what="the odd URL refused",
        )
        await until(pilot, lambda: not work.display, what="the ingest to finish")
        await press(pilot, "I")
        await type_text(pilot, str(good))
        await press(pilot, "ctrl+s")
        await until(
            pilot,
            lambda: any("1 new" in m for m in messages(app)),
            what="the next ingest to finish",
        )
