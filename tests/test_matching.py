"""Matching a claim against the desk's earlier claims: the labelled set, and the rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from deskcheck.data import Desk
from deskcheck.domain.claim_terms import claim_terms
from deskcheck.domain.likeness import LIKELY

LABELLED = Path(__file__).parent / "fixtures" / "matching" / "labelled_claims.json"


@pytest.fixture(scope="module")
def labelled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Desk, dict, dict[str, int]]:
    data = json.loads(LABELLED.read_text(encoding="utf-8"))
    desk = Desk.open(tmp_path_factory.mktemp("m") / "m.db", reviewer="tester", create=True)
    ids = {}
    with desk.recording():
        for text in data["distractors"]:
            desk.add_claim(text)
        for earlier in data["earlier"]:
            ids[earlier["id"]] = desk.add_claim(earlier["text"])
    yield desk, data, ids
    desk.close()


def test_labelled_set_recall_at_5_and_precision_at_1(labelled) -> None:
    desk, data, ids = labelled
    incoming = data["incoming"]
    assert len(incoming) >= 60
    found_in_5, repeats, top_likely, top_right, misses = 0, 0, 0, 0, []
    for case in incoming:
        matches = desk.similar(case["text"], limit=5)
        expected = ids[case["repeats"]] if case["repeats"] else None
        if expected is not None:
            repeats += 1
            if any(m.kind == "claim" and m.id == expected for m in matches):
                found_in_5 += 1
            else:
                misses.append(f"missed {case['kind']} ({case['lang']}): {case['text']}")
        if matches and matches[0].likely:
            top_likely += 1
            if matches[0].id == expected:
                top_right += 1
            else:
                misses.append(
                    f"wrong top ({case['kind']}, {case['lang']}): {case['text']} →"
                    f" {matches[0].text} [{matches[0].score}: {matches[0].reason}]"
                )
    recall, precision = found_in_5 / repeats, top_right / max(top_likely, 1)
    print(f"\nlabelled set: {len(incoming)} incoming claims, {repeats} repeats")
    print(f"recall@5 = {recall:.3f} ({found_in_5}/{repeats})")
    print(f"precision@1 = {precision:.3f} ({top_right}/{top_likely} tops scored ≥ {LIKELY})")
    print("\n".join(misses))
    assert recall >= 0.9
    assert precision >= 0.85
