"""Merging a bundle carries the "already checked?" record: repeat-of links, renumbered to
this desk with their reviewer as the bundle's chain says, and the published fact-checks they
cite; what a bundle holds that is the other desk's own is named, not silently dropped; a
bundle whose ids point nowhere is refused with one line, the desk untouched."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from deskcheck.data import Desk, QueueQuery
from deskcheck.data.bundle import export_bundle
from deskcheck.data.bundle_check import part_digest
from deskcheck.data.bundle_merge import merge
from deskcheck.data.events import GENESIS_HASH, event_hash
from deskcheck.data.verify import verify_desk
from deskcheck.domain.models import PublishedCheck
from deskcheck.ingest.pipeline import ingest as ingest_source
from deskcheck.work.intake import ingest
from tests.conftest import run_cli, run_process

BRIDGE = "The new bridge over the Douro in Porto cost 3 million euros to build"
BRIDGE_AGAIN = "Porto's new Douro bridge cost 3 million euros, a city official said"
TRAMS = "Lisbon will stop every tram line in the city centre from next March"
PONTE = PublishedCheck(  # no URL: matched by fingerprint and publisher alone
    claim_text="A nova ponte do Douro no Porto custou 3 milhões de euros",
    publisher="Polígrafo",
    rating="Falso",
    language="pt",
)
TRAM_CHECK = PublishedCheck(
    claim_text="Lisbon's city-centre trams stop running next March",
    publisher="Observador",
    rating="Enganador",
    url="https://observador.example/eletricos",
)
UNRELATED = PublishedCheck(
    claim_text="Drinking hot lemon water cures the flu in two days",
    publisher="AFP Fact Check",
    rating="False",
    url="https://afp.example/lemon",
)
OTHERS = [
    PublishedCheck(claim_text="The moon landing was filmed in a studio", publisher="Full Fact"),
    PublishedCheck(claim_text="Wind turbines cause migraines in cows", publisher="Maldita.es"),
]


def _id_of(desk: Desk, text: str) -> int:
    return int(desk.db.execute("SELECT id FROM claims WHERE text = ?", [text]).fetchone()[0])


def _published_id(desk: Desk, text: str) -> int:
    found = desk.db.execute("SELECT id FROM published_checks WHERE claim_text = ?", [text])
    return int(found.fetchone()[0])


@pytest.fixture
def bundle_text(tmp_path: Path) -> str:
    """A desk where mara and tomas linked repeats: a claim of an earlier claim, a claim of a
    URL-less published check, a claim of a published check with a URL."""
    source = tmp_path / "source.db"
    with Desk.open(source, reviewer="mara", create=True) as desk:
        bridge = desk.add_claim(BRIDGE)
        again = desk.add_claim(BRIDGE_AGAIN)
        trams = desk.add_claim(TRAMS)
        desk.add_published("pt-feed.json", [PONTE, TRAM_CHECK, UNRELATED])
        desk.link_repeat(again, of_claim=bridge, score=91, reason="bridge, Douro, 3 million")
    with Desk.open(source, reviewer="tomas") as desk:
        desk.link_repeat(bridge, of_published=1, score=74, reason="ponte, Douro, 3")
        desk.link_repeat(trams, of_published=2, score=88, reason="trams, March")
        return export_bundle(desk)


@pytest.fixture
def target(tmp_path: Path) -> Path:
    """zoe's desk: claims and published checks of its own (so every id differs), and the
    URL-less Polígrafo review already loaded."""
    path = tmp_path / "target.db"
    with Desk.open(path, reviewer="zoe", create=True) as desk:
        desk.add_claim("A claim only this desk has about ferries in Setúbal")
        desk.add_claim("Another claim of this desk about the price of bread")
        desk.add_published("own-feed.json", [*OTHERS, PONTE])
    return path


def test_merge_carries_repeat_links_and_the_published_checks_they_cite(
    bundle_text: str, target: Path
) -> None:
    with Desk.open(target, reviewer="zoe") as desk:
        added = merge(desk, bundle_text)
        assert added["claim_repeats"] == 3
        assert added["published_checks"] == 2  # the Polígrafo review was already here
        assert desk.published_count() == 5
        bridge, again, trams = (_id_of(desk, t) for t in (BRIDGE, BRIDGE_AGAIN, TRAMS))
        ponte = _published_id(desk, PONTE.claim_text)
        tram_check = _published_id(desk, TRAM_CHECK.claim_text)
        assert ponte == 3 and tram_check != 2  # numbered as on this desk, not the bundle

        (of_claim,) = desk.repeats_of(again)
        assert (of_claim["repeat_of_claim_id"], of_claim["linked_by"]) == (bridge, "mara")
        assert (of_claim["score"], of_claim["reason"]) == (91, "bridge, Douro, 3 million")
        (of_ponte,) = desk.repeats_of(bridge)
        assert (of_ponte["repeat_of_published_id"], of_ponte["linked_by"]) == (ponte, "tomas")
        (of_trams,) = desk.repeats_of(trams)
        assert of_trams["repeat_of_published_id"] == tram_check

        # the queue marks them, as it marks a link made here
        marks = {row.id: row.repeat_of for row in desk.queue_page(QueueQuery(), limit=50)}
        assert marks[again] == bridge and marks[bridge] == -ponte and marks[trams] == -tram_check

        # the published checks merged in are found by matching
        matches = desk.similar("Lisbon's city-centre trams stop running next March")
        assert (matches[0].kind, matches[0].id) == ("published", tram_check)

        events = desk.db.execute(
            "SELECT actor, body FROM events WHERE kind = 'claim_repeats.merged' ORDER BY seq"
        ).fetchall()
    assert len(events) == 3
    head = json.loads(bundle_text)["event_head"]["hash"]
    for actor, body in events:
        imported = json.loads(body)["imported"]
        assert actor == "zoe" and imported["by"] == "zoe" and imported["bundle_head"] == head
    report = verify_desk(target)
    assert report.ok, [str(d) for d in [*report.schema, *report.rows]]


def test_merging_the_same_bundle_twice_adds_no_link_and_no_published_check(
    bundle_text: str, target: Path
) -> None:
    with Desk.open(target, reviewer="zoe") as desk:
        merge(desk, bundle_text)
        links = desk.db.execute("SELECT count(*) FROM claim_repeats").fetchone()[0]
        again = merge(desk, bundle_text)
        assert sum(again.values()) == 0, again
        assert desk.db.execute("SELECT count(*) FROM claim_repeats").fetchone()[0] == links == 3
        assert desk.published_count() == 5
        index = desk.db.execute("SELECT count(*) FROM match_fts WHERE rowid < 0").fetchone()[0]
        assert index == 5
    assert verify_desk(target).ok


def test_a_link_between_two_claims_that_are_one_claim_here_is_named_not_merged(
    tmp_path: Path,
) -> None:
    """The bundle's two claims both match one claim here: the first by its text, the
    rewording by its item id. A link of that claim to itself means nothing: it is named in
    the merge's output, and the rest merges."""
    tip = tmp_path / "tip.jsonl"
    tip.write_text(json.dumps({"id": "tip-1", "text": BRIDGE_AGAIN}) + "\n", encoding="utf-8")
    source = tmp_path / "source.db"
    with Desk.open(source, reviewer="mara", create=True) as desk:
        bridge = desk.add_claim(BRIDGE)
        ingest(desk, str(tip))
        desk.link_repeat(_id_of(desk, BRIDGE_AGAIN), of_claim=bridge, score=91)
        text = export_bundle(desk)
    path = tmp_path / "bundle.json"
    path.write_text(text, encoding="utf-8")
    here = tmp_path / "here.jsonl"
    here.write_text(json.dumps({"id": "tip-1", "text": BRIDGE}) + "\n", encoding="utf-8")
    target = tmp_path / "target.db"
    with Desk.open(target, reviewer="zoe", create=True) as desk:
        ingest(desk, str(here))
    merged = run_cli("merge", str(path), "--unsigned", "--desk", str(target), "--reviewer", "zoe")
    assert merged.exit_code == 0, merged.output
    said = "not merged: 1 repeat link between two claims that are one claim here"
    assert said in merged.output, merged.output
    with Desk.open(target, reviewer="zoe") as desk:
        assert desk.db.execute("SELECT count(*) FROM claim_repeats").fetchone()[0] == 0
    assert verify_desk(target).ok


