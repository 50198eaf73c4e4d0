"""The look of each screen, pinned as SVG at fixed sizes (pytest --snapshot-update to accept
an intended change, after looking at snapshot_report.html)."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from tests.ui.conftest import press, settle


async def open_claim_one(pilot: Pilot) -> None:
    await settle(pilot)
    await press(pilot, "G", "enter")


def test_queue(snap_compare, sample_path: Path, make_app) -> None:
    assert snap_compare(make_app(sample_path), terminal_size=(120, 40), run_before=settle)


def test_claim_desk_on_claim_one(snap_compare, sample_path: Path, make_app) -> None:
    assert snap_compare(make_app(sample_path), terminal_size=(120, 40), run_before=open_claim_one)


def test_claim_desk_on_claim_one_at_80_by_24(snap_compare, sample_path: Path, make_app) -> None:
    assert snap_compare(make_app(sample_path), terminal_size=(80, 24), run_before=open_claim_one)


def test_decision_modal(snap_compare, sample_path: Path, make_app) -> None:
    async def open_modal(pilot: Pilot) -> None:
        await open_claim_one(pilot)
        await press(pilot, "d", "2")

    assert snap_compare(make_app(sample_path), terminal_size=(120, 40), run_before=open_modal)


def test_help_screen(snap_compare, sample_path: Path, make_app) -> None:
    async def open_help(pilot: Pilot) -> None:
        await open_claim_one(pilot)
        await press(pilot, "question_mark")

    assert snap_compare(make_app(sample_path), terminal_size=(120, 40), run_before=open_help)


REWORDED = (
    "Shortly before Washington limited foreign access to frontier AI systems, Amazon raised"
    " security concerns about Anthropic's newest AI models"
)


def _with_rewording(sample_path: Path) -> Path:
    from deskcheck.data import Desk

    with Desk.open(sample_path, reviewer="mara") as desk:
        desk.add_claim(REWORDED, received_at="2026-11-26T11:00:00Z")
    return sample_path


async def open_newest(pilot: Pilot) -> None:
    await settle(pilot)
    await press(pilot, "g", "enter")
    await settle(pilot)


def test_claim_desk_already_checked(snap_compare, sample_path: Path, make_app) -> None:
    app = make_app(_with_rewording(sample_path))
    assert snap_compare(app, terminal_size=(120, 40), run_before=open_newest)


def test_claim_desk_already_checked_at_80_by_24(snap_compare, sample_path: Path, make_app) -> None:
    app = make_app(_with_rewording(sample_path))
    assert snap_compare(app, terminal_size=(80, 24), run_before=open_newest)
