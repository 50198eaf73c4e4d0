"""The one data API: open a desk, record the desk's work, read it back.

The CLI and the UI call these methods; no SQL lives anywhere else. Every write method runs
in ``recording()``: one ``BEGIN IMMEDIATE`` transaction that also appends the event.
Reads are short autocommit queries, so no read transaction is left open while a reviewer
thinks (an open reader would stop WAL checkpoints and let the WAL grow without bound).
"""

from __future__ import annotations

import functools
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from sqlite_utils import Database

from deskcheck.data import queries
from deskcheck.data.connection import (
    APPLICATION_ID,
    BUSY_TIMEOUT_SECONDS,
    apply_pragmas,
    connect,
    immediate_transaction,
    refuse_unless_desk,
)
from deskcheck.data.events import append_event, canonical_json, chain_head
from deskcheck.data.intake import take_in
from deskcheck.data.queue import QueuePager, QueueQuery, queue_row
from deskcheck.data.recorder import Recorder
from deskcheck.data.schema import MIGRATIONS, SCHEMA_VERSION
from deskcheck.domain.clock import utc_now
from deskcheck.domain.derivation import trace_sources
from deskcheck.domain.errors import (
    DeskBusy,
    DeskFull,
    InvalidValue,
    NewerDesk,
    ReadOnlyDesk,
    UnknownRecord,
    UnknownVerdict,
)
from deskcheck.domain.fingerprint import fingerprint
from deskcheck.domain.models import (
    CheckTarget,
    ClaimRecord,
    IncomingClaim,
    IngestCounts,
    QueueRow,
    SessionSummary,
    Verdict,
)
from deskcheck.domain.vocabulary import (
    ASSESSMENT_MARKS,
    CLAIM_STATUSES,
    CONFIDENCE_LEVELS,
    CUSTODY_KINDS,
    EVIDENCE_KINDS,
    EVIDENCE_WANTED_STATES,
    INFORMATION_CREDIBILITY,
    PRIORITIES,
    RELEVANCE_LEVELS,
    REVISION_NOTE_KINDS,
    SOURCE_RELIABILITY,
    TRIGGER_STATES,
)

T = TypeVar("T")


def _choice(name: str, value: Any, allowed: tuple[Any, ...]) -> Any:
    if value not in allowed:
        raise InvalidValue(f"{name} {value!r} is not one of: {', '.join(str(a) for a in allowed)}")
    return value


def _required(name: str, value: str | None) -> str:
    if value is None or not value.strip():
        raise InvalidValue(f"{name} is required and may not be empty")
    if "\x00" in value:  # SQLite's text functions stop at NUL: such text cannot be kept whole
        raise InvalidValue(f"{name} contains a NUL character, which a desk cannot store")
    return value


def _subject(claim_id: int) -> str:
    return f"claim:{claim_id}"


def _as_desk_error(path: Path, error: sqlite3.OperationalError) -> Exception:
    """SQLite's failures that a reviewer can act on, in words; others pass through."""
    text = str(error).lower()
    if "full" in text:
        return DeskFull(
            f"the disk holding {path} is full (or the desk reached its size limit):"
            " nothing was recorded; free some space and try again"
        )
    if "locked" in text or "busy" in text:
        return DeskBusy(
            f"{path} stayed locked by another reviewer's write for over"
            f" {BUSY_TIMEOUT_SECONDS:g} s: nothing was recorded; try again"
        )
    if "readonly" in text or "read-only" in text:
        return ReadOnlyDesk(f"{path} is read-only: nothing was recorded")
    return error


def _serialised(method: Callable[..., T]) -> Callable[..., T]:
    """Run a Desk method under the desk's lock.

    The UI's worker threads share one connection, and Python's sqlite3 connection objects
    (their statement cache, their transaction state) are not safe to use from two threads
    at once: one call at a time, each short.
    """

    @functools.wraps(method)
    def locked(self: Desk, *args: Any, **kwargs: Any) -> T:
        with self._lock:
            return method(self, *args, **kwargs)

    return locked


