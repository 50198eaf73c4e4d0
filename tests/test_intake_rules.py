"""The data layer's rules for an item taken in, through the real `deskcheck ingest` on a real
file and through ``Desk.ingest`` itself: fail loudly, lose nothing. A link that is no web
URL refuses the item (a recorded one-line reject); a date that is no date, or an assignee
who is no reviewer, is left out with a recorded note and the claim is kept."""

from __future__ import annotations

import json
from pathlib import Path

from deskcheck.data import Desk
from deskcheck.domain.models import IncomingClaim
from tests.conftest import run_process


def test_a_date_that_is_no_date_is_left_out_with_a_note(tmp_path: Path) -> None:
    items = [
        {"id": "w1", "text": "Tolls double on the bridge", "published": "2026-99-99T25:61:00Z"},
        {"id": "w2", "text": "The ferry stops in May", "published": "3026-01-01T00:00:00Z"},
        {"id": "w3", "text": "The pier reopens", "published": "2026-06-14T07:55:00Z"},
    ]
    source = tmp_path / "tips.jsonl"
    source.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")
    desk_path = tmp_path / "desk.db"
    Desk.open(desk_path, reviewer="mara", create=True).close()
    took = run_process("ingest", str(source), "--desk", str(desk_path), "--reviewer", "mara")
    assert took.returncode == 0, took.stderr
    assert "3 new" in took.stdout and "0 rejected" in took.stdout, took.stdout
    notes = [line for line in took.stdout.splitlines() if line.startswith("  note: ")]
    assert len(notes) == 2, took.stdout
    assert "item 'w1': kept without its published date" in notes[0]
    assert "'2026-99-99T25:61:00Z'" in notes[0]
    assert "item 'w2': kept without its published date" in notes[1] and "future" in notes[1]
    with Desk.open(desk_path, reviewer="mara") as desk:
        dates = dict(desk.db.execute("SELECT external_id, published_at FROM claims"))
        run = desk.ingest_runs()[0]
        recorded = [r["reason"] for r in desk.ingest_rejects(run["id"])]
    assert dates == {"w1": None, "w2": None, "w3": "2026-06-14T07:55:00Z"}
    assert run["rejected_count"] == 0 and recorded == [n.removeprefix("  note: ") for n in notes]


def test_the_data_layer_takes_in_by_the_same_rules_whoever_calls(empty_desk: Desk) -> None:
    """A script handing items to ``Desk.ingest`` directly: the hostile link is refused, the
    stranger is not assigned (no raw FOREIGN KEY error), a look-alike reaches the reviewer."""
    empty_desk.add_reviewer("mara", "Mara")
    run_id = empty_desk.start_ingest_run("a script", "jsonl")
    counts = empty_desk.ingest(
        run_id,
        [
            IncomingClaim(
                "A script pretending", external_id="s1", origin_url="javascript:alert(1)"
            ),
            IncomingClaim("A stranger's claim", external_id="s2", assignee="nobody-here"),
            IncomingClaim("Mara's claim", external_id="s3", assignee="mаra"),  # Cyrillic а
            IncomingClaim("A bad date", external_id="s4", published_at="2026-99-99T25:61:00Z"),
        ],
    )
    assert (counts.new, counts.rejected) == (3, 1)
    assert counts.rejects == [
        "item 's1': its URL: only http and https URLs are accepted, not javascript:"
    ]
    assert counts.notes[0] == "item 's2': kept unassigned: no reviewer 'nobody-here' on this desk"
    assert counts.notes[1].startswith("item 's4': kept without its published date")
    rows = empty_desk.db.execute("SELECT external_id, assignee, origin_url FROM claims")
    assert sorted(rows) == [("s2", None, None), ("s3", "mara", None), ("s4", None, None)]
    recorded = [r["reason"] for r in empty_desk.ingest_rejects(run_id)]
    assert recorded == counts.rejects + counts.notes
