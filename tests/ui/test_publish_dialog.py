"""Publishing from the claim desk (`p`) and exports that say where they went and ask
before replacing a file."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Label, Markdown, Static

from deskcheck.data import Desk
from deskcheck.ui.dialogs.publish import (
    OrganisationScreen,
    PagePreviewScreen,
    PublishScreen,
    ReplaceFileScreen,
)
from tests.ui.conftest import NOW, press, settle, type_text, until
from tests.ui.test_claim_desk_screen import open_claim


def notices(app, words: str) -> list[str]:
    return [str(n.message) for n in app._notifications if words in str(n.message)]


def export_folder(sample_path: Path, folder: Path) -> None:
    with Desk.open(sample_path, reviewer="mara") as desk:
        desk.set_setting("export_dir", str(folder))


NEWSROOM = {"name": "Osk Harbour Herald", "url": "https://herald.example/"}


def our_newsroom(sample_path: Path) -> None:
    with Desk.open(sample_path, reviewer="mara") as desk:
        desk.set_setting("organisation", NEWSROOM)


def page_text(app) -> str:
    """What the preview shows of the page: its rendered blocks' text."""
    page = app.screen.query_one("#page", Markdown)
    return " ".join(
        " ".join(str(block.content if hasattr(block, "content") else "").split())
        for block in page.query("MarkdownBlock")
    )


