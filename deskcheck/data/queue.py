"""The queue: claims filtered, searched and sorted, read one page at a time.

Pages use keyset pagination (``WHERE (sort keys) > (last row's keys)``) over the indexes
the schema creates for each sort order, so reading page 2,000 of a 100,000-claim desk costs
the same as reading page 1. Per-row counts are correlated subqueries on claim_id indexes,
run only for the rows of the page.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlite_utils import Database

from deskcheck.data.migrations.v10_desk_work import DUE_ORDER
from deskcheck.data.search import MATCHES_FROM, SEARCH_PARTS, fts_query
from deskcheck.domain.derivation import Derivation, source_warnings
from deskcheck.domain.errors import UnknownClaim
from deskcheck.domain.models import QueueRow
from deskcheck.domain.vocabulary import PRIMARY_CUSTODY_KINDS, sql_in

SORTS: dict[str, tuple[tuple[str, ...], str]] = {
    # name: (key columns, direction). One direction per order keeps the keyset a single
    # row-value comparison that SQLite answers from the index.
    "newest": (("received_at", "id"), "DESC"),
    "oldest": (("received_at", "id"), "ASC"),
    "priority": (("priority", "received_at", "id"), "ASC"),
    "due": (("due_order", "received_at", "id"), "ASC"),  # soonest due first, none last
}

KEY_SQL = {"due_order": "coalesce(c.due_at, '9999-12-31T23:59:59Z')"}
"""Sort keys that are expressions (the same expression as the index's, so it is used)."""
assert KEY_SQL["due_order"] == DUE_ORDER.replace("due_at", "c.due_at")

CLOSED_STATUSES = ("decided", "lead", "dropped")
"""A claim in these is settled for now: its due time no longer makes it overdue."""


def key_sql(column: str) -> str:
    return KEY_SQL.get(column, f"c.{column}")


NO_VERDICT = "none"
"""Verdict filter value for claims without a decision yet."""

AWAITING = (  # the two-person rule is on, and the latest decision waits for a second reviewer
    "(EXISTS (SELECT 1 FROM desk_settings WHERE key = 'two_person_rule' AND value = 'true')"
    " AND EXISTS (SELECT 1 FROM decisions d WHERE d.id = (SELECT max(id) FROM decisions"
    " WHERE claim_id = c.id) AND d.for_publication = 1 AND (d.confirms_decision_id IS NULL"
    # a confirmation merged unsigned, or by the decider, counts for nothing here (one name
    # is one person on a desk: merge refuses look-alikes)
    " OR (d.from_desk IS NOT NULL AND (d.from_key IS NULL OR d.reviewer = (SELECT reviewer"
    " FROM decisions WHERE id = d.confirms_decision_id))))))"
)

ROW_SQL = f"""
SELECT c.id, c.status, c.priority, c.verdict, c.received_at, c.text, c.assignee, c.due_at,
  {KEY_SQL["due_order"]} AS due_order,
  CASE
    WHEN NOT EXISTS (SELECT 1 FROM custody_hops h WHERE h.claim_id = c.id
                     AND h.removed_at IS NULL) THEN 'no custody'
    WHEN NOT EXISTS (SELECT 1 FROM custody_hops h WHERE h.claim_id = c.id
                     AND h.removed_at IS NULL
                     AND h.kind IN ({sql_in(PRIMARY_CUSTODY_KINDS)})) THEN 'no primary source'
    ELSE ''
  END AS custody_warning,
  (SELECT count(*) FROM interpretations i WHERE i.claim_id = c.id) AS interpretation_count,
  (SELECT count(*) FROM evidence e WHERE e.claim_id = c.id) AS evidence_count,
  (SELECT count(*) FROM revision_triggers t WHERE t.claim_id = c.id AND t.state = 'fired')
    AS fired_triggers,
  (SELECT coalesce(max(CASE e.link_state WHEN 'gone' THEN 2 WHEN 'changed' THEN 1 ELSE 0 END), 0)
    FROM evidence e WHERE e.claim_id = c.id) AS link_trouble,
  {AWAITING} AS awaiting_confirmation,
  (SELECT d.from_desk FROM decisions d WHERE d.claim_id = c.id ORDER BY d.id DESC LIMIT 1)
    AS verdict_from,
  EXISTS (SELECT 1 FROM evidence e WHERE e.claim_id = c.id
          AND (e.derived_from_evidence_id IS NOT NULL OR e.derived_from_hop_id IS NOT NULL))
    AS has_derivations,
  (SELECT coalesce(r.repeat_of_claim_id, -r.repeat_of_published_id) FROM claim_repeats r
   WHERE r.claim_id = c.id ORDER BY r.id DESC LIMIT 1) AS repeat_of,
  (SELECT count(*) FROM claim_versions v WHERE v.claim_id = c.id) AS source_versions
FROM claims c
"""

MANY_HITS = 2000

COUNT_CAP = 10_000
"""A search counts its hits up to here and says "10,000+" beyond: counting every hit of a
broad search would make its cost grow with the desk. A count above the cap means "more"."""

PARTIAL_AFTER = 50_000
"""A search alone stops gathering its hits past here, and a page then asks each row of the
queue's index whether it matches. Below it, gathering the hits costs less than asking: a
row that does not match costs a full-text probe per text not gathered whole (claims,
interpretations, evidence, snapshots: some 400 µs), and a search with few hits per row
walks many rows for a page (a sixth of the desk matching: 300 ms a page on 100,000
claims); past it, at least half the rows of a 100,000-claim desk match."""


def shown_count(count: int) -> str:
    """A queue's count as a reviewer reads it: "10,000+" for a capped search."""
    return f"{COUNT_CAP:,}+" if count > COUNT_CAP else f"{count:,}"


def materialise_search(db: Database, quoted: str, *, complete: bool = False) -> tuple[int, int]:
    """The claims a search matches, computed once into a temporary table of this connection:
    (hits, the first part of ``SEARCH_PARTS`` not gathered whole).

    The count and every page of a searched queue then read that table instead of running
    the full-text union again. Unless ``complete`` (a search with other filters, which must
    count the hits that pass them), it stops past ``PARTIAL_AFTER`` hits: the table is then
    partial, and a page asks each row whether it matches in the parts not gathered whole.
    It is recomputed when the search changes or the desk does (this connection's writes, or
    another connection's: ``data_version``).
    """
    conn = db.conn
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS search_hits (claim_id INTEGER PRIMARY KEY)")
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS search_state"
        " (quoted TEXT, changes INT, version INT, hits INT, complete INT, partial_from INT)"
    )
    version = conn.execute("PRAGMA data_version").fetchone()[0]
    state = (quoted, conn.total_changes, version)
    known = conn.execute(
        "SELECT quoted, changes, version, hits, complete, partial_from FROM temp.search_state"
    ).fetchone()
    if known and tuple(known[:3]) == state and (known[4] or not complete):
        return int(known[3]), int(known[5])
    conn.execute("DELETE FROM temp.search_hits")
    hits = 0
    partial_from = len(SEARCH_PARTS)
    for index, part in enumerate(SEARCH_PARTS if quoted else ()):  # nothing to search: none
        # each part stops past the cap (distinct claims: a part that reaches it alone has
        # more than the cap); LIMIT -1 is SQLite's "no limit"
        conn.execute(
            f"INSERT OR IGNORE INTO temp.search_hits"
            f" {part.replace('SELECT', 'SELECT DISTINCT', 1)} LIMIT :limit",
            {"q": quoted, "limit": -1 if complete else PARTIAL_AFTER + 1},
        )
        hits = conn.execute("SELECT count(*) FROM temp.search_hits").fetchone()[0]
        if hits > PARTIAL_AFTER and not complete:
            partial_from = index  # this part may have stopped short; the rest were not asked
            break
    conn.execute("DELETE FROM temp.search_state")
    conn.execute(
        "INSERT INTO temp.search_state VALUES (?, 0, ?, ?, ?, ?)",
        (quoted, version, hits, complete, partial_from),
    )
    # the bookkeeping's own writes count in total_changes: record the total after them
    conn.execute("UPDATE temp.search_state SET changes = ?", (conn.total_changes + 1,))
    return int(hits), partial_from


