"""Where the app writes an export (issue #24): a name alone goes to the desk's export_dir, else
beside the desk file, never into whatever folder the app was started from; the notice says
the full path. The legend says what "gone" means."""

from __future__ import annotations

from pathlib import Path

from deskcheck.data import Desk
from tests.ui.conftest import press, settle, until
from tests.ui.test_claim_desk_screen import open_claim


async def test_x_writes_the_desk_note_beside_the_desk_and_says_where(
    sample_path: Path, make_app, tmp_path: Path, monkeypatch
) -> None:
    started_in = tmp_path / "started-here"
    started_in.mkdir()
    monkeypatch.chdir(started_in)
    note = sample_path.parent / "claim-1.md"
    app = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_claim(pilot, 1)
        await press(pilot, "x", "ctrl+s")  # the default: a Markdown note named claim-1.md
        await until(pilot, note.exists, what=f"the desk note written to {note}")
        said = await until(
            pilot,
            lambda: [str(n.message) for n in app._notifications if "Wrote" in str(n.message)],
            what="the notice naming the file",
        )
        assert str(note) in said[0]
    assert list(started_in.iterdir()) == []


async def test_x_writes_to_the_desks_export_dir_when_it_has_one(
    sample_path: Path, make_app, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "fact-checks"
    folder.mkdir()
    with Desk.open(sample_path, reviewer="check") as desk:
        desk.set_setting("export_dir", str(folder))
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_claim(pilot, 1)
        await press(pilot, "x", "ctrl+s")
        await until(pilot, (folder / "claim-1.md").exists, what="the note in the export_dir")


async def test_the_queue_export_of_marked_claims_says_the_full_path(
    sample_path: Path, make_app, tmp_path: Path, monkeypatch
) -> None:
    started_in = tmp_path / "started-here"
    started_in.mkdir()
    monkeypatch.chdir(started_in)
    app = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "x", "ctrl+s")  # the claim under the cursor (12), default name
        note = sample_path.parent / "claim-12.md"
        await until(pilot, note.exists, what=f"the export written to {note}")
        said = await until(
            pilot,
            lambda: [str(n.message) for n in app._notifications if "Wrote" in str(n.message)],
            what="the notice naming the file",
        )
        assert str(note) in said[0]
    assert list(started_in.iterdir()) == []


def test_the_legend_says_gone_is_a_404_or_410() -> None:
    from deskcheck.ui.widgets.legend import DESK_GLYPHS, QUEUE_GLYPHS

    words = dict(DESK_GLYPHS) | dict(QUEUE_GLYPHS)
    assert "404" in words["✗gone"] and "410" in words["✗gone"]
    assert "404" in words["✗ (column ~)"]
    assert "could not connect" not in words["✗gone"]
