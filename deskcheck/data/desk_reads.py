"""Reading the desk back: the read half of ``Desk``, one short query per call.

Reads are short autocommit queries, so no read transaction is left open while a reviewer
thinks (an open reader would stop WAL checkpoints and let the WAL grow without bound).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from deskcheck.data import (
    desk_work,
    feeds,
    ingest_runs,
    logins,
    pictures,
    queries,
    repeats,
    saved_queues,
)
from deskcheck.data.events import chain_head
from deskcheck.data.matching import Match, similar
from deskcheck.data.queue import QueuePager, QueueQuery, queue_row
from deskcheck.data.rules import subject
from deskcheck.data.saved_queues import SavedQueue
from deskcheck.data.search import SearchHit
from deskcheck.data.sqlite_library import Database
from deskcheck.domain.errors import UnknownVerdict
from deskcheck.domain.models import (
    Activity,
    CheckTarget,
    ClaimRecord,
    QueueRow,
    SessionSummary,
    Subscription,
    Verdict,
)
from deskcheck.domain.preview import ClaimPreview

if TYPE_CHECKING:
    from deskcheck.domain.picture_hashes import PictureHashes  # numpy: not at every start

T = TypeVar("T")
P = ParamSpec("P")
D = TypeVar("D", bound="DeskReads")


def serialised(
    method: Callable[Concatenate[D, P], T],
) -> Callable[Concatenate[D, P], T]:
    """Run a Desk method under the desk's lock.

    The UI's worker threads share one connection, and Python's sqlite3 connection objects
    (their statement cache, their transaction state) are not safe to use from two threads
    at once: one call at a time, each short.
    """

    @functools.wraps(method)
    def locked(self: D, /, *args: P.args, **kwargs: P.kwargs) -> T:
        with self._lock:
            return method(self, *args, **kwargs)

    return locked


class DeskReads:
    """What a desk says, read under the desk's lock."""

    db: Database
    reviewer: str
    session_start_seq: int
    clock: Callable[[], str]
    _lock: threading.RLock

    @serialised
    def session_summary(self) -> SessionSummary:
        """What this reviewer did since the session started."""
        return queries.session_summary(self.db, self.reviewer, self.session_start_seq)

    @serialised
    def verdict_scale(self) -> list[Verdict]:
        return queries.verdict_scale(self.db)

    @serialised
    def verdict(self, name: str) -> Verdict:
        for verdict in queries.verdict_scale(self.db):
            if verdict.name == name:
                return verdict
        names = ", ".join(v.name for v in queries.verdict_scale(self.db))
        raise UnknownVerdict(f"unknown verdict {name!r}: this desk's scale is {names}")

    @serialised
    def claim(self, claim_id: int) -> ClaimRecord:
        return queries.claim_record(self.db, claim_id)

    @serialised
    def claim_preview(self, claim_id: int) -> ClaimPreview:
        """The claim with its tags and custody only (the queue's preview of a claim)."""
        return queries.claim_preview(self.db, claim_id)

    @serialised
    def decision_records(self, claim_ids: list[int]) -> list[ClaimRecord]:
        """Claims with only their decisions and revision notes (every claim when none)."""
        return queries.decision_records(self.db, claim_ids)

    @serialised
    def queue_page(
        self,
        query: QueueQuery | None = None,
        *,
        after: tuple[Any, ...] | None = None,
        limit: int = 50,
        backwards: bool = False,
    ) -> list[QueueRow]:
        return (query or QueueQuery()).page(self.db, after=after, limit=limit, backwards=backwards)

    @serialised
    def all_claim_ids(self) -> list[int]:
        return [row[0] for row in self.db.execute("SELECT id FROM claims ORDER BY id")]

    @serialised
    def search_snippet(self, claim_id: int, search: str) -> SearchHit | None:
        """Where and how ``search`` matched the claim (see ``search.search_snippet``)."""
        from deskcheck.data.search import search_snippet

        return search_snippet(self.db, claim_id, search)

    @serialised
    def queue_row(self, claim_id: int) -> QueueRow:
        return queue_row(self.db, claim_id)

    @serialised
    def queue_position(self, query: QueueQuery, claim_id: int) -> int:
        """Where a claim stands in a queue (how many rows come before it)."""
        return query.position_of(self.db, queue_row(self.db, claim_id))

    @serialised
    def queue_pager_page(self, pager: QueuePager, index: int, total: int) -> list[QueueRow]:
        return pager.page(self.db, index, total)

    @serialised
    def queue_count(self, query: QueueQuery | None = None) -> int:
        return (query or QueueQuery()).count(self.db)

    @serialised
    def data_version(self) -> int:
        """Changes whenever another connection commits to the desk (cheap to poll)."""
        return int(self.db.execute("PRAGMA data_version").fetchone()[0])

    @serialised
    def head_seq(self) -> int:
        return chain_head(self.db.conn)[0]

    @serialised
    def news_since(self, seq: int) -> tuple[int, frozenset[str]]:
        """The log's head, and the kinds of the events recorded after event ``seq``."""
        head = chain_head(self.db.conn)[0]
        kinds = self.db.execute("SELECT DISTINCT kind FROM events WHERE seq > ?", [seq])
        return head, frozenset(row[0] for row in kinds.fetchall())

    @serialised
    def changes_by_others(self, claim_id: int, since_seq: int) -> list[dict[str, Any]]:
        """What other reviewers recorded on a claim after event ``since_seq``."""
        return list(
            self.db.query(
                "SELECT seq, at, actor, kind FROM events WHERE seq > ? AND subject = ?"
                " AND actor != ? ORDER BY seq",
                [since_seq, subject(claim_id), self.reviewer],
            )
        )

    @serialised
    def counts_by_status(self) -> dict[str, int]:
        return queries.counts_by_status(self.db)

    @serialised
    def setting(self, key: str, default: Any = None) -> Any:
        return queries.setting(self.db, key, default)

    @serialised
    def snapshot_exchanges(self, claim_ids: list[int]) -> list[dict[str, Any]]:
        """The claims' snapshots with raw bodies and HTTP headers (for a WARC archive)."""
        return queries.snapshot_exchanges(self.db, claim_ids)

    @serialised
    def evidence_by_url(self, urls: list[str]) -> dict[str, list[tuple[int, int]]]:
        return queries.evidence_by_url(self.db, urls)

    @serialised
    def snapshot_keys(self, evidence_id: int) -> set[tuple[str, str | None]]:
        return queries.snapshot_keys(self.db, evidence_id)

    @serialised
    def check_targets(self) -> list[CheckTarget]:
        """Every evidence URL, and every armed trigger that watches a URL."""
        return queries.check_targets(self.db)

    @serialised
    def login(self, name: str) -> logins.Login | None:
        return logins.login(self.db, name)

    @serialised
    def all_logins(self) -> list[logins.Login]:
        return logins.logins(self.db)

    @serialised
    def check_password(self, name: str, password: str) -> tuple[logins.Login | None, str]:
        return logins.check_password(self.db, name, password)

    @serialised
    def ingest_runs(self, limit: int = 20) -> list[dict[str, Any]]:
        return ingest_runs.ingest_runs(self.db, limit)

    @serialised
    def ingest_rejects(self, run_id: int) -> list[dict[str, Any]]:
        return ingest_runs.ingest_rejects(self.db, run_id)

    @serialised
    def reviewer_names(self) -> list[str]:
        return desk_work.reviewer_names(self.db)

    @serialised
    def known_reviewer(self, name: str) -> str | None:
        return desk_work.known_reviewer(self.db, name)

    @serialised
    def claim_activity(self, claim_id: int) -> tuple[Activity, ...]:
        return desk_work.activity(self.db, claim_id)

    @serialised
    def saved_queues(self) -> list[SavedQueue]:
        return saved_queues.saved_queues(self.db)

    @serialised
    def saved_queue(self, name: str) -> SavedQueue:
        return saved_queues.require_queue(self.db, name)

    @serialised
    def repeats_of(self, claim_id: int) -> list[dict[str, Any]]:
        return repeats.repeats_of(self.db, claim_id)

    @serialised
    def published_count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM published_checks").fetchone()[0])

    @serialised
    def claim_versions(self, claim_id: int) -> list[dict[str, Any]]:
        return ingest_runs.claim_versions(self.db, claim_id)

    @serialised
    def claim_history(self, claim_id: int) -> list[dict[str, Any]]:
        return queries.claim_history(self.db, claim_id)

    @serialised
    def subscriptions(self, *, include_removed: bool = False) -> list[Subscription]:
        return feeds.subscriptions(self.db, self.reviewer, include_removed=include_removed)

    @serialised
    def subscription(self, subscription_id: int) -> Subscription:
        return feeds.subscription(self.db, subscription_id, self.reviewer)

    @serialised
    def due_subscriptions(self) -> list[Subscription]:
        return feeds.due_subscriptions(self.db, self.clock())

    @serialised
    def similar(
        self, text: str, *, exclude_claim: int | None = None, limit: int = 5
    ) -> list[Match]:
        """The earlier claims and published fact-checks most like ``text``, best first."""
        return similar(self.db.conn, text, exclude_claim=exclude_claim, limit=limit)

    # -- pictures ------------------------------------------------------------------------

    @serialised
    def pictures_of_claim(self, claim_id: int) -> list[dict[str, Any]]:
        """A claim's pictures without their bytes (hashes as hex)."""
        return pictures.pictures_of_claim(self.db, claim_id)

    @serialised
    def picture_body(self, picture_id: int) -> bytes:
        return pictures.picture_body(self.db, picture_id)

    @serialised
    def similar_pictures(self, claim_id: int, *, limit: int = 10) -> list[pictures.PictureMatch]:
        """Copies of this claim's pictures on other claims, nearest first."""
        return pictures.similar_pictures(self.db, claim_id, limit=limit)

    @serialised
    def pictures_seen_before(
        self, hashes: PictureHashes, shape: tuple[int, int, bool], *, limit: int = 10
    ) -> list[pictures.PictureMatch]:
        """Stored pictures that are copies of a picture with these hashes."""
        return pictures.seen_before(self.db, hashes, shape, limit=limit)
