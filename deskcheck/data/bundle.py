"""A whole desk as one deterministic JSON bundle; restoring it; merging it into another desk.

The bundle holds every table (rows in primary-key order, blobs as base64), the SHA-256 of
each part, and the head of the event chain. The same desk always gives the same bytes.

- ``restore`` makes a new desk that is the bundle, event log included: its own export is
  byte-for-byte the bundle it came from.
- ``merge`` takes a bundle into an existing desk: claims are matched by their external id or
  text fingerprint, attached rows by their natural keys, published fact-checks by fingerprint,
  publisher and URL; what is missing is appended with its own events, nothing present is
  changed — decisions, notes and marks stay as recorded. What is the other desk's own (its
  settings, sessions, saved queues, feeds, intake log) is counted and left out.
"""

from __future__ import annotations

import base64
import json
import sqlite3
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from deskcheck.data import Desk
from deskcheck.data.bundle_check import FORMAT, BundleError, check_bundle, part_digest
from deskcheck.data.connection import APPLICATION_ID, apply_pragmas, connect, immediate_transaction
from deskcheck.data.events import chain_head, verify_chain
from deskcheck.data.matching import (
    index_all_claims,
    index_all_published,
    index_claim,
    index_published,
)
from deskcheck.data.migrations import MIGRATIONS, SCHEMA_VERSION
from deskcheck.data.projection import replay
from deskcheck.data.published import COLUMNS as PUBLISHED_COLUMNS
from deskcheck.data.recorder import Recorder
from deskcheck.data.table_check import compare_with_tables
from deskcheck.domain.fingerprint import fingerprint
from deskcheck.domain.untrusted import make_visible

TABLES = (  # in an order that satisfies the foreign keys
    "desk_settings",
    "reviewers",
    "verdicts",
    "review_sessions",
    "subscriptions",
    "claims",
    "feed_reads",
    "claim_tags",
    "custody_hops",
    "interpretations",
    "interpretation_relations",
    "evidence",
    "snapshots",
    "assessments",
    "evidence_wanted",
    "decisions",
    "revision_notes",
    "revision_triggers",
    "ingest_runs",
    "ingest_rejects",
    "claim_versions",
    "comments",
    "saved_queues",
    "published_checks",  # a reference library, outside the log, but repeats may cite it
    "claim_repeats",
    "events",
)


def _encode(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"$base64": base64.b64encode(value).decode("ascii")}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"$base64"}:
        return base64.b64decode(value["$base64"])
    return value


