"""Every form fits or scrolls at 80×24 and 120×40: tab visits every field, and each one it
lands on is on screen, inside the form's scrolling box; the form's error and its keys stay
on screen; an empty required field is named where the reviewer can see it."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Label, TextArea

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
    assert problems == [], "\n".join(problems)


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
    assert problems == [], "\n".join(problems)


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


# every form, with the keys that open it: on the claim desk (claim 1), and on the queue
EVERY_CLAIM_DESK_FORM = {
    **CLAIM_DESK_FORMS,
    "edit evidence wanted": ("W",),
    "edit trigger": ("T",),
    "edit custody hop": ("K",),
    "comment": ("C",),
    "assign": ("A",),
    "status": ("S",),
    "tags": ("#",),
    "due": ("D",),
}
EVERY_QUEUE_FORM = {**QUEUE_FORMS}


def label_of(field: Widget) -> Widget | None:
    """The label shown above a field: the last Label before it among its siblings."""
    siblings = list(field.parent.children) if field.parent is not None else []
    before = siblings[: siblings.index(field)] if field in siblings else []
    labels = [w for w in before if isinstance(w, Label) and w.display]
    return labels[-1] if labels else None


def opening_problems(pilot: Pilot, name: str) -> list[str]:
    """What a reviewer does not see as the form opens: the focused field and its label in
    view; the keys line on screen, saying what enter does in that field."""
    form = pilot.app.screen
    assert isinstance(form, FormScreen), f"{name}: {form!r} is not a form"
    fields = form.query(".form-fields, .part-fields").first()
    problems = []
    focused = form.focused
    if focused is None:
        return [f"{name}: nothing focused"]
    if not shown_whole(focused, fields):
        problems.append(f"{name}: the first field is out of view ({focused.region})")
    label = label_of(focused)
    if label is None or not shown_whole(label, fields):
        where = label.region if label is not None else "none"
        problems.append(f"{name}: the first field's label is out of view ({where})")
    hint = form.query_one("#form-keys")
    words = str(hint.render())
    if "enter:" not in words or not shown_whole(hint, form):
        problems.append(f"{name}: the keys line does not say what enter does ({words!r})")
    return problems


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_every_form_opens_with_its_first_field_labelled_and_enter_explained(
    sample_path: Path, make_app, size: tuple[int, int]
) -> None:
    app = make_app(sample_path)
    problems: list[str] = []
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        queue = app.screen
        for name, keys in EVERY_QUEUE_FORM.items():
            await press(pilot, *keys)
            problems += opening_problems(pilot, name)
            await press(pilot, "escape")
            assert app.screen is queue, f"{name}: escape did not close the form"
        await press(pilot, "F")
        feeds = app.screen
        await press(pilot, "a")
        problems += opening_problems(pilot, "feed")
        await press(pilot, "escape")
        assert app.screen is feeds
        await press(pilot, "escape")
        desk = await open_claim(pilot, 1)
        for name, keys in EVERY_CLAIM_DESK_FORM.items():
            await press(pilot, *keys)
            problems += opening_problems(pilot, name)
            await press(pilot, "escape")
            assert app.screen is desk, f"{name}: escape did not close the form"
    assert problems == [], "\n".join(problems)


def keys_line(pilot: Pilot) -> str:
    return str(pilot.app.screen.query_one("#form-keys").render())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_the_keys_line_says_what_enter_does_and_enter_does_it(
    sample_path: Path, make_app, size: tuple[int, int]
) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "N")  # a new claim: its text, then one-line fields
        form = app.screen
        assert keys_line(pilot).startswith("enter: new line")
        await press(pilot, "a", "enter", "b")
        assert form.query_one("#text", TextArea).text == "a\nb"  # a line, not a save
        await press(pilot, "tab")
        assert form.focused is form.query_one("#origin")
        assert keys_line(pilot).startswith("enter: next field")
        await press(pilot, "enter")
        assert form.focused is form.query_one("#priority")
        await press(pilot, "tab")
        assert keys_line(pilot).startswith("enter: save")  # the last one-line field
        await press(pilot, "escape")
        desk = await open_claim(pilot, 1)
        await press(pilot, "d")
        form = app.screen
        assert keys_line(pilot).startswith("enter: choose it, on to the rationale")
        form.query_one("#confidence").focus()
        await settle(pilot)
        assert keys_line(pilot).startswith("enter: choose, next field")
        await press(pilot, "enter")
        assert form.focused is form.query_one("#publish")
        await press(pilot, "escape")
        assert app.screen is desk
