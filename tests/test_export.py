"""Publishing and interop: desk notes, ClaimReview, bundles, CSV, backup, serve."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from deskcheck.analysis.claim_analysis import analyse
from deskcheck.data import Desk
from deskcheck.data.bundle import export_bundle
from deskcheck.data.bundle_merge import merge
from deskcheck.data.verify import verify_desk
from deskcheck.export.claimreview import claim_review, lint
from deskcheck.export.markdown import desk_note
from deskcheck.ingest.claimreview import parse_claimreview
from tests.conftest import run_cli, run_process
from tests.processes import python, running
from tests.waiting import wait_until

GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.mark.parametrize("claim", [1, 2])
def test_the_desk_note_is_pinned(sample_path: Path, claim: int) -> None:
    result = run_cli("export", str(claim), "--desk", str(sample_path))
    assert result.output == (GOLDEN / f"claim_{claim}.md").read_text(encoding="utf-8")


def test_the_desk_note_of_the_worked_case_reads_as_the_desks_account(sample_desk: Desk) -> None:
    record = sample_desk.claim(1)
    note = desk_note(record, analyse(record), sample_desk.verdict_scale())
    assert "**Verdict:** Lead, not a verdict" in note
    assert "> **Warning:** no primary source" in note
    assert "### Heavier reading" in note and "### Procedural reading" in note
    assert "none is eliminated" in note
    assert "## This note will be revised if" in note
    assert "| the claim, as received | <https://t.me/s/cointelegraph> |" in note
    assert desk_note(record, analyse(record), sample_desk.verdict_scale()) == note  # stable


def test_outside_text_cannot_write_markdown(empty_desk: Desk) -> None:
    claim = empty_desk.add_claim("[click](javascript:alert(1)) <script>x</script> \x1b[2J *bold*")
    empty_desk.decide(claim, "lead", "A [link](https://evil.example)")
    record = empty_desk.claim(claim)
    note = desk_note(record, analyse(record), empty_desk.verdict_scale())
    assert "\\[click\\](javascript:alert(1))" in note
    assert "\\<script>" in note and "\x1b" not in note and "␛" in note
    assert "\\*bold\\*" in note


@pytest.mark.parametrize("claim", [2, 10])
def test_claimreview_is_pinned_and_valid_json_ld(sample_path: Path, claim: int) -> None:
    result = run_cli("export", str(claim), "--format", "claimreview", "--desk", str(sample_path))
    assert result.exit_code == 0
    golden = (GOLDEN / f"claim_{claim}.claimreview.json").read_text(encoding="utf-8")
    assert result.stdout == golden
    review = json.loads(result.stdout)
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"]
    assert review["url"].startswith("https://desk.example/claims/")
    with Desk.open(sample_path, reviewer="tester") as desk:
        first, *_, last = desk.claim(claim).publications
    # the page's dates are the desk's record of publishing it, not a decision's time
    assert review["datePublished"] == first.published_at[:10]
    assert review["dateModified"] == last.published_at[:10] and last.kind == "update"
    assert review["author"] == {
        "@type": "Organization",
        "name": "Monexus desk (sample)",
        "url": "https://desk.example/",
    }
    rating = review["reviewRating"]
    assert (rating["bestRating"], rating["worstRating"]) == (5, 1)
    assert (rating["ratingValue"], rating["alternateName"]) == (5, "True")
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"]["name"] and item["datePublished"]
    assert item["firstAppearance"]["url"] == item["appearance"][0]["url"]
    # and our own ClaimReview reader takes it back in
    parsed = parse_claimreview([review], "desk", None)
    assert parsed.items[0][1].text == review["claimReviewed"]
    assert parsed.items[0][1].outside_reviews[0]["title"].endswith(": True")


def test_a_lead_is_not_a_claimreview_unless_forced(sample_path: Path) -> None:
    refused = run_process("export", "1", "--format", "claimreview", "--desk", str(sample_path))
    assert refused.returncode == 1
    assert "'lead' has no ClaimReview rating" in refused.stderr
    forced = run_cli(
        "export", "1", "--format", "claimreview", "--force", "--desk", str(sample_path)
    )
    review = json.loads(forced.stdout)
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Lead, not a verdict"}


def test_the_lint_flags_a_long_claim_and_a_missing_url(sample_desk: Desk) -> None:
    record = sample_desk.claim(3)  # never published: no URL of its own, no datePublished
    review = claim_review(record, sample_desk.verdict_scale(), {"name": "Desk"})
    problems = lint(review)
    assert "required: url (set the desk's organisation url)" in problems
    assert "advised: claimReviewed under 75 characters (it has 83)" in problems
    assert "advised: datePublished (publish the page first: `deskcheck publish`)" in problems
    del review["reviewRating"]["alternateName"]
    assert any("alternateName" in p for p in lint(review))


def test_csv_of_decisions_and_notes(sample_path: Path) -> None:
    decisions = list(
        csv.DictReader(
            io.StringIO(run_cli("export", "--format", "csv", "--desk", str(sample_path)).output)
        )
    )
    assert len(decisions) == 9
    assert decisions[0]["verdict"] == "lead" and decisions[0]["reviewer"] == "mara"
    notes = list(
        csv.DictReader(
            io.StringIO(
                run_cli("export", "--format", "csv", "--notes", "--desk", str(sample_path)).output
            )
        )
    )
    assert {n["kind"] for n in notes} == {
        "clarification",
        "correction",
        "update",
        "refile",
        "withdrawal",
        "outdated",
    }


def test_a_bundle_round_trips_byte_for_byte(sample_path: Path, tmp_path: Path) -> None:
    first = tmp_path / "first.json"
    assert (
        run_cli(
            "export", "--format", "json", "-o", str(first), "--desk", str(sample_path)
        ).exit_code
        == 0
    )
    restored = tmp_path / "restored.db"
    assert run_cli("import", str(first), str(restored), "--with-settings").exit_code == 0
    second = tmp_path / "second.json"
    run_cli("export", "--format", "json", "-o", str(second), "--desk", str(restored))
    assert first.read_bytes() == second.read_bytes()
    assert verify_desk(restored).ok


def test_merging_twice_adds_nothing_and_rewrites_no_decision(sample_path: Path, tmp_path) -> None:
    with Desk.open(sample_path, reviewer="t") as desk:
        bundle = export_bundle(desk)
    target = tmp_path / "target.db"
    with Desk.open(target, reviewer="ana", create=True) as desk:
        mine = desk.add_claim(
            "Amazon raised security concerns about Anthropic's newest AI models shortly before"
            " Washington moved to limit foreign access to frontier AI systems."
        )
        desk.decide(mine, "unverified", "Our own earlier call")
        first = merge(desk, bundle)
        assert first["claims"] == 11  # claim 1 was already here, by its fingerprint
        again = merge(desk, bundle)
        assert sum(again.values()) == 0
        claim = desk.claim(mine)
        assert [d.verdict for d in claim.decisions][-1] == "lead"  # theirs, appended
        assert any(d.rationale == "Our own earlier call" for d in claim.decisions)
        assert desk.queue_count() == 12
    assert verify_desk(target).ok


def test_a_bundle_that_was_altered_is_refused(sample_path: Path, tmp_path: Path) -> None:
    with Desk.open(sample_path, reviewer="t") as desk:
        bundle = json.loads(export_bundle(desk))
    bundle["parts"]["decisions"]["rows"][0][3] = "A rewritten rationale"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bundle))
    result = run_process("import", str(path), str(tmp_path / "x.db"))
    assert result.returncode == 1
    assert "part 'decisions' does not match its SHA-256" in result.stderr


WRITER = """
import sys
from deskcheck.data import Desk
with Desk.open(sys.argv[1], reviewer="busy") as desk:
    for n in range(500):
        desk.decide(1 + n % 12, "lead", f"decision {n}")
