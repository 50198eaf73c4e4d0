"""The look of every screen and every modal, pinned as SVG at 80×24 and 120×40
(pytest --snapshot-update to accept an intended change, after looking at
snapshot_report.html)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from deskcheck.data import Desk
from tests.ui.conftest import fixed_clock, press, settle, type_text, until

SIZES = [(120, 40), (80, 24)]
Steps = Callable[[Pilot, Path], Awaitable[None]]


async def open_claim_one(pilot: Pilot, _desk: Path | None = None) -> None:
    await settle(pilot)
    await press(pilot, "G", "enter")


def on_claim_one(*keys: str) -> Steps:
    async def steps(pilot: Pilot, desk: Path) -> None:
        await open_claim_one(pilot)
        await press(pilot, *keys)

    return steps


def on_queue(*keys: str) -> Steps:
    async def steps(pilot: Pilot, desk: Path) -> None:
        await settle(pilot)
        await press(pilot, *keys)

    return steps


async def changed_meanwhile(pilot: Pilot, desk: Path) -> None:
    await open_claim_one(pilot)
    await press(pilot, "d", "1", "enter")
    await type_text(pilot, "Still a lead")
    with Desk.open(desk, reviewer="tomas", clock=fixed_clock) as other:  # a steady picture
        other.decide(1, "unverified", "Tomas says unverified")
    await press(pilot, "ctrl+s")


SCREENS: dict[str, Steps] = {
    "queue": on_queue(),
    "queue_help": on_queue("question_mark"),
    "new_claim": on_queue("N"),
    "ingest": on_queue("I"),
    "filter": on_queue("f"),
    "session_summary": on_queue("q"),
    "claim_desk": on_claim_one(),
    "claim_desk_help": on_claim_one("question_mark"),
    "decision": on_claim_one("d", "2"),
    "decision_rationale": on_claim_one("d", "2", "enter"),
    "revision_note": on_claim_one("r"),
    "trigger": on_claim_one("t"),
    "add_evidence": on_claim_one("a"),
    "edit_evidence": on_claim_one("e"),
    "add_interpretation": on_claim_one("i"),
    "edit_interpretation": on_claim_one("E"),
    "custody_hop": on_claim_one("c"),
    "evidence_wanted": on_claim_one("w"),
    "settle_wanted": on_claim_one("W"),
    "settle_hops": on_claim_one("K"),
    "export": on_claim_one("x"),
    "reason": on_claim_one("2", "apostrophe"),
    "changed_meanwhile": changed_meanwhile,
    "matrix": on_claim_one("m"),
    "matrix_relations": on_claim_one("m", "x"),
}


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("name", list(SCREENS))
def test_screen(snap_compare, sample_path: Path, make_app, name: str, size) -> None:
    async def run_before(pilot: Pilot) -> None:
        await SCREENS[name](pilot, sample_path)
        await settle(pilot)

    assert snap_compare(make_app(sample_path), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_reviewer_form(snap_compare, sample_path: Path, make_app, size) -> None:
    assert snap_compare(make_app(sample_path, reviewer=None), terminal_size=size)


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


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_choosing_which_match_a_claim_repeats(
    snap_compare, sample_path: Path, make_app, size
) -> None:
    from deskcheck.data import Desk
    from deskcheck.domain.models import PublishedCheck
    from deskcheck.ui.dialogs.repeat_choice import RepeatChoiceScreen

    with Desk.open(_with_rewording(sample_path), reviewer="mara") as desk:
        desk.add_published(
            "feed.json",
            [
                PublishedCheck(
                    REWORDED.replace("newest", "latest"),
                    "Nordic Check",
                    "False",
                    reviewed_at="2026-10-01T00:00:00Z",
                )
            ],
        )

    async def run_before(pilot: Pilot) -> None:
        await open_newest(pilot)
        screen = pilot.app.screen
        await until(pilot, lambda: len(screen.repeats.matches) >= 2, what="matches")
        await press(pilot, "=")
        await until(
            pilot, lambda: isinstance(pilot.app.screen, RepeatChoiceScreen), what="the choice"
        )
        await settle(pilot)

    assert snap_compare(make_app(sample_path), terminal_size=size, run_before=run_before)


THIRD = (
    "Nothing happened",
    "No security review of any kind took place; the story was made up by the channel.",
    "Amazon would deny it on the record\nNo memo exists\nOther outlets would not repeat it",
)


def with_a_third_interpretation(sample_path: Path) -> Path:
    """Claim 1 with three interpretations: the README's picture of the claim desk."""
    with Desk.open(sample_path, reviewer="mara", clock=fixed_clock) as desk:
        label, statement, implications = THIRD
        desk.add_interpretation(1, label, statement, implications=implications)
    return sample_path


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_claim_desk_with_three_interpretations(
    snap_compare, sample_path: Path, make_app, size
) -> None:
    """All three side by side as columns of marks, each labelled with its standing; the
    focused one's text in its pane (docs/claim-desk*.svg are made from this picture)."""
    app = make_app(with_a_third_interpretation(sample_path))

    async def run_before(pilot: Pilot) -> None:
        await open_claim_one(pilot)
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize(
    ("picture", "size"), [("claim-desk.svg", "120x40"), ("claim-desk-80x24.svg", "80x24")]
)
def test_the_readme_pictures_are_the_pinned_snapshots(picture: str, size: str) -> None:
    """The README shows the claim desk as the snapshot above pins it (copy the snapshot to
    docs/ after accepting a change)."""
    from tests.conftest import REPO

    pinned = Path(__file__).parent / "__snapshots__" / "test_snapshots"
    snapshot = pinned / f"test_claim_desk_with_three_interpretations[{size}].svg"
    assert (REPO / "docs" / picture).read_bytes() == snapshot.read_bytes()
