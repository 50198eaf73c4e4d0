"""`deskcheck list` and the plain queue print show a claim's first line as its source broke
it: never cut at a lone CR, U+0085, U+2028, VT or FF (issue #28)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deskcheck.data import Desk
from deskcheck.domain.lines import first_line
from tests.conftest import run_process

INSIDE = {
    "\r": "␍",
    "\x85": "⟨U+0085⟩",
    "\u2028": "⟨LS⟩",
    "\u2029": "⟨PS⟩",
    "\x0b": "␋",
    "\x0c": "␌",
}


@pytest.fixture
def desk_path(tmp_path: Path) -> Path:
    path = tmp_path / "desk.db"
    Desk.open(path, reviewer="mara", create=True).close()
    source = tmp_path / "tips.jsonl"
    source.write_text(
        "".join(
            json.dumps({"text": f"Harbour fees rose{char}by {n}0% this year", "id": f"t{n}"}) + "\n"
            for n, char in enumerate(INSIDE)
        )
        + json.dumps({"text": "Two lines:\r\nthe second is not shown", "id": "crlf"})
        + "\n",
        encoding="utf-8",
    )
    took = run_process("ingest", str(source), "--desk", str(path))
    assert took.returncode == 0, took.stdout
    return path


def expected_lines() -> list[str]:
    return [f"Harbour fees rose{mark}by {n}0% this year" for n, mark in enumerate(INSIDE.values())]


@pytest.mark.parametrize("command", [["list"], []], ids=["list", "plain-queue"])
def test_a_claim_is_not_cut_at_characters_that_are_no_line_feed(
    desk_path: Path, command: list[str]
) -> None:
    shown = run_process(*command, "--desk", str(desk_path))  # stdout is no terminal
    assert shown.returncode == 0, shown.stderr
    for line in expected_lines():
        assert line in shown.stdout, shown.stdout
    assert "Two lines:" in shown.stdout and "the second is not shown" not in shown.stdout
    assert not any(char in shown.stdout for char in INSIDE)  # all made visible


def test_a_pretty_printed_title_is_folded_at_intake_and_listed_whole(tmp_path: Path) -> None:
    desk_path = tmp_path / "desk.db"
    Desk.open(desk_path, reviewer="mara", create=True).close()
    feed = tmp_path / "feed.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>'
        "<item><guid>1</guid><title>\n        Ferry fares\n        rose 30% since March\n"
        "      </title></item></channel></rss>",
        encoding="utf-8",
    )
    assert run_process("ingest", str(feed), "--desk", str(desk_path)).returncode == 0
    listed = run_process("list", "--desk", str(desk_path)).stdout
    assert listed.rstrip().endswith(" Ferry fares rose 30% since March")


@given(st.text().filter(lambda t: "\n" not in t))
def test_text_without_a_line_feed_is_its_own_first_line(text: str) -> None:
    assert first_line(text) == text.strip()


@given(st.text().filter(lambda t: "\n" not in t and t.strip()), st.text())
def test_the_first_line_ends_at_the_first_line_feed(head: str, tail: str) -> None:
    assert first_line(f"{head}\n{tail}") == head.strip()
    assert first_line(f"{head}\r\n{tail}") == head.strip()
