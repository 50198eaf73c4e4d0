"""A whole desk as one deterministic JSON bundle; restoring it; merging it into another desk.

The bundle holds every table (rows in primary-key order, blobs as base64), the SHA-256 of
each part, and the head of the event chain. The same desk always gives the same bytes.

- ``restore`` makes a new desk that is the bundle, event log included: its own export is
  byte-for-byte the bundle it came from.
- ``merge`` takes a bundle into an existing desk: claims are matched by their external id or
  text fingerprint, attached rows by their natural keys; what is missing is appended with its
  own events, nothing present is changed — decisions, notes and marks stay as recorded.
"""

from __future__ import annotations

import base64
import json
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from deskcheck.data import Desk
from deskcheck.data.bundle_check import FORMAT, BundleError, check_bundle, part_digest
from deskcheck.data.connection import APPLICATION_ID, apply_pragmas, connect, immediate_transaction
from deskcheck.data.events import chain_head, verify_chain
from deskcheck.data.matching import index_all_claims, index_all_published, index_claim
from deskcheck.data.projection import compare_with_tables, replay
from deskcheck.data.recorder import Recorder
from deskcheck.data.schema import MIGRATIONS, SCHEMA_VERSION
from deskcheck.domain.untrusted import make_visible

TABLES = (  # in an order that satisfies the foreign keys
    "desk_settings",
    "reviewers",
    "verdicts",
    "review_sessions",
    "claims",
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
                part = bundle["parts"][table]
                columns = part["columns"]  # checked equal to this schema's own columns
                sql = (
                    f"INSERT INTO {table} ({', '.join(columns)})"
                    f" VALUES ({', '.join('?' * len(columns))})"
                )
                conn.executemany(sql, ([_decode(v) for v in row] for row in part["rows"]))
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
}
SKIP_ON_INSERT = {"id", "claim_id", "session_id"}


def _rows(bundle: dict[str, Any], table: str) -> list[dict[str, Any]]:
    part = bundle["parts"][table]
    return [dict(zip(part["columns"], map(_decode, row), strict=True)) for row in part["rows"]]


def merge(desk: Desk, text: str) -> Counter[str]:
    """Append what the bundle has and this desk lacks; change nothing that is here.

    The bundle is first restored into a scratch desk, so it is merged only when its tables
    are what its own event log says."""
    with tempfile.TemporaryDirectory(prefix="deskcheck-bundle-") as scratch:
        restore(text, Path(scratch) / "bundle.db")
    bundle = load_bundle(text)
    added: Counter[str] = Counter()
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
        ):
            ids[table] = _merge_children(rec, bundle, table, claim_ids, ids, added)
        _merge_linked(rec, bundle, ids, added)
        for local in set(claim_ids.values()):
            _follow_latest_decision(rec, local)
        rec.provenance = None
        rec.event(
            "bundle.merged",
            "desk",
            {"bundle_head": head["hash"], "bundle_events": head["seq"], "added": dict(added)},
        )
    return added


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
