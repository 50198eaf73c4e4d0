"""Merging a bundle into an existing desk: append what it lacks, change nothing that is here.

Claims are matched by their external id or text fingerprint, attached rows by their natural
keys, published fact-checks by fingerprint, publisher and URL; what is missing is appended
with its own events, each saying where it came from (the peer desk and its key's
fingerprint, or that the bundle was unsigned). Nothing present is changed: a row here that
the bundle holds differently is a conflict (``bundle_border``), listed and recorded. What is
the other desk's own (its settings, sessions, saved queues, feeds, intake log) is counted
and left out. A merged decision keeps where it came from (``from_desk``, ``from_key``), so
the desk shows it as the peer's and its two-person rule can tell a confirmation made here
from one made elsewhere.
"""

from __future__ import annotations

import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from deskcheck.data import Desk
from deskcheck.data.bundle import _decode, load_bundle, restore
from deskcheck.data.bundle_border import (
    Conflict,
    check_names,
    check_urls,
    differing,
    record_conflict,
    row_here,
)
from deskcheck.data.bundle_library import merge_published, merge_repeats
from deskcheck.data.matching import index_claim
from deskcheck.data.recorder import Recorder

UNSIGNED = "an unsigned bundle"  # what a merged decision says it came from, unsigned


@dataclass(frozen=True)
class Origin:
    """Who the bundle comes from: a known peer and the fingerprint of the key that signed
    it, or nobody vouched for (merged with ``--unsigned``)."""

    peer: str | None = None
    fingerprint: str | None = None

    @property
    def desk(self) -> str:
        return self.peer or UNSIGNED

    @property
    def signed(self) -> bool:
        return self.peer is not None and self.fingerprint is not None


NATURAL_KEYS: dict[str, tuple[str, ...]] = {
    "claim_tags": ("tag",),
    "custody_hops": ("actor", "kind", "url"),
    "interpretations": ("label", "statement"),
    "evidence": ("title", "url"),
    "evidence_wanted": ("description",),
    "decisions": ("decided_at", "reviewer", "verdict", "rationale"),
    "revision_notes": ("written_at", "author", "kind", "what_is_right"),
    "revision_triggers": ("condition", "url"),
    "comments": ("written_at", "reviewer", "body"),
    "claim_versions": ("text",),  # as ingest keeps them: one row per wording seen
}
SKIP_ON_INSERT = {"id", "claim_id", "session_id"}
NOT_MERGED = (  # how the other desk runs, not work on claims: this desk keeps its own
    "desk_settings",  # its rules (the two-person rule, its organisation)
    "review_sessions",  # its reviewers' sittings; a merged decision names no session here
    "saved_queues",  # its shared filters, by names that may mean something else here
    "subscriptions",  # feeds it refreshes: merged, this desk would start fetching them
    "feed_reads",  # how far its reviewers read those feeds
    "ingest_runs",  # its intake log; a merged claim version names no run here
    "ingest_rejects",
    "publications",  # pages it published under its own name and URL, not this desk's acts
)


@dataclass
class MergeReport:
    added: Counter[str] = field(default_factory=Counter)  # part → rows appended
    not_merged: dict[str, int] = field(default_factory=dict)  # part → rows left out
    self_repeats: int = 0  # repeat links whose two claims are one claim on this desk
    conflicts: list[Conflict] = field(default_factory=list)  # rows here kept as they are
    new_ids: dict[str, set[int]] = field(default_factory=dict)  # part → ids this merge added
    origin: Origin = field(default_factory=Origin)


def _rows(bundle: dict[str, Any], table: str) -> list[dict[str, Any]]:
    part = bundle["parts"][table]
    return [dict(zip(part["columns"], map(_decode, row), strict=True)) for row in part["rows"]]


def merge(desk: Desk, text: str, origin: Origin | None = None) -> Counter[str]:
    """What ``merge_report`` added, part by part."""
    return merge_report(desk, text, origin or Origin()).added


