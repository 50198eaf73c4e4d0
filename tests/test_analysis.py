"""The analysis, checked on hand-computed examples and on the sample desk."""

from __future__ import annotations

import math

import pytest

from deskcheck.analysis.claim_analysis import analyse
from deskcheck.analysis.matrix import build_matrix, diagnosticity, naive_sum
from deskcheck.analysis.weights import HIGH, LOW, MEDIUM, credibility_level, item_weight
from deskcheck.data import Desk
from deskcheck.domain.derivation import trace_sources
from deskcheck.domain.errors import InvalidValue


def worked(desk: Desk, marks: dict[str, list[str | None]], grades=None, relevance=None) -> int:
    """A claim with interpretations H1, H2… and one evidence item per list position."""
    claim = desk.add_claim("A claim to analyse")
    interpretations = {
        name: desk.add_interpretation(claim, name, f"{name} holds") for name in marks
    }
    count = len(next(iter(marks.values())))
    for n in range(count):
        reliability, credibility = (grades or {}).get(n, ("C", 3))
        evidence = desk.add_evidence(
            claim,
            f"E{n + 1}",
            reliability=reliability,
            credibility=credibility,
            relevance=(relevance or {}).get(n, "medium"),
        )
        for name, column in marks.items():
            if column[n]:
                desk.assess(evidence, interpretations[name], column[n])
    return claim


def test_inconsistency_scores_count_only_inconsistent_evidence(empty_desk: Desk) -> None:
    claim = worked(empty_desk, {"H1": ["CC", "CC", "I"], "H2": ["N", "C", "II"]})
    scores = {s.label: s for s in build_matrix(empty_desk.claim(claim)).scores}
    assert scores["H1"].inconsistency == -1
    assert scores["H2"].inconsistency == -2
    assert scores["H1"].leads and not scores["H2"].leads


def test_consistent_evidence_never_offsets_inconsistent_evidence(empty_desk: Desk) -> None:
    """Naive sums (CC +2 … II −2) pick H1, whose many consistent marks hide an II; IS picks H2."""
    claim = worked(empty_desk, {"H1": ["CC", "CC", "CC", "II"], "H2": ["N", "N", "C", "N"]})
    record = empty_desk.claim(claim)
    naive = naive_sum(record)
    labels = {i.id: i.label for i in record.interpretations}
    assert labels[max(naive, key=naive.get)] == "H1"  # 2+2+2−2 = 4 beats 1
    matrix = build_matrix(record)
    assert [labels[i] for i in matrix.leaders] == ["H2"]
    assert {s.label: s.inconsistency for s in matrix.scores} == {"H1": -2, "H2": 0}
    assert next(s for s in matrix.scores if s.label == "H1").eliminated


def test_an_interpretation_nobody_rated_neither_leads_nor_rules_others_out(
    empty_desk: Desk,
) -> None:
    """H3 has no inconsistent evidence only because nobody rated it: it does not lead, and
    H1 is not eliminated for being two points behind it."""
    claim = worked(empty_desk, {"H1": ["II", "C"], "H2": ["I", "C"], "H3": [None, None]})
    matrix = build_matrix(empty_desk.claim(claim))
    scores = {s.label: s for s in matrix.scores}
    assert [s.label for s in matrix.scores if s.leads] == ["H2"]
    assert not scores["H3"].leads and not scores["H3"].eliminated
    assert not scores["H1"].eliminated  # one point behind H2, the leader among the rated
    assert matrix.summary == "H2 leads; none is eliminated. Not rated yet: H3."
    nothing = worked(empty_desk, {"H1": [None], "H2": [None]})
    matrix = build_matrix(empty_desk.claim(nothing))
    assert not any(s.leads for s in matrix.scores)
    assert matrix.summary == "No evidence is rated yet: no interpretation leads."


def test_weighted_scores_use_credibility_and_relevance(empty_desk: Desk) -> None:
    claim = worked(
        empty_desk,
        {"H1": ["I", "I", "II"], "H2": ["C", "C", "C"]},
        grades={0: ("A", 2), 1: ("E", 5), 2: ("F", 6)},
        relevance={0: "high", 1: "low", 2: "medium"},
    )
    scores = {s.label: s for s in build_matrix(empty_desk.claim(claim)).scores}
    # A2 high relevance: √2·√2 = 2; E5 low: (1/√2)·(1/√2) = 0.5; F6 medium: 1·1 = 1 (×2 for II)
    assert scores["H1"].weighted == pytest.approx(-(2 * 1 + 0.5 * 1 + 1 * 2))
    assert scores["H2"].weighted == 0


def test_weights_and_levels() -> None:
    assert item_weight("A", 1, "high") == pytest.approx(2)
    assert item_weight("E", 5, "low") == pytest.approx(0.5)
    assert credibility_level("F", 6) == "medium"  # cannot be judged: unknown, not bad
    assert credibility_level("A", 5) == "low"  # one weak grade is enough to doubt
    assert credibility_level("F", 2) == "high"
    assert (math.sqrt(2), 1, 1 / math.sqrt(2)) == (HIGH, MEDIUM, LOW)


def test_diagnosticity_is_the_spread_of_the_marks() -> None:
    assert diagnosticity(["C", "C", "C"]) == 0
    assert diagnosticity(["CC", "II"]) == pytest.approx(2.0)
    assert diagnosticity(["C", None, "NA"]) == 0  # one rated mark: nothing to compare