@dataclass(frozen=True)
class QueueQuery:
    """What the reviewer asked the queue to show."""

    statuses: tuple[str, ...] = ()
    verdicts: tuple[str, ...] = ()  # NO_VERDICT matches claims without a decision
    tag: str | None = None
    assignee: str | None = None
    search: str | None = None  # full-text, over every recorded text (search.SOURCES)
    needs_attention: bool = False  # new, revision due, or no decision yet
    awaiting_confirmation: bool = False  # a decision for publication waits for a second reviewer
    feed: int | None = None  # only the claims that arrived through this subscription
    sort: str = "newest"
    mine: str | None = None  # this reviewer's: assigned to them, or naming them in a comment
    unassigned: bool = False  # no one is assigned
    now: str | None = None  # with needs_attention: a claim due before this is overdue

    def __post_init__(self) -> None:
        if self.sort not in SORTS:
            raise ValueError(f"unknown sort {self.sort!r}: use one of {', '.join(SORTS)}")

    def _where(self, db: Database, *, paging: bool = False) -> tuple[list[str], dict[str, Any]]:
        """The filter clauses. ``paging``: for a page in queue order (a broad search then
        walks the queue's index), not for a count (which starts from the hits)."""
        clauses: list[str] = []
        params: dict[str, Any] = {}
        if self.statuses:
            names = [f":status{i}" for i in range(len(self.statuses))]
            clauses.append(f"c.status IN ({', '.join(names)})")
            params |= {n[1:]: s for n, s in zip(names, self.statuses, strict=True)}
        if self.verdicts:
            named = [v for v in self.verdicts if v != NO_VERDICT]
            parts = []
            if named:
                names = [f":verdict{i}" for i in range(len(named))]
                parts.append(f"c.verdict IN ({', '.join(names)})")
                params |= {n[1:]: v for n, v in zip(names, named, strict=True)}
            if NO_VERDICT in self.verdicts:
                parts.append("c.verdict IS NULL")
            clauses.append("(" + " OR ".join(parts) + ")")
        if self.tag:
            clauses.append("c.id IN (SELECT claim_id FROM claim_tags WHERE tag = :tag)")
            params["tag"] = self.tag
        if self.feed is not None:
            clauses.append("c.subscription_id = :feed")
            params["feed"] = self.feed
        if self.assignee:
            clauses.append("c.assignee = :assignee")
            params["assignee"] = self.assignee
        if self.mine:
            clauses.append(
                "(c.assignee = :mine OR c.id IN (SELECT m.claim_id FROM comments m,"
                " json_each(m.mentions) j WHERE j.value = :mine))"
            )
            params["mine"] = self.mine
        if self.unassigned:
            clauses.append("c.assignee IS NULL")
        if self.search and self.search.strip():
            # fts_query makes each word a literal, so user input cannot break FTS syntax
            quoted = fts_query(self.search)
            alone = self.search_alone
            hits, partial_from = materialise_search(db, quoted, complete=not alone)
            if alone and hits > PARTIAL_AFTER:
                # the hits gathered answer most rows at once; the rest are asked of the
                # texts the gathering did not finish
                clauses.append(
                    "(EXISTS (SELECT 1 FROM temp.search_hits h WHERE h.claim_id = c.id)"
                    f" OR {MATCHES_FROM[partial_from]})"
                )
                params["q"] = quoted
            elif paging and hits > MANY_HITS:
                # walk the queue's index and keep the rows that match: the first page of a
                # broad search comes at once, without sorting every hit
                clauses.append("EXISTS (SELECT 1 FROM temp.search_hits h WHERE h.claim_id = c.id)")
            else:
                clauses.append("c.id IN (SELECT claim_id FROM temp.search_hits)")
        if self.awaiting_confirmation:
            clauses.append(AWAITING)
        if self.needs_attention:
            overdue = ""
            if self.now:
                overdue = f" OR (c.due_at < :now AND c.status NOT IN ({sql_in(CLOSED_STATUSES)}))"
                params["now"] = self.now
            clauses.append(
                "c.status != 'dropped'"
                f" AND (c.status IN ('new', 'revision_due') OR c.verdict IS NULL{overdue})"
            )
        return clauses, params

    @property
    def search_alone(self) -> bool:
        """A search and nothing else: its count may stop at the cap."""
        return replace(self, search=None, sort="newest", now=None) == QueueQuery()

    @property
    def key_columns(self) -> tuple[str, ...]:
        return SORTS[self.sort][0]

    def key_of(self, row: QueueRow) -> tuple[Any, ...]:
        """The keyset position of a row, to pass as ``after`` for the next page."""
        return tuple(getattr(row, column) for column in self.key_columns)

    def page(
        self,
        db: Database,
        *,
        after: tuple[Any, ...] | None = None,
        limit: int = 50,
        backwards: bool = False,
        offset: int = 0,
    ) -> list[QueueRow]:
        """Up to ``limit`` rows after the keyset position ``after`` (or before it, when
        ``backwards``; the rows still come back in queue order).

        ``offset`` skips rows first; it is only for a jump to a far position with no page
        nearby (SQLite still walks the index to get there, without computing the skipped rows).
        """
        columns, direction = SORTS[self.sort]
        if backwards:
            direction = "ASC" if direction == "DESC" else "DESC"
        clauses, params = self._where(db, paging=True)
        if after is not None:
            op = "<" if direction == "DESC" else ">"
            keys = [f":key{i}" for i in range(len(columns))]
            qualified = ", ".join(key_sql(c) for c in columns)
            clauses.append(f"({qualified}) {op} ({', '.join(keys)})")
            params |= {k[1:]: v for k, v in zip(keys, after, strict=True)}
        order = ", ".join(f"{key_sql(c)} {direction}" for c in columns)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        sql = f"{ROW_SQL} {where} ORDER BY {order} LIMIT :limit OFFSET :offset"
        params |= {"limit": limit, "offset": offset}
        rows = with_source_warnings(db, [QueueRow.from_row(r) for r in db.query(sql, params)])
        return rows[::-1] if backwards else rows

    def position_of(self, db: Database, row: QueueRow) -> int:
        """How many rows of this queue come before ``row``."""
        columns, direction = SORTS[self.sort]
        clauses, params = self._where(db)
        keys = [f":key{i}" for i in range(len(columns))]
        qualified = ", ".join(key_sql(c) for c in columns)
        op = ">" if direction == "DESC" else "<"
        clauses.append(f"({qualified}) {op} ({', '.join(keys)})")
        params |= {k[1:]: v for k, v in zip(keys, self.key_of(row), strict=True)}
        sql = f"SELECT 1 FROM claims c WHERE {' AND '.join(clauses)}"
        if self.search and self.search.strip() and self.search_alone:
            # past the cap the queue shows no more rows: no need to count further
            sql += f" LIMIT {COUNT_CAP + 1}"
        return int(db.execute(f"SELECT count(*) FROM ({sql})", params).fetchone()[0])

    def count(self, db: Database) -> int:
        """The number of rows; for a search alone, up to ``COUNT_CAP`` + 1 ("more")."""
        clauses, params = self._where(db)
        if self.search and self.search.strip() and len(clauses) == 1:
            # only the search: its hits are the count (claim ids, each once), said up to the cap
            hits = db.execute("SELECT count(*) FROM temp.search_hits").fetchone()[0]
            return min(int(hits), COUNT_CAP + 1)
        where = f"WHERE {' AND '.join(clauses)}" if clauses else ""
        return int(db.execute(f"SELECT count(*) FROM claims c {where}", params).fetchone()[0])


