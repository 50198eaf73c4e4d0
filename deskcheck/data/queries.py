"""Reading a claim and the desk's reference data. Every query here is indexed by claim_id."""

from __future__ import annotations

import hashlib
import json
import zlib
from typing import Any

from deskcheck.data.sqlite_library import Database
from deskcheck.domain.errors import UnknownClaim
from deskcheck.domain.models import (
    Assessment,
    CheckTarget,
    ClaimRecord,
    ClaimVersion,
    Comment,
    CustodyHop,
    Decision,
    Evidence,
    EvidenceWanted,
    Interpretation,
    Publication,
    RepeatLink,
    RevisionNote,
    RevisionTrigger,
    SessionSummary,
    Snapshot,
    Verdict,
)
from deskcheck.domain.preview import ClaimPreview
from deskcheck.domain.vocabulary import CLAIM_STATUSES, PRIMARY_CUSTODY_KINDS

NO_PRIMARY_SOURCE = "no primary source"
NO_CUSTODY = "no custody chain recorded"
TRIGGER_FIRED = "a revision trigger fired: revision due"


def require_claim(db: Database, claim_id: int) -> dict[str, Any]:
    rows = list(db.query("SELECT * FROM claims WHERE id = ?", [claim_id]))
    if not rows:
        raise UnknownClaim(f"no claim {claim_id} on this desk")
    return rows[0]


def _rows(db: Database, sql: str, params: list[Any]) -> list[dict[str, Any]]:
    return list(db.query(sql, params))


def _in_list(ids: list[int]) -> str:
    return ",".join("?" * len(ids))


def custody_warnings(custody: tuple[CustodyHop, ...]) -> list[str]:
    if not custody:
        return [NO_CUSTODY]
    if not any(hop.kind in PRIMARY_CUSTODY_KINDS for hop in custody):
        return [NO_PRIMARY_SOURCE]
    return []


def _custody(db: Database, claim_id: int) -> tuple[CustodyHop, ...]:
    return tuple(
        CustodyHop.from_row(r)
        for r in _rows(
            db,
            "SELECT * FROM custody_hops WHERE claim_id = ? AND removed_at IS NULL"
            " ORDER BY position",
            [claim_id],
        )
    )


def claim_preview(db: Database, claim_id: int) -> ClaimPreview:
    """The claim with its tags and custody, nothing else: the queue's preview."""
    claim = require_claim(db, claim_id)
    tags = tuple(
        r["tag"]
        for r in _rows(db, "SELECT tag FROM claim_tags WHERE claim_id = ? ORDER BY tag", [claim_id])
    )
    custody = _custody(db, claim_id)
    return ClaimPreview(
        claim_id,
        claim["text"],
        claim["context"] or "",
        claim["origin_url"],
        claim["assignee"],
        tags,
        custody,
        tuple(custody_warnings(custody)),
    )


