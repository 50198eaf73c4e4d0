"""Editing and settling what was recorded: evidence wanted, revision triggers, custody hops.
Each change is an event with what it replaced; verify proves the tables after. Subscriptions
and feed reads are desk work too: a change made outside deskcheck is named."""

from __future__ import annotations

from pathlib import Path

import pytest

from deskcheck.data import Desk
from deskcheck.data.verify import verify_desk
from deskcheck.domain.errors import DeskError, InvalidValue
from tests.conftest import run_cli
from tests.test_verify import tamper, verify


def test_evidence_wanted_resolved_by_the_evidence_that_settled_it(sample_desk: Desk) -> None:
    claim = sample_desk.claim(1)
    wanted = claim.evidence_wanted[0]
    settling = claim.evidence[0]
    sample_desk.resolve_wanted(wanted.id, settling.id, "the memo itself")
    after = sample_desk.claim(1).evidence_wanted[0]
    assert (after.state, after.evidence_id, after.closed_reason) == (
        "obtained",
        settling.id,
        "the memo itself",
    )
    with pytest.raises(InvalidValue, match="already obtained"):
        sample_desk.drop_wanted(wanted.id, "changed my mind")
    other = sample_desk.claim(2).evidence[0] if sample_desk.claim(2).evidence else None
    second = claim.evidence_wanted[1]
    if other is not None:
        with pytest.raises(InvalidValue, match="another claim"):
            sample_desk.resolve_wanted(second.id, other.id)
    with pytest.raises(InvalidValue, match="reason"):
        sample_desk.drop_wanted(second.id, "  ")
    sample_desk.edit_wanted(second.id, description="The official response, in writing")
    sample_desk.drop_wanted(second.id, "the ministry said it will not respond")
    history = sample_desk.claim_history(1)
    edited = next(e for e in history if e["kind"] == "evidence_wanted.edited")
    assert edited["body"]["before"]["description"] == second.description
    assert verify_desk(sample_desk.path).ok


def test_triggers_edited_disarmed_armed_and_retired(sample_desk: Desk) -> None:
    trigger = sample_desk.claim(1).triggers[0]
    sample_desk.edit_trigger(trigger.id, condition="The memo is published in full")
    sample_desk.move_trigger(trigger.id, "disarm", "paused while the ministry is closed")
    assert sample_desk.claim(1).triggers[0].state == "disarmed"
    assert trigger.id not in {t.id for t in sample_desk.check_targets() if t.kind == "trigger"}
    sample_desk.move_trigger(trigger.id, "arm")
    with pytest.raises(InvalidValue, match="reason"):
        sample_desk.move_trigger(trigger.id, "retire")
    sample_desk.move_trigger(trigger.id, "retire", "the memo was published")
    retired = sample_desk.claim(1).triggers[0]
    assert (retired.state, retired.state_reason) == ("retired", "the memo was published")
    with pytest.raises(InvalidValue, match="retired"):
        sample_desk.move_trigger(trigger.id, "arm")
    assert verify_desk(sample_desk.path).ok


def test_custody_hops_edited_moved_and_removed(sample_desk: Desk) -> None:
    chain = sample_desk.claim(1).custody
    first, second, third = chain
    sample_desk.edit_hop(second.id, actor="Cointelegraph wire", reliability="B", credibility=3)
    sample_desk.move_hop(third.id, 1)
    assert [h.id for h in sample_desk.claim(1).custody] == [third.id, first.id, second.id]
    assert [h.position for h in sample_desk.claim(1).custody] == [1, 2, 3]
    # the Telegram post (evidence) derives from the third hop: it stays until that changes
    assert third.id in {e.derived_from_hop_id for e in sample_desk.claim(1).evidence}
    with pytest.raises(InvalidValue, match="derives from this hop"):
        sample_desk.remove_hop(third.id, "a duplicate")
    sample_desk.remove_hop(first.id, "the anonymous sources were the wire's, not a hop")
    after = sample_desk.claim(1).custody
    assert [h.id for h in after] == [third.id, second.id]
    assert [h.position for h in after] == [1, 2]
    assert after[1].actor == "Cointelegraph wire"
    with pytest.raises(DeskError, match="removed"):
        sample_desk.edit_hop(first.id, actor="again")
    moved = next(e for e in sample_desk.claim_history(1) if e["kind"] == "custody.reordered")
    assert {u["id"]: u["before"]["position"] for u in moved["body"]["updates"]} == {
        third.id: 3,
        first.id: 1,
        second.id: 2,
    }
    assert verify_desk(sample_desk.path).ok


