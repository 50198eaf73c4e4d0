"""A broad search counts its hits up to a cap and says "10,000+" past it, so its cost does not
grow with the desk; the pages must still be the right claims, in queue order, whatever the
sort, the filters (with which the count is exact), and where the claim matched (its text or
only an interpretation)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from deskcheck.data import Desk, QueueQuery
from deskcheck.data import queue as queue_module
from deskcheck.data.queue import QueuePager, shown_count
from deskcheck.domain.models import IncomingClaim

CAP = 40  # the real cap is 10,000: the same code paths, a desk small enough for a test
CLAIMS = 300


@pytest.fixture(params=["rows asked", "hits gathered"])
def broad_desk(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> Desk:
    """Past the cap, either every hit is gathered (up to PARTIAL_AFTER) or, beyond that,
    a page asks each row whether it matches: both ways must show the same rows."""
    monkeypatch.setattr(queue_module, "COUNT_CAP", CAP)
    partial_after = CAP if request.param == "rows asked" else 10 * CLAIMS
    monkeypatch.setattr(queue_module, "PARTIAL_AFTER", partial_after)
    desk = Desk.open(tmp_path / "broad.db", reviewer="a", create=True)
    run = desk.start_ingest_run("test", "jsonl")
    desk.ingest(
        run,
        [
            IncomingClaim(
                text=f"Zebra sighting number {n}" if n % 3 == 0 else f"Giraffe report {n}",
                # received out of id order: "newest" is not "highest id"
                published_at=f"2026-01-01T{(n * 7) % 24:02d}:{n % 60:02d}:00Z",
                priority=1 + n % 4,
            )
            for n in range(CLAIMS)
        ],
    )
    # a giraffe claim that matches "zebra" only through an interpretation of it
    desk.add_interpretation(CLAIMS - 1, "A zebra after all", "Striped, seen from afar")
    # and giraffe claims that match only through what reviewers recorded (schema 17)
    desk.add_comment(CLAIMS - 3, "the keeper says it was a zebra")
    desk.want_evidence(CLAIMS - 4, "The keeper's photo of the zebra")
    return desk


def expected(desk: Desk, query: QueueQuery) -> list[int]:
    """Every claim of the query, by brute force: all rows of the unsearched queue, kept when
    their text or an interpretation says zebra."""
    plain = replace(query, search=None)
    rows = desk.queue_page(plain, limit=CLAIMS + 1)
    zebra = {
        r[0]
        for r in desk.db.execute(
            "SELECT id FROM claims WHERE text LIKE '%zebra%'"
            " UNION SELECT claim_id FROM interpretations WHERE label LIKE '%zebra%'"
            " UNION SELECT claim_id FROM comments WHERE body LIKE '%zebra%'"
            " UNION SELECT claim_id FROM evidence_wanted WHERE description LIKE '%zebra%'"
        )
    }
    return [r.id for r in rows if r.id in zebra]


@pytest.mark.parametrize("sort", ["newest", "oldest", "priority", "due"])
@pytest.mark.parametrize("statuses", [(), ("new",)])
def test_a_capped_search_shows_the_right_claims_in_queue_order(
    broad_desk: Desk, sort: str, statuses: tuple[str, ...]
) -> None:
    query = QueueQuery(search="zebra", sort=sort, statuses=statuses)
    want = expected(broad_desk, query)
    assert len(want) > CAP + 1  # the search has more hits than the cap
    count = broad_desk.queue_count(query)
    if statuses:  # a search with another filter counts what passes both, exactly
        assert count == len(want)
    else:
        assert count == CAP + 1 and shown_count(count) == f"{CAP}+"
    pager = QueuePager(query, page_size=10)
    shown = [
        row.id
        for index in range(count // 10 + 1)
        for row in broad_desk.queue_pager_page(pager, index, count)
    ]
    assert shown == want[: len(shown)] and len(shown) >= count
    # the page a jump far away reads (no page next to it read yet) is the same rows
    far = QueuePager(query, page_size=10)
    last = count // 10
    assert [r.id for r in broad_desk.queue_pager_page(far, last, count)] == want[
        last * 10 : last * 10 + 10
    ]
    assert CLAIMS - 1 in want  # the match through an interpretation is one of them
    assert {CLAIMS - 3, CLAIMS - 4} <= set(want)  # and through a comment, evidence wanted


def test_a_search_under_the_cap_is_counted_exactly(broad_desk: Desk) -> None:
    query = QueueQuery(search="zebra 12")
    count = broad_desk.queue_count(query)
    assert count == 1 and shown_count(count) == "1"
    assert [r.text for r in broad_desk.queue_page(query)] == ["Zebra sighting number 12"]


def test_the_real_cap_reads_as_a_reviewer_expects() -> None:
    assert shown_count(10_001) == "10,000+"
    assert shown_count(10_000) == "10,000"
    assert shown_count(1234) == "1,234"