async def test_p_previews_the_page_then_writes_and_records_it(
    sample_path: Path, make_app, tmp_path: Path
) -> None:
    folder = tmp_path / "published"
    folder.mkdir()
    export_folder(sample_path, folder)
    our_newsroom(sample_path)
    app = make_app(sample_path)
    page = folder / "fact-check-3.html"
    async with app.run_test(size=(120, 40)) as pilot:
        await open_claim(pilot, 3)
        await press(pilot, "p")
        assert isinstance(app.screen, PublishScreen)
        await press(pilot, "ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, PagePreviewScreen), what="preview")
        shown = page_text(app)
        assert "Fact check: Photo shows the terminal of Marlow Bay airport" in shown
        assert "Published 26 November 2026" in shown  # the date publishing now records
        problems = str(app.screen.query_one("#page-problems", Static).render())
        assert "the decision has no summary" in problems
        assert not page.exists()  # nothing is written before the publisher says so
        await press(pilot, "y")
        said = await until(pilot, lambda: notices(app, "Wrote"), what="where it went")
        assert said == [
            f"Wrote {page}: claim 3 published on 2026-11-26 at https://herald.example/claims/3"
        ]
    assert "<h1>Photo shows the terminal" in page.read_text(encoding="utf-8")
    with Desk.open(sample_path, reviewer="mara") as desk:
        (publication,) = desk.claim(3).publications
    assert (publication.published_at, publication.published_by) == (NOW, "tester")


async def test_a_preview_turned_down_writes_and_records_nothing(
    sample_path: Path, make_app, tmp_path: Path
) -> None:
    export_folder(sample_path, tmp_path)
    our_newsroom(sample_path)
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_claim(pilot, 3)
        await press(pilot, "p", "ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, PagePreviewScreen), what="preview")
        await press(pilot, "escape")
        assert not isinstance(app.screen, PagePreviewScreen)
    assert not (tmp_path / "fact-check-3.html").exists()
    with Desk.open(sample_path, reviewer="mara") as desk:
        assert desk.claim(3).publications == ()


async def test_p_on_a_lead_offers_to_publish_it_anyway(
    sample_path: Path, make_app, tmp_path: Path
) -> None:
    export_folder(sample_path, tmp_path)
    our_newsroom(sample_path)
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_claim(pilot, 1)
        await press(pilot, "p", "ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, PagePreviewScreen), what="preview")
        problems = str(app.screen.query_one("#page-problems", Static).render())
        assert "is not a finding" in problems and "--force" not in problems
        hint = " ".join(str(s.render()) for s in app.screen.query(".form-hint"))
        assert "y: publish it anyway" in hint
        assert "This is not a rating on our scale" in page_text(app)
        await press(pilot, "y")
        said = await until(
            pilot,
            lambda: notices(app, "Wrote") or notices(app, "Not published"),
            seconds=30,
            what="where it went",
        )
        assert said[0].startswith("Wrote"), said
    assert (tmp_path / "fact-check-1.html").exists()
    with Desk.open(sample_path, reviewer="mara") as desk:
        assert len(desk.claim(1).publications) == 1


async def test_the_first_publish_on_the_sample_desk_asks_for_the_newsroom(
    sample_path: Path, make_app, tmp_path: Path
) -> None:
    export_folder(sample_path, tmp_path)
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_claim(pilot, 3)
        await press(pilot, "p", "ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, OrganisationScreen), what="asked")
        await type_text(pilot, "Osk Harbour Herald")
        await press(pilot, "tab")
        await type_text(pilot, "javascript:alert(1)")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, OrganisationScreen)  # refused, said why
        error = str(app.screen.query_one(".form-error", Label).render())
        assert "http(s) URL" in error
        app.screen.query_one("#url", Input).value = ""
        await type_text(pilot, "https://herald.example/")
        await press(pilot, "tab")
        await type_text(pilot, "https://herald.example/logo.png")
        await press(pilot, "ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, PagePreviewScreen), what="preview")
        assert "Osk Harbour Herald" in page_text(app)
        await press(pilot, "escape")
    with Desk.open(sample_path, reviewer="mara") as desk:
        assert desk.setting("organisation") == {
            **NEWSROOM,
            "logo": "https://herald.example/logo.png",
        }


async def test_an_existing_file_is_replaced_only_when_the_reviewer_says_so(
    sample_path: Path, make_app, tmp_path: Path
) -> None:
    export_folder(sample_path, tmp_path)
    note = tmp_path / "claim-2.md"
    note.write_text("kept", encoding="utf-8")
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_claim(pilot, 2)
        await press(pilot, "x", "ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ReplaceFileScreen), what="the question")
        await press(pilot, "n")
        await settle(pilot)
        assert note.read_text(encoding="utf-8") == "kept"
        await press(pilot, "x", "ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, ReplaceFileScreen), what="the question")
        await press(pilot, "y")
        said = await until(pilot, lambda: notices(app, "Wrote"), what="where it went")
        assert said == [f"Wrote {note}"]
    assert note.read_text(encoding="utf-8").startswith("# Desk note: claim 2")


async def _open_publish(pilot: Pilot) -> None:
    await settle(pilot)
    await press(pilot, "G", "enter")  # claim 1, as the other claim desk snapshots
    await settle(pilot)
    await press(pilot, "p")
    await settle(pilot)


async def _open_preview(pilot: Pilot) -> None:
    await _open_publish(pilot)
    await press(pilot, "ctrl+s")
    await until(pilot, lambda: isinstance(pilot.app.screen, PagePreviewScreen), what="preview")
    await settle(pilot)


def test_publish_dialog(snap_compare, sample_path: Path, make_app) -> None:
    assert snap_compare(make_app(sample_path), terminal_size=(120, 40), run_before=_open_publish)


def test_publish_dialog_at_80_by_24(snap_compare, sample_path: Path, make_app) -> None:
    assert snap_compare(make_app(sample_path), terminal_size=(80, 24), run_before=_open_publish)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
def test_page_preview(snap_compare, sample_path: Path, make_app, size) -> None:
    our_newsroom(sample_path)
    assert snap_compare(make_app(sample_path), terminal_size=size, run_before=_open_preview)


# -- the forms that feed the page ----------------------------------------------------------------


async def test_the_decision_form_records_the_summary_readers_get_first(
    sample_path: Path, make_app
) -> None:
    app = make_app(sample_path, reviewer="ines")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_claim(pilot, 1)
        await press(pilot, "d")
        await press(pilot, "2", "tab")
        await type_text(pilot, "No memo after a month. The record fits both readings.")
        await press(pilot, "tab", "tab", "tab")  # confidence, publication, summary
        assert app.screen.focused is not None and app.screen.focused.id == "summary"
        await type_text(pilot, "Nobody has shown the concerns shaped the limits.")
        await press(pilot, "ctrl+s")
    with Desk.open(sample_path, reviewer="check") as desk:
        latest = desk.claim(1).decisions[0]
    assert latest.summary == "Nobody has shown the concerns shaped the limits."
    assert latest.rationale.startswith("No memo after a month.")


@pytest.mark.parametrize(("choose_public", "expected"), [(False, 0), (True, 1)])
async def test_the_revision_note_form_asks_who_sees_it_internal_by_default(
    sample_path: Path, make_app, choose_public: bool, expected: int
) -> None:
    app = make_app(sample_path, reviewer="ines")
    async with app.run_test(size=(120, 40)) as pilot:
        await open_claim(pilot, 1)
        await press(pilot, "r", "tab")
        await type_text(pilot, "The wire dated the rules wrongly")
        await press(pilot, "tab")
        await type_text(pilot, "The limits were announced on 13 June")
        await press(pilot, "tab", "tab")  # past the verdict, to who sees it
        assert app.screen.focused is not None and app.screen.focused.id == "audience"
        if choose_public:
            await press(pilot, "enter", "down", "enter")
        await press(pilot, "ctrl+s")
        await until(pilot, lambda: notices(app, "Revision note recorded"), what="recorded")
    with Desk.open(sample_path, reviewer="check") as desk:
        note = desk.claim(1).revision_notes[0]
    assert (note.what_is_right, note.public) == ("The limits were announced on 13 June", expected)