def merge_report(desk: Desk, text: str, origin: Origin) -> MergeReport:
    """Append what the bundle has and this desk lacks; change nothing that is here.

    The bundle is first restored into a scratch desk, so it is merged only when its tables
    are what its own event log says and every id in it names a row of it. Each appended row
    keeps its reviewer as the bundle's chain records it, gets its own event marked imported
    (by whom, from which bundle head), and has every id it holds renumbered to this desk.

    Carried: reviewers, verdicts, claims (unassigned, in no feed of this desk) and all their
    work — tags, custody hops, interpretations and their relations, evidence, snapshots,
    assessments, evidence wanted, decisions, revision notes and triggers, comments, later
    versions of an item, repeat-of links — and the published fact-checks the bundle holds
    (matched by fingerprint, publisher and URL; those new here are indexed for matching).
    A row already here is kept as it is, even when the bundle's copy was later settled,
    resolved or disarmed. Not carried (counted in the report): the parts in ``NOT_MERGED``."""
    with tempfile.TemporaryDirectory(prefix="deskcheck-bundle-") as scratch:
        restore(text, Path(scratch) / "bundle.db")
    bundle = load_bundle(text)
    for table in ("claims", "custody_hops", "evidence", "revision_triggers", "published_checks"):
        check_urls(table, _rows(bundle, table))
    report = MergeReport(origin=origin)
    added = report.added
    report.not_merged = {t: n for t in NOT_MERGED if (n := len(bundle["parts"][t]["rows"]))}
    head = bundle["event_head"]
    with desk.recording() as rec:
        check_names(rec, _rows(bundle, "reviewers"))
        # every row merged says so in its event: by whom, from which bundle (its head), from
        # which peer and key (or that nobody signed it)
        rec.provenance = {
            "by": rec.actor,
            "bundle_head": head["hash"],
            "bundle_events": head["seq"],
            "from_desk": origin.desk,
            "key": origin.fingerprint,
            "signed": origin.signed,
        }
        db = rec.db
        for reviewer in _rows(bundle, "reviewers"):
            if not db["reviewers"].count_where("name = ?", [reviewer["name"]]):
                rec.table("reviewers").insert(reviewer)
                rec.event("reviewer.merged", f"reviewer:{reviewer['name']}", reviewer)
                added["reviewers"] += 1
        position = db.execute("SELECT coalesce(max(position), 0) FROM verdicts").fetchone()[0]
        for verdict in _rows(bundle, "verdicts"):
            if not db["verdicts"].count_where("name = ?", [verdict["name"]]):
                position += 1
                rec.table("verdicts").insert({**verdict, "position": position})
                rec.event("verdict.merged", f"verdict:{verdict['name']}", verdict)
                added["verdicts"] += 1
        claim_ids: dict[int, int] = {}
        for claim in _rows(bundle, "claims"):
            claim_ids[claim["id"]] = _merge_claim(rec, claim, report)
        ids: dict[str, dict[int, int]] = {"claims": claim_ids}
        for table in (
            "claim_tags",
            "custody_hops",
            "interpretations",
            "evidence",
            "evidence_wanted",
            "decisions",
            "revision_notes",
            "revision_triggers",
            "comments",
            "claim_versions",
        ):
            ids[table] = _merge_children(rec, bundle, table, claim_ids, ids, report)
        _merge_linked(rec, bundle, ids, report)
        published_ids = merge_published(rec, bundle, added)
        report.self_repeats = merge_repeats(rec, bundle, claim_ids, published_ids, added)
        for local in set(claim_ids.values()):
            _follow_latest_decision(rec, local)
        rec.provenance = None
        rec.event(
            "bundle.merged",
            "desk",
            {
                "bundle_head": head["hash"],
                "bundle_events": head["seq"],
                "from_desk": origin.desk,
                "key": origin.fingerprint,
                "signed": origin.signed,
                "added": dict(added),
                "not_merged": report.not_merged,
                "conflicts": len(report.conflicts),
            },
        )
    return report


