"""Ingest writes a batch at once (one query for the claims already here, one statement per
table, events chained in one go, new claims matched in memory): what it leaves on the desk
must be what taking the items in one by one left."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from deskcheck.data import Desk
from deskcheck.data.events import canonical_json
from deskcheck.data.matching import best_score, from_stored
from deskcheck.data.verify import verify_desk
from deskcheck.domain.likeness import LIKELY
from deskcheck.ingest import pipeline
from deskcheck.ingest.pipeline import ingest

VOCABULARY = (
    "minister council flood vaccine recall airport bridge export memo wire report statement"
    " election budget airline stake port fees jobs plant school heatwave dam river police"
    " court ruling photo video quote survey figures unemployment inflation tax hospital"
)
WORDS = tuple(VOCABULARY.split())


def jsonl(path: Path, records: list[dict]) -> str:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    return str(path)


def claims(rng: random.Random, n: int, offset: int = 0) -> list[dict]:
    """Claims of which about a third reword an earlier one (a word dropped, case changed)."""
    texts: list[str] = []
    records = []
    for i in range(n):
        if texts and rng.random() < 0.35:
            words = rng.choice(texts).split()
            del words[rng.randrange(1, len(words))]
            text = " ".join(words).lower()
        else:
            text = " ".join(rng.choices(WORDS, k=10)).capitalize() + f" {rng.randint(2, 60)}%."
        texts.append(text)
        records.append({"text": text, "id": f"c{offset + i}", "url": f"https://w.example/{i}"})
    return records


def test_events_of_a_batch_are_canonical_and_the_desk_verifies(
    empty_desk: Desk, tmp_path: Path
) -> None:
    hostile = [
        {"text": 'Quote "marks", \\ back\\slash, \t tab, \x07 bell, \u2028 and \u202e bidi'},
        {"text": "Ärzte: 3 Millionen Impfungen 疫苗导致 والحكومة 🔥", "tags": ["ünï", "a\x1bb"]},
        {"text": "Big number 123456789012345678901234567890 and 3,5 %", "id": "x" * 300},
        {"text": "A claim with a priority", "priority": 1, "author": "Ann \u0000Lee"},
    ]
    report = ingest(empty_desk, jsonl(tmp_path / "hostile.jsonl", hostile))
    assert report.counts.new == 4, report.summary()
    bodies = [
        row[0]
        for row in empty_desk.db.conn.execute(
            "SELECT body FROM events WHERE kind = 'claim.ingested' ORDER BY seq"
        )
    ]
    assert len(bodies) == 4
    for body in bodies:  # spelled as canonical_json spells it, whichever encoder wrote it
        assert body == canonical_json(json.loads(body))
    assert verify_desk(empty_desk.path).ok


def test_versions_and_duplicates_inside_one_batch(empty_desk: Desk, tmp_path: Path) -> None:
    records = [
        {"text": "The dam broke on Monday", "id": "dam"},
        {"text": "The dam broke on Monday!!", "id": "other"},  # same fingerprint: one claim
        {"text": "The dam broke on Tuesday", "id": "dam"},  # its later version
        {"text": "The dam broke on Tuesday", "id": "dam"},  # that version again: nothing
        {"text": "A bridge closed", "id": "bridge", "tags": ["b", "a", "b"]},
    ]
    report = ingest(empty_desk, jsonl(tmp_path / "v.jsonl", records))
    c = report.counts
    assert (c.new, c.duplicate, c.version) == (2, 2, 1)
    conn = empty_desk.db.conn
    assert conn.execute("SELECT text FROM claim_versions").fetchall() == [
        ("The dam broke on Tuesday",)
    ]
    assert conn.execute("SELECT tag FROM claim_tags ORDER BY rowid").fetchall() == [("a",), ("b",)]
    assert verify_desk(empty_desk.path).ok


@pytest.mark.parametrize("batch", [7, 50])
def test_batches_count_the_claims_probably_checked_as_one_by_one(
    empty_desk: Desk, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch: int
) -> None:
    """Small batches, a second run on a desk that already holds claims: every new claim's
    best score is what ``best_score`` says of it against the index (earlier claims only)."""
    monkeypatch.setattr(pipeline, "BATCH", batch)
    rng = random.Random(batch)
    first = claims(rng, 120)
    second = claims(rng, 80, offset=1000) + [dict(r, id=f"again-{i}") for i, r in enumerate(first)]
    reports = [
        ingest(empty_desk, jsonl(tmp_path / "1.jsonl", first)),
        ingest(empty_desk, jsonl(tmp_path / "2.jsonl", second)),
    ]
    conn = empty_desk.db.conn
    expected = []
    for report in reports:
        ids = report.counts.new_claims
        probably = 0
        for start in range(0, len(ids), batch):
            chunk = ids[start : start + batch]
            for claim_id in chunk:
                terms, names = conn.execute(
                    "SELECT terms, names FROM match_fts WHERE rowid = ?", (claim_id,)
                ).fetchone()
                best = best_score(conn, from_stored(terms, names), claim_id, before=chunk[0])
                probably += best is not None and best[1] >= LIKELY
        expected.append(probably)
    assert expected[0] > 10  # rewordings were found
    assert [r.counts.probably_checked for r in reports] == expected
    assert verify_desk(empty_desk.path).ok
