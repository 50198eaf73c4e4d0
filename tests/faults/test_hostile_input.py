"""Hostile input, property-tested: the sanitiser, ingest of arbitrary bytes, and the store
driven by a state machine (in the manner of SQLite's own anomaly tests)."""

from __future__ import annotations

import gzip
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from deskcheck.data import Desk
from deskcheck.data.events import verify_chain
from deskcheck.domain.errors import InvalidValue
from deskcheck.domain.untrusted import make_visible
from deskcheck.ingest.pipeline import ingest

ALL_TEXT = st.text(
    st.characters(categories=["Cc", "Cf", "Cs", "Zl", "Zp", "Zs", "L", "N", "P", "S", "M", "Co"])
)


@given(ALL_TEXT)
def test_the_sanitiser_leaves_no_control_and_is_idempotent(text: str) -> None:
    from textual.content import Content

    shown = make_visible(text)
    assert "\x1b" not in shown
    assert not any(0x80 <= ord(c) <= 0x9F for c in shown)
    assert not any(ord(c) < 0x20 and c not in "\n\t" for c in shown)
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in shown)
    assert make_visible(shown) == shown
    # shown as Content it is literal: its plain text is exactly the visible text
    assert Content(shown).plain == shown


FORMATS = ["rss", "atom", "jsonfeed", "jsonl", "csv", "claimreview", "telegram"]


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000), st.sampled_from([*FORMATS, None]))
def test_arbitrary_bytes_never_escape_the_ingest_run(data: bytes, fmt: str | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "source.bin"
        source.write_bytes(data)
        with Desk.open(Path(tmp) / "desk.db", reviewer="fuzz", create=True) as desk:
            report = ingest(desk, str(source), format=fmt)
            assert report.run_id is not None  # every run is recorded
            run = desk.ingest_runs()[0]
            assert run["new_count"] == report.counts.new
            assert verify_chain(desk.db.conn).ok


GOOD = '{"text": "A good claim %d", "id": "good-%d"}'


@settings(max_examples=40, deadline=None)
@given(st.lists(st.one_of(st.binary(max_size=80), st.just(b"")), min_size=1, max_size=8))
def test_bad_lines_are_rejected_and_good_ones_kept(bad: list[bytes]) -> None:
    lines = [GOOD.encode() % (n, n) for n in range(3)] + [b.replace(b"\n", b" ") for b in bad]
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "mixed.jsonl"
        source.write_bytes(b"\n".join(lines) + b"\n")
        with Desk.open(Path(tmp) / "desk.db", reviewer="fuzz", create=True) as desk:
            report = ingest(desk, str(source), format="jsonl")
            texts = {desk.claim(i).text for i in report.counts.new_claims}
            assert {f"A good claim {n}" for n in range(3)} <= texts | {
                desk.claim(i).text for i in range(1, desk.queue_count() + 1)
            }


def _ingest_bytes(tmp_path: Path, name: str, data: bytes, fmt: str | None = None):
    source = tmp_path / name
    source.write_bytes(data)
    with Desk.open(tmp_path / "desk.db", reviewer="t", create=True) as desk:
        return ingest(desk, str(source), format=fmt), desk.queue_count()


def test_billion_laughs_is_refused_or_contained(tmp_path: Path) -> None:
    entities = "".join(f'<!ENTITY l{n} "{("&l" + str(n - 1) + ";") * 10}">' for n in range(1, 10))
    feed = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY l0 "lol">{entities}]>'
        '<rss version="2.0"><channel><title>t</title><item><title>&l9;</title>'
        "<guid>1</guid></item><item><title>Plain item</title><guid>2</guid></item>"
        "</channel></rss>"
    )
    report, count = _ingest_bytes(tmp_path, "laughs.xml", feed.encode())
    assert count <= 2  # finished, without a billion-character claim
    assert all(len(t) <= 20_000 for t in [report.summary()])


def test_a_fifty_megabyte_body_is_refused_cleanly(tmp_path: Path) -> None:
    big = b'{"text": "' + b"x" * (50 * 1024 * 1024) + b'"}\n'
    report, count = _ingest_bytes(tmp_path, "big.jsonl", big, "jsonl")
    assert count == 0
    assert report.counts.rejected == 1  # one item, too long: refused with a reason


def test_hundred_thousand_nested_arrays(tmp_path: Path) -> None:
    report, _ = _ingest_bytes(tmp_path, "deep.jsonl", b"[" * 100_000 + b"]" * 100_000, "jsonl")
    assert report.counts.rejected == 1