def claim_record(db: Database, claim_id: int) -> ClaimRecord:
    claim = require_claim(db, claim_id)
    args = [claim_id]
    tags = tuple(
        r["tag"]
        for r in _rows(db, "SELECT tag FROM claim_tags WHERE claim_id = ? ORDER BY tag", args)
    )
    custody = _custody(db, claim_id)
    interpretations = tuple(
        Interpretation.from_row(r)
        for r in _rows(
            db, "SELECT * FROM interpretations WHERE claim_id = ? ORDER BY position, id", args
        )
    )
    evidence_rows = _rows(db, "SELECT * FROM evidence WHERE claim_id = ? ORDER BY id", args)
    ids = [r["id"] for r in evidence_rows]
    snapshots: dict[int, list[Snapshot]] = {i: [] for i in ids}
    assessments: dict[int, list[Assessment]] = {i: [] for i in ids}
    if ids:
        for r in _rows(
            db,
            f"SELECT * FROM snapshots WHERE evidence_id IN ({_in_list(ids)})"
            " ORDER BY evidence_id, fetched_at, id",
            ids,
        ):
            snapshots[r["evidence_id"]].append(Snapshot.from_row(r))
        for r in _rows(
            db,
            f"SELECT * FROM assessments WHERE evidence_id IN ({_in_list(ids)})"
            " ORDER BY evidence_id, interpretation_id",
            ids,
        ):
            assessments[r["evidence_id"]].append(Assessment.from_row(r))
    evidence = tuple(
        Evidence.from_row(
            r, snapshots=tuple(snapshots[r["id"]]), assessments=tuple(assessments[r["id"]])
        )
        for r in evidence_rows
    )
    wanted = tuple(
        EvidenceWanted.from_row(r)
        for r in _rows(db, "SELECT * FROM evidence_wanted WHERE claim_id = ? ORDER BY id", args)
    )
    decisions = tuple(
        Decision.from_row(r)
        for r in _rows(
            db, "SELECT * FROM decisions WHERE claim_id = ? ORDER BY decided_at DESC, id DESC", args
        )
    )
    notes = tuple(
        RevisionNote.from_row(r)
        for r in _rows(db, "SELECT * FROM revision_notes WHERE claim_id = ? ORDER BY id DESC", args)
    )
    triggers = tuple(
        RevisionTrigger.from_row(r)
        for r in _rows(db, "SELECT * FROM revision_triggers WHERE claim_id = ? ORDER BY id", args)
    )
    relations = tuple(
        (r["first_id"], r["second_id"], r["relation"])
        for r in _rows(
            db,
            "SELECT r.* FROM interpretation_relations r"
            " JOIN interpretations i ON i.id = r.first_id WHERE i.claim_id = ?",
            args,
        )
    )
    comments = tuple(
        Comment.from_stored(r)
        for r in _rows(db, "SELECT * FROM comments WHERE claim_id = ? ORDER BY id", args)
    )
    repeats = tuple(RepeatLink.from_row(r) for r in _rows(db, REPEATS, args))
    publications = tuple(
        Publication.from_row(r)
        for r in _rows(db, "SELECT * FROM publications WHERE claim_id = ? ORDER BY id", args)
    )
    versions = tuple(
        ClaimVersion.from_row(r)
        for r in _rows(db, "SELECT * FROM claim_versions WHERE claim_id = ? ORDER BY id", args)
    )
    warnings = custody_warnings(custody)
    if any(t.state == "fired" for t in triggers):
        warnings.append(TRIGGER_FIRED)
    return ClaimRecord.from_row(
        claim,
        tags=tags,
        custody=custody,
        interpretations=interpretations,
        evidence=evidence,
        evidence_wanted=wanted,
        decisions=decisions,
        revision_notes=notes,
        triggers=triggers,
        relations=relations,
        warnings=tuple(warnings),
        comments=comments,
        repeats=repeats,
        publications=publications,
        versions=versions,
    )


def decision_records(db: Database, claim_ids: list[int]) -> list[ClaimRecord]:
    """The claims (every claim when none is named) with their decisions and revision notes
    and nothing else: what a spreadsheet export needs, read in three queries for the whole
    desk rather than a dozen for each claim."""
    for claim_id in claim_ids:
        require_claim(db, claim_id)  # an unknown claim is named, not exported as nothing
    wanted = set(claim_ids)

    def keep(row: dict[str, Any]) -> bool:
        return not wanted or row["claim_id"] in wanted

    decisions: dict[int, list[Decision]] = {}
    for r in _rows(db, "SELECT * FROM decisions ORDER BY decided_at DESC, id DESC", []):
        if keep(r):
            decisions.setdefault(r["claim_id"], []).append(Decision.from_row(r))
    notes: dict[int, list[RevisionNote]] = {}
    for r in _rows(db, "SELECT * FROM revision_notes ORDER BY id DESC", []):
        if keep(r):
            notes.setdefault(r["claim_id"], []).append(RevisionNote.from_row(r))
    claims = {
        r["id"]: r
        for r in _rows(db, "SELECT * FROM claims ORDER BY id", [])
        if not wanted or r["id"] in wanted
    }
    order = claim_ids or list(claims)
    return [
        ClaimRecord.from_row(
            claims[i],
            decisions=tuple(decisions.get(i, ())),
            revision_notes=tuple(notes.get(i, ())),
        )
        for i in order
    ]


