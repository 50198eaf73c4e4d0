"""Every form fits or scrolls at 80×24 and 120×40: tab visits every field, and each one it
lands on is on screen, inside the form's scrolling box; the form's error and its keys stay
on screen; an empty required field is named where the reviewer can see it."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.screen import ModalScreen
from textual.widget import Widget

from deskcheck.ui.dialogs.form_screen import FormScreen
from tests.ui.conftest import press, settle
from tests.ui.test_claim_desk_screen import open_claim

SIZES = [(80, 24), (120, 40)]

# the forms of the claim desk and the keys that open them there
CLAIM_DESK_FORMS = {
    "decision": ("d",),
    "revision note": ("r",),
    "trigger": ("t",),
    "add evidence": ("a",),
    "edit evidence": ("e",),
    "add interpretation": ("i",),
    "edit interpretation": ("E",),
    "custody hop": ("c",),
    "evidence wanted": ("w",),
    "export": ("x",),
    "reason for a mark": ("2", "apostrophe"),
}
QUEUE_FORMS = {"new claim": ("N",), "ingest": ("I",), "filter": ("f",)}


def shown_whole(widget: Widget, within: Widget) -> bool:
    region = widget.region
    screen = widget.screen.region
    return (
        region.area > 0 and screen.contains_region(region) and within.region.contains_region(region)
    )


async def problems_of_open_form(pilot: Pilot, name: str) -> list[str]:
    """Tab through the form on top; say what was not in view."""
    form = pilot.app.screen
    assert isinstance(form, FormScreen), f"{name}: {form!r} is not a form"
    fields = form.query_one(".form-fields")
    foot = form.query_one(".form-foot")
    problems = []
    seen: list[Widget] = []
    for _ in range(30):
        focused = form.focused
        if focused is None:
            problems.append(f"{name}: nothing focused")
            break
        if focused in seen:
            break  # round the form once
        seen.append(focused)
        if not shown_whole(focused, fields):
            problems.append(f"{name}: {focused!r} focused at {focused.region}, out of view")
        if not shown_whole(foot, form):
            problems.append(f"{name}: the error and keys are off screen ({foot.region})")
        await pilot.press("tab")
    if len(seen) < 1:
        problems.append(f"{name}: tab visited no field")
    return problems


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_each_claim_desk_form_keeps_the_focused_field_in_view(
    sample_path: Path, make_app, size: tuple[int, int]
) -> None:
    app = make_app(sample_path)
    problems: list[str] = []
    async with app.run_test(size=size) as pilot:
        desk = await open_claim(pilot, 1)
        for name, keys in CLAIM_DESK_FORMS.items():
            await press(pilot, *keys)
            problems += await problems_of_open_form(pilot, name)
            await press(pilot, "escape")
            assert app.screen is desk, f"{name}: escape did not close the form"
    assert problems == []


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_each_queue_form_keeps_the_focused_field_in_view(
    sample_path: Path, make_app, size: tuple[int, int]
) -> None:
    app = make_app(sample_path)
    problems: list[str] = []
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        queue = app.screen
        for name, keys in QUEUE_FORMS.items():
            await press(pilot, *keys)
            problems += await problems_of_open_form(pilot, name)
            await press(pilot, "escape")
            assert app.screen is queue, f"{name}: escape did not close the form"
    assert problems == []


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_reviewer_form_keeps_its_field_in_view(
    sample_path: Path, make_app, size: tuple[int, int]
) -> None:
    app = make_app(sample_path, reviewer=None)
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert await problems_of_open_form(pilot, "reviewer") == []


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_decision_forms_error_and_save_key_show_with_the_rationale_focused(
    sample_path: Path, make_app, size: tuple[int, int]
) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=size) as pilot:
        await open_claim(pilot, 1)
        await press(pilot, "d", "2", "enter")  # a verdict; on to the rationale
        form = app.screen
        rationale = form.query_one("#rationale")
        assert form.focused is rationale
        assert shown_whole(rationale, form.query_one(".form-fields"))
        await press(pilot, "ctrl+s")  # the rationale is empty
        error = form.query_one(".form-error")
        assert "rationale is required" in str(error.render())
        assert shown_whole(error, form)
        hint = form.query_one(".form-hint")
        assert "ctrl+s" in str(hint.render()) and shown_whole(hint, form)
        assert isinstance(app.screen, ModalScreen)  # not recorded, still open