def with_source_warnings(db: Database, rows: list[QueueRow]) -> list[QueueRow]:
    """Fill in single-root and circular-reporting warnings, with one query for the page."""
    ids = [row.id for row in rows if row.has_derivations]
    if not ids:
        return rows
    marks = ",".join("?" * len(ids))
    items: dict[int, list[Derivation]] = {i: [] for i in ids}
    for r in db.execute(
        "SELECT claim_id, id, derived_from_evidence_id, derived_from_hop_id FROM evidence"
        f" WHERE claim_id IN ({marks}) ORDER BY id",
        ids,
    ).fetchall():
        items[r[0]].append(Derivation(r[1], "", r[2], r[3]))
    return [
        replace(row, source_warning=_short(source_warnings(items[row.id])))
        if row.id in items
        else row
        for row in rows
    ]


def _short(warnings: tuple[str, ...]) -> str:
    if any(w.startswith("circular") for w in warnings):
        return "circular reporting"
    return "single root" if warnings else ""


def queue_row(db: Database, claim_id: int) -> QueueRow:
    """The queue line of one claim."""
    rows = list(db.query(f"{ROW_SQL} WHERE c.id = :id", {"id": claim_id}))
    if not rows:
        raise UnknownClaim(f"no claim {claim_id} on this desk")
    return with_source_warnings(db, [QueueRow.from_row(rows[0])])[0]