def test_a_linchpin_is_an_item_whose_removal_changes_the_leader(empty_desk: Desk) -> None:
    claim = worked(empty_desk, {"H1": ["I", "C", "N"], "H2": ["C", "C", "N"]})
    matrix = build_matrix(empty_desk.claim(claim))
    assert [c.linchpin for c in matrix.evidence] == [True, False, False]
    assert [round(c.diagnosticity, 2) for c in matrix.evidence] == [1.0, 0.0, 0.0]


def test_unrated_cells_are_counted_not_scored(empty_desk: Desk) -> None:
    claim = worked(empty_desk, {"H1": ["C", None], "H2": [None, None]})
    scores = {s.label: s for s in build_matrix(empty_desk.claim(claim)).scores}
    assert (scores["H1"].rated, scores["H1"].unrated) == (1, 1)
    assert (scores["H2"].rated, scores["H2"].unrated) == (0, 2)


# -- sources --------------------------------------------------------------------------------


def test_reports_that_share_a_root_count_once(empty_desk: Desk) -> None:
    claim = empty_desk.add_claim("Fees double")
    hop = empty_desk.add_custody_hop(claim, "Agent email", "anonymous")
    wire = empty_desk.add_evidence(claim, "Wire", derived_from_hop_id=hop)
    empty_desk.add_evidence(claim, "Blog", derived_from_evidence_id=wire)
    empty_desk.add_evidence(claim, "Radio", derived_from_evidence_id=wire)
    sources = trace_sources(empty_desk.claim(claim))
    assert sources.independent_roots == 1
    assert "every piece of evidence traces to a single root" in sources.warnings
    assert any("3 reports collapse to one root" in w for w in sources.warnings)


def test_a_derivation_cycle_is_circular_reporting(empty_desk: Desk) -> None:
    claim = empty_desk.add_claim("A says B says A")
    a = empty_desk.add_evidence(claim, "A")
    b = empty_desk.add_evidence(claim, "B", derived_from_evidence_id=a)
    empty_desk.edit_evidence(a, derived_from_evidence_id=b)
    independent = empty_desk.add_evidence(claim, "Court record")
    sources = trace_sources(empty_desk.claim(claim))
    assert f"circular reporting: a derivation cycle (#{a} → #{b} → #{a})" in sources.warnings
    assert sources.independent_roots == 2
    assert sources.roots[independent] == f"evidence:{independent}"


def test_credibility_one_needs_two_independent_roots(empty_desk: Desk) -> None:
    claim = empty_desk.add_claim("Confirmed?")
    first = empty_desk.add_evidence(claim, "Report")
    repeat = empty_desk.add_evidence(claim, "Repeat", derived_from_evidence_id=first)
    with pytest.raises(InvalidValue, match="traces to 1"):
        empty_desk.edit_evidence(repeat, credibility=1)
    assert empty_desk.claim(claim).evidence[1].credibility == 6  # nothing changed
    empty_desk.add_evidence(claim, "An independent record")
    empty_desk.edit_evidence(repeat, credibility=1)
    assert empty_desk.claim(claim).evidence[1].credibility == 1


# -- the sample desk --------------------------------------------------------------------------


def test_claim_one_neither_reading_is_eliminated(sample_desk: Desk) -> None:
    analysis = analyse(sample_desk.claim(1))
    assert [s.inconsistency for s in analysis.matrix.scores] == [0, 0]
    assert analysis.matrix.none_eliminated
    assert "none is eliminated" in analysis.matrix.summary
    assert "no primary source" in analysis.warnings
    assert analysis.matrix.compatible  # the two interpretations can both hold


def test_claim_two_has_a_reading_clearly_eliminated(sample_desk: Desk) -> None:
    matrix = analyse(sample_desk.claim(2)).matrix
    eliminated = [s.label for s in matrix.scores if s.eliminated]
    assert eliminated == ["Only proposed"]
    assert matrix.summary == "Vote taken leads; eliminated: Only proposed."


def test_claim_seven_shows_a_linchpin(sample_desk: Desk) -> None:
    matrix = analyse(sample_desk.claim(7)).matrix
    linchpins = [c.title for c in matrix.evidence if c.linchpin]
    assert linchpins == ["Union bulletin on Dunmere consultation"]


def test_claim_twelve_shows_circular_reporting(sample_desk: Desk) -> None:
    analysis = analyse(sample_desk.claim(12))
    assert analysis.sources.independent_roots == 1
    assert any(w.startswith("circular reporting: 2 reports") for w in analysis.warnings)
    with pytest.raises(InvalidValue, match="needs at least two independent roots"):
        sample_desk.edit_evidence(sample_desk.claim(12).evidence[1].id, credibility=1)


def test_a_finding_the_analysis_does_not_support_raises_concerns(sample_desk: Desk) -> None:
    analysis = analyse(sample_desk.claim(1))
    assert analysis.verdict_concerns("verified") == [
        "no interpretation is eliminated",
        "no primary source",
    ]
    assert analysis.verdict_concerns("lead") == []
    assert analyse(sample_desk.claim(2)).verdict_concerns("verified") == []


def test_show_json_includes_the_analysis(sample_path) -> None:
    import json

    from tests.conftest import run_cli

    claim = json.loads(run_cli("show", "12", "--json", "--desk", str(sample_path)).output)
    analysis = claim["analysis"]
    assert analysis["independent_roots"] == 1
    assert {s["inconsistency"] for s in analysis["scores"]} == {0}
    assert all("diagnosticity" in e and "root" in e for e in analysis["evidence"])
    assert any("circular reporting" in w for w in analysis["warnings"])
