"""The README's keys table and the help (`?`) list the same keys for the queue and the
claim desk: a key added to a screen without its line in the README fails here."""

from __future__ import annotations

import re
from pathlib import Path

from deskcheck.ui.dialogs.help import screen_keys
from deskcheck.ui.screens.claim_desk import ClaimDeskScreen
from deskcheck.ui.screens.queue import QueueScreen

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_keys(heading: str) -> set[str]:
    text = README.read_text(encoding="utf-8")
    table = text.split(f"**{heading}**", 1)[1].split("\n\n", 2)[1]
    keys: set[str] = set()
    for line in table.splitlines()[2:]:
        first_cell = line.split("|")[1]
        for low, high in re.findall(r"`(\d)`–`(\d)`", first_cell):  # `1`–`6`
            keys.update(str(n) for n in range(int(low), int(high) + 1))
        for key in re.findall(r"`([^`]+)`", first_cell):
            keys.add(key.replace("page ", "page-"))
    return keys


def help_keys(screen_class: type, title: str) -> set[str]:
    keys: set[str] = set()
    for typed, _ in screen_keys(screen_class, title):
        if typed == "/":
            keys.add(typed)
            continue
        keys.update(typed.replace("page ", "page-").replace(" / ", " ").split())
    return keys


def test_the_claim_desk_keys_in_the_readme_are_the_keys_in_help() -> None:
    documented = readme_keys("Claim desk")
    shown = help_keys(ClaimDeskScreen, "claim desk")
    assert shown - documented - {"shift+tab", "esc", "?"} == set()
    assert documented - shown - {"escape", "tab"} == set()


def test_the_queue_keys_in_the_readme_are_the_keys_in_help() -> None:
    documented = readme_keys("Queue")
    shown = help_keys(QueueScreen, "queue")
    assert shown - documented - {"↓", "↑", "esc"} == set()
    assert documented - shown - {"escape", "ctrl+p", "↓", "↑"} == set()
