"""Repeat-of links are desk work (events, verify); published fact-checks are a reference
library outside the log, which verify leaves alone."""

from __future__ import annotations

from pathlib import Path

import pytest

from deskcheck.data import Desk
from deskcheck.domain.errors import InvalidValue
from deskcheck.domain.models import PublishedCheck
from tests.test_verify import tamper, verify


@pytest.fixture
def linked(sample_path: Path) -> Path:
    with Desk.open(sample_path, reviewer="mara") as desk:
        new = desk.add_claim("Reworded: the claim one repeats")
        desk.link_repeat(new, of_claim=1, score=88, reason="shares bitcoin")
        desk.add_published(
            "feed.json", [PublishedCheck("Vaccines contain magnetic graphene", "Maldita", "False")]
        )
        desk.link_repeat(new, of_published=1, score=71)
    code, output = verify(sample_path)
    assert code == 0, output
    return sample_path


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE claim_repeats SET repeat_of_claim_id = 2 WHERE id = 1",
        "DELETE FROM claim_repeats WHERE id = 1",
        "INSERT INTO claim_repeats (claim_id, repeat_of_claim_id, linked_by, linked_at)"
        " VALUES (2, 1, 'mara', '2026-01-01')",
    ],
)
def test_a_repeat_link_changed_outside_the_log_is_named(linked: Path, statement: str) -> None:
    tamper(linked, statement)
    code, output = verify(linked)
    assert code == 1
    assert any(
        line.split()[0] == "claim_repeats" for line in output.splitlines() if line.startswith("  ")
    )


def test_a_published_check_changed_outside_deskcheck_is_caught(linked: Path) -> None:
    """Outside reviews change an outcome (a claim found "already checked"): in the record,
    batch by batch, since #25; they were reference rows verify left alone."""
    tamper(linked, "UPDATE published_checks SET rating = 'True'")
    code, output = verify(linked)
    assert code == 1 and "published_checks row" in output, output


def test_a_claim_cannot_repeat_itself_nor_name_both(sample_desk: Desk) -> None:
    with pytest.raises(InvalidValue):
        sample_desk.link_repeat(1, of_claim=1)
    with pytest.raises(InvalidValue):
        sample_desk.link_repeat(1)


def test_show_and_the_desk_note_say_what_a_claim_repeats_and_what_that_concluded(
    sample_path: Path,
) -> None:
    """A repeat link is part of the claim's record: `show` and the desk note name the earlier
    claim with its verdict, and the published fact-check with its publisher, rating and URL,
    and who linked them; a publisher's escape sequences and markup reach neither raw."""
    from tests.conftest import run_cli

    hostile = "Mal\x1b]52;c;ZXZpbA==\x07dita [b]\u202e"
    with Desk.open(sample_path, reviewer="mara") as desk:
        earlier = desk.claim(2)
        new = desk.add_claim("Reworded: the claim two repeats")
        desk.link_repeat(new, of_claim=2, score=88, reason="shares its terms")
        desk.add_published(
            "feed.json",
            [
                PublishedCheck(
                    "Vaccines contain magnetic graphene",
                    hostile,
                    "False",
                    url="https://factchecks.example/graphene",
                    reviewed_at="2025-03-02T00:00:00Z",
                )
            ],
        )
        (check_id,) = desk.db.execute(
            "SELECT id FROM published_checks WHERE url = ?", ["https://factchecks.example/graphene"]
        ).fetchone()
        desk.link_repeat(new, of_published=check_id, score=71)
        record = desk.claim(new)
        label = next(v.label for v in desk.verdict_scale() if v.name == earlier.verdict)
    assert [r.of_claim for r in record.repeats] == [2, None]
    assert record.repeats[0].verdict == earlier.verdict

    shown = run_cli("show", str(new), "--desk", str(sample_path)).output
    assert f"repeat of claim 2 (decided {earlier.verdict} 20" in shown
    assert "repeat of a fact-check published by Mal" in shown
    assert "(rated False, 2025-03-02) https://factchecks.example/graphene; linked by mara" in shown
    assert "Vaccines contain magnetic graphene" in shown

    note = run_cli("export", str(new), "--desk", str(sample_path)).output
    assert "## Already checked" in note
    assert f"- Repeats claim 2 (verdict **{label}**, decided" in note
    assert "rated **False**, 2025-03-02; linked by mara" in note
    assert "<https://factchecks.example/graphene>" in note
    for output in (shown, note):
        assert "\x1b" not in output and "\x07" not in output and "\u202e" not in output
    assert "[b]" not in note.replace("\\[b\\]", "")  # markup is escaped in Markdown


def test_a_repeat_of_a_lead_is_never_called_decided(sample_path: Path) -> None:
    """Claim 1's verdict is a lead: a claim linked to it says it was "treated as a lead",
    not "decided", in the claim desk's starting point, `show` and the desk note."""
    from deskcheck.data.read_api import Match
    from deskcheck.work.similar import link_as_repeat
    from tests.conftest import run_cli

    with Desk.open(sample_path, reviewer="ines") as desk:
        new = desk.add_claim("Amazon raised security concerns about Anthropic's newest models")
        match = Match("claim", 1, 90, "shares its terms", desk.claim(1).text, "lead", None)
        starting = link_as_repeat(desk, new, match)
    assert starting.source == "claim 1 (treated as a lead 2026-06-14 by mara, not decided yet)"
    shown = run_cli("show", str(new), "--desk", str(sample_path)).output
    assert "repeat of claim 1 (treated as a lead 2026-06-14, not decided yet)" in shown
    note = run_cli("export", str(new), "--desk", str(sample_path)).output
    assert "- Repeats claim 1 (treated as a lead 2026-06-14, not decided yet;" in note
    for output in (starting.source, shown, note):
        assert "decided 2026" not in output and "decided lead" not in output
