"""Merge is a border post: what a bundle brings passes the rules the desk applies to its own
acts. Each hostile bundle here is consistent (its rows, events, chain and digests all agree,
as a forger with the file would make them): only the desk's own rules can refuse it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from deskcheck.data import Desk
from deskcheck.data.bundle import export_bundle
from deskcheck.data.bundle_check import BundleError
from deskcheck.data.bundle_merge import Origin, merge, merge_report
from deskcheck.data.verify import verify_desk
from deskcheck.work.exports import awaiting_confirmation
from tests.conftest import run_cli, run_process
from tests.test_bundle_merge import forge

FERRY = "The harbour ferry will stop running every Sunday from March"
PEER = Origin("porto-desk", "SHA256:testkeyfingerprint")


def _target(path: Path) -> Path:
    """zoe's desk with mara and tomas on it, the two-person rule on, and the ferry claim."""
    with Desk.open(path, reviewer="zoe", create=True) as desk:
        desk.set_setting("two_person_rule", True)
        desk.add_reviewer("mara", "Mara")
        desk.add_reviewer("tomas", "Tomas")
        desk.add_claim(FERRY)
    return path


def _confirmed_bundle(path: Path) -> str:
    """A peer desk where mara decided for publication and tomas confirmed it."""
    with Desk.open(path, reviewer="mara", create=True) as desk:
        claim = desk.add_claim(FERRY)
        desk.decide(claim, "false", "The timetable says otherwise.", for_publication=True)
    with Desk.open(path, reviewer="tomas") as desk:
        desk.confirm(claim)
        return export_bundle(desk)


def _claim_here(desk: Desk) -> int:
    return int(desk.db.execute("SELECT id FROM claims WHERE text = ?", [FERRY]).fetchone()[0])


def _publish(path: Path) -> Any:
    newsroom = '{"name": "Zoe desk", "url": "https://zoe.example/"}'
    return run_process(
        "publish",
        "1",
        "-o",
        "-",
        "--desk",
        str(path),
        "--reviewer",
        "zoe",
        "--organisation",
        newsroom,
    )


# -- the two-person rule ----------------------------------------------------------------------


def test_a_merged_self_confirmation_never_satisfies_the_two_person_rule(tmp_path: Path) -> None:
    """mara 'confirmed' her own decision on the other desk (the bundle says so): even from a
    signed, known peer, publish still waits for a second reviewer here."""
    text = _confirmed_bundle(tmp_path / "peer.db")
    forged = forge(json.loads(text), "decisions", 2, "reviewer", "mara")
    target = _target(tmp_path / "zoe.db")
    with Desk.open(target, reviewer="zoe") as desk:
        merge(desk, forged, PEER)
        record = desk.claim(_claim_here(desk))
        assert awaiting_confirmation(desk, record, unconfirmed=False) is not None
    published = _publish(target)
    assert published.returncode == 1, published.stdout
    assert "two-person rule" in published.stderr and "reviewed by mara" not in published.stdout
    shown = run_cli("show", "1", "--desk", str(target), "--reviewer", "zoe").output
    assert "by mara (from porto-desk)" in shown
    assert "the two-person rule here does not count it" in shown
    assert verify_desk(target).ok


def test_a_confirmation_from_an_unsigned_bundle_counts_for_nothing(tmp_path: Path) -> None:
    text = _confirmed_bundle(tmp_path / "peer.db")
    target = _target(tmp_path / "zoe.db")
    with Desk.open(target, reviewer="zoe") as desk:
        merge(desk, text, Origin())
        record = desk.claim(_claim_here(desk))
        assert awaiting_confirmation(desk, record, unconfirmed=False) is not None
        assert [d.from_desk for d in record.decisions] == ["an unsigned bundle"] * 2
        assert desk.queue_count(desk_query_awaiting()) == 1
        desk.confirm(record.id)  # a reviewer here confirms it: now it counts
        assert desk.claim(record.id).confirmation is not None
    assert _publish(target).returncode == 0


def desk_query_awaiting() -> Any:
    from deskcheck.data import QueueQuery

    return QueueQuery(awaiting_confirmation=True)


def test_a_known_peers_two_person_confirmation_counts_and_says_where_from(tmp_path: Path) -> None:
    text = _confirmed_bundle(tmp_path / "peer.db")
    target = _target(tmp_path / "zoe.db")
    with Desk.open(target, reviewer="zoe") as desk:
        merge(desk, text, PEER)
        assert desk.claim(_claim_here(desk)).confirmation is not None
    published = _publish(target)
    assert published.returncode == 0, published.stderr
    assert "mara (from porto-desk)" in published.stdout
    assert "tomas (from porto-desk)" in published.stdout