# a claim's repeat links, each with what the earlier claim or the published check concluded
REPEATS = """
SELECT r.id, r.repeat_of_claim_id AS of_claim, r.repeat_of_published_id AS of_published,
       coalesce(c.text, p.claim_text) AS text,
       CASE WHEN c.id IS NOT NULL THEN c.verdict ELSE p.rating END AS verdict,
       CASE WHEN c.id IS NOT NULL
            THEN (SELECT max(d.decided_at) FROM decisions d WHERE d.claim_id = c.id)
            ELSE p.reviewed_at END AS dated,
       p.publisher, p.url, r.score, r.reason, r.linked_by, r.linked_at
FROM claim_repeats r
LEFT JOIN claims c ON c.id = r.repeat_of_claim_id
LEFT JOIN published_checks p ON p.id = r.repeat_of_published_id
WHERE r.claim_id = ? ORDER BY r.id
"""


def verdict_scale(db: Database) -> list[Verdict]:
    return [Verdict.from_row(r) for r in db.query("SELECT * FROM verdicts ORDER BY position")]


def counts_by_status(db: Database) -> dict[str, int]:
    counts = dict.fromkeys(CLAIM_STATUSES, 0)
    for row in db.query("SELECT status, count(*) AS n FROM claims GROUP BY status"):
        counts[row["status"]] = row["n"]
    return counts


def setting(db: Database, key: str, default: Any = None) -> Any:
    rows = list(db.query("SELECT value FROM desk_settings WHERE key = ?", [key]))
    return json.loads(rows[0]["value"]) if rows else default


FAILED_FETCH = "snapshot.failed"
"""How the session summary counts a snapshot that holds only why a fetch failed (no server
answered, the policy refused the address, or the server said 4xx/5xx): not a snapshot taken."""


def _found_a_page(body: str) -> bool:
    status = json.loads(body).get("row", {}).get("http_status")
    return isinstance(status, int) and status < 400


def session_summary(db: Database, reviewer: str, since_seq: int) -> SessionSummary:
    """Claims touched and decisions made by ``reviewer`` in events after ``since_seq``."""
    touched: set[int] = set()
    decisions: dict[str, int] = {}
    notes = 0
    acts: dict[str, int] = {}
    rows = db.query(
        "SELECT kind, subject, body FROM events WHERE seq > ? AND actor = ? ORDER BY seq",
        [since_seq, reviewer],
    )
    for row in rows:
        kind = row["kind"]
        if kind == "snapshot.added" and not _found_a_page(row["body"]):
            kind = FAILED_FETCH  # the reason is stored, but no page was taken
        if not kind.startswith("session."):
            acts[kind] = acts.get(kind, 0) + 1
        if row["subject"].startswith("claim:") and row["subject"] != "claim:new":
            touched.add(int(row["subject"].split(":", 1)[1]))
        if row["kind"] == "claim.added":
            touched.add(json.loads(row["body"])["id"])
        elif row["kind"] == "decision.recorded":
            verdict = json.loads(row["body"])["row"]["verdict"]
            decisions[verdict] = decisions.get(verdict, 0) + 1
        elif row["kind"] == "revision_note.added":
            notes += 1
    return SessionSummary(tuple(sorted(touched)), decisions, notes, acts)


