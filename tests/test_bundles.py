"""Forged and malformed bundles: each is refused with one line naming the part and row, and
nothing is written; a sound bundle merges with its reviewers as its verified chain says."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from deskcheck.data import Desk
from deskcheck.data.bundle import export_bundle
from deskcheck.data.bundle_check import part_digest
from tests.conftest import run_cli, run_process

Bundle = dict[str, Any]


@pytest.fixture
def bundle(sample_path: Path) -> Bundle:
    with Desk.open(sample_path, reviewer="mara") as desk:
        return json.loads(export_bundle(desk))


def column(bundle: Bundle, table: str, name: str) -> int:
    return bundle["parts"][table]["columns"].index(name)


def rehash(bundle: Bundle) -> str:
    """As a forger would: every part's SHA-256 recomputed after the edit."""
    for part in bundle["parts"].values():
        if isinstance(part, dict) and "columns" in part and "rows" in part:
            part["sha256"] = part_digest(part)
    return json.dumps(bundle)


def forge_verdict(b: Bundle) -> None:
    b["parts"]["decisions"]["rows"][0][column(b, "decisions", "verdict")] = "false"


def spoof_reviewer(b: Bundle) -> None:
    b["parts"]["decisions"]["rows"][0][column(b, "decisions", "reviewer")] = "tomas"


def future_date(b: Bundle) -> None:
    b["parts"]["decisions"]["rows"][0][column(b, "decisions", "decided_at")] = (
        "9999-12-31T00:00:00Z"
    )


def edit_event(b: Bundle) -> None:
    b["parts"]["events"]["rows"][5][column(b, "events", "body")] = '{"forged":true}'


def look_alike_verdict(b: Bundle) -> None:
    b["parts"]["verdicts"]["rows"][0][column(b, "verdicts", "name")] = "lead "


def sql_in_a_column(b: Bundle) -> None:
    b["parts"]["desk_settings"]["columns"][1] = "value) VALUES (?, ?) --"


def wrong_type(b: Bundle) -> None:
    b["parts"]["claims"]["rows"][0][column(b, "claims", "priority")] = {"$gt": 1}


def huge_number(b: Bundle) -> None:
    b["parts"]["claims"]["rows"][0][column(b, "claims", "priority")] = 10**30


def missing_part(b: Bundle) -> None:
    del b["parts"]["claims"]


def unknown_part(b: Bundle) -> None:
    b["parts"]["sqlite_master"] = {"columns": [], "rows": [], "sha256": ""}


def short_row(b: Bundle) -> None:
    b["parts"]["claims"]["rows"][0].pop()


def escape_in_a_reviewer(b: Bundle) -> None:
    b["parts"]["reviewers"]["rows"][0][column(b, "reviewers", "name")] = "mara\x1b]52;c;aGk=\x07"


FORGERIES: dict[str, tuple[Callable[[Bundle], None], str]] = {
    "altered row": (forge_verdict, "not what its own event log says"),
    "spoofed reviewer": (spoof_reviewer, "not what its own event log says"),
    "future date": (
        future_date,
        "part 'decisions' row 1: decided_at '9999-12-31T00:00:00Z' is later than the bundle itself",
    ),
    "edited event": (edit_event, "part 'events' row 6: event 6 does not match its hash"),
    "look-alike verdict": (look_alike_verdict, "part 'verdicts' row 1: name 'lead ' has space"),
    "SQL in a column name": (sql_in_a_column, "part 'desk_settings': its columns are not"),
    "wrong type": (wrong_type, "part 'claims' row 1: column priority holds a dict"),
    "huge number": (huge_number, "part 'claims' row 1: column priority holds a number too large"),
    "missing part": (missing_part, "the bundle has no part 'claims'"),
    "unknown part": (unknown_part, "a part 'sqlite_master' no desk has"),
    "short row": (short_row, "part 'claims' row 1: not a list of"),
    "escape in a name": (escape_in_a_reviewer, "part 'reviewers' row 1: name 'mara␛]52"),
}


@pytest.mark.parametrize("case", FORGERIES)
def test_a_forged_bundle_is_refused_by_import_and_merge(
    case: str, bundle: Bundle, tmp_path: Path, sample_path: Path
) -> None:
    forge, message = FORGERIES[case]
    forge(bundle)
    path = tmp_path / "forged.json"
    path.write_text(rehash(bundle), encoding="utf-8")

    target = tmp_path / "restored.db"
    imported = run_process("import", str(path), str(target))
    assert imported.returncode == 1
    assert "Traceback" not in imported.stderr and len(imported.stderr.strip().splitlines()) == 1
    assert message in imported.stderr
    assert not target.exists()

    with Desk.open(sample_path, reviewer="zoe") as desk:
        head_before = desk.head_seq()
    merged = run_cli(
        "merge", str(path), "--unsigned", "--desk", str(sample_path), "--reviewer", "zoe"
    )
    assert merged.exit_code == 1 and message in merged.output
    assert run_cli("verify", "--desk", str(sample_path)).exit_code == 0
    with Desk.open(sample_path, reviewer="zoe") as desk:
        assert desk.head_seq() == head_before  # nothing was recorded
        assert "zoe" not in {r for (r,) in desk.db.execute("SELECT name FROM reviewers")}


def test_a_confirmation_merged_in_points_at_the_decision_it_confirms_here(
    sample_path: Path, tmp_path: Path
) -> None:
    source = tmp_path / "source.db"
    run_cli("init", str(source), "--empty")
    with Desk.open(source, reviewer="mara") as desk:
        claim = desk.add_claim("A claim that only the other desk has")
        desk.set_setting("two_person_rule", True)
        desk.decide(claim, "lead", "Held.", for_publication=True)
    with Desk.open(source, reviewer="tomas") as desk:
        desk.confirm(claim)
        text = export_bundle(desk)
    path = tmp_path / "bundle.json"
    path.write_text(text, encoding="utf-8")
    merged = run_cli(
        "merge", str(path), "--unsigned", "--desk", str(sample_path), "--reviewer", "zoe"
    )
    assert merged.exit_code == 0, merged.output
    with Desk.open(sample_path, reviewer="zoe") as desk:
        local = desk.db.execute(
            "SELECT id FROM claims WHERE text = 'A claim that only the other desk has'"
        ).fetchone()[0]
        confirmation, confirmed = desk.claim(local).decisions[:2]
    assert confirmation.reviewer == "tomas" and confirmed.reviewer == "mara"
    assert confirmation.confirms_decision_id == confirmed.id
    with Desk.open(sample_path, reviewer="zoe") as desk:
        (body,) = desk.db.execute(
            "SELECT body FROM events WHERE kind = 'decisions.merged' ORDER BY seq DESC LIMIT 1"
        ).fetchone()
    imported = json.loads(body)["imported"]  # merged by whom, from which bundle
    assert (
        imported["by"] == "zoe"
        and imported["bundle_head"] == json.loads(text)["event_head"]["hash"]
    )
    assert run_cli("verify", "--desk", str(sample_path)).exit_code == 0
