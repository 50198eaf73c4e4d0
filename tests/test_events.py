"""The event log: every write appends a hash-chained event in the same transaction."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deskcheck.data import Desk
from deskcheck.data.events import canonical_json, event_hash, verify_chain
from deskcheck.data.verify import verify_desk
from deskcheck.domain.errors import UnknownVerdict


def _events(desk: Desk) -> list[dict]:
    return list(desk.db.query("SELECT * FROM events ORDER BY seq"))


def test_each_write_appends_its_event(empty_desk: Desk) -> None:
    start = len(_events(empty_desk))
    claim = empty_desk.add_claim("Text of a claim")
    decision = empty_desk.decide(claim, "lead", "Held as a lead", confidence="low")
    new = _events(empty_desk)[start:]
    kinds = [e["kind"] for e in new]
    assert kinds == ["reviewer.added", "claim.added", "decision.recorded", "claim.verdict_set"]
    recorded = json.loads(new[2]["body"])
    assert recorded["id"] == decision
    assert recorded["row"]["rationale"] == "Held as a lead"
    assert new[2]["actor"] == "tester" and new[2]["subject"] == f"claim:{claim}"


def _record_two_decisions(desk: Desk, claim: int, second_verdict: str) -> None:
    """One transaction with two decisions; the second may break a constraint."""
    with desk.recording() as rec:
        for verdict in ("lead", second_verdict):
            row = {
                "claim_id": claim,
                "verdict": verdict,
                "rationale": "x",
                "reviewer": "tester",
                "decided_at": rec.at,
            }
            rec.insert("decisions", row, kind="decision.recorded", subject=f"claim:{claim}")


def test_a_failed_write_leaves_neither_change_nor_event(empty_desk: Desk) -> None:
    claim = empty_desk.add_claim("Text of a claim")
    before = len(_events(empty_desk))
    with pytest.raises(UnknownVerdict):
        empty_desk.decide(claim, "probably", "no such verdict")
    with pytest.raises(sqlite3.IntegrityError):
        _record_two_decisions(empty_desk, claim, "nonsense")
    assert len(_events(empty_desk)) == before
    assert empty_desk.claim(claim).decisions == ()


def test_the_chain_verifies_and_its_head_is_the_last_hash(sample_desk: Desk) -> None:
    report = verify_chain(sample_desk.db.conn)
    last = _events(sample_desk)[-1]
    assert report.ok
    assert report.events == last["seq"]
    assert report.head_hash == last["hash"]


def _tamper(path: Path, sql: str) -> None:
    """What someone with the file could do: drop the guards, edit, put the guards back."""
    conn = sqlite3.connect(path, isolation_level=None)
    triggers = conn.execute(
        "SELECT name, sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name = 'events'"
    ).fetchall()
    for name, _ in triggers:
        conn.execute(f"DROP TRIGGER {name}")
    conn.execute(sql)
    for _, create in triggers:
        conn.execute(create)
    conn.close()


def test_verify_names_an_event_whose_body_was_edited(sample_path: Path) -> None:
    first_decision = "(SELECT min(seq) FROM events WHERE kind = 'decision.recorded')"
    _tamper(
        sample_path,
        'UPDATE events SET body = replace(body, \'"verdict":"lead"\', \'"verdict":"verified"\')'
        f" WHERE seq = {first_decision}",
    )
    conn = sqlite3.connect(sample_path)
    seq, body = conn.execute(
        f"SELECT seq, body FROM events WHERE seq = {first_decision}"
    ).fetchone()
    conn.close()
    assert '"verdict":"verified"' in body  # the edit took
    report = verify_desk(sample_path)
    assert not report.ok
    assert report.chain is not None and report.chain.bad_event is not None
    assert report.chain.bad_event.seq == seq
    assert report.chain.events == seq - 1


def test_verify_notices_a_deleted_event(sample_path: Path) -> None:
    _tamper(sample_path, "DELETE FROM events WHERE seq = 12")
    report = verify_desk(sample_path)
    assert report.chain is not None and report.chain.bad_event is not None
    assert report.chain.bad_event.seq == 13


def test_an_expected_head_must_still_be_in_the_chain(sample_path: Path) -> None:
    with Desk.open(sample_path, reviewer="tester") as desk:
        head = verify_chain(desk.db.conn).head_hash
        desk.decide(1, "lead", "Still a lead a week later")
    assert verify_desk(sample_path, expect_head=head).ok
    assert not verify_desk(sample_path, expect_head="0" * 64).ok


@given(
    seq=st.integers(min_value=1, max_value=2**62),
    fields=st.lists(st.text(), min_size=5, max_size=5),
)
def test_the_fast_spelling_of_an_event_is_its_canonical_json(seq: int, fields: list[str]) -> None:
    """event_hash spells the six fields directly for speed: it must equal the canonical JSON
    the chain was always hashed over, for any text (escapes, controls, non-ASCII)."""
    import hashlib

    at, actor, kind, subject, body = fields
    canonical = canonical_json(
        {"seq": seq, "at": at, "actor": actor, "kind": kind, "subject": subject, "body": body}
    )
    try:
        expected = hashlib.sha256(("p" + canonical).encode("utf-8")).hexdigest()
    except UnicodeEncodeError:  # a lone surrogate cannot be stored as UTF-8 either way
        return
    fast = event_hash("p", seq=seq, at=at, actor=actor, kind=kind, subject=subject, body=body)
    assert fast == expected


@pytest.mark.parametrize("seq", [1, 2**63 - 1, 2**64, 2**70])
def test_every_character_is_spelled_as_the_canonical_json_spells_it(seq: int) -> None:
    """The fast spelling escapes exactly what json escapes: every code point but the lone
    surrogates (which UTF-8 cannot hold), in every field, and sequence numbers beyond 64 bits."""
    import hashlib

    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    fields = {"at": every[:500], "actor": every[500:1000], "kind": "k", "subject": "s"}
    canonical = canonical_json({"seq": seq, **fields, "body": every})
    expected = hashlib.sha256(("p" + canonical).encode("utf-8")).hexdigest()
    assert event_hash("p", seq=seq, body=every, **fields) == expected


def test_a_lone_surrogate_cannot_be_hashed() -> None:
    with pytest.raises(UnicodeEncodeError):
        event_hash("p", seq=1, at="a", actor="b", kind="c", subject="d", body="\ud800")