# -- names, dates, URLs -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("spelled", "looks_like"),
    [("mаra", "mara"), ("tоmas", "tomas"), ("rnara", "mara"), ("Tomas", "tomas")],
)
def test_a_look_alike_reviewer_in_a_bundle_refuses_it(
    tmp_path: Path, spelled: str, looks_like: str
) -> None:
    with Desk.open(tmp_path / "peer.db", reviewer=spelled, create=True) as desk:
        desk.decide(desk.add_claim(FERRY), "verified", "A look-alike's verdict.")
        text = export_bundle(desk)
    target = _target(tmp_path / "zoe.db")
    with Desk.open(target, reviewer="zoe") as desk:
        head = desk.head_seq()
        with pytest.raises(BundleError, match=f"looks like the reviewer '{looks_like}'"):
            merge(desk, text, PEER)
        assert desk.head_seq() == head
        assert desk.claim(_claim_here(desk)).verdict is None
        assert spelled not in desk.reviewer_names()


MALFORMED = [
    "9999-12-31T00:00:00z",  # lower-case z: fromisoformat took it, the check did not
    "9999-99-99T00:00:00Z",
    "2026-01-01T24:00:00Z",
    "9999-12-31T00:00:00Z",
    "2026-06-14 11:20:00",
    "tomorrow",
]


@pytest.mark.parametrize("when", MALFORMED)
def test_a_decision_dated_wrongly_or_ahead_refuses_the_bundle(tmp_path: Path, when: str) -> None:
    """A forged decision that stayed 'newest' for good put the verdict back at every merge."""
    with Desk.open(tmp_path / "peer.db", reviewer="mara", create=True) as desk:
        desk.decide(desk.add_claim(FERRY), "verified", "Forged to stay newest.")
        text = forge(json.loads(export_bundle(desk)), "decisions", 1, "decided_at", when)
    target = _target(tmp_path / "zoe.db")
    with Desk.open(target, reviewer="zoe") as desk:
        with pytest.raises(BundleError, match=r"decided_at .* (is not a time|is later than)"):
            merge(desk, text, PEER)
        assert desk.claim(_claim_here(desk)).verdict is None
    path = tmp_path / "forged.json"
    path.write_text(text, encoding="utf-8")
    imported = run_process("import", str(path), str(tmp_path / "restored.db"))
    assert imported.returncode == 1 and "decided_at" in imported.stderr
    assert not (tmp_path / "restored.db").exists()


@pytest.mark.parametrize(
    ("table", "column", "url"),
    [
        ("claims", "origin_url", "javascript:alert(document.cookie)"),
        ("evidence", "url", "javascript:alert(1)"),
        ("custody_hops", "url", "data:text/html,<script>alert(1)</script>"),
    ],
)
def test_a_non_web_url_in_a_bundle_refuses_it(
    tmp_path: Path, table: str, column: str, url: str
) -> None:
    with Desk.open(tmp_path / "peer.db", reviewer="mara", create=True) as desk:
        claim = desk.add_claim("A new claim about trams", origin_url="https://example.org/t")
        desk.add_evidence(claim, "Timetable", url="https://example.org/e")
        desk.add_custody_hop(claim, "A post", "social", url="https://example.org/h")
        text = forge(json.loads(export_bundle(desk)), table, 1, column, url)
    target = _target(tmp_path / "zoe.db")
    with Desk.open(target, reviewer="zoe") as desk:
        count = len(desk.all_claim_ids())
        with pytest.raises(BundleError, match=f"part '{table}' row 1: {column} .*only http"):
            merge(desk, text, PEER)
        assert len(desk.all_claim_ids()) == count


# -- rows already here ------------------------------------------------------------------------


def test_a_row_here_that_the_bundle_holds_differently_is_a_recorded_conflict(
    tmp_path: Path,
) -> None:
    """The bundle says the evidence item derives from the claim's custody hop: merged, that
    took the item's independent root away ("independent roots" fell) and said nothing new."""
    source = tmp_path / "peer.db"
    with Desk.open(source, reviewer="mara", create=True) as desk:
        claim = desk.add_claim(FERRY)
        hop = desk.add_custody_hop(claim, "A post", "social", url="https://example.org/h")
        item = desk.add_evidence(claim, "Timetable", url="https://example.org/e")
        target = tmp_path / "zoe.db"
        (tmp_path / "first.json").write_text(export_bundle(desk), encoding="utf-8")
    restored = run_process("import", str(tmp_path / "first.json"), str(target))
    assert restored.returncode == 0, restored.stderr
    with Desk.open(source, reviewer="mara") as desk:
        desk.edit_evidence(item, derived_from_hop_id=hop, reliability="B")
        text = export_bundle(desk)
    with Desk.open(target, reviewer="zoe") as desk:
        report = merge_report(desk, text, PEER)
        kept = desk.claim(claim).evidence[0]
        assert (kept.derived_from_hop_id, kept.reliability) == (None, "F")
        columns = {c for k in report.conflicts if k.table == "evidence" for c in k.columns}
        assert columns == {"derived_from_hop_id", "reliability"}
        history = desk.db.execute(
            "SELECT body FROM events WHERE kind = 'bundle.conflict' AND subject = ?",
            [f"claim:{claim}"],
        ).fetchall()
        assert history, "the conflict is in the claim's history"
    assert verify_desk(target).ok
    again = tmp_path / "second.json"
    again.write_text(text, encoding="utf-8")
    merged = run_process("merge", str(again), "--unsigned", "--desk", str(target))
    assert merged.returncode == 0, merged.stderr
    assert "conflict" in merged.stdout and "evidence row" in merged.stdout