def _merge_claim(rec: Recorder, claim: dict[str, Any], report: MergeReport) -> int:
    db = rec.db
    added = report.added
    row = None
    if claim.get("external_id"):
        row = db.execute(
            "SELECT id FROM claims WHERE external_id = ?", [claim["external_id"]]
        ).fetchone()
    if row is None and claim.get("fingerprint"):
        row = db.execute(
            "SELECT id FROM claims WHERE fingerprint = ?", [claim["fingerprint"]]
        ).fetchone()
    if row is not None:
        here = row_here(rec, "claims", int(row[0]))
        # the same item of the same source (its external id) says what it said: its wording
        # and origin are compared; a claim matched by its text's fingerprint is that text
        same_item = here["external_id"] is not None and here["external_id"] == claim["external_id"]
        wording = {c: claim[c] for c in ("text", "origin_url")} if same_item else {}
        if changed := differing(here, wording):
            record_conflict(
                rec, Conflict("claims", here["id"], here["id"], changed), report.conflicts
            )
        return int(row[0])
    values = {k: v for k, v in claim.items() if k != "id"}
    values["assignee"] = None  # reviewers of another desk are not assigned here
    values["subscription_id"] = None  # its feeds are not this desk's (see NOT_MERGED)
    added["claims"] += 1
    claim_id = rec.insert("claims", values, kind="claim.merged", subject="claim:new")
    index_claim(rec.db.conn, claim_id, values["text"])
    return claim_id


def _merge_children(
    rec: Recorder,
    bundle: dict[str, Any],
    table: str,
    claim_ids: dict[int, int],
    ids: dict[str, dict[int, int]],
    report: MergeReport,
) -> dict[int, int]:
    db = rec.db
    added = report.added
    keys = NATURAL_KEYS[table]
    mapping: dict[int, int] = {}
    for row in _rows(bundle, table):
        claim_id = claim_ids[row["claim_id"]]
        where = " AND ".join(f"{k} IS ?" for k in keys)
        found = db.execute(
            f"SELECT {'rowid' if table == 'claim_tags' else 'id'} FROM {table}"
            f" WHERE claim_id = ? AND {where}",
            [claim_id, *[row[k] for k in keys]],
        ).fetchone()
        if found is not None:
            if "id" in row:
                mapping[row["id"]] = int(found[0])
                here = row_here(rec, table, int(found[0]))
                if changed := differing(here, row):
                    conflict = Conflict(table, int(found[0]), claim_id, changed)
                    record_conflict(rec, conflict, report.conflicts)
            continue
        values = {k: v for k, v in row.items() if k not in SKIP_ON_INSERT}
        values["claim_id"] = claim_id
        if table == "custody_hops":
            values["position"] = (
                1
                + db.execute(
                    "SELECT coalesce(max(position), 0) FROM custody_hops WHERE claim_id = ?",
                    [claim_id],
                ).fetchone()[0]
            )
        if table == "decisions":
            if row.get("confirms_decision_id") is not None:
                # the decision it confirms, as numbered on this desk (merged just before it)
                values["confirms_decision_id"] = mapping.get(row["confirms_decision_id"])
            if row.get("from_desk") is None:  # made on the bundle's desk: from that peer
                values["from_desk"] = report.origin.desk
                values["from_key"] = report.origin.fingerprint
            elif not report.origin.signed:  # relayed, vouched for by nobody here
                values["from_key"] = None
        if table == "evidence":
            values["derived_from_evidence_id"] = None  # linked after every item is here
            values["derived_from_hop_id"] = None
        if table == "evidence_wanted" and row.get("evidence_id") is not None:
            # the item that settled it, as numbered on this desk (evidence is merged before)
            values["evidence_id"] = ids["evidence"][row["evidence_id"]]
        if table == "claim_versions":
            values["run_id"] = None  # the other desk's ingest run is not merged
        new_id = rec.insert(table, values, kind=f"{table}.merged", subject=f"claim:{claim_id}")
        if "id" in row:
            mapping[row["id"]] = new_id
            report.new_ids.setdefault(table, set()).add(new_id)
        added[table] += 1
    return mapping