def export_bundle(desk: Desk) -> str:
    conn = desk.db.conn
    parts: dict[str, Any] = {}
    with desk.consistent_read():
        for table in TABLES:
            columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
            keys = [row[1] for row in conn.execute(f"PRAGMA table_info({table})") if row[5]]
            order = ", ".join(keys) if keys else "rowid"
            rows = [
                [_encode(v) for v in row]
                for row in conn.execute(f"SELECT * FROM {table} ORDER BY {order}")
            ]
            parts[table] = {"columns": columns, "rows": rows}
        seq, head = chain_head(conn)
    for part in parts.values():
        part["sha256"] = part_digest(part)
    bundle = {
        "format": FORMAT,
        "schema": SCHEMA_VERSION,
        "event_head": {"seq": seq, "hash": head},
        "parts": parts,
    }
    return json.dumps(bundle, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def load_bundle(text: str) -> dict[str, Any]:
    """The bundle, checked whole before anything is written from it (``bundle_check``)."""
    try:
        bundle = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise BundleError(f"not a deskcheck bundle: {error}") from None
    check_bundle(bundle, TABLES)
    assert isinstance(bundle, dict)
    return bundle


def restore(text: str, path: Path) -> None:
    """A new desk at ``path`` holding exactly the bundle, event log included."""
    bundle = load_bundle(text)
    if path.exists():
        raise BundleError(f"{path} already exists: restore into a new file")
    conn = connect(path, create=True)
    try:
        apply_pragmas(conn)
        db = Database(conn)
        with immediate_transaction(conn):
            conn.execute("PRAGMA defer_foreign_keys = ON")  # evidence may cite later evidence
            for migration in MIGRATIONS:
                migration(db)
            conn.execute("DELETE FROM verdicts")  # the bundle brings the desk's own scale
            for table in TABLES:
                _insert_part(conn, table, bundle["parts"][table])
            _check_references(conn, bundle)
            index_all_claims(conn)
            index_all_published(conn)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            differences = compare_with_tables(conn, replay(conn), limit=1)
            if differences:
                raise BundleError(
                    "the bundle's tables are not what its own event log says:"
                    f" {make_visible(str(differences[0]))}"
                )
        report = verify_chain(conn)
        if not report.ok or report.head_hash != bundle["event_head"]["hash"]:
            raise BundleError("the restored event chain does not verify")
    except BaseException:
        conn.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise
    conn.close()


def _insert_part(conn: sqlite3.Connection, table: str, part: dict[str, Any]) -> None:
    """A part's rows into its (empty) table; a row the schema refuses is named."""
    columns = part["columns"]  # checked equal to this schema's own columns
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    try:
        conn.executemany(sql, ([_decode(v) for v in row] for row in part["rows"]))
    except sqlite3.IntegrityError as error:
        # each row is its own statement: the rows before the refused one are in the table
        number = 1 + conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        raise BundleError(f"part {table!r} row {number}: {make_visible(str(error))}") from None


def _check_references(conn: sqlite3.Connection, bundle: dict[str, Any]) -> None:
    """Every id a row holds names a row of the bundle (foreign keys are checked at commit,
    where SQLite would say only that one failed, not which)."""
    problem = conn.execute("PRAGMA foreign_key_check").fetchone()
    if problem is None:
        return
    table, rowid, parent, key = problem
    column = next(
        row[3] for row in conn.execute(f"PRAGMA foreign_key_list('{table}')") if row[0] == key
    )  # our own table names only: the check names tables of this schema
    (value,) = conn.execute(f'SELECT "{column}" FROM "{table}" WHERE rowid = ?', [rowid]).fetchone()
    part = bundle["parts"][table]
    number = rowid  # a table without an id column: rows went in in order, from 1
    for name in ("id", "seq"):
        if name in part["columns"]:
            at = part["columns"].index(name)
            found = (i for i, row in enumerate(part["rows"], 1) if row[at] == rowid)
            number = next(found, rowid)  # an id given as text ("5") was stored as a number
    raise BundleError(
        f"part {table!r} row {number}: {column} {make_visible(repr(value))} names no row of"
        f" part {parent!r}"
    )


# -- merging into an existing desk ----------------------------------------------------------

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
)


@dataclass
class MergeReport:
    added: Counter[str] = field(default_factory=Counter)  # part → rows appended
    not_merged: dict[str, int] = field(default_factory=dict)  # part → rows left out
    self_repeats: int = 0  # repeat links whose two claims are one claim on this desk


def _rows(bundle: dict[str, Any], table: str) -> list[dict[str, Any]]:
    part = bundle["parts"][table]
    return [dict(zip(part["columns"], map(_decode, row), strict=True)) for row in part["rows"]]


def merge(desk: Desk, text: str) -> Counter[str]:
    """What ``merge_report`` added, part by part."""
    return merge_report(desk, text).added


def merge_report(desk: Desk, text: str) -> MergeReport:
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
    report = MergeReport()
    added = report.added
    report.not_merged = {t: n for t in NOT_MERGED if (n := len(bundle["parts"][t]["rows"]))}
    head = bundle["event_head"]
    with desk.recording() as rec:
        # every row merged says so in its event: by whom, from which bundle (its head)
        rec.provenance = {
            "by": rec.actor,
            "bundle_head": head["hash"],
            "bundle_events": head["seq"],
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
            claim_ids[claim["id"]] = _merge_claim(rec, claim, added)
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
            ids[table] = _merge_children(rec, bundle, table, claim_ids, ids, added)
        _merge_linked(rec, bundle, ids, added)
        published_ids = _merge_published(rec, bundle, added)
        report.self_repeats = _merge_repeats(rec, bundle, claim_ids, published_ids, added)
        for local in set(claim_ids.values()):
            _follow_latest_decision(rec, local)
        rec.provenance = None
        rec.event(
            "bundle.merged",
            "desk",
            {
                "bundle_head": head["hash"],
                "bundle_events": head["seq"],
                "added": dict(added),
                "not_merged": report.not_merged,
            },
        )
    return report


def _merge_claim(rec: Recorder, claim: dict[str, Any], added: Counter[str]) -> int:
    db = rec.db
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
    added: Counter[str],
) -> dict[int, int]:
    db = rec.db
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
        if table == "decisions" and row.get("confirms_decision_id") is not None:
            # the decision it confirms, as numbered on this desk (merged just before it)
            values["confirms_decision_id"] = mapping.get(row["confirms_decision_id"])
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
        added[table] += 1
    return mapping


