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


def test_published_checks_are_reference_rows_verify_leaves_alone(linked: Path) -> None:
    tamper(linked, "UPDATE published_checks SET rating = 'True'")
    code, output = verify(linked)
    assert code == 0, output


def test_a_claim_cannot_repeat_itself_nor_name_both(sample_desk: Desk) -> None:
    with pytest.raises(InvalidValue):
        sample_desk.link_repeat(1, of_claim=1)
    with pytest.raises(InvalidValue):
        sample_desk.link_repeat(1)
