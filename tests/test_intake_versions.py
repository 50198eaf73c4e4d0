"""The same guid with new text: the claim keeps the words it arrived with, and the queue,
`show` and `show --json` say the source changed it (issue #28)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from deskcheck.data import Desk
from deskcheck.data.verify import verify_desk
from tests.conftest import run_process

FIRST = "The harbour levy rose by 40% this year"
SECOND = "The harbour levy rose by 14% this year"
THIRD = "The harbour levy rose by 14% this year, council says"


def feed(path: Path, title: str) -> Path:
    path.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>'
        f"<item><guid>wire-77</guid><title>{title}</title></item>"
        "<item><guid>wire-78</guid><title>Ferry crossings halved</title></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    return path


@pytest.fixture
def desk_path(tmp_path: Path) -> Path:
    path = tmp_path / "desk.db"
    Desk.open(path, reviewer="mara", create=True).close()
    for text in (FIRST, SECOND, THIRD):
        took = run_process("ingest", str(feed(tmp_path / "feed.xml", text)), "--desk", str(path))
        assert took.returncode == 0, took.stdout
    return path


def test_the_claim_keeps_its_words_and_show_tells_the_change(desk_path: Path) -> None:
    shown = run_process("show", "1", "--desk", str(desk_path)).stdout
    assert f"  {FIRST}\n" in shown  # the claim under review is as it arrived
    assert "! the source changed this item since intake: 2 later versions; the latest," in shown
    assert f"    {THIRD}\n" in shown
    data = json.loads(run_process("show", "1", "--json", "--desk", str(desk_path)).stdout)
    assert data["text"] == FIRST
    assert [v["text"] for v in data["versions"]] == [SECOND, THIRD]
    assert all(v["seen_at"].endswith("Z") for v in data["versions"])
    assert verify_desk(desk_path).ok


@pytest.mark.parametrize("command", [["list"], []], ids=["list", "plain-queue"])
def test_the_queue_marks_the_claim_its_source_changed(desk_path: Path, command: list[str]):
    lines = run_process(*command, "--desk", str(desk_path)).stdout.splitlines()
    (changed,) = [line for line in lines if "harbour levy" in line]
    (other,) = [line for line in lines if "Ferry crossings" in line]
    assert changed.endswith(f"Δ {FIRST}")
    assert "Δ" not in other


def test_list_json_counts_the_versions(desk_path: Path) -> None:
    rows = json.loads(run_process("list", "--json", "--desk", str(desk_path)).stdout)
    assert {r["text"]: r["source_versions"] for r in rows} == {
        FIRST: 2,
        "Ferry crossings halved": 0,
    }