def test_the_merge_says_what_the_bundle_held_that_is_the_other_desks_own(
    tmp_path: Path,
) -> None:
    source = tmp_path / "source.db"
    feed = tmp_path / "tips.jsonl"
    feed.write_text(json.dumps({"text": "The harbour in Leixões closes on Sundays"}) + "\n")
    with Desk.open(source, reviewer="mara", create=True) as desk:
        subscription = desk.add_subscription("https://news.example/feed.xml")
        arrived = ingest_source(  # as a refresh of the feed takes its items in
            desk, str(feed), rules=lambda item: replace(item, subscription_id=subscription)
        )
        assert arrived.counts.new == 1, arrived.summary()
        desk.save_queue("Leads", QueueQuery(statuses=("lead",)))
        desk.save_queue("Mine", QueueQuery(mine="mara"))
        desk.set_setting("two_person_rule", True)
        settings = desk.db.execute("SELECT count(*) FROM desk_settings").fetchone()[0]
        text = export_bundle(desk)
    path = tmp_path / "bundle.json"
    path.write_text(text, encoding="utf-8")

    # a desk with a feed now round-trips (the bundle lacked subscriptions: import refused it)
    restored = tmp_path / "restored.db"
    assert run_cli("import", str(path), str(restored), "--with-settings").exit_code == 0
    with Desk.open(restored, reviewer="mara") as desk:
        assert [s.url for s in desk.subscriptions()] == ["https://news.example/feed.xml"]

    target = tmp_path / "target.db"
    run_cli("init", str(target), "--empty")
    merged = run_cli("merge", str(path), "--unsigned", "--desk", str(target), "--reviewer", "zoe")
    assert merged.exit_code == 0, merged.output
    assert (
        f"not merged: {settings} desk setting{'s' if settings > 1 else ''}, 2 saved queues,"
        " 1 feed subscription, 1 ingest run (they are the other desk's own)"
    ) in merged.output, merged.output
    with Desk.open(target, reviewer="zoe") as desk:
        (claim,) = desk.all_claim_ids()
        assert desk.claim(claim).subscription_id is None  # no feed of this desk brought it
        assert desk.saved_queues() == [] and desk.subscriptions() == []
        assert desk.setting("two_person_rule") in (None, False)
    assert verify_desk(target).ok