class QueuePager:
    """Rows of one queue by position, read a page at a time.

    A page next to one already read is fetched by keyset from that page's boundary row, so
    scrolling costs the same anywhere in the queue; only a jump far from any page read so
    far falls back to OFFSET. The pager keeps the boundaries, not the rows: whoever shows
    the rows keeps its own small cache.
    """

    def __init__(self, query: QueueQuery, page_size: int = 100) -> None:
        self.query = query
        self.page_size = page_size
        self._bounds: dict[int, tuple[tuple[Any, ...], tuple[Any, ...]]] = {}
        self._lock = threading.Lock()

    def page(self, db: Database, index: int, total: int) -> list[QueueRow]:
        size = self.page_size
        with self._lock:
            before = self._bounds.get(index - 1)
            after = self._bounds.get(index + 1)
        last_index = max(0, (total - 1) // size)
        if index == 0:
            rows = self.query.page(db, limit=size)
        elif before is not None:
            rows = self.query.page(db, after=before[1], limit=size)
        elif after is not None:
            rows = self.query.page(db, after=after[0], limit=size, backwards=True)
        elif index == last_index and total <= COUNT_CAP:  # a capped count has no known end
            rows = self.query.page(db, limit=total - index * size, backwards=True)
        else:
            rows = self.query.page(db, limit=size, offset=index * size)
        if rows:
            with self._lock:
                self._bounds[index] = (self.query.key_of(rows[0]), self.query.key_of(rows[-1]))
        return rows
