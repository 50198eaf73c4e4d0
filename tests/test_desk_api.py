"""The data API: recording the desk's work and reading it back."""

from __future__ import annotations

from dataclasses import replace

import pytest

from deskcheck.data import Desk, QueueQuery
from deskcheck.domain.errors import InvalidValue, UnknownClaim, UnknownRecord, UnknownVerdict


def test_a_worked_claim_reads_back_whole(empty_desk: Desk) -> None:
    desk = empty_desk
    claim = desk.add_claim("The river burst its banks", tags=["weather", "local"], priority=1)
    desk.add_custody_hop(claim, "Resident", "social", reliability="D", credibility=3)
    desk.add_custody_hop(claim, "Town hall", "official_record", reliability="A", credibility=2)
    high = desk.add_interpretation(claim, "Flood", "The river flooded the town")
    low = desk.add_interpretation(claim, "Puddles", "Heavy rain left puddles", catch_all=False)
    photo = desk.add_evidence(claim, "Town hall photo", url="https://town.example/p", kind="record")
    desk.assess(photo, high, "CC", "Water in the square")
    desk.assess(photo, low, "II", "Far more than puddles")
    desk.want_evidence(claim, "Gauge readings", would_settle="Shows the peak level")
    record = desk.claim(claim)
    assert record.tags == ("local", "weather")
    assert [h.position for h in record.custody] == [1, 2]
    assert record.warnings == ()  # an official record is a primary source
    assert record.evidence[0].mark_for(high) == "CC"
    assert record.evidence[0].mark_for(low) == "II"
    assert record.evidence_wanted[0].description == "Gauge readings"


def test_re_rating_replaces_the_mark_and_keeps_the_old_one_in_the_log(sample_desk: Desk) -> None:
    evidence = sample_desk.claim(1).evidence[0]
    interpretation = evidence.assessments[0].interpretation_id
    sample_desk.assess(evidence.id, interpretation, "N", "On reflection, only timing")
    assert sample_desk.claim(1).evidence[0].mark_for(interpretation) == "N"
    last = next(iter(sample_desk.db.query("SELECT * FROM events ORDER BY seq DESC LIMIT 1")))
    assert last["kind"] == "assessment.changed"
    assert '"before":{' in last["body"] and '"mark":"C"' in last["body"]


def test_evidence_of_one_claim_cannot_be_rated_against_another_claims_reading(
    sample_desk: Desk,
) -> None:
    other = sample_desk.claim(2).interpretations[0].id
    with pytest.raises(InvalidValue, match="different claims"):
        sample_desk.assess(sample_desk.claim(1).evidence[0].id, other, "C")


def test_a_decision_sets_the_claim_status_from_its_verdict(sample_desk: Desk) -> None:
    sample_desk.decide(6, "false", "The education office denies it.")
    assert sample_desk.claim(6).status == "decided"
    sample_desk.decide(6, "lead", "Reopened: a second district now says so.")
    assert sample_desk.claim(6).status == "lead"


def test_a_fired_trigger_marks_the_claim_due_but_keeps_the_verdict(sample_desk: Desk) -> None:
    trigger = sample_desk.claim(1).triggers[0]
    sample_desk.set_trigger_state(trigger.id, "fired", reason="The memo was published.")
    claim = sample_desk.claim(1)
    assert claim.status == "revision_due"
    assert claim.verdict == "lead"
    assert claim.triggers[0].fired_reason == "The memo was published."
    assert "a revision trigger fired: revision due" in claim.warnings


def test_a_correction_that_changes_the_verdict_records_a_decision(sample_desk: Desk) -> None:
    sample_desk.add_revision_note(
        4,
        "correction",
        "The series starts in 2011; the rate is the lowest of it.",
        what_was_wrong="We said the claim was misleading for another reason.",
        new_verdict="verified",
    )
    claim = sample_desk.claim(4)
    note = claim.revision_notes[0]
    assert (note.verdict_changed, note.verdict_before, note.verdict_after) == (
        1,
        "misleading",
        "verified",
    )
    assert claim.decisions[0].verdict == "verified"
    assert claim.decisions[0].rationale.startswith("Correction:")


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda d: d.claim(999), UnknownClaim, "no claim 999"),
        (lambda d: d.decide(999, "lead", "x"), UnknownClaim, "no claim 999"),
        (lambda d: d.decide(1, "maybe", "x"), UnknownVerdict, "unknown verdict 'maybe'"),
        (lambda d: d.decide(1, "lead", "   "), InvalidValue, "rationale is required"),
        (lambda d: d.decide(1, "lead", "x", confidence="total"), InvalidValue, "confidence"),
        (lambda d: d.add_revision_note(1, "oops", "x"), InvalidValue, "revision note kind"),
        (lambda d: d.set_trigger_state(999, "fired"), UnknownRecord, "no revision trigger 999"),
        (lambda d: d.assess(999, 1, "C"), UnknownRecord, "no evidence 999"),
        (lambda d: d.add_claim(""), InvalidValue, "claim text is required"),
    ],
)
def test_bad_requests_get_a_clear_message(sample_desk: Desk, call, error, message) -> None:
    with pytest.raises(error, match=message):
        call(sample_desk)


