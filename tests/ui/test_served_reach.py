"""Through `serve`, the reviewer types from another machine: a URL they type (evidence to
fetch, a source to ingest, a feed to follow) may not reach the desk host's own network,
which the same URL typed at the host may (the newsroom's intranet)."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from deskcheck.data import Desk
from tests.ui.conftest import press, settle, type_text, until
from tests.ui.test_claim_desk_screen import open_claim


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app believes a browser drives it, as under `deskcheck serve`."""
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")


async def test_evidence_typed_through_serve_does_not_reach_the_hosts_network(
    sample_path: Path, make_app, httpserver: HTTPServer, served: None
) -> None:
    httpserver.expect_request("/intranet").respond_with_data("<title>internal</title>")
    app = make_app(sample_path)
    assert app.served
    async with app.run_test(size=(120, 40)) as pilot:
        await open_claim(pilot, 6)
        await press(pilot, "a")
        await type_text(pilot, httpserver.url_for("/intranet"))
        await press(pilot, "tab")
        await type_text(pilot, "Internal page")
        await press(pilot, "ctrl+s")
        # watched for, not read after a settle: under load the notice can be gone by then
        await until(
            pilot,
            lambda: any(
                "private addresses are not allowed" in str(n.message) for n in app._notifications
            ),
            what="the fetch refused as a private address",
            seconds=20,
        )
        await settle(pilot)
    assert httpserver.log == []  # not one request reached the host's loopback
    with Desk.open(sample_path, reviewer="check") as desk:
        added = desk.claim(6).evidence[-1]
        assert added.title == "Internal page"  # recorded, but not fetched
        assert "private addresses are not allowed" in (added.snapshots[0].error or "")


async def test_a_source_ingested_through_serve_does_not_reach_the_hosts_network(
    sample_path: Path, make_app, httpserver: HTTPServer, served: None
) -> None:
    httpserver.expect_request("/feed.xml").respond_with_data("<rss/>")
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "I")
        await type_text(pilot, httpserver.url_for("/feed.xml"))
        await press(pilot, "ctrl+s")
        await until(
            pilot,
            lambda: any(
                "could not fetch it" in str(n.message) and "private addresses" in str(n.message)
                for n in app._notifications
            ),
            what="the ingest refused as a private address",
            seconds=20,
        )
    assert httpserver.log == []


@pytest.mark.parametrize(
    ("where", "key", "said"),
    [
        ("queue", "x", "an export writes a file"),
        ("claim desk", "x", "an export writes a file"),
        ("claim desk", "p", "publishing writes a file"),
    ],
)
async def test_through_serve_no_export_or_publication_form_opens(
    sample_path: Path, make_app, served: None, where: str, key: str, said: str
) -> None:
    """The rule for files: from the browser, nothing writes on the desk's host (no path a
    remote reviewer types, ``../../`` or absolute, is ever used); each form is refused
    before it opens, with the reason."""
    from deskcheck.ui.dialogs.form_screen import FormScreen

    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        if where == "claim desk":
            await open_claim(pilot, 1)
        await press(pilot, key)
        await until(
            pilot,
            lambda: any(said in str(n.message) for n in app._notifications),
            what="the refusal",
        )
        assert not isinstance(app.screen, FormScreen)
