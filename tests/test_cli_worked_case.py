"""The worked case from the command line alone: claim 1 of the sample desk (hops,
interpretations and how they relate, evidence, marks, evidence wanted, triggers, the
decision) recorded with `deskcheck` commands on an empty desk, read from the sample's own
source file, comes out of `show --json` as the sample desk has it; then a revision note."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, run_cli

MOMENTS = ("received_at", "created_at", "updated_at", "added_at", "assessed_at", "decided_at")


def claim_one() -> dict[str, Any]:
    source = tomllib.loads((REPO / "sample_db" / "sample_desk.toml").read_text(encoding="utf-8"))
    return next(c for c in source["claims"] if c["id"] == 1)


def ok(desk: Path, *args: str) -> str:
    result = run_cli("--desk", str(desk), "--reviewer", "mara", *args)
    assert result.exit_code == 0, f"deskcheck {' '.join(args)}: {result.output}"
    return result.output


def record(desk: Path, *args: str) -> dict[str, Any]:
    return json.loads(ok(desk, *args, "--json"))


def without_moments(value: Any) -> Any:
    """The record with the times of recording left out: the sample was recorded in June.
    (The sample's implications end in the newline of their TOML block: not a difference.)"""
    if isinstance(value, dict):
        return {
            k: v.strip() if k == "implications" else without_moments(v)
            for k, v in value.items()
            if k not in MOMENTS
        }
    if isinstance(value, list):
        return [without_moments(v) for v in value]
    return value


def build_from_the_command_line(desk: Path) -> int:
    case = claim_one()
    ok(desk, "init", str(desk), "--empty")
    tags = [arg for tag in case["tags"] for arg in ("--tag", tag)]
    claim = record(
        desk,
        "claim",
        "add",
        case["text"],
        "--origin-url",
        case["origin_url"],
        "--priority",
        str(case["priority"]),
        *tags,
    )["id"]
    ok(desk, "assign", str(claim), "--to", case["assignee"])
    for hop in case["custody"]:
        options = ["--actor", hop["actor"], "--kind", hop["kind"], "--note", hop.get("note", "")]
        options += ["--grade", f"{hop['reliability']}{hop['credibility']}"]
        options += ["--url", hop["url"]] if "url" in hop else []
        options += ["--seen-at", hop["seen_at"]] if "seen_at" in hop else []
        record(desk, "hop", "add", str(claim), *options)
    interpretations: dict[str, int] = {}
    for item in case["interpretations"]:
        implications = [
            arg
            for line in item["implications"].strip().splitlines()
            for arg in ("--implication", line)
        ]
        interpretations[item["key"]] = record(
            desk,
            "interpretation",
            "add",
            str(claim),
            "--label",
            item["label"],
            "--statement",
            item["statement"],
            *implications,
        )["id"]
    for first, second, relation in case.get("relations", []):
        ok(
            desk,
            "interpretation",
            "relate",
            str(interpretations[first]),
            str(interpretations[second]),
            relation,
        )
    for item in case["evidence"]:
        options = ["--title", item["title"], "--excerpt", item["excerpt"], "--kind", item["kind"]]
        options += ["--grade", f"{item['reliability']}{item['credibility']}", "--no-fetch"]
        options += ["--published-at", item["published_at"]] if "published_at" in item else []
        if "derived_from_hop" in item:
            options += ["--derived-from-hop", str(item["derived_from_hop"])]
        url = [item["url"]] if "url" in item else []
        evidence = record(desk, "add-evidence", str(claim), *url, *options)["id"]
        for key, (mark, reason) in item["assessments"].items():
            ok(
                desk,
                "rate",
                str(claim),
                str(evidence),
                str(interpretations[key]),
                mark,
                "--reason",
                reason,
            )
    for wanted in case["evidence_wanted"]:
        record(
            desk,
            "wanted",
            "add",
            str(claim),
            "--description",
            wanted["description"],
            "--would-settle",
            wanted["would_settle"],
        )
    for trigger in case["triggers"]:
        url = ["--url", trigger["url"]] if "url" in trigger else []
        record(desk, "trigger", "add", str(claim), "--condition", trigger["condition"], *url)
    for decision in case["decisions"]:
        ok(
            desk,
            "decide",
            str(claim),
            "--verdict",
            decision["verdict"],
            "--rationale",
            decision["rationale"],
            "--confidence",
            decision["confidence"],
        )
    return claim


def test_the_worked_case_from_the_command_line_is_the_sample_desk_s_claim_1(
    tmp_path: Path, sample_path: Path
) -> None:
    desk = tmp_path / "by-hand.db"
    claim = build_from_the_command_line(desk)
    built = json.loads(ok(desk, "show", str(claim), "--json"))
    sample = json.loads(ok(sample_path, "show", "1", "--json"))
    assert without_moments(built) == without_moments(sample)


def test_a_revision_note_from_the_command_line_changes_the_verdict_it_names(
    tmp_path: Path,
) -> None:
    desk = tmp_path / "by-hand.db"
    claim = build_from_the_command_line(desk)
    note = record(
        desk,
        "note",
        "add",
        str(claim),
        "--kind",
        "update",
        "--wrong",
        "No statement on the record.",
        "--right",
        "Commerce answered.",
        "--verdict",
        "unverified",
    )
    shown = json.loads(ok(desk, "show", str(claim), "--json"))
    assert shown["revision_notes"][0]["id"] == note["id"]
    assert shown["revision_notes"][0]["what_is_right"] == "Commerce answered."
    assert shown["verdict"] == "unverified"
    assert "tables against the events: ok" in ok(desk, "verify")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ("hop", "add", "1", "--actor", "x", "--kind", "wire", "--url", "javascript:alert(1)"),
            "only http and https",
        ),
        (
            ("trigger", "add", "1", "--condition", "c", "--url", "file:///etc/passwd"),
            "only http and https",
        ),
        (
            ("claim", "add", "A claim", "--origin-url", "data:text/html,<b>x</b>"),
            "only http and https",
        ),
        (
            ("hop", "add", "1", "--actor", "x", "--kind", "wire", "--seen-at", "9999-12-31"),
            "in the future",
        ),
        (
            ("hop", "add", "1", "--actor", "x", "--kind", "wire", "--seen-at", "2026-99-99"),
            "not a date",
        ),
        (
            ("hop", "add", "1", "--actor", "x", "--kind", "wire", "--seen-at", "T24:00:00Z"),
            "not understood",
        ),
        (("add-evidence", "1", "--title", "t", "--published-at", "yesterday"), "not understood"),
        (("rate", "1", "1", "999", "C"), "not an interpretation of claim 1"),
        (("rate", "1", "1", "1", "maybe"), "is not one of CC C N I II NA"),
        (("rate", "2", "1", "1", "C"), "not evidence of claim 2"),
        (("interpretation", "add", "1", "--label", " ", "--statement", "s"), "required"),
        (("note", "add", "1", "--kind", "update", "--right", "r", "--verdict", "flase"), "flase"),
    ],
)
def test_a_careless_or_hostile_act_is_refused_in_one_line_and_nothing_is_recorded(
    sample_path: Path, args: tuple[str, ...], said: str
) -> None:
    before = json.loads(ok(sample_path, "show", "1", "--json"))
    result = run_cli("--desk", str(sample_path), "--reviewer", "mara", *args)
    assert result.exit_code != 0
    assert said in result.output
    assert "Traceback" not in result.output
    assert json.loads(ok(sample_path, "show", "1", "--json")) == before
