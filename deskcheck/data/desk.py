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
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Concatenate, ParamSpec, TypeVar

from deskcheck.data import (
    claims,
    decisions,
    desk_setup,
    desk_work,
    evidence,
    feeds,
    ingest_runs,
    interpretations,
    logins,
    peers,
    pictures,
    publications,
    published,
    recorded_parts,
    repeats,
    saved_queues,
)
from deskcheck.data.connection import (
    APPLICATION_ID,
    BUSY_TIMEOUT_SECONDS,
    apply_pragmas,
    connect,
    immediate_transaction,
    refuse_unless_desk,
)
from deskcheck.data.desk_reads import DeskReads
from deskcheck.data.desk_reads import serialised as _serialised
from deskcheck.data.events import append_event, chain_head
from deskcheck.data.matching import rebuild_index
from deskcheck.data.migrations import (
    BASELINE_VERSION,
    MIGRATIONS,
    PUBLISHED_RECORDED_VERSION,
    SCHEMA_VERSION,
)
from deskcheck.data.recorder import Recorder
from deskcheck.data.rules import subject
from deskcheck.data.sqlite_library import Database
from deskcheck.data.table_check import baseline_bodies
from deskcheck.domain.clock import utc_now
from deskcheck.domain.errors import DeskBusy, DeskFull, NewerDesk, ReadOnlyDesk
from deskcheck.domain.names import checked_name

T = TypeVar("T")
P = ParamSpec("P")


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


def _recorded(act: Callable[Concatenate[Recorder, P], T]) -> Callable[Concatenate[Desk, P], T]:
    """A data-layer function as a Desk method: run in one ``recording()`` transaction."""

    @functools.wraps(act)
    def method(self: Desk, /, *args: P.args, **kwargs: P.kwargs) -> T:
        with self.recording() as rec:
            return act(rec, *args, **kwargs)

    return method