def test_the_commands_and_the_history(sample_path: Path) -> None:
    args = ("--desk", str(sample_path), "--reviewer", "ines")
    with Desk.open(sample_path, reviewer="ines") as desk:
        claim = desk.claim(1)
    wanted, evidence = claim.evidence_wanted[0], claim.evidence[0]
    hop, trigger = claim.custody[1], claim.triggers[0]
    out = run_cli("wanted", "resolve", str(wanted.id), "--evidence", str(evidence.id), *args)
    assert out.exit_code == 0, out.output
    out = run_cli("trigger", "retire", str(trigger.id), "--reason", "memo out", *args)
    assert out.exit_code == 0, out.output
    out = run_cli("hop", "edit", str(hop.id), "--actor", "Wire (edited)", "--grade", "B2", *args)
    assert out.exit_code == 0, out.output
    no_reason = run_cli("trigger", "retire", str(claim.triggers[1].id), *args)
    assert no_reason.exit_code == 1 and "reason" in no_reason.output
    refused = run_cli("hop", "edit", str(hop.id), "--grade", "Z9", *args)
    assert refused.exit_code == 1 and "grade" in refused.output
    history = run_cli("history", "1", *args).output
    assert f"custody hop {hop.id} actor: {hop.actor} → Wire (edited)" in history
    assert f"revision trigger {trigger.id} state: armed → retired" in history
    assert f"evidence wanted {wanted.id} state: wanted → obtained" in history
    assert run_cli("verify", *args).exit_code == 0


def test_hostile_text_in_edits_is_kept_and_shown_visibly(sample_path: Path) -> None:
    args = ("--desk", str(sample_path), "--reviewer", "ines")
    with Desk.open(sample_path, reviewer="ines") as desk:
        hop = desk.claim(1).custody[0]
        desk.edit_hop(hop.id, actor="\x1b]52;c;aGk=\x07[b]Wire[/b]\u202e")
        assert desk.claim(1).custody[0].actor == "\x1b]52;c;aGk=\x07[b]Wire[/b]\u202e"
    history = run_cli("history", "1", *args).output
    assert "\x1b" not in history and "\x07" not in history and "[b]Wire[/b]" in history


@pytest.fixture
def feed_desk(sample_path: Path) -> Path:
    with Desk.open(sample_path, reviewer="mara") as desk:
        feed_id = desk.add_subscription("https://wire.example/rss", title="Wire")
        desk.mark_feed_read(feed_id)
    code, output = verify(sample_path)
    assert code == 0, output
    return sample_path


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE subscriptions SET url = 'https://evil.example/' WHERE id = 1",
        "DELETE FROM feed_reads",
        "INSERT INTO subscriptions (url, added_by, added_at) VALUES ('https://x/', 'mara', 'x')",
        "UPDATE feed_reads SET read_through = 99",
        "UPDATE claims SET context = 'forged context' WHERE id = 1",
    ],
)
def test_changes_to_subscriptions_outside_the_log_are_named(
    feed_desk: Path, statement: str
) -> None:
    tamper(feed_desk, statement)
    code, output = verify(feed_desk)
    assert code == 1, output
    words = statement.split()
    table = words[2] if words[0] in ("DELETE", "INSERT") else words[1]
    assert any(line.strip().startswith(table) for line in output.splitlines()), output