"""


def busy_decisions(desk: Path) -> int:
    conn = sqlite3.connect(f"file:{desk}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM decisions WHERE reviewer = 'busy'").fetchone()[0]
    finally:
        conn.close()


def test_a_backup_taken_while_decisions_are_recorded_verifies(sample_path: Path, tmp_path):
    Desk.open(sample_path, reviewer="t").close()  # WAL mode set, as in real use
    copies = []
    with running(python(WRITER, str(sample_path))) as writer:
        # one backup as the writer begins, one a third of the way, one past halfway
        for n, recorded in enumerate((1, 170, 340)):
            wait_until(
                lambda recorded=recorded: busy_decisions(sample_path) >= recorded,
                what=f"the writer to record {recorded} or more decisions (before backup {n})",
                timeout=60,
            )
            copy = tmp_path / f"backup{n}.db"
            assert run_cli("backup", str(copy), "--desk", str(sample_path)).exit_code == 0
            copies.append(copy)
        assert writer.wait(timeout=120) == 0
    for copy in copies:
        report = verify_desk(copy)
        assert report.ok, copy
    with Desk.open(sample_path, reviewer="t") as desk:
        assert (
            desk.db.execute("SELECT count(*) FROM decisions WHERE reviewer = 'busy'").fetchone()[0]
            == 500
        )