def test_settled_evidence_wanted_points_at_its_evidence_as_numbered_here(
    tmp_path: Path,
) -> None:
    source = tmp_path / "source.db"
    with Desk.open(source, reviewer="mara", create=True) as desk:
        claim = desk.add_claim("The port authority's memo says the quay is unsafe")
        desk.add_evidence(claim, "Harbour photos", url="https://example.org/photos")
        memo = desk.add_evidence(claim, "The memo", url="https://example.org/memo")
        wanted = desk.want_evidence(claim, "the memo itself")
        desk.resolve_wanted(wanted, memo, "obtained from the port")
        text = export_bundle(desk)
    target = tmp_path / "target.db"
    with Desk.open(target, reviewer="zoe", create=True) as desk:
        own = desk.add_claim("A claim of this desk with evidence of its own")
        for n in range(4):
            desk.add_evidence(own, f"ours {n}", url=f"https://example.org/ours/{n}")
        merge(desk, text)
        local = _id_of(desk, "The port authority's memo says the quay is unsafe")
        (item,) = desk.claim(local).evidence_wanted
        settled_by = desk.db.execute(
            "SELECT claim_id, title FROM evidence WHERE id = ?", [item.evidence_id]
        ).fetchone()
    assert tuple(settled_by) == (local, "The memo")
    assert verify_desk(target).ok


def test_later_versions_of_an_item_come_with_its_claim(tmp_path: Path) -> None:
    source = tmp_path / "source.db"
    first, later = tmp_path / "first.jsonl", tmp_path / "later.jsonl"
    first.write_text(json.dumps({"id": "tip-7", "text": "Fees rise 10% in May"}) + "\n")
    later.write_text(json.dumps({"id": "tip-7", "text": "Fees rise 100% in May"}) + "\n")
    with Desk.open(source, reviewer="mara", create=True) as desk:
        ingest(desk, str(first))
        ingest(desk, str(later))
        assert [v["text"] for v in desk.claim_versions(1)] == ["Fees rise 100% in May"]
        text = export_bundle(desk)
    target = tmp_path / "target.db"
    with Desk.open(target, reviewer="zoe", create=True) as desk:
        desk.add_claim("A claim of this desk")
        assert merge(desk, text)["claim_versions"] == 1
        local = _id_of(desk, "Fees rise 10% in May")
        (version,) = desk.claim_versions(local)
        assert (version["text"], version["run_id"]) == ("Fees rise 100% in May", None)
        assert sum(merge(desk, text).values()) == 0
    assert verify_desk(target).ok


# -- hostile bundles ------------------------------------------------------------------------

Bundle = dict[str, Any]