def _all_pages(desk: Desk, query: QueueQuery, size: int) -> list[int]:
    ids: list[int] = []
    after = None
    while True:
        page = desk.queue_page(query, after=after, limit=size)
        if not page:
            return ids
        ids += [row.id for row in page]
        after = query.key_of(page[-1])


@pytest.mark.parametrize("sort", ["newest", "oldest", "priority"])
def test_paging_visits_every_claim_once_in_order(empty_desk: Desk, sort: str) -> None:
    for n in range(37):
        empty_desk.add_claim(
            f"claim {n}", received_at=f"2026-07-{1 + n % 5:02d}T00:00:00Z", priority=1 + n % 4
        )
    query = QueueQuery(sort=sort)
    paged = _all_pages(empty_desk, query, size=5)
    whole = [row.id for row in empty_desk.queue_page(query, limit=100)]
    assert paged == whole and len(set(paged)) == 37
    rows = empty_desk.queue_page(query, limit=100)
    keys = [query.key_of(r) for r in rows]
    assert keys == sorted(keys, reverse=(sort == "newest"))


def test_paging_backwards_returns_the_previous_page(sample_desk: Desk) -> None:
    query = QueueQuery()
    first = sample_desk.queue_page(query, limit=4)
    second = sample_desk.queue_page(query, after=query.key_of(first[-1]), limit=4)
    back = sample_desk.queue_page(query, after=query.key_of(second[0]), limit=4, backwards=True)
    assert back == first


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (QueueQuery(statuses=("lead",)), {1, 11}),
        (QueueQuery(verdicts=("verified",)), {2, 10}),
        (QueueQuery(verdicts=("none",)), {6, 7, 8, 12}),
        (QueueQuery(tag="ai"), {1}),
        (QueueQuery(assignee="tomas"), {2, 5, 9, 10}),
        (QueueQuery(search="telegram"), {1}),  # claim evidence and custody notes
        (QueueQuery(search="Heavier"), {1}),  # an interpretation label
        (QueueQuery(search="23 votes"), {2}),  # snapshot text / evidence excerpt
        (QueueQuery(search='"unbalanced quote ('), set()),  # user input never breaks FTS
        (QueueQuery(search="telegram", statuses=("lead",)), {1}),  # a search and a filter
        (QueueQuery(search="telegram", statuses=("new",)), set()),
        (QueueQuery(needs_attention=True), {5, 6, 7, 12}),
    ],
)
def test_queue_filters_and_search(sample_desk: Desk, query: QueueQuery, expected: set[int]) -> None:
    assert {row.id for row in sample_desk.queue_page(query, limit=100)} == expected
    assert sample_desk.queue_count(query) == len(expected)


def test_queue_rows_carry_what_triage_needs(sample_desk: Desk) -> None:
    rows = {row.id: row for row in sample_desk.queue_page(limit=100)}
    assert rows[1].custody_warning == "no primary source"
    assert (rows[1].interpretation_count, rows[1].evidence_count) == (2, 7)
    assert rows[2].custody_warning == ""
    assert rows[5].fired_triggers == 1 and rows[5].status == "revision_due"


def test_a_review_session_is_recorded_on_decisions(sample_desk: Desk) -> None:
    session = sample_desk.start_session()
    decision = sample_desk.decide(7, "unverified", "Halbrook did not answer.")
    sample_desk.end_session()
    row = sample_desk.db["review_sessions"].get(session)
    assert row["ended_at"] is not None and row["reviewer"] == "tester"
    assert sample_desk.db["decisions"].get(decision)["session_id"] == session


