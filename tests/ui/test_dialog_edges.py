"""At 80 columns a dialog takes every column: with a margin, one column of the screen beneath
showed down each edge and read as stray letters ("d e i s s n : i l t"). On a wide terminal
the dialog keeps its width and margin, the desk visible around it."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.screen import ModalScreen

from tests.ui.conftest import press, settle, until

ON_QUEUE = ["question_mark", "f", "N", "I"]
ON_CLAIM = ["d", "r", "t", "a", "c", "w", "i"]


async def open_dialog(pilot, on_claim: bool, key: str) -> ModalScreen:
    await settle(pilot)
    if on_claim:
        await press(pilot, "G", "enter")
    await press(pilot, key)
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, ModalScreen), what=f"the dialog of {key}")
    await settle(pilot)
    return app.screen


@pytest.mark.parametrize(
    ("on_claim", "key"), [(False, k) for k in ON_QUEUE] + [(True, k) for k in ON_CLAIM]
)
async def test_a_dialog_at_80_columns_leaves_no_column_of_the_screen_beneath(
    sample_path: Path, make_app, on_claim: bool, key: str
) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = (await open_dialog(pilot, on_claim, key)).children[0]
        assert (dialog.region.x, dialog.region.right) == (0, 80), dialog.region


@pytest.mark.parametrize(("on_claim", "key"), [(False, "question_mark"), (True, "d")])
async def test_a_dialog_on_a_wide_terminal_keeps_the_desk_in_view_around_it(
    sample_path: Path, make_app, on_claim: bool, key: str
) -> None:
    app = make_app(sample_path)
    async with app.run_test(size=(120, 40)) as pilot:
        dialog = (await open_dialog(pilot, on_claim, key)).children[0]
        assert dialog.region.x > 0 and dialog.region.right < 120, dialog.region