def _merge_linked(
    rec: Recorder, bundle: dict[str, Any], ids: dict[str, dict[int, int]], report: MergeReport
) -> None:
    db = rec.db
    added = report.added
    new_evidence = report.new_ids.get("evidence", set())
    evidence_ids, interpretation_ids, hop_ids = (
        ids["evidence"],
        ids["interpretations"],
        ids["custody_hops"],
    )
    for item in _rows(bundle, "evidence"):
        local = evidence_ids[item["id"]]
        current = db.execute(
            "SELECT derived_from_evidence_id, derived_from_hop_id FROM evidence WHERE id = ?",
            [local],
        ).fetchone()
        wanted = (
            evidence_ids.get(item["derived_from_evidence_id"]),
            hop_ids.get(item["derived_from_hop_id"]),
        )
        if local not in new_evidence:  # an item already here keeps what it derives from
            if tuple(current) != wanted:
                columns = {
                    "derived_from_evidence_id": (current[0], wanted[0]),
                    "derived_from_hop_id": (current[1], wanted[1]),
                }
                changed = {c: pair for c, pair in columns.items() if pair[0] != pair[1]}
                claim_id = claim_of_evidence(rec, local)
                record_conflict(
                    rec, Conflict("evidence", local, claim_id, changed), report.conflicts
                )
        elif wanted != (None, None):
            changes = {"derived_from_evidence_id": wanted[0], "derived_from_hop_id": wanted[1]}
            rec.update("evidence", local, changes, kind="evidence.merged", subject="desk")
    for snapshot in _rows(bundle, "snapshots"):
        local = evidence_ids[snapshot["evidence_id"]]
        if not db.execute(
            "SELECT 1 FROM snapshots WHERE evidence_id = ? AND fetched_at = ? AND sha256 IS ?",
            [local, snapshot["fetched_at"], snapshot["sha256"]],
        ).fetchone():
            values = {k: v for k, v in snapshot.items() if k != "id"} | {"evidence_id": local}
            rec.insert("snapshots", values, kind="snapshots.merged", subject="desk")
            added["snapshots"] += 1
    for mark in _rows(bundle, "assessments"):
        pair = [evidence_ids[mark["evidence_id"]], interpretation_ids[mark["interpretation_id"]]]
        found = db.execute(
            "SELECT id FROM assessments WHERE evidence_id = ? AND interpretation_id = ?", pair
        ).fetchone()
        if found is not None:  # a mark already on this desk is kept as it is
            here = row_here(rec, "assessments", int(found[0]))
            if changed := differing(here, {c: mark[c] for c in ("mark", "reason")}):
                conflict = Conflict(
                    "assessments", here["id"], claim_of_evidence(rec, pair[0]), changed
                )
                record_conflict(rec, conflict, report.conflicts)
            continue
        values = {k: v for k, v in mark.items() if k != "id"}
        values |= {"evidence_id": pair[0], "interpretation_id": pair[1]}
        rec.insert("assessments", values, kind="assessments.merged", subject="desk")
        added["assessments"] += 1
    for relation in _rows(bundle, "interpretation_relations"):
        a, b = sorted(
            (interpretation_ids[relation["first_id"]], interpretation_ids[relation["second_id"]])
        )
        if not db.execute(
            "SELECT 1 FROM interpretation_relations WHERE first_id = ? AND second_id = ?", [a, b]
        ).fetchone():
            row = {"first_id": a, "second_id": b, "relation": relation["relation"]}
            rec.table("interpretation_relations").insert(row)
            rec.event("interpretation.related", "desk", row)
            added["interpretation_relations"] += 1


def claim_of_evidence(rec: Recorder, evidence_id: int) -> int:
    (claim_id,) = rec.db.execute(
        "SELECT claim_id FROM evidence WHERE id = ?", [evidence_id]
    ).fetchone()
    return int(claim_id)


def _follow_latest_decision(rec: Recorder, claim_id: int) -> None:
    """The claim's verdict is its latest decision's, by time, after decisions were merged."""
    db = rec.db
    latest = db.execute(
        "SELECT d.verdict, v.claim_status FROM decisions d JOIN verdicts v ON v.name = d.verdict"
        " WHERE d.claim_id = ? ORDER BY d.decided_at DESC, d.id DESC LIMIT 1",
        [claim_id],
    ).fetchone()
    current = db.execute("SELECT verdict FROM claims WHERE id = ?", [claim_id]).fetchone()
    if latest and current and latest[0] != current[0]:
        rec.update(
            "claims",
            claim_id,
            {"verdict": latest[0], "status": latest[1]},
            kind="claim.verdict_set",
            subject=f"claim:{claim_id}",
        )