def _merge_linked(
    rec: Recorder, bundle: dict[str, Any], ids: dict[str, dict[int, int]], added: Counter[str]
) -> None:
    db = rec.db
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
        if current == (None, None) and wanted != (None, None):
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
        if db.execute(
            "SELECT 1 FROM assessments WHERE evidence_id = ? AND interpretation_id = ?", pair
        ).fetchone():
            continue  # a mark already on this desk is kept as it is
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


def _merge_published(rec: Recorder, bundle: dict[str, Any], added: Counter[str]) -> dict[int, int]:
    """The bundle's published fact-checks this desk lacks, indexed for matching; returns
    bundle id → this desk's id for those its repeat links cite.

    They are a reference library outside the log (see data/published.py): the merge's own
    event counts them. The fingerprint is this deskcheck's own, computed again from the
    text, so a bundle cannot make a review pass for another one here."""
    conn = rec.db.conn
    rows = _rows(bundle, "published_checks")
    if not rows:
        return {}
    before = conn.execute("SELECT coalesce(max(id), 0) FROM published_checks").fetchone()[0]
    for row in rows:
        row["fingerprint"] = fingerprint(row["claim_text"])
    marks = ", ".join("?" for _ in PUBLISHED_COLUMNS)
    conn.executemany(
        f"INSERT OR IGNORE INTO published_checks ({', '.join(PUBLISHED_COLUMNS)}) VALUES ({marks})",
        ([row[c] for c in PUBLISHED_COLUMNS] for row in rows),
    )
    new = conn.execute(
        "SELECT id, claim_text FROM published_checks WHERE id > ? ORDER BY id", (before,)
    ).fetchall()
    index_published(conn, new)
    if new:
        added["published_checks"] += len(new)
    cited = {r["repeat_of_published_id"] for r in _rows(bundle, "claim_repeats")} - {None}
    mapping: dict[int, int] = {}
    for row in rows:
        if row["id"] in cited:
            (local,) = conn.execute(
                "SELECT id FROM published_checks WHERE fingerprint = ? AND publisher = ?"
                " AND coalesce(url, '') = coalesce(?, '')",
                [row["fingerprint"], row["publisher"], row["url"]],
            ).fetchone()
            mapping[row["id"]] = int(local)
    return mapping


def _merge_repeats(
    rec: Recorder,
    bundle: dict[str, Any],
    claim_ids: dict[int, int],
    published_ids: dict[int, int],
    added: Counter[str],
) -> int:
    """The bundle's repeat-of links, renumbered to this desk; a link already here is not
    added again. Returns how many were left out because their two claims are one claim on
    this desk (both matched the same claim here)."""
    db = rec.db
    same_claim = 0
    for link in _rows(bundle, "claim_repeats"):
        claim_id = claim_ids[link["claim_id"]]
        of_claim = link["repeat_of_claim_id"]
        of_published = link["repeat_of_published_id"]
        of_claim = None if of_claim is None else claim_ids[of_claim]
        of_published = None if of_published is None else published_ids[of_published]
        if of_claim == claim_id:
            same_claim += 1
            continue
        if db.execute(
            "SELECT 1 FROM claim_repeats WHERE claim_id = ? AND repeat_of_claim_id IS ?"
            " AND repeat_of_published_id IS ?",
            [claim_id, of_claim, of_published],
        ).fetchone():
            continue
        values = {k: v for k, v in link.items() if k != "id"}
        values |= {
            "claim_id": claim_id,
            "repeat_of_claim_id": of_claim,
            "repeat_of_published_id": of_published,
        }
        rec.insert(
            "claim_repeats", values, kind="claim_repeats.merged", subject=f"claim:{claim_id}"
        )
        added["claim_repeats"] += 1
    return same_claim


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