class Desk:
    """An open desk file, used by one reviewer."""

    def __init__(
        self,
        path: Path,
        conn: sqlite3.Connection,
        reviewer: str,
        clock: Callable[[], str] = utc_now,
    ) -> None:
        self.path = path
        # no sqlite-utils plugin may change the desk's connection (and finding them means
        # scanning every installed package's entry points: 17 ms at each start)
        self.db = Database(conn, execute_plugins=False)
        self.reviewer = reviewer
        self.clock = clock
        self.session_id: int | None = None
        self.session_start_seq = 0
        self.read_only = False
        self._known_reviewers: set[str] = set()
        self._lock = threading.RLock()

    # -- opening --------------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        reviewer: str,
        create: bool = False,
        clock: Callable[[], str] = utc_now,
    ) -> Desk:
        """Open (and if needed create or upgrade) the desk at ``path``.

        A file that is not a desk, or a desk from a newer deskcheck, is refused before
        anything is written to it.
        """
        path = Path(path)
        conn = connect(path, create=create)
        try:
            version = refuse_unless_desk(conn, path, create=create, known_version=SCHEMA_VERSION)
            read_only = not create and not os.access(path, os.W_OK)
            apply_pragmas(conn, read_only=read_only)
            desk = cls(path, conn, reviewer, clock)
            desk.read_only = read_only
            if read_only:
                if version != SCHEMA_VERSION:
                    raise ReadOnlyDesk(f"{path} is read-only and needs an upgrade to open")
            else:
                desk._upgrade()
        except BaseException:
            conn.close()
            raise
        return desk

    def _upgrade(self) -> None:
        conn = self.db.conn
        if conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
            return
        with immediate_transaction(conn):
            # read again under the write lock: another reviewer may have just upgraded it
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            if version == SCHEMA_VERSION:
                return
            if version > SCHEMA_VERSION:
                raise NewerDesk(f"{self.path} was upgraded by a newer deskcheck meanwhile")
            for migration in MIGRATIONS[version:]:
                migration(self.db)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            append_event(
                conn,
                at=self.clock(),
                actor=self.reviewer,
                kind="desk.created" if version == 0 else "desk.upgraded",
                subject="desk",
                body={"from_schema": version, "to_schema": SCHEMA_VERSION},
            )

    @contextmanager
    def consistent_read(self) -> Iterator[None]:
        """Several reads that see one state of the desk (a read transaction, kept short)."""
        with self._lock:
            self.db.conn.execute("BEGIN")
            try:
                yield
            finally:
                self.db.conn.execute("COMMIT")

    def close(self) -> None:
        # under the lock: closing while a worker thread is inside a query would crash SQLite
        with self._lock:
            self.db.conn.close()

    def __enter__(self) -> Desk:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- recording ------------------------------------------------------------------------

    @contextmanager
    def recording(self) -> Iterator[Recorder]:
        """One write transaction; everything recorded in it lands together or not at all.

        Inside another ``recording()`` of the same thread it joins that transaction.
        """
        if self.read_only:
            raise ReadOnlyDesk(f"{self.path} is read-only: nothing was recorded")
        with self._lock:
            if self.db.conn.in_transaction:
                yield Recorder(self.db, self.reviewer, self.clock())
                return
            try:
                with immediate_transaction(self.db.conn):
                    recorder = Recorder(self.db, self.reviewer, self.clock())
                    self._ensure_reviewer(recorder)
                    yield recorder
            except sqlite3.OperationalError as error:
                raise _as_desk_error(self.path, error) from error

    def _ensure_reviewer(self, rec: Recorder) -> None:
        if self.reviewer in self._known_reviewers:
            return
        if rec.table("reviewers").count_where("name = ?", [self.reviewer]) == 0:
            _required("reviewer name", self.reviewer)
            rec.table("reviewers").insert(
                {"name": self.reviewer, "display_name": self.reviewer, "created_at": rec.at}
            )
            rec.event("reviewer.added", f"reviewer:{self.reviewer}", {"name": self.reviewer})
        self._known_reviewers.add(self.reviewer)

    def _claim_exists(self, claim_id: int) -> None:
        queries.require_claim(self.db, claim_id)

    def _row_claim(self, table: str, row_id: int, what: str) -> int:
        row = self.db.execute(f"SELECT claim_id FROM {table} WHERE id = ?", [row_id]).fetchone()
        if row is None:
            raise UnknownRecord(f"no {what} {row_id} on this desk")
        return int(row[0])

    @_serialised
    def add_claim(
        self,
        text: str,
        *,
        received_at: str | None = None,
        origin_url: str | None = None,
        status: str = "new",
        priority: int = 3,
        tags: Iterable[str] = (),
        assignee: str | None = None,
    ) -> int:
        _required("claim text", text)
        _choice("status", status, CLAIM_STATUSES)
        _choice("priority", priority, PRIORITIES)
        with self.recording() as rec:
            now = rec.at
            row = {
                "text": text,
                "received_at": received_at or now,
                "origin_url": origin_url,
                "status": status,
                "priority": priority,
                "assignee": assignee,
                "created_at": now,
                "updated_at": now,
                "fingerprint": fingerprint(text),
            }
            claim_id = rec.insert("claims", row, kind="claim.added", subject="claim:new")
            for tag in sorted(set(tags)):
                rec.insert(
                    "claim_tags",
                    {"claim_id": claim_id, "tag": tag},
                    kind="claim.tagged",
                    subject=_subject(claim_id),
                )
        return claim_id

    @_serialised
    def update_claim(self, claim_id: int, **changes: Any) -> None:
        """Change a claim's editable fields (text, status, priority, assignee, origin_url)."""
        editable = {"text", "status", "priority", "assignee", "origin_url", "received_at"}
        unknown = set(changes) - editable
        if unknown:
            raise InvalidValue(f"cannot edit {', '.join(sorted(unknown))} of a claim")
        if "status" in changes:
            _choice("status", changes["status"], CLAIM_STATUSES)
        if "priority" in changes:
            _choice("priority", changes["priority"], PRIORITIES)
        if "text" in changes:
            _required("claim text", changes["text"])
        self._claim_exists(claim_id)
        with self.recording() as rec:
            rec.update(
                "claims",
                claim_id,
                {**changes, "updated_at": rec.at},
                kind="claim.edited",
                subject=_subject(claim_id),
            )

    @_serialised
    def add_custody_hop(
        self,
        claim_id: int,
        actor: str,
        kind: str,
        *,
        url: str | None = None,
        seen_at: str | None = None,
        reliability: str = "F",
        credibility: int = 6,
        note: str = "",
    ) -> int:
        """Append a hop at the end of the claim's custody chain (the origin is hop 1)."""
        _required("actor", actor)
        _choice("custody kind", kind, CUSTODY_KINDS)
        _choice("source reliability", reliability, SOURCE_RELIABILITY)
        _choice("information credibility", credibility, INFORMATION_CREDIBILITY)
        self._claim_exists(claim_id)
        if credibility == 1:
            self._require_independent_roots(claim_id)
        with self.recording() as rec:
            position = (
                1
                + self.db.execute(
                    "SELECT coalesce(max(position), 0) FROM custody_hops WHERE claim_id = ?",
                    [claim_id],
                ).fetchone()[0]
            )
            row = {
                "claim_id": claim_id,
                "position": position,
                "actor": actor,
                "kind": kind,
                "url": url,
                "seen_at": seen_at,
                "reliability": reliability,
                "credibility": credibility,
                "note": note,
            }
            return rec.insert("custody_hops", row, kind="custody.added", subject=_subject(claim_id))

    @_serialised
    def add_interpretation(
        self,
        claim_id: int,
        label: str,
        statement: str,
        *,
        implications: str = "",
        catch_all: bool = False,
    ) -> int:
        _required("interpretation label", label)
        _required("interpretation statement", statement)
        self._claim_exists(claim_id)
        with self.recording() as rec:
            position = (
                1
                + self.db.execute(
                    "SELECT coalesce(max(position), 0) FROM interpretations WHERE claim_id = ?",
                    [claim_id],
                ).fetchone()[0]
            )
            row = {
                "claim_id": claim_id,
                "position": position,
                "label": label,
                "statement": statement,
                "implications": implications,
                "catch_all": int(catch_all),
                "created_by": self.reviewer,
                "created_at": rec.at,
            }
            return rec.insert(
                "interpretations", row, kind="interpretation.added", subject=_subject(claim_id)
            )

    def _edit(
        self, table: str, what: str, row_id: int, changes: dict[str, Any], editable: set[str]
    ) -> None:
        unknown = set(changes) - editable
        if unknown:
            raise InvalidValue(f"cannot edit {', '.join(sorted(unknown))} of {what}")
        claim_id = self._row_claim(table, row_id, what)
        with self.recording() as rec:
            rec.update(table, row_id, changes, kind=f"{table}.edited", subject=_subject(claim_id))

    @_serialised
    def edit_interpretation(self, interpretation_id: int, **changes: Any) -> None:
        for name in ("label", "statement"):
            if name in changes:
                _required(f"interpretation {name}", changes[name])
        self._edit(
            "interpretations",
            "interpretation",
            interpretation_id,
            changes,
            {"label", "statement", "implications", "catch_all"},
        )

    @_serialised
    def edit_evidence(self, evidence_id: int, **changes: Any) -> None:
        if "title" in changes:
            _required("evidence title", changes["title"])
        if "kind" in changes:
            _choice("evidence kind", changes["kind"], EVIDENCE_KINDS)
        if "reliability" in changes:
            _choice("source reliability", changes["reliability"], SOURCE_RELIABILITY)
        if "credibility" in changes:
            _choice("information credibility", changes["credibility"], INFORMATION_CREDIBILITY)
        if "relevance" in changes:
            _choice("relevance", changes["relevance"], RELEVANCE_LEVELS)
        if changes.get("derived_from_evidence_id") == evidence_id:
            raise InvalidValue("an evidence item cannot derive from itself")
        with self.recording():  # one transaction: the gate below sees the edit and can undo it
            self._edit(
                "evidence",
                "evidence",
                evidence_id,
                changes,
                {
                    "title",
                    "url",
                    "excerpt",
                    "kind",
                    "reliability",
                    "credibility",
                    "relevance",
                    "published_at",
                    "link_state",
                    "derived_from_evidence_id",
                    "derived_from_hop_id",
                },
            )
            if changes.get("credibility") == 1:
                self._require_independent_roots(
                    self._row_claim("evidence", evidence_id, "evidence")
                )

    def _require_independent_roots(self, claim_id: int) -> None:
        """Credibility 1 means "confirmed by independent sources": the desk must find them."""
        roots = trace_sources(self.claim(claim_id)).independent_roots
        if roots < 2:
            raise InvalidValue(
                "credibility 1 (confirmed by independent sources) needs at least two"
                f" independent roots; this claim's evidence traces to {roots}"
            )

    @_serialised
    def set_relation(self, first_id: int, second_id: int, relation: str | None) -> None:
        """Whether two interpretations exclude each other or can both hold (None: unsaid)."""
        if relation is not None:
            _choice("relation", relation, ("exclusive", "compatible"))
        a, b = sorted((first_id, second_id))
        claim_a = self._row_claim("interpretations", a, "interpretation")
        if a == b or self._row_claim("interpretations", b, "interpretation") != claim_a:
            raise InvalidValue("a relation joins two interpretations of the same claim")
        with self.recording() as rec:
            rec.db.execute(
                "DELETE FROM interpretation_relations WHERE first_id = ? AND second_id = ?", [a, b]
            )
            if relation:
                rec.table("interpretation_relations").insert(
                    {"first_id": a, "second_id": b, "relation": relation}
                )
            rec.event(
                "interpretation.related",
                _subject(claim_a),
                {"first_id": a, "second_id": b, "relation": relation},
            )

    @_serialised
    def add_evidence(
        self,
        claim_id: int,
        title: str,
        *,
        url: str | None = None,
        excerpt: str = "",
        kind: str = "document",
        reliability: str = "F",
        credibility: int = 6,
        published_at: str | None = None,
        relevance: str = "medium",
        derived_from_evidence_id: int | None = None,
        derived_from_hop_id: int | None = None,
    ) -> int:
        _required("evidence title", title)
        _choice("evidence kind", kind, EVIDENCE_KINDS)
        _choice("relevance", relevance, RELEVANCE_LEVELS)
        _choice("source reliability", reliability, SOURCE_RELIABILITY)
        _choice("information credibility", credibility, INFORMATION_CREDIBILITY)
        self._claim_exists(claim_id)
        with self.recording() as rec:
            row = {
                "claim_id": claim_id,
                "title": title,
                "url": url,
                "excerpt": excerpt,
                "kind": kind,
                "reliability": reliability,
                "credibility": credibility,
                "published_at": published_at,
                "relevance": relevance,
                "derived_from_evidence_id": derived_from_evidence_id,
                "derived_from_hop_id": derived_from_hop_id,
                "added_by": self.reviewer,
                "added_at": rec.at,
            }
            evidence_id = rec.insert(
                "evidence", row, kind="evidence.added", subject=_subject(claim_id)
            )
            if credibility == 1:
                self._require_independent_roots(claim_id)  # raising rolls the insert back
            return evidence_id

    @_serialised
    def add_snapshot(self, evidence_id: int, **snapshot: Any) -> int:
        """Store what a fetch of an evidence URL returned (see DESIGN.md, snapshot)."""
        claim_id = self._row_claim("evidence", evidence_id, "evidence")
        allowed = {
            "final_url",
            "http_status",
            "content_type",
            "byte_size",
            "sha256",
            "title",
            "text",
            "error",
            "fetched_at",
        }
        unknown = set(snapshot) - allowed
        if unknown:
            raise InvalidValue(f"a snapshot has no field {', '.join(sorted(unknown))}")
        with self.recording() as rec:
            row = {"fetched_at": rec.at, **snapshot, "evidence_id": evidence_id}
            return rec.insert("snapshots", row, kind="snapshot.added", subject=_subject(claim_id))

    @_serialised
    def record_fetch(
        self,
        evidence_id: int,
        snapshot: dict[str, Any],
        *,
        link_state: str,
        title: str | None = None,
    ) -> int:
        """Store a fetch of an evidence URL: the snapshot, the link's state and, when the
        evidence has no title of its own yet, the page's title. One transaction."""
        claim_id = self._row_claim("evidence", evidence_id, "evidence")
        with self.recording() as rec:
            row = {"fetched_at": rec.at, **snapshot, "evidence_id": evidence_id}
            snapshot_id = rec.insert(
                "snapshots", row, kind="snapshot.added", subject=_subject(claim_id)
            )
            changes: dict[str, Any] = {"link_state": link_state}
            if title:
                changes["title"] = title
            rec.update(
                "evidence",
                evidence_id,
                changes,
                kind="evidence.checked",
                subject=_subject(claim_id),
            )
            return snapshot_id

    @_serialised
    def start_ingest_run(self, source: str, format: str) -> int:
        with self.recording() as rec:
            return rec.insert(
                "ingest_runs",
                {"source": source, "format": format, "started_at": rec.at},
                kind="ingest.started",
                subject="ingest",
            )

    @_serialised
    def ingest(self, run_id: int, items: list[IncomingClaim]) -> IngestCounts:
        """Take a batch of items onto the desk in one transaction (see ``intake``)."""
        with self.recording() as rec:
            return take_in(rec, run_id, items)

    @_serialised
    def reject_items(self, run_id: int, rejects: list[tuple[int | None, str, str]]) -> None:
        """Record items that could not be taken in: (position, reason, excerpt)."""
        if not rejects:
            return
        with self.recording() as rec:
            for position, reason, excerpt in rejects:
                rec.insert(
                    "ingest_rejects",
                    {
                        "run_id": run_id,
                        "position": position,
                        "reason": reason,
                        "excerpt": excerpt[:500],
                    },
                    kind="ingest.rejected",
                    subject="ingest",
                )

    @_serialised
    def finish_ingest_run(
        self,
        run_id: int,
        counts: IngestCounts,
        *,
        bozo: str | None = None,
        error: str | None = None,
    ) -> None:
        with self.recording() as rec:
            rec.update(
                "ingest_runs",
                run_id,
                {
                    "finished_at": rec.at,
                    "new_count": counts.new,
                    "duplicate_count": counts.duplicate,
                    "version_count": counts.version,
                    "rejected_count": counts.rejected,
                    "bozo": int(bozo is not None),
                    "bozo_reason": bozo,
                    "error": error,
                },
                kind="ingest.finished",
                subject="ingest",
            )

    @_serialised
    def ingest_runs(self, limit: int = 20) -> list[dict[str, Any]]:
        return list(self.db.query("SELECT * FROM ingest_runs ORDER BY id DESC LIMIT ?", [limit]))

    @_serialised
    def ingest_rejects(self, run_id: int) -> list[dict[str, Any]]:
        return list(
            self.db.query("SELECT * FROM ingest_rejects WHERE run_id = ? ORDER BY id", [run_id])
        )

    @_serialised
    def claim_versions(self, claim_id: int) -> list[dict[str, Any]]:
        return list(
            self.db.query("SELECT * FROM claim_versions WHERE claim_id = ? ORDER BY id", [claim_id])
        )

    @_serialised
    def check_targets(self) -> list[CheckTarget]:
        """Every evidence URL, and every armed trigger that watches a URL."""
        return queries.check_targets(self.db)

    @_serialised
    def record_evidence_check(
        self, evidence_id: int, snapshot: dict[str, Any] | None, link_state: str
    ) -> None:
        """What a re-check of an evidence URL found: a new snapshot when there is something
        new to keep (changed content, or the failure that made it gone), and the link state.
        Nothing is written when nothing changed."""
        claim_id = self._row_claim("evidence", evidence_id, "evidence")
        current = self.db.execute(
            "SELECT link_state FROM evidence WHERE id = ?", [evidence_id]
        ).fetchone()[0]
        if snapshot is None and current == link_state:
            return
        with self.recording() as rec:
            if snapshot is not None:
                row = {"fetched_at": rec.at, **snapshot, "evidence_id": evidence_id}
                rec.insert("snapshots", row, kind="snapshot.added", subject=_subject(claim_id))
            if current != link_state:
                rec.update(
                    "evidence",
                    evidence_id,
                    {"link_state": link_state},
                    kind=f"evidence.{link_state}",
                    subject=_subject(claim_id),
                )

    @_serialised
    def record_trigger_check(
        self, trigger_id: int, *, status: int | None, text_sha256: str | None, fire: str | None
    ) -> None:
        """Remember what a watched trigger URL answered; ``fire`` gives the reason to fire."""
        claim_id = self._row_claim("revision_triggers", trigger_id, "revision trigger")
        with self.recording() as rec:
            seen = {"last_checked_at": rec.at, "last_status": status, "last_sha256": text_sha256}
            rec.update(
                "revision_triggers",
                trigger_id,
                seen,
                kind="trigger.checked",
                subject=_subject(claim_id),
            )
            if fire:
                self.set_trigger_state(trigger_id, "fired", reason=fire)

    @_serialised
    def assess(self, evidence_id: int, interpretation_id: int, mark: str, reason: str = "") -> None:
        """Rate how one evidence item bears on one interpretation (re-rating replaces the mark;
        the event log keeps the old one)."""
        _choice("assessment mark", mark, ASSESSMENT_MARKS)
        claim_id = self._row_claim("evidence", evidence_id, "evidence")
        if self._row_claim("interpretations", interpretation_id, "interpretation") != claim_id:
            raise InvalidValue(
                f"evidence {evidence_id} and interpretation {interpretation_id}"
                " belong to different claims"
            )
        with self.recording() as rec:
            existing = self.db.execute(
                "SELECT id FROM assessments WHERE evidence_id = ? AND interpretation_id = ?",
                [evidence_id, interpretation_id],
            ).fetchone()
            changes = {
                "mark": mark,
                "reason": reason,
                "assessed_by": self.reviewer,
                "assessed_at": rec.at,
            }
            if existing:
                rec.update(
                    "assessments",
                    existing[0],
                    changes,
                    kind="assessment.changed",
                    subject=_subject(claim_id),
                )
            else:
                row = {"evidence_id": evidence_id, "interpretation_id": interpretation_id}
                rec.insert(
                    "assessments",
                    {**row, **changes},
                    kind="assessment.added",
                    subject=_subject(claim_id),
                )

    @_serialised
    def want_evidence(self, claim_id: int, description: str, *, would_settle: str = "") -> int:
        _required("evidence wanted", description)
        self._claim_exists(claim_id)
        with self.recording() as rec:
            row = {
                "claim_id": claim_id,
                "description": description,
                "would_settle": would_settle,
                "created_by": self.reviewer,
                "created_at": rec.at,
            }
            return rec.insert(
                "evidence_wanted", row, kind="evidence_wanted.added", subject=_subject(claim_id)
            )

    @_serialised
    def set_evidence_wanted_state(
        self, wanted_id: int, state: str, *, evidence_id: int | None = None
    ) -> None:
        _choice("evidence-wanted state", state, EVIDENCE_WANTED_STATES)
        claim_id = self._row_claim("evidence_wanted", wanted_id, "evidence-wanted item")
        with self.recording() as rec:
            rec.update(
                "evidence_wanted",
                wanted_id,
                {"state": state, "evidence_id": evidence_id},
                kind="evidence_wanted.changed",
                subject=_subject(claim_id),
            )

    @_serialised
    def verdict(self, name: str) -> Verdict:
        for verdict in self.verdict_scale():
            if verdict.name == name:
                return verdict
        names = ", ".join(v.name for v in self.verdict_scale())
        raise UnknownVerdict(f"unknown verdict {name!r}: this desk's scale is {names}")

    @_serialised
    def decide(
        self,
        claim_id: int,
        verdict: str,
        rationale: str,
        *,
        confidence: str = "medium",
        for_publication: bool = False,
    ) -> int:
        """Record a decision. Decisions are append-only: a new one supersedes the last.

        With the desk's two-person rule on, a decision for publication waits for a different
        reviewer's confirmation (``confirm``)."""
        chosen = self.verdict(verdict)
        _required("rationale", rationale)
        _choice("confidence", confidence, CONFIDENCE_LEVELS)
        self._claim_exists(claim_id)
        with self.recording() as rec:
            return self._record_decision(
                rec, claim_id, chosen, rationale, confidence, for_publication=for_publication
            )

    @_serialised
    def confirm(self, claim_id: int, rationale: str = "") -> int:
        """The second reviewer's confirmation of a decision for publication: a new decision
        with the same verdict that names the one it confirms."""
        record = self.claim(claim_id)
        latest = record.latest_decision
        if latest is None or not latest.for_publication or latest.confirms_decision_id:
            raise InvalidValue(f"claim {claim_id} has no decision waiting for confirmation")
        if latest.reviewer == self.reviewer:
            raise InvalidValue(
                "the two-person rule needs a different reviewer to confirm"
                f" {latest.reviewer}'s decision"
            )
        with self.recording() as rec:
            return self._record_decision(
                rec,
                claim_id,
                self.verdict(latest.verdict),
                rationale or f"Confirmed {latest.reviewer}'s decision for publication.",
                latest.confidence,
                for_publication=True,
                confirms=latest.id,
            )

    def _record_decision(
        self,
        rec: Recorder,
        claim_id: int,
        verdict: Verdict,
        rationale: str,
        confidence: str,
        *,
        for_publication: bool = False,
        confirms: int | None = None,
    ) -> int:
        row = {
            "claim_id": claim_id,
            "verdict": verdict.name,
            "rationale": rationale,
            "confidence": confidence,
            "reviewer": self.reviewer,
            "decided_at": rec.at,
            "session_id": self.session_id,
            "for_publication": int(for_publication),
            "confirms_decision_id": confirms,
        }
        decision_id = rec.insert(
            "decisions", row, kind="decision.recorded", subject=_subject(claim_id)
        )
        rec.update(
            "claims",
            claim_id,
            {"verdict": verdict.name, "status": verdict.claim_status, "updated_at": rec.at},
            kind="claim.verdict_set",
            subject=_subject(claim_id),
        )
        return decision_id

    @_serialised
    def add_revision_note(
        self,
        claim_id: int,
        kind: str,
        what_is_right: str,
        *,
        what_was_wrong: str = "",
        new_verdict: str | None = None,
    ) -> int:
        """Record a revision note. With ``new_verdict`` the note also records the decision that
        changes the verdict, in the same transaction, with the note as its rationale."""
        _choice("revision note kind", kind, REVISION_NOTE_KINDS)
        _required("what is right", what_is_right)
        chosen = self.verdict(new_verdict) if new_verdict else None
        self._claim_exists(claim_id)
        with self.recording() as rec:
            before = self.db.execute(
                "SELECT verdict FROM claims WHERE id = ?", [claim_id]
            ).fetchone()[0]
            changed = chosen is not None and chosen.name != before
            row = {
                "claim_id": claim_id,
                "kind": kind,
                "verdict_changed": int(changed),
                "verdict_before": before,
                "verdict_after": chosen.name if chosen else before,
                "what_was_wrong": what_was_wrong,
                "what_is_right": what_is_right,
                "author": self.reviewer,
                "written_at": rec.at,
            }
            note_id = rec.insert(
                "revision_notes", row, kind="revision_note.added", subject=_subject(claim_id)
            )
            if chosen is not None and changed:
                rationale = f"{kind.capitalize()}: {what_is_right}"
                self._record_decision(rec, claim_id, chosen, rationale, "medium")
            return note_id

    @_serialised
    def add_trigger(
        self,
        claim_id: int,
        condition: str,
        *,
        url: str | None = None,
        expires_at: str | None = None,
    ) -> int:
        _required("trigger condition", condition)
        self._claim_exists(claim_id)
        with self.recording() as rec:
            row = {
                "claim_id": claim_id,
                "condition": condition,
                "url": url,
                "expires_at": expires_at,
                "created_by": self.reviewer,
                "created_at": rec.at,
            }
            return rec.insert(
                "revision_triggers", row, kind="trigger.armed", subject=_subject(claim_id)
            )

    @_serialised
    def set_trigger_state(self, trigger_id: int, state: str, *, reason: str = "") -> None:
        """Fire, expire, retire or re-arm a trigger. Firing marks the claim due for revision;
        it never changes the verdict: the reviewer decides."""
        _choice("trigger state", state, TRIGGER_STATES)
        claim_id = self._row_claim("revision_triggers", trigger_id, "revision trigger")
        with self.recording() as rec:
            changes: dict[str, Any] = {"state": state}
            if state == "fired":
                changes |= {"fired_at": rec.at, "fired_reason": reason}
            rec.update(
                "revision_triggers",
                trigger_id,
                changes,
                kind=f"trigger.{state}",
                subject=_subject(claim_id),
            )
            if state == "fired":
                rec.update(
                    "claims",
                    claim_id,
                    {"status": "revision_due", "updated_at": rec.at},
                    kind="claim.revision_due",
                    subject=_subject(claim_id),
                )

    @_serialised
    def add_verdict(
        self,
        name: str,
        label: str,
        *,
        rating_value: int | None = None,
        rating_name: str | None = None,
        claim_status: str = "decided",
    ) -> None:
        """Extend the desk's verdict scale."""
        _required("verdict name", name)
        _choice("claim status", claim_status, CLAIM_STATUSES)
        if any(v.name == name for v in self.verdict_scale()):
            raise InvalidValue(f"verdict {name!r} is already on this desk's scale")
        with self.recording() as rec:
            position = 1 + len(self.verdict_scale())
            row = {
                "name": name,
                "label": label,
                "rating_value": rating_value,
                "rating_name": rating_name,
                "claim_status": claim_status,
                "position": position,
            }
            rec.table("verdicts").insert(row)
            rec.event("verdict.added", f"verdict:{name}", row)

    @_serialised
    def add_reviewer(self, name: str, display_name: str) -> None:
        """Register a reviewer with the name shown on their decisions."""
        _required("reviewer name", name)
        with self.recording() as rec:
            reviewers = rec.table("reviewers")
            if reviewers.count_where("name = ?", [name]):
                reviewers.update(name, {"display_name": display_name})
            else:
                reviewers.insert({"name": name, "display_name": display_name, "created_at": rec.at})
            rec.event(
                "reviewer.named", f"reviewer:{name}", {"name": name, "display_name": display_name}
            )

    @_serialised
    def set_setting(self, key: str, value: Any) -> None:
        with self.recording() as rec:
            rec.table("desk_settings").upsert(
                {"key": key, "value": canonical_json(value)}, pk="key"
            )
            rec.event("setting.changed", f"setting:{key}", {"key": key, "value": value})

    @_serialised
    def start_session(self) -> int:
        with self.recording() as rec:
            self.session_start_seq = chain_head(self.db.conn)[0]
            self.session_id = rec.insert(
                "review_sessions",
                {"reviewer": self.reviewer, "started_at": rec.at},
                kind="session.started",
                subject=f"reviewer:{self.reviewer}",
            )
        return self.session_id

    @_serialised
    def end_session(self) -> None:
        if self.session_id is None:
            return
        with self.recording() as rec:
            rec.update(
                "review_sessions",
                self.session_id,
                {"ended_at": rec.at},
                kind="session.ended",
                subject=f"reviewer:{self.reviewer}",
            )
        self.session_id = None

    # -- reading --------------------------------------------------------------------------

    @_serialised
    def session_summary(self) -> SessionSummary:
        """What this reviewer did since the session started."""
        return queries.session_summary(self.db, self.reviewer, self.session_start_seq)

    @_serialised
    def verdict_scale(self) -> list[Verdict]:
        return queries.verdict_scale(self.db)

    @_serialised
    def claim(self, claim_id: int) -> ClaimRecord:
        return queries.claim_record(self.db, claim_id)

    @_serialised
    def queue_page(
        self,
        query: QueueQuery | None = None,
        *,
        after: tuple[Any, ...] | None = None,
        limit: int = 50,
        backwards: bool = False,
    ) -> list[QueueRow]:
        return (query or QueueQuery()).page(self.db, after=after, limit=limit, backwards=backwards)

    @_serialised
    def all_claim_ids(self) -> list[int]:
        return [row[0] for row in self.db.execute("SELECT id FROM claims ORDER BY id")]

    @_serialised
    def queue_row(self, claim_id: int) -> QueueRow:
        return queue_row(self.db, claim_id)

    @_serialised
    def queue_position(self, query: QueueQuery, claim_id: int) -> int:
        """Where a claim stands in a queue (how many rows come before it)."""
        return query.position_of(self.db, queue_row(self.db, claim_id))

    @_serialised
    def queue_pager_page(self, pager: QueuePager, index: int, total: int) -> list[QueueRow]:
        return pager.page(self.db, index, total)

    @_serialised
    def queue_count(self, query: QueueQuery | None = None) -> int:
        return (query or QueueQuery()).count(self.db)

    @_serialised
    def data_version(self) -> int:
        """Changes whenever another connection commits to the desk (cheap to poll)."""
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    @_serialised
    def head_seq(self) -> int:
        return chain_head(self.db.conn)[0]

    @_serialised
    def changes_by_others(self, claim_id: int, since_seq: int) -> list[dict[str, Any]]:
        """What other reviewers recorded on a claim after event ``since_seq``."""
        return list(
            self.db.query(
                "SELECT seq, at, actor, kind FROM events WHERE seq > ? AND subject = ?"
                " AND actor != ? ORDER BY seq",
                [since_seq, _subject(claim_id), self.reviewer],
            )
        )

    @_serialised
    def counts_by_status(self) -> dict[str, int]:
        return queries.counts_by_status(self.db)

    @_serialised
    def setting(self, key: str, default: Any = None) -> Any:
        return queries.setting(self.db, key, default)
