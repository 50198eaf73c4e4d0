"""The two-person rule: a decision for publication needs a second reviewer's confirmation."""

from __future__ import annotations

from pathlib import Path

import pytest

from deskcheck.data import Desk, QueueQuery
from deskcheck.domain.errors import InvalidValue
from tests.conftest import run_cli, run_process


def test_a_publication_decision_waits_for_a_different_reviewer(sample_path: Path) -> None:
    with Desk.open(sample_path, reviewer="mara") as desk:
        desk.set_setting("two_person_rule", True)
        desk.decide(6, "false", "The education office denies it.", for_publication=True)
        assert desk.queue_row(6).awaiting_confirmation
        assert [r.id for r in desk.queue_page(QueueQuery(awaiting_confirmation=True))] == [6]
        with pytest.raises(InvalidValue, match="needs a different reviewer"):
            desk.confirm(6)
    with Desk.open(sample_path, reviewer="ines") as desk:
        desk.confirm(6)
        claim = desk.claim(6)
        assert not desk.queue_row(6).awaiting_confirmation
        assert [(d.reviewer, d.verdict) for d in claim.decisions[:2]] == [
            ("ines", "false"),
            ("mara", "false"),
        ]
        assert claim.decisions[0].confirms_decision_id == claim.decisions[1].id
        with pytest.raises(InvalidValue, match="no decision waiting"):
            desk.confirm(6)


def test_without_the_rule_nothing_waits(sample_path: Path) -> None:
    with Desk.open(sample_path, reviewer="mara") as desk:
        desk.decide(6, "false", "Denied.", for_publication=True)
        assert not desk.queue_row(6).awaiting_confirmation


def test_the_rule_from_the_command_line(sample_path: Path) -> None:
    with Desk.open(sample_path, reviewer="mara") as desk:
        desk.set_setting("two_person_rule", True)
    assert (
        run_cli(
            "decide",
            "6",
            "--verdict",
            "false",
            "--rationale",
            "Denied.",
            "--despite",
            "The agency's denial is on the record.",
            "--publish",
            "--desk",
            str(sample_path),
            "--reviewer",
            "mara",
        ).exit_code
        == 0
    )
    same = run_process("confirm", "6", "--desk", str(sample_path), "--reviewer", "mara")
    assert same.returncode == 1 and "different reviewer" in same.stderr
    other = run_cli("confirm", "6", "--desk", str(sample_path), "--reviewer", "tomas")
    assert other.exit_code == 0 and "Confirmed" in other.output


def test_with_the_rule_an_unconfirmed_decision_is_not_published(sample_path: Path) -> None:
    with Desk.open(sample_path, reviewer="mara") as desk:
        desk.set_setting("two_person_rule", True)
        desk.decide(6, "false", "Denied.", for_publication=True)
    refused = run_cli("export", "6", "--format", "claimreview", "--desk", str(sample_path))
    assert refused.exit_code == 1
    assert "not confirmed by a second reviewer" in refused.output
    asked = run_cli(
        "export", "6", "--format", "claimreview", "--unconfirmed", "--desk", str(sample_path)
    )
    assert asked.exit_code == 0 and '"ClaimReview"' in asked.output
    with Desk.open(sample_path, reviewer="tomas") as desk:
        desk.confirm(6)
    confirmed = run_cli("export", "6", "--format", "claimreview", "--desk", str(sample_path))
    assert confirmed.exit_code == 0, confirmed.output