def test_csv_with_odd_quoting_newlines_and_bad_bytes(tmp_path: Path) -> None:
    data = (
        b'text,id\r\n"quoted ""twice"" and\nnewline",a\r\n"unterminated,b\r\n'
        b'"bad \xff byte",c\r\nplain,d\r\n'
    )
    report, count = _ingest_bytes(tmp_path, "odd.csv", data)
    assert report.error is None
    assert count >= 1


def test_gzip_garbage_as_html(tmp_path: Path) -> None:
    report, count = _ingest_bytes(
        tmp_path, "page.html", gzip.compress(b"<html>" * 1000), "claimreview"
    )
    assert report.error is not None and count == 0


# -- the store as a state machine ------------------------------------------------------------


class DeskMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tmp = tempfile.TemporaryDirectory()
        self.desk = Desk.open(Path(self.tmp.name) / "m.db", reviewer="m", create=True)
        self.claims: list[int] = []
        self.interpretations: dict[int, list[int]] = {}
        self.evidence: dict[int, list[int]] = {}
        self.triggers: list[int] = []
        self.decisions: list[tuple] = []
        self.notes: list[tuple] = []

    def teardown(self) -> None:
        self.desk.close()
        self.tmp.cleanup()

    @rule(text=ALL_TEXT.filter(lambda t: (t.strip() and t.isprintable()) or bool(t.strip())))
    def ingest_claim(self, text: str) -> None:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            return
        try:
            claim = self.desk.add_claim(text[:500])
        except InvalidValue:
            return  # refused with a reason (empty, or a NUL character): nothing stored
        self.claims.append(claim)
        self.interpretations[claim] = [self.desk.add_interpretation(claim, "A", "interpretation a")]
        self.evidence[claim] = []

    @precondition(lambda self: self.claims)
    @rule(data=st.data())
    def add_evidence_and_assess(self, data: st.DataObject) -> None:
        claim = data.draw(st.sampled_from(self.claims))
        evidence = self.desk.add_evidence(claim, data.draw(st.sampled_from(["doc", "page"])))
        self.evidence[claim].append(evidence)
        self.desk.assess(
            evidence,
            self.interpretations[claim][0],
            data.draw(st.sampled_from(["CC", "C", "N", "I", "II", "NA"])),
        )

    @precondition(lambda self: self.claims)
    @rule(data=st.data())
    def decide(self, data: st.DataObject) -> None:
        claim = data.draw(st.sampled_from(self.claims))
        verdict = data.draw(st.sampled_from(["lead", "unverified", "false"]))
        self.desk.decide(claim, verdict, f"because {len(self.decisions)}")
        self.decisions.append((claim, verdict))

    @precondition(lambda self: self.claims)
    @rule(data=st.data())
    def revise(self, data: st.DataObject) -> None:
        claim = data.draw(st.sampled_from(self.claims))
        self.desk.add_revision_note(claim, "update", f"note {len(self.notes)}")
        self.notes.append(claim)

    @precondition(lambda self: self.claims)
    @rule(data=st.data())
    def arm_and_fire(self, data: st.DataObject) -> None:
        claim = data.draw(st.sampled_from(self.claims))
        trigger = self.desk.add_trigger(claim, "something happens")
        self.desk.set_trigger_state(trigger, "fired", reason="it happened")
        assert self.desk.claim(claim).status == "revision_due"

    @invariant()
    def decisions_and_notes_only_grow(self) -> None:
        count = self.desk.db.execute("SELECT count(*) FROM decisions").fetchone()[0]
        assert count == len(self.decisions)
        notes = self.desk.db.execute("SELECT count(*) FROM revision_notes").fetchone()[0]
        assert notes == len(self.notes)
        assert not self.desk.db.execute(
            "SELECT 1 FROM decisions WHERE reviewer IS NULL OR decided_at IS NULL"
        ).fetchone()

    @invariant()
    def search_indexes_match_their_tables(self) -> None:
        for table in ("claims", "interpretations", "evidence"):
            rows = self.desk.db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            indexed = self.desk.db.execute(f"SELECT count(*) FROM {table}_fts").fetchone()[0]
            assert rows == indexed, table

    @invariant()
    def the_event_chain_verifies(self) -> None:
        assert verify_chain(self.desk.db.conn).ok


TestDeskMachine = pytest.mark.slow(DeskMachine.TestCase)
TestDeskMachine.settings = settings(max_examples=15, stateful_step_count=20, deadline=None)