def test_a_search_sees_new_claims_from_this_and_other_connections(sample_path) -> None:
    query = QueueQuery(search="zebra")
    with (
        Desk.open(sample_path, reviewer="a") as desk,
        Desk.open(sample_path, reviewer="b") as other,
    ):
        assert desk.queue_count(query) == 0
        desk.add_claim("A zebra crossing was painted over")
        assert desk.queue_count(query) == 1
        other.add_claim("Zebra seen on the motorway")
        assert desk.queue_count(query) == 2
        assert [r.text.split()[0] for r in desk.queue_page(query)] == ["Zebra", "A"]


def test_a_broad_search_counts_and_pages_every_hit(tmp_path) -> None:
    """Past MANY_HITS matches a page walks the queue's index instead of sorting the hits,
    and a search alone is counted from its hits: both must still give the right claims."""
    from deskcheck.data.queue import MANY_HITS
    from deskcheck.domain.models import IncomingClaim

    many = MANY_HITS + 50
    with Desk.open(tmp_path / "broad.db", reviewer="a", create=True) as desk:
        run = desk.start_ingest_run("test", "jsonl")
        items = [
            IncomingClaim(
                text=f"Zebra sighting number {n}" if n % 2 == 0 else f"Giraffe report {n}",
                published_at=f"2026-01-01T00:{n // 60 % 60:02d}:{n % 60:02d}Z",
                priority=1 if n % 4 == 0 else 3,
            )
            for n in range(2 * many)
        ]
        desk.ingest(run, items)
        zebras = QueueQuery(search="zebra")
        assert desk.queue_count(zebras) == many
        first = desk.queue_page(zebras, limit=100)
        assert len(first) == 100 and all(r.text.startswith("Zebra") for r in first)
        assert first == sorted(first, key=lambda r: (r.received_at, r.id), reverse=True)
        urgent_zebras = replace(zebras, statuses=("new",), sort="priority")
        assert desk.queue_count(urgent_zebras) == many
        assert desk.queue_page(urgent_zebras, limit=1)[0].priority == 1


def test_recorded_updates_keep_what_the_row_was(sample_desk: Desk) -> None:
    """The recorder writes rows itself: an update records the old and new values, an update
    that changes nothing is harmless, and an unknown row is refused."""
    import json

    from sqlite_utils.db import NotFoundError

    with sample_desk.recording() as rec:
        before = rec.update(
            "claims", 3, {"priority": 1}, kind="claim.prioritised", subject="claim:3"
        )
        rec.update("claims", 3, {}, kind="claim.edited", subject="claim:3")
    assert sample_desk.db["claims"].get(3)["priority"] == 1
    body = json.loads(
        sample_desk.db.execute(
            "SELECT body FROM events WHERE kind = 'claim.prioritised'"
        ).fetchone()[0]
    )
    assert body["before"] == {"priority": before["priority"]} and body["after"] == {"priority": 1}
    with pytest.raises(NotFoundError), sample_desk.recording() as rec:
        rec.update("claims", 9999, {"priority": 1}, kind="claim.edited", subject="claim:9999")


def test_a_refused_first_write_does_not_leave_the_reviewer_half_known(sample_path) -> None:
    """Found by the state machine: the reviewer's row is added in the first write's
    transaction; when that write is refused, the next write must add it again."""
    from deskcheck.domain.errors import InvalidValue

    with Desk.open(sample_path, reviewer="newcomer") as desk:
        with pytest.raises(InvalidValue, match="NUL"):
            desk.add_claim("a claim with a \x00 in it")
        claim_id = desk.add_claim("A claim that can be stored")
        desk.add_interpretation(claim_id, "A", "It happened")
        assert desk.claim(claim_id).interpretations[0].created_by == "newcomer"


def test_the_queue_preview_reads_the_claim_with_its_tags_and_custody_only(
    sample_desk: Desk,
) -> None:
    """The queue's preview of claim 1: the whole claim, who has it, its tags, its custody in
    order with what it lacks; no evidence read (a light read for every cursor stop)."""
    preview = sample_desk.claim_preview(1)
    record = sample_desk.claim(1)
    assert preview.text == record.text and preview.assignee == "mara"
    assert preview.tags == record.tags and preview.origin_url == record.origin_url
    assert [h.actor for h in preview.custody] == [h.actor for h in record.custody]
    assert preview.warnings == ("no primary source",)
    assert not hasattr(preview, "evidence")
