"""The sample desk: reproducible from its source, and a full picture of the product."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from deskcheck.data import Desk
from deskcheck.data.sample import build_desk
from deskcheck.data.verify import verify_desk
from deskcheck.domain.vocabulary import CLAIM_STATUSES, REVISION_NOTE_KINDS
from deskcheck.work.config import sample_desk_file, sample_desk_source


def _dump(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_the_committed_sample_desk_is_what_its_source_builds(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.db"
    build_desk(sample_desk_source(), fresh)
    assert _dump(sample_desk_file()) == _dump(fresh)


def test_the_committed_sample_desk_verifies(sample_path: Path) -> None:
    assert verify_desk(sample_path).ok


def test_claim_one_is_the_worked_case(sample_desk: Desk) -> None:
    claim = sample_desk.claim(1)
    assert claim.received_at.startswith("2026-06-14")
    assert claim.status == "lead" and claim.verdict == "lead"
    assert [h.kind for h in claim.custody] == ["anonymous", "wire", "social"]
    assert [h.actor for h in claim.custody][1:] == [
        "Cointelegraph",
        "Cointelegraph Telegram channel",
    ]
    assert "no primary source" in claim.warnings
    assert [i.label for i in claim.interpretations] == ["Heavier reading", "Procedural reading"]
    assert all(len(i.implication_list) == 3 for i in claim.interpretations)
    assert len(claim.evidence) >= 5
    urls = {e.url for e in claim.evidence}
    assert "https://t.me/s/cointelegraph" in urls
    assert any(u and "bis.doc.gov" in u for u in urls)
    assert any(u and "wikipedia.org/wiki/Export_of_AI_systems" in u for u in urls)
    # every item is rated against both readings, and nothing is inconsistent with either:
    # neither reading is eliminated
    for evidence in claim.evidence:
        marks = {a.interpretation_id: a.mark for a in evidence.assessments}
        assert set(marks) == {i.id for i in claim.interpretations}
        assert not set(marks.values()) & {"I", "II"}
    assert len(claim.evidence_wanted) == 2
    assert [d.verdict for d in claim.decisions] == ["lead"]
    assert "lead, not a verdict" in claim.decisions[0].rationale.lower()
    assert [t.state for t in claim.triggers] == ["armed", "armed"]


def test_the_sample_shows_every_status_verdict_and_note_kind(sample_desk: Desk) -> None:
    claims = [sample_desk.claim(row.id) for row in sample_desk.queue_page(limit=100)]
    assert len(claims) >= 12
    assert {c.status for c in claims} == set(CLAIM_STATUSES)
    verdicts = {d.verdict for c in claims for d in c.decisions}
    assert verdicts == {v.name for v in sample_desk.verdict_scale()}
    assert {n.kind for c in claims for n in c.revision_notes} == set(REVISION_NOTE_KINDS)
    assert {t.state for c in claims for t in c.triggers} >= {"armed", "fired", "expired", "retired"}
    assert any(n.verdict_changed for c in claims for n in c.revision_notes)


def test_the_sample_has_a_claim_with_one_reading_eliminated(sample_desk: Desk) -> None:
    claim = sample_desk.claim(2)
    inconsistent = {
        a.interpretation_id for e in claim.evidence for a in e.assessments if a.mark in ("I", "II")
    }
    labels = {i.id: i.label for i in claim.interpretations}
    assert [labels[i] for i in inconsistent] == ["Only proposed"]
    assert claim.verdict == "verified"