class Desk(DeskReads):
    """An open desk file, used by one reviewer: opening, recording, sessions; the reads are
    in ``DeskReads``."""

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
        # set by `serve`: {"through": "serve", "address": …}, recorded in every event
        self.via: dict[str, str] | None = None
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
        reviewer = checked_name("reviewer name", reviewer)  # refused before the file is opened
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
                # a migration that changes recorded rows returns the update bodies: recorded
                # as events, so the log keeps what each row held before
                for body in migration(self.db) or ():
                    append_event(
                        conn,
                        at=self.clock(),
                        actor=self.reviewer,
                        kind="desk.migrated_row",
                        subject=subject(body["id"]) if body["table"] == "claims" else "desk",
                        body=body,
                    )
            if 0 < version < BASELINE_VERSION:
                self._record_baseline()
            if 0 < version < PUBLISHED_RECORDED_VERSION:
                self._record_published_baseline()
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

    def _record_baseline(self) -> None:
        """Rows an older deskcheck wrote without an event of their own (ingested custody
        hops, tags and reviews) are recorded as they are now, so verify can prove the rest
        and say which rows rest on this baseline."""
        for body in baseline_bodies(self.db.conn):
            append_event(
                self.db.conn,
                at=self.clock(),
                actor=self.reviewer,
                kind="desk.baseline",
                subject="desk",
                body=body,
            )

    def _record_published_baseline(self) -> None:
        """The published fact-checks and logins an older deskcheck kept outside the log,
        vouched for as they are now (their digests, never a password hash)."""
        conn = self.db.conn
        for name, password_hash, disabled, created, changed in conn.execute(
            "SELECT name, password_hash, disabled, created_at, changed_at FROM reviewer_logins"
            " ORDER BY name"
        ).fetchall():  # logins too: events named them, never their hash
            login = {"name": name, "hash": logins.hash_digest(password_hash)}
            login |= {"disabled": disabled, "created_at": created, "changed_at": changed}
            append_event(
                conn,
                at=self.clock(),
                actor=self.reviewer,
                kind="login.baseline",
                subject=f"reviewer:{name}",
                body=login,
            )
        first, last = conn.execute("SELECT min(id), max(id) FROM published_checks").fetchone()
        if first is None:
            return
        count, digest = published.batch_digest(conn, first, last)
        body = {"first": first, "last": last, "count": count, "sha256": digest}
        append_event(
            conn,
            at=self.clock(),
            actor=self.reviewer,
            kind="published.baseline",
            subject="desk",
            body=body,
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
                yield Recorder(self.db, self.reviewer, self.clock(), self.session_id, via=self.via)
                return
            try:
                with immediate_transaction(self.db.conn):
                    recorder = Recorder(
                        self.db, self.reviewer, self.clock(), self.session_id, via=self.via
                    )
                    self._ensure_reviewer(recorder)
                    yield recorder
                # known only once committed: a refused first write rolls the reviewer back too
                self._known_reviewers.add(self.reviewer)
            except sqlite3.OperationalError as error:
                raise _as_desk_error(self.path, error) from error

    def _ensure_reviewer(self, rec: Recorder) -> None:
        if self.reviewer not in self._known_reviewers:
            desk_setup.ensure_reviewer(rec)

    # -- what the desk records, one subject module each (each call is one transaction) ------

    add_claim = _recorded(claims.add_claim)
    update_claim = _recorded(claims.update_claim)
    add_custody_hop = _recorded(claims.add_custody_hop)
    link_repeat = _recorded(repeats.link_repeat)
    add_published = _recorded(published.add_published)

    add_interpretation = _recorded(interpretations.add_interpretation)
    edit_interpretation = _recorded(interpretations.edit_interpretation)
    set_relation = _recorded(interpretations.set_relation)
    assess = _recorded(interpretations.assess)

    add_evidence = _recorded(evidence.add_evidence)
    edit_evidence = _recorded(evidence.edit_evidence)
    add_snapshot = _recorded(evidence.add_snapshot)
    record_fetch = _recorded(evidence.record_fetch)
    record_evidence_check = _recorded(evidence.record_evidence_check)
    want_evidence = _recorded(evidence.want_evidence)
    add_picture = _recorded(pictures.add_picture)
    add_picture_evidence = _recorded(pictures.add_picture_evidence)

    decide = _recorded(decisions.decide)
    confirm = _recorded(decisions.confirm)
    add_revision_note = _recorded(decisions.add_revision_note)
    record_publication = _recorded(publications.record_publication)
    add_trigger = _recorded(decisions.add_trigger)
    set_trigger_state = _recorded(decisions.set_trigger_state)
    record_trigger_check = _recorded(decisions.record_trigger_check)

    start_ingest_run = _recorded(ingest_runs.start_ingest_run)
    ingest = _recorded(ingest_runs.ingest)
    reject_items = _recorded(ingest_runs.reject_items)
    finish_ingest_run = _recorded(ingest_runs.finish_ingest_run)

    # the workflow: several claims at once, one event each, in one transaction
    assign = _recorded(desk_work.assign)
    set_priority = _recorded(desk_work.set_priority)
    set_status = _recorded(desk_work.set_status)
    set_due = _recorded(desk_work.set_due)
    tag = _recorded(desk_work.tag)
    add_comment = _recorded(desk_work.add_comment)
    save_queue = _recorded(saved_queues.save_queue)
    remove_queue = _recorded(saved_queues.remove_queue)
    edit_wanted = _recorded(recorded_parts.edit_wanted)
    resolve_wanted = _recorded(recorded_parts.resolve_wanted)
    drop_wanted = _recorded(recorded_parts.drop_wanted)
    edit_trigger = _recorded(recorded_parts.edit_trigger)
    move_trigger = _recorded(recorded_parts.move_trigger)
    edit_hop = _recorded(recorded_parts.edit_hop)
    move_hop = _recorded(recorded_parts.move_hop)
    remove_hop = _recorded(recorded_parts.remove_hop)

    add_subscription = _recorded(feeds.add_subscription)
    remove_subscription = _recorded(feeds.remove_subscription)
    record_refresh = _recorded(feeds.record_refresh)
    mark_feed_read = _recorded(feeds.mark_feed_read)

    add_verdict = _recorded(desk_setup.add_verdict)
    add_reviewer = _recorded(desk_setup.add_reviewer)
    set_setting = _recorded(desk_setup.set_setting)
    leave_off_policies = _recorded(desk_setup.leave_off_policies)
    accept_loss = _recorded(desk_setup.accept_loss)

    add_peer = _recorded(peers.add_peer)
    remove_peer = _recorded(peers.remove_peer)

    add_login = _recorded(logins.add_login)
    set_password = _recorded(logins.set_password)
    set_login_disabled = _recorded(logins.set_disabled)
    record_login = _recorded(logins.record_login)
    record_login_failure = _recorded(logins.record_login_failure)
    attempt_login = _recorded(logins.attempt_login)
    record_logout = _recorded(logins.record_logout)

    # -- the review session -------------------------------------------------------------------

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

    # -- the matching index ----------------------------------------------------------------

    def rebuild_matching_index(self) -> tuple[int, int]:
        """Index every claim and published fact-check again (``matching.rebuild_index``)."""
        with self.recording() as rec:
            return rebuild_index(rec.db.conn)
