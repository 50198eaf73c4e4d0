"""The workflow's screens pinned as SVG at 80×24 and 120×40: marked claims and due times in
the queue, the assign form, the saved queues, and the claim desk's desk work."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from deskcheck.data import Desk, QueueQuery
from tests.ui.conftest import NOW, press, settle, type_text

SIZES = [(80, 24), (120, 40)]


def worked(sample_path: Path) -> Path:
    """Some desk work on the sample desk: due times (one overdue), a comment, saved queues."""
    with Desk.open(sample_path, reviewer="mara", clock=lambda: NOW) as desk:
        desk.set_due([12], "2026-11-25T17:00:00Z")  # checking, overdue at the app's clock
        desk.set_due([6], "2026-11-27T09:00:00Z")
        desk.assign([1], "ines")
        desk.set_priority([1], 1)
        desk.set_status([1], "checking", "the memo may be out: reopened")
        desk.add_comment(1, "@ines the ministry answers calls after 14:00")
        desk.tag([1], add=["urgent"])
        desk.save_queue("Open work", QueueQuery(statuses=("new", "checking"), sort="due"))
        desk.save_queue("Mine", QueueQuery(mine="mara"))
    return sample_path


async def mark_three(pilot: Pilot) -> None:
    await settle(pilot)
    await press(pilot, "space", "space", "j", "j", "space")


async def assign_form(pilot: Pilot) -> None:
    await mark_three(pilot)
    await press(pilot, "A")
    await type_text(pilot, "tom")


async def saved_queues(pilot: Pilot) -> None:
    await settle(pilot)
    await press(pilot, "Q")


async def claim_one(pilot: Pilot) -> None:
    await settle(pilot)
    await press(pilot, "G", "enter")


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_marked_claims_and_due_times(snap_compare, sample_path: Path, make_app, size) -> None:
    app = make_app(worked(sample_path))
    assert snap_compare(app, terminal_size=size, run_before=mark_three)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_assign_form(snap_compare, sample_path: Path, make_app, size) -> None:
    app = make_app(worked(sample_path))
    assert snap_compare(app, terminal_size=size, run_before=assign_form)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_saved_queues(snap_compare, sample_path: Path, make_app, size) -> None:
    app = make_app(worked(sample_path))
    assert snap_compare(app, terminal_size=size, run_before=saved_queues)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_claim_desk_with_desk_work(snap_compare, sample_path: Path, make_app, size) -> None:
    app = make_app(worked(sample_path))
    assert snap_compare(app, terminal_size=size, run_before=claim_one)
