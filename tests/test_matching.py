"""Matching a claim against the desk's earlier claims: the labelled set, and the rules."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from deskcheck.data import Desk
from deskcheck.domain.claim_terms import claim_terms, claim_words
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


def ingest_flags(desk: Desk, incoming: list[dict]) -> tuple[int, int]:
    """How many incoming claims the ingest's narrower check counts as probably checked:
    (repeats counted, others counted)."""
    from deskcheck.data.matching import best_score

    flagged = wrongly = 0
    for case in incoming:
        best = best_score(desk.db.conn, claim_terms(case["text"]), exclude=0)
        if best is not None and best[1] >= LIKELY:
            flagged += bool(case["repeats"])
            wrongly += not case["repeats"]
    return flagged, wrongly


def test_labelled_set_recall_at_5_and_precision_at_1(labelled) -> None:
    """Repeats are found (recall@5) and ranked first when scored "probably already checked"
    (precision@1); near-misses (a direction, a negation, a word, a number or a date changed)
    are almost never scored so, and are shown with what differs named."""
    desk, data, ids = labelled
    incoming = data["incoming"]
    near_misses = [case for case in incoming if case["kind"].startswith("near-miss")]
    assert len(incoming) >= 60 and sum("near" in case for case in near_misses) >= 60
    found_in_5, repeats, top_likely, top_right, misses = 0, 0, 0, 0, []
    near_likely, near_named, near_written = 0, 0, 0
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
        if case in near_misses:
            near_likely += any(m.score >= LIKELY for m in matches)
        if "near" in case:
            near_written += 1
            shown = [m for m in matches if m.kind == "claim" and m.id == ids[case["near"]]]
            if shown and shown[0].differs:
                near_named += 1
            else:
                misses.append(
                    f"difference not named ({case['kind']}, {case['lang']}): {case['text']}"
                )
    recall, precision = found_in_5 / repeats, top_right / max(top_likely, 1)
    near_share = near_likely / len(near_misses)
    flagged, wrongly = ingest_flags(desk, incoming)
    print(
        f"\nlabelled set: {len(incoming)} incoming claims, {repeats} repeats,"
        f" {len(near_misses)} near-misses"
    )
    print(f"recall@5 = {recall:.3f} ({found_in_5}/{repeats})")
    print(f"precision@1 = {precision:.3f} ({top_right}/{top_likely} tops scored ≥ {LIKELY})")
    print(f"near-misses scored ≥ {LIKELY}: {near_share:.3f} ({near_likely}/{len(near_misses)})")
    print(f"near-misses shown with what differs: {near_named}/{near_written}")
    print(
        f"at ingest (the narrower search): {flagged}/{repeats} repeats counted as probably"
        f" already checked, {wrongly} of {len(incoming) - repeats} others"
    )
    print("\n".join(misses))
    assert recall >= 0.95
    assert precision >= 0.95
    assert near_share <= 1 / 20
    assert near_named >= 0.9 * near_written
    assert wrongly <= len(near_misses) / 20


def test_ingest_counts_the_claims_probably_already_checked(sample_path: Path) -> None:
    from deskcheck.work.intake import ingest

    feed = sample_path.parent / "wire.jsonl"
    reworded = (
        "Amazon raised security concerns about Anthropic's newest AI models shortly before"
        " Washington moved to limit foreign access to frontier AI systems, a wire says"
    )
    feed.write_text(
        json.dumps({"text": "The harbour closes for repairs next week", "id": "1"})
        + "\n"
        + json.dumps({"text": reworded, "id": "2"})
        + "\n",
        encoding="utf-8",
    )
    with Desk.open(sample_path, reviewer="tester") as desk:
        report = ingest(desk, str(feed))
    assert report.counts.new == 2 and report.counts.probably_checked == 1
    assert "1 probably already checked" in report.summary()


def test_three_million_is_not_thirty_million() -> None:
    from deskcheck.domain.likeness import likeness

    a = claim_words("The government bought 3 million doses")
    assert likeness(a, claim_words("The govt bought 3,000,000 doses")).score >= LIKELY
    near = likeness(a, claim_words("The government bought 30 million doses"))
    assert near.score < LIKELY and near.differs == (("3 million", "30 million"),)


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_any_text_gives_terms_and_a_score(text: str) -> None:
    from deskcheck.domain.likeness import likeness

    terms = claim_terms(text)
    assert 0 <= likeness(terms, claim_terms(text + " 7 million")).score <= 100


def test_hostile_numbers_and_markup_are_just_terms() -> None:
    huge = claim_terms("It cost 9" + "9" * 5000 + " billion [bold]dollars[/]")
    assert len(huge.numbers) == 1 and "bold" in huge.terms
    assert max(len(term) for term in huge.terms) <= 40
    assert claim_terms("٣٠٠ مليون").numbers == claim_terms("300 million").numbers
    assert claim_terms("三百万人").numbers == claim_terms("3 millones").numbers


def test_a_claim_number_that_is_not_on_the_desk_is_one_line(sample_path: Path) -> None:
    from tests.conftest import run_cli

    result = run_cli("similar", "999999", "--desk", str(sample_path))
    assert result.exit_code != 0 and "Traceback" not in result.output


def test_a_claim_as_long_as_a_desk_takes_is_read_in_linear_time() -> None:
    """20,000 characters of capitalised words: each capital looks back a few characters,
    not at the whole claim (that took seconds)."""
    import time

    started = time.perf_counter()
    terms = claim_terms("Word Another. " * 1_400)
    assert time.perf_counter() - started < 2.0
    assert len(terms.names) == 1  # "Another", as its stem; every "Word" begins a sentence


def test_doctor_notices_a_matching_index_out_of_step_and_reindex_rebuilds_it(
    sample_path: Path,
) -> None:
    """The index is written by Python code: an upgrade that folds claims another way (here,
    documents written by "another folding"), a lost document or a stray one make lookups
    quietly miss. The doctor says so, and `deskcheck reindex` puts it right."""
    import sqlite3

    from deskcheck.data.verify import verify_desk
    from tests.conftest import run_cli

    reworded = "amazon raised security concerns about anthropics newest ai models"
    with Desk.open(sample_path, reviewer="tester") as desk:
        assert desk.similar(reworded)[0].id == 1
    conn = sqlite3.connect(sample_path)
    with conn:
        conn.execute("UPDATE match_fts SET terms = upper(terms) WHERE rowid > 0")
        conn.execute("DELETE FROM match_fts WHERE rowid = 2")
        conn.execute("INSERT INTO match_fts (rowid, terms, names) VALUES (424242, 'stray', '')")
    conn.close()
    with Desk.open(sample_path, reviewer="tester") as desk:
        assert not desk.similar(reworded) or desk.similar(reworded)[0].id != 1

    doctor = run_cli("doctor", "--desk", str(sample_path))
    assert "matching index: out of date" in doctor.output
    finding = next(line for line in doctor.output.splitlines() if "! matching index" in line)
    assert "documents sampled differ" in finding
    assert "1 claim or published fact-check is not indexed" in finding
    assert "1 document belongs to nothing on the desk" in finding
    assert "deskcheck reindex" in finding

    with Desk.open(sample_path, reviewer="tester") as desk:
        claims = sum(desk.counts_by_status().values())
    rebuilt = run_cli("reindex", "--desk", str(sample_path))
    assert rebuilt.exit_code == 0
    assert f"matching index rebuilt: {claims} claims" in rebuilt.output
    assert "matching index: ok" in run_cli("doctor", "--desk", str(sample_path)).output
    with Desk.open(sample_path, reviewer="tester") as desk:
        assert desk.similar(reworded)[0].id == 1
    assert verify_desk(sample_path).ok  # derived data: the log has nothing to say of it