def text_digest(text: str | None) -> str | None:
    """The hash used to tell whether a page's text changed (not its raw bytes, which change
    with every ad and timestamp)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest() if text else None


def check_targets(db: Database) -> list[CheckTarget]:
    targets: list[CheckTarget] = []
    evidence_sql = """
        SELECT e.id, e.claim_id, e.url, s.etag, s.last_modified, s.text
        FROM evidence e
        LEFT JOIN snapshots s ON s.id = (
            SELECT id FROM snapshots WHERE evidence_id = e.id AND http_status < 400
            ORDER BY fetched_at DESC, id DESC LIMIT 1)
        WHERE e.url IS NOT NULL AND e.url != ''
        ORDER BY e.id
    """
    for row in db.execute(evidence_sql).fetchall():
        targets.append(
            CheckTarget(
                "evidence",
                row[0],
                row[1],
                row[2],
                row[3],
                row[4],
                text_digest(row[5]),
                checked_before=row[5] is not None,
            )
        )
    trigger_sql = """
        SELECT id, claim_id, url, last_sha256, last_status, last_checked_at
        FROM revision_triggers WHERE state = 'armed' AND url IS NOT NULL AND url != ''
        ORDER BY id
    """
    for row in db.execute(trigger_sql).fetchall():
        targets.append(
            CheckTarget(
                "trigger",
                row[0],
                row[1],
                row[2],
                text_sha256=row[3],
                last_status=row[4],
                checked_before=row[5] is not None,
            )
        )
    return targets


def claim_history(db: Database, claim_id: int) -> list[dict[str, Any]]:
    """Every event recorded about a claim, oldest first, with its body parsed."""
    require_claim(db, claim_id)
    return [
        {**row, "body": json.loads(row["body"])}
        for row in db.query(
            "SELECT seq, at, actor, kind, body FROM events WHERE subject = ? ORDER BY seq",
            [f"claim:{claim_id}"],
        )
    ]


def snapshot_exchanges(db: Database, claim_ids: list[int]) -> list[dict[str, Any]]:
    """Every snapshot of the claims' evidence with its raw body and HTTP exchange, in the
    order the desk took them (for the WARC archive)."""
    if not claim_ids:
        return []
    rows = _rows(
        db,
        f"""SELECT s.*, e.url AS evidence_url, e.claim_id AS claim_id
        FROM snapshots s JOIN evidence e ON e.id = s.evidence_id
        WHERE e.claim_id IN ({_in_list(claim_ids)})
        ORDER BY e.claim_id, s.fetched_at, s.id""",
        list(claim_ids),
    )
    for row in rows:
        blob = row.pop("body_zlib")
        row["body"] = zlib.decompress(blob) if blob else None
    return rows


def evidence_by_url(db: Database, urls: list[str]) -> dict[str, list[tuple[int, int]]]:
    """(evidence id, claim id) of the evidence items at each URL, by the item's own URL or
    the final URL one of its snapshots reached."""
    found: dict[str, list[tuple[int, int]]] = {}
    if not urls:
        return found
    marks = ", ".join("?" * len(urls))
    sql = f"""
        SELECT e.url, e.id, e.claim_id FROM evidence e WHERE e.url IN ({marks})
        UNION
        SELECT s.final_url, e.id, e.claim_id FROM snapshots s JOIN evidence e
        ON e.id = s.evidence_id WHERE s.final_url IN ({marks})
        ORDER BY 2"""
    for url, evidence_id, claim_id in db.execute(sql, [*urls, *urls]).fetchall():
        pairs = found.setdefault(url, [])
        if (evidence_id, claim_id) not in pairs:
            pairs.append((evidence_id, claim_id))
    return found


def snapshot_keys(db: Database, evidence_id: int) -> set[tuple[str, str | None]]:
    """(fetched_at, sha256) of an evidence item's snapshots: the same capture twice is one."""
    return {
        (r[0], r[1])
        for r in db.execute(
            "SELECT fetched_at, sha256 FROM snapshots WHERE evidence_id = ?", [evidence_id]
        ).fetchall()
    }