def _column(bundle: Bundle, table: str, name: str) -> int:
    return int(bundle["parts"][table]["columns"].index(name))


def forge(bundle: Bundle, table: str, row_id: int, column: str, value: Any) -> str:
    """As a forger with the file would: the row and the event that wrote it changed alike,
    the whole chain and every part's SHA-256 computed again, so the bundle is consistent."""
    bundle["parts"][table]["rows"][row_id - 1][_column(bundle, table, column)] = value
    events = bundle["parts"]["events"]
    at = {name: i for i, name in enumerate(events["columns"])}
    previous = GENESIS_HASH
    for event in events["rows"]:
        body = json.loads(event[at["body"]])
        if body.get("table") == table and body.get("id") == row_id and "row" in body:
            body["row"][column] = value
            event[at["body"]] = json.dumps(body, sort_keys=True, separators=(",", ":"))
        fields = {k: event[at[k]] for k in ("seq", "at", "actor", "kind", "subject", "body")}
        event[at["prev_hash"]] = previous
        event[at["hash"]] = previous = event_hash(previous, **fields)
    bundle["event_head"]["hash"] = previous
    for part in bundle["parts"].values():
        part["sha256"] = part_digest(part)
    return json.dumps(bundle)


HOSTILE = {
    "a link to a published check the bundle lacks": (
        ("claim_repeats", 2, "repeat_of_published_id", 99),
        "part 'claim_repeats' row 2: repeat_of_published_id 99 names no row of part"
        " 'published_checks'",
    ),
    "a link from a claim that is not there": (
        ("claim_repeats", 1, "claim_id", 4096),
        "part 'claim_repeats' row 1: claim_id 4096 names no row of part 'claims'",
    ),
    "a link to a claim that is not there": (
        ("claim_repeats", 1, "repeat_of_claim_id", 77),
        "part 'claim_repeats' row 1: repeat_of_claim_id 77 names no row of part 'claims'",
    ),
    "a link that names both a claim and a published check": (
        ("claim_repeats", 3, "repeat_of_claim_id", 1),
        "part 'claim_repeats' row 3: CHECK constraint failed",
    ),
    "a link by a reviewer the bundle lacks": (
        ("claim_repeats", 1, "linked_by", "ghost"),
        "part 'claim_repeats' row 1: linked_by 'ghost' names no row of part 'reviewers'",
    ),
}


@pytest.mark.parametrize("case", HOSTILE)
def test_a_bundle_whose_links_point_nowhere_is_refused_with_one_line(
    case: str, bundle_text: str, target: Path, tmp_path: Path
) -> None:
    (table, row_id, column, value), message = HOSTILE[case]
    path = tmp_path / "forged.json"
    path.write_text(forge(json.loads(bundle_text), table, row_id, column, value), "utf-8")

    imported = run_process("import", str(path), str(tmp_path / "restored.db"))
    assert imported.returncode == 1 and "Traceback" not in imported.stderr
    assert message in imported.stderr, imported.stderr
    assert len(imported.stderr.strip().splitlines()) == 1, imported.stderr
    assert not (tmp_path / "restored.db").exists()

    with Desk.open(target, reviewer="zoe") as desk:
        head = desk.head_seq()
        published = desk.published_count()
    merged = run_process(
        "merge", str(path), "--unsigned", "--desk", str(target), "--reviewer", "zoe"
    )
    assert merged.returncode == 1 and "Traceback" not in merged.stderr
    assert message in merged.stderr, merged.stderr
    assert len(merged.stderr.strip().splitlines()) == 1, merged.stderr
    with Desk.open(target, reviewer="zoe") as desk:
        assert desk.head_seq() == head and desk.published_count() == published
    assert verify_desk(target).ok


def test_a_spoofed_linker_is_refused_as_not_what_the_chain_says(
    bundle_text: str, target: Path, tmp_path: Path
) -> None:
    bundle = json.loads(bundle_text)
    bundle["parts"]["claim_repeats"]["rows"][1][_column(bundle, "claim_repeats", "linked_by")] = (
        "mara"  # tomas linked it; only the table is edited, the chain still says tomas
    )
    for part in bundle["parts"].values():
        part["sha256"] = part_digest(part)
    path = tmp_path / "spoofed.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    merged = run_cli("merge", str(path), "--unsigned", "--desk", str(target), "--reviewer", "zoe")
    assert merged.exit_code == 1 and "not what its own event log says" in merged.output
    assert "claim_repeats row 2, column linked_by" in merged.output
