"""The work layer: each rule holds the same at the command line and in the desk, because
both call it. These tests drive the rules through the command line; the Pilot tests of the
claim desk and the queue drive the same functions through the screens."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from deskcheck.data import Desk
from deskcheck.domain.errors import InvalidValue
from deskcheck.domain.vocabulary import parse_grade
from deskcheck.work.decisions import ReasonNeeded, decide
from deskcheck.work.policy import fetch_limits
from tests.conftest import run_cli


def test_a_verdict_the_analysis_does_not_support_needs_a_reason_at_the_command_line(
    sample_path: Path,
) -> None:
    refused = run_cli(
        "decide", "1", "--verdict", "false", "--rationale", "Looks wrong.",
        "--desk", str(sample_path), "--reviewer", "mara",
    )  # fmt: skip
    assert refused.exit_code == 1
    assert "does not support 'false'" in refused.output
    assert "no primary source" in refused.output and "--despite" in refused.output
    with Desk.open(sample_path, reviewer="mara") as desk:
        assert desk.claim(1).latest_decision.verdict == "lead"  # nothing was recorded

    recorded = run_cli(
        "decide", "1", "--verdict", "false", "--rationale", "Looks wrong.",
        "--despite", "Amazon denied it on the record.",
        "--desk", str(sample_path), "--reviewer", "mara",
    )  # fmt: skip
    assert recorded.exit_code == 0, recorded.output
    with Desk.open(sample_path, reviewer="mara") as desk:
        latest = desk.claim(1).latest_decision
    assert latest.verdict == "false"
    assert latest.rationale.endswith(
        "Chosen despite: no interpretation is eliminated; no primary source."
        " Why: Amazon denied it on the record."
    )


def test_a_verdict_the_analysis_supports_needs_no_reason(sample_desk: Desk) -> None:
    decided = decide(sample_desk, 1, "lead", "Still a lead.")
    assert decided.concerns == ()
    assert sample_desk.claim(1).latest_decision.rationale == "Still a lead."


def test_a_blank_reason_is_no_reason(sample_desk: Desk) -> None:
    with pytest.raises(ReasonNeeded, match="say why"):
        decide(sample_desk, 1, "verified", "Sure.", despite="   ")


@pytest.mark.parametrize("grade", ["c3", " B2 ", ""])
def test_grades_read_alike_everywhere(grade: str) -> None:
    assert parse_grade(grade) == {"c3": ("C", 3), " B2 ": ("B", 2), "": ("F", 6)}[grade]


@pytest.mark.parametrize("grade", ["G1", "A7", "A", "A10", "１1", "A٣", "C3\x1b[2J"])
def test_a_bad_grade_is_refused_with_the_rule(grade: str) -> None:
    with pytest.raises(InvalidValue, match="a letter A–F then a digit 1–6"):
        parse_grade(grade)


def test_a_bad_grade_at_the_command_line_is_one_line_with_no_escape(sample_path: Path) -> None:
    result = run_cli(
        "add-evidence", "1", "https://example.org/", "--grade", "Z\x1b[2J9",
        "--desk", str(sample_path), "--reviewer", "mara",
    )  # fmt: skip
    assert result.exit_code == 1
    assert "\x1b" not in result.output
    assert "a letter A–F then a digit 1–6" in result.output


def test_urls_from_outside_may_not_reach_private_addresses_by_default(sample_desk: Desk) -> None:
    assert not fetch_limits(sample_desk, typed_by_reviewer=False).allow_private
    assert fetch_limits(sample_desk, typed_by_reviewer=True).allow_private
    assert fetch_limits(sample_desk, typed_by_reviewer=False, allow_private=True).allow_private
    sample_desk.set_setting("allow_private_addresses", True)
    assert fetch_limits(sample_desk, typed_by_reviewer=False).allow_private


def test_the_check_command_refuses_a_private_address_from_the_desk(
    sample_path: Path, httpserver: HTTPServer
) -> None:
    """Evidence URLs came from outside: `check` must not fetch one on 127.0.0.1 unless told."""
    httpserver.expect_request("/internal").respond_with_data("<title>secret</title>")
    with Desk.open(sample_path, reviewer="mara") as desk:
        evidence_id = desk.add_evidence(1, "Internal page", url=httpserver.url_for("/internal"))
    refused = run_cli("check", "--desk", str(sample_path), "--reviewer", "mara")
    assert "private" in refused.output or "not allowed" in refused.output
    assert not [r for r in httpserver.log if r[0].path == "/internal"]

    allowed = run_cli("check", "--allow-private", "--desk", str(sample_path), "--reviewer", "mara")
    assert allowed.exit_code == 0, allowed.output
    assert [r for r in httpserver.log if r[0].path == "/internal"]
    with Desk.open(sample_path, reviewer="mara") as desk:
        item = next(e for e in desk.claim(1).evidence if e.id == evidence_id)
    refusal, fetched = item.snapshots
    assert "private" in (refusal.error or "") and refusal.title == ""
    assert fetched.title == "secret"
