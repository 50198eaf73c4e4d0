"""Publishing from the claim desk (`p`) and exports that say where they went and ask
before replacing a file."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from deskcheck.data import Desk
from deskcheck.ui.dialogs.publish import PublishScreen, ReplaceFileScreen
from tests.ui.conftest import press, settle, until
from tests.ui.test_claim_desk_screen import open_claim


def notices(app, words: str) -> list[str]:
    return [str(n.message) for n in app._notifications if words in str(n.message)]


def export_folder(sample_path: Path, folder: Path) -> None:
    with Desk.open(sample_path, reviewer="mara") as desk:
        desk.set_setting("export_dir", str(folder))


async def test_p_publishes_the_page_in_the_export_folder(
    sample_path: Path, make_app, tmp_path: Path
) -> None:
    folder = tmp_path / "published"
    folder.mkdir()
    export_folder(sample_path, folder)
    app = make_app(sample_path)
    page = folder / "fact-check-2.html"
    async with app.run_test(size=(120, 40)) as pilot:
        await open_claim(pilot, 2)
        await press(pilot, "p")
        assert isinstance(app.screen, PublishScreen)
        await press(pilot, "ctrl+s")
        said = await until(pilot, lambda: notices(app, "Published to"), what="where it went")
        assert said == [f"Published to {page}"]
    assert "<h1>Kessford city council has voted" in page.read_text(encoding="utf-8")


async def test_p_refuses_a_lead_and_says_why(sample_path: Path, make_app, tmp_path: Path):
    export_folder(sample_path, tmp_path)
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_claim(pilot, 1)
        await press(pilot, "p", "ctrl+s")
        refusals = await until(pilot, lambda: notices(app, "Not published"), what="a refusal")
        assert "a lead is not a finding" in refusals[0]
    assert not (tmp_path / "fact-check-1.html").exists()


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


def test_publish_dialog(snap_compare, sample_path: Path, make_app) -> None:
    assert snap_compare(make_app(sample_path), terminal_size=(120, 40), run_before=_open_publish)


def test_publish_dialog_at_80_by_24(snap_compare, sample_path: Path, make_app) -> None:
    assert snap_compare(make_app(sample_path), terminal_size=(80, 24), run_before=_open_publish)
