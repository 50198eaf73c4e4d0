"""Finding the earlier claims and published fact-checks that say what a claim says.

Two steps. FTS5 gathers candidates: the claim's rarest terms (by how many documents of the
``match_fts`` index hold each, counted up to a cap) are searched together and ranked by
BM25, so a common word never makes the search read half the desk. rapidfuzz then scores
each candidate against the claim (``domain.likeness``), with numbers, dates and names
required to agree. A claim is indexed under its id; a published fact-check under minus its
id. The index keeps each document's terms and names, so ranking re-reads no claim text.

The index is derived data (like the other full-text indexes): written by deskcheck's own
code, since the folding is Python, at every place a claim's text is written (add, edit,
ingest, merge, restore) and rebuilt whole by the migration that created it.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from deskcheck.data.events import chain_head
from deskcheck.domain.claim_terms import ClaimTerms, claim_terms
from deskcheck.domain.likeness import SHOWN, likeness

CANDIDATES = 40  # gathered by BM25 before rapidfuzz ranks them
SEARCHED_TERMS = 5  # the rarest terms of the claim that are searched (BM25 ranks every hit)
COMMON_SHARE = 0.05  # a term in more than this share of documents is not searched for


@dataclass(frozen=True)
class Match:
    kind: str  # "claim" or "published"
    id: int
    score: int
    reason: str
    text: str
    verdict: str | None  # the desk's verdict, or the publisher's rating
    date: str | None  # when it was received (a claim) or reviewed (a published check)
    publisher: str | None = None  # a published check's publisher
    url: str | None = None
    status: str | None = None  # a claim's status

    @property
    def likely(self) -> bool:
        from deskcheck.domain.likeness import LIKELY

        return self.score >= LIKELY


INSERT = "INSERT INTO match_fts (rowid, terms, names) VALUES (?, ?, ?)"


def stored(terms: ClaimTerms) -> tuple[str, str]:
    """What the index keeps of a claim: its terms, and its names (a line each)."""
    return terms.document, "\n".join(sorted(terms.names))


def from_stored(document: str, names: str) -> ClaimTerms:
    """The claim's terms as the index keeps them: numbers are the terms that are values."""
    terms = tuple(document.split())
    numbers = frozenset(t for t in terms if t[0].isdigit() or t.startswith("month:"))
    return ClaimTerms(terms, numbers, frozenset(names.split("\n")) - {""})


def index_claim(conn: sqlite3.Connection, claim_id: int, text: str) -> None:
    conn.execute("DELETE FROM match_fts WHERE rowid = ?", (claim_id,))
    conn.execute(INSERT, (claim_id, *stored(claim_terms(text))))


def index_claims(conn: sqlite3.Connection, rows: Iterable[tuple[int, str]]) -> None:
    """Index new claims (ids not yet indexed) in one statement."""
    conn.executemany(INSERT, ((claim_id, *stored(claim_terms(text))) for claim_id, text in rows))


def index_published(conn: sqlite3.Connection, rows: Iterable[tuple[int, str]]) -> None:
    conn.executemany(INSERT, ((-check_id, *stored(claim_terms(text))) for check_id, text in rows))


def index_all_claims(conn: sqlite3.Connection) -> None:
    """Index every claim on the desk (the upgrade to the matching schema)."""
    conn.execute("DELETE FROM match_fts WHERE rowid > 0")
    index_claims(conn, conn.execute("SELECT id, text FROM claims ORDER BY id").fetchall())


COMMON = 1_000  # a term in more documents than this is common: counted no further


def doc_counts(
    conn: sqlite3.Connection, terms: list[str], memo: dict[str, int] | None = None
) -> dict[str, int]:
    """How many documents hold each term, counted up to ``COMMON + 1``. The vocabulary
    table would read a common term's whole list of documents to count it; a term found
    common once is remembered as common (it cannot become rare again as the desk grows)."""
    common = _COMMON_TERMS.setdefault(id(conn), set())
    counts = {}
    for term in terms:
        if term in common:
            counts[term] = COMMON + 1
            continue
        if memo is not None and term in memo:
            counts[term] = memo[term]
            continue
        found = conn.execute(
            "SELECT count(*) FROM (SELECT 1 FROM match_fts WHERE match_fts MATCH ? LIMIT ?)",
            (_quoted(term), COMMON + 1),
        ).fetchone()[0]
        if found > COMMON:
            common.add(term)
        counts[term] = int(found)
        if memo is not None:
            memo[term] = int(found)
    return counts


_COMMON_TERMS: dict[int, set[str]] = {}


def rare_terms(
    conn: sqlite3.Connection, terms: ClaimTerms, memo: dict[str, int] | None = None
) -> tuple[list[str], frozenset[str]]:
    """(the terms to search for, rarest first; the rare ones, named in reasons). ``memo``:
    counts already made for this batch of claims (close enough for choosing terms)."""
    distinct = sorted(set(terms.terms))
    if not distinct:
        return [], frozenset()
    found = doc_counts(conn, distinct, memo)
    total = _documents(conn)
    limit = min(COMMON, max(total * COMMON_SHARE, 50))
    ranked = sorted(distinct, key=lambda t: (found[t], t))
    searched = [t for t in ranked if 0 < found[t] <= limit][:SEARCHED_TERMS]
    rare = frozenset(t for t in ranked if 0 < found[t] <= max(total * 0.01, 5))
    return searched, rare


def _documents(conn: sqlite3.Connection) -> int:
    """About how many documents the index holds (ids, not a count: a count reads it all)."""
    row = conn.execute(
        "SELECT (SELECT coalesce(max(id), 0) FROM claims)"
        " + (SELECT coalesce(max(id), 0) FROM published_checks)"
    ).fetchone()
    return max(int(row[0]), 1)


def index_all_published(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM match_fts WHERE rowid < 0")
    index_published(conn, conn.execute("SELECT id, claim_text FROM published_checks").fetchall())


# -- is the index what this deskcheck's folding makes of the text? ---------------------------

DRIFT_SAMPLE = 20  # claims and published checks each: the newest, and as many at random


@dataclass(frozen=True)
class IndexDrift:
    """How far the matching index is from what this deskcheck would write today. The index
    is written by Python code (``claim_terms``): after an upgrade that folds claims another
    way, or a write that bypassed deskcheck, lookups quietly miss what they should find."""

    sampled: int  # documents compared with their text, folded again
    differing: tuple[int, ...]  # of those, the ones that differ (rowids: minus for published)
    unindexed: int  # claims and published checks that have no document
    orphaned: int  # documents of no claim or published check

    @property
    def ok(self) -> bool:
        return not (self.differing or self.unindexed or self.orphaned)

    def __str__(self) -> str:
        parts = []
        if self.differing:
            parts.append(
                f"{len(self.differing)} of {self.sampled} documents sampled differ from what"
                " this deskcheck makes of their text"
            )
        if self.unindexed == 1:
            parts.append("1 claim or published fact-check is not indexed")
        elif self.unindexed:
            parts.append(f"{self.unindexed:,} claims or published fact-checks are not indexed")
        if self.orphaned:
            belong = "document belongs" if self.orphaned == 1 else "documents belong"
            parts.append(f"{self.orphaned:,} {belong} to nothing on the desk")
        return "; ".join(parts) or f"ok ({self.sampled} documents sampled)"


def _sampled(conn: sqlite3.Connection, table: str, text: str) -> list[tuple[int, str]]:
    # our own table and column names only
    newest = conn.execute(
        f"SELECT id, {text} FROM {table} ORDER BY id DESC LIMIT ?", (DRIFT_SAMPLE,)
    ).fetchall()
    anywhere = conn.execute(
        f"SELECT id, {text} FROM {table} ORDER BY random() LIMIT ?", (DRIFT_SAMPLE,)
    ).fetchall()
    return sorted(set(newest) | set(anywhere))


def index_drift(conn: sqlite3.Connection) -> IndexDrift:
    """Sample the index against the text it was made from, and count what it lacks."""
    documents = [(claim_id, text) for claim_id, text in _sampled(conn, "claims", "text")] + [
        (-check_id, text) for check_id, text in _sampled(conn, "published_checks", "claim_text")
    ]
    differing = []
    for rowid, text in documents:
        row = conn.execute("SELECT terms, names FROM match_fts WHERE rowid = ?", (rowid,))
        found = row.fetchone()
        if found is None or tuple(found) != stored(claim_terms(text)):
            differing.append(rowid)
    counts = conn.execute(
        "SELECT (SELECT count(*) FROM claims), (SELECT count(*) FROM published_checks),"
        " (SELECT count(*) FROM match_fts WHERE rowid > 0 AND rowid IN (SELECT id FROM claims)),"
        " (SELECT count(*) FROM match_fts WHERE rowid < 0"
        "  AND -rowid IN (SELECT id FROM published_checks)),"
        " (SELECT count(*) FROM match_fts)"
    ).fetchone()
    claims, published, claims_indexed, published_indexed, indexed = counts
    return IndexDrift(
        sampled=len(documents),
        differing=tuple(differing),
        unindexed=claims - claims_indexed + published - published_indexed,
        orphaned=indexed - claims_indexed - published_indexed,
    )


def rebuild_index(conn: sqlite3.Connection) -> tuple[int, int]:
    """Index every claim and published check again; (claims, published checks) indexed.
    Derived data, like the other full-text indexes: no event (the log holds the texts)."""
    conn.execute("DELETE FROM match_fts")
    index_claims(conn, conn.execute("SELECT id, text FROM claims ORDER BY id").fetchall())
    published = conn.execute("SELECT id, claim_text FROM published_checks ORDER BY id")
    index_published(conn, published.fetchall())
    _COMMON_TERMS.pop(id(conn), None)  # counts made before the rebuild are not its counts
    _RUN_INDEX.clear()
    claims = conn.execute("SELECT count(*) FROM match_fts WHERE rowid > 0").fetchone()[0]
    checks = conn.execute("SELECT count(*) FROM match_fts WHERE rowid < 0").fetchone()[0]
    return int(claims), int(checks)


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def candidates(
    conn: sqlite3.Connection,
    searched: list[str],
    limit: int,
    *,
    below: int | None = None,
    pairs: bool = False,
) -> list[tuple[int, ClaimTerms]]:
    """(rowid, the terms the index keeps) of the best BM25 hits for the searched terms;
    ``below``: only rows with a lower rowid (earlier claims, and published checks);
    ``pairs``: only documents holding at least two of the terms, unranked (a narrower,
    cheaper search: FTS5 intersects the terms' lists and BM25 ranks nothing; at 200,000
    documents 0.2 ms instead of 4 ms, and as often finds the claim reworded)."""
    if not searched:
        return []
    quoted = [_quoted(t) for t in searched]
    if pairs and len(quoted) > 1:
        query = " OR ".join(f"({a} AND {b})" for i, a in enumerate(quoted) for b in quoted[i + 1 :])
    else:
        query = " OR ".join(quoted)
    order = "" if pairs else " ORDER BY bm25(match_fts)"
    rows = conn.execute(
        "SELECT rowid, terms, names FROM match_fts WHERE match_fts MATCH ? AND rowid < ?"
        f"{order} LIMIT ?",
        (query, below if below is not None else 2**62, limit),
    ).fetchall()
    return [(int(r[0]), from_stored(r[1], r[2])) for r in rows]


def best_score(
    conn: sqlite3.Connection,
    terms: ClaimTerms,
    exclude: int,
    *,
    before: int | None = None,
    searched_terms: int = 4,
    limit: int = 20,
    memo: dict[str, int] | None = None,
) -> tuple[int, int] | None:
    """(rowid, score) of the best match, by a narrower search than ``similar``: what ingest
    asks of every new claim, to count those probably already checked."""
    searched, rare = rare_terms(conn, terms, memo)
    best: tuple[int, int] | None = None
    found = candidates(conn, searched[:searched_terms], limit, below=before, pairs=True)
    for rowid, other in found:
        if rowid == exclude:
            continue
        score = likeness(terms, other, rare, reasons=False).score
        if best is None or score > best[1]:
            best = (rowid, score)
    return best


CLAIM_ROW = "SELECT id, text, verdict, received_at, origin_url, status FROM claims"
PUBLISHED_ROW = "SELECT id, claim_text, rating, reviewed_at, url, publisher FROM published_checks"


def _rows_by_id(
    conn: sqlite3.Connection, select: str, ids: list[int]
) -> dict[int, tuple[Any, ...]]:
    """The rows ``select`` (one of the two above) reads of the ids given, by id."""
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    rows = conn.execute(f"{select} WHERE id IN ({marks})", ids).fetchall()
    return {int(r[0]): r for r in rows}


def similar(
    conn: sqlite3.Connection,
    text: str,
    *,
    exclude_claim: int | None = None,
    limit: int = 5,
    minimum: int = SHOWN,
) -> list[Match]:
    """The earlier claims and published fact-checks most like ``text``, best first."""
    terms = claim_terms(text)
    searched, rare = rare_terms(conn, terms)
    found = [c for c in candidates(conn, searched, CANDIDATES) if c[0] != exclude_claim]
    scored = [(rowid, likeness(terms, other, rare)) for rowid, other in found]
    scored = [(rowid, how) for rowid, how in scored if how.score >= minimum]
    scored.sort(key=lambda s: (-s[1].score, s[0] < 0, abs(s[0])))
    scored = scored[: limit * 2]
    claims = _rows_by_id(conn, CLAIM_ROW, [r for r, _ in scored if r > 0])
    published = _rows_by_id(conn, PUBLISHED_ROW, [-r for r, _ in scored if r < 0])
    matches: list[Match] = []
    for rowid, how in scored:
        if rowid > 0 and rowid in claims:
            _, other, verdict, received, url, status = claims[rowid]
            matches.append(
                Match(
                    "claim",
                    rowid,
                    how.score,
                    how.reason,
                    other,
                    verdict,
                    received,
                    url=url,
                    status=status,
                )
            )
        elif rowid < 0 and -rowid in published:
            _, other, rating, reviewed, url, publisher = published[-rowid]
            matches.append(
                Match(
                    "published",
                    -rowid,
                    how.score,
                    how.reason,
                    other,
                    rating,
                    reviewed,
                    publisher,
                    url,
                )
            )
    matches = [m for m in matches if m.score >= minimum]
    # the desk's own earlier work first among equals: its verdict is the desk's
    matches.sort(key=lambda m: (-m.score, m.kind != "claim", m.id))
    return matches[:limit]


# -- ingest: every new claim of a batch matched at once -------------------------------------------

# what the index's tokenizer (unicode61) takes as one token: a run of letters and digits.
# A term that is one such run is found in memory; another ("month:3", "3.5%", a word with an
# apostrophe) is a phrase of several tokens to FTS5 and is still asked of the index itself.
_TOKEN = re.compile(r"[^\W_]+")


def _one_token(term: str) -> bool:
    return _TOKEN.fullmatch(term) is not None and term == term.lower()


@dataclass
class RunIndex:
    """What one ingest run knows of the matching index, so that its batches' new claims are
    matched without a query per claim. The documents on the desk before the run (rowid below
    ``boundary``, and every published check) are read once per term: which of them hold it,
    up to ``COMMON + 1``. The run's own claims are kept here as they are indexed (by the
    tokens the index gives their terms), so a term's count is what a count of the index
    would say and a claim's candidates are what ``candidates(..., pairs=True)`` would find.
    Anything else written to the desk between two batches (the chain's head is not the
    run's last event) starts the index again."""

    run_id: int
    conn: sqlite3.Connection  # itself, not its id: a closed one's id is soon another's
    boundary: int
    head: tuple[int, str] | None = None
    before: dict[str, tuple[int, ...]] = field(default_factory=dict)  # up to COMMON + 1
    during: dict[str, set[int]] = field(default_factory=dict)  # the run's earlier batches
    documents: dict[int, tuple[str, str]] = field(default_factory=dict)  # stored, by rowid

    nothing_before: bool = False  # the run began on a desk with nothing indexed

    def held_before(self, conn: sqlite3.Connection, term: str) -> tuple[int, ...]:
        if self.nothing_before:
            return ()
        rows = self.before.get(term)
        if rows is None:
            rows = tuple(
                r[0]
                for r in conn.execute(
                    "SELECT rowid FROM match_fts WHERE match_fts MATCH ? AND rowid < ? LIMIT ?",
                    (_quoted(term), self.boundary, COMMON + 1),
                )
            )
            self.before[term] = rows
        return rows


_NONE: set[int] = set()
_RUN_INDEX: list[RunIndex] = []  # one run at a time is remembered


def _run_index(
    conn: sqlite3.Connection, run_id: int, first: int, head: tuple[int, str]
) -> RunIndex:
    known = _RUN_INDEX[0] if _RUN_INDEX else None
    if (
        known is None
        or known.run_id != run_id
        or known.conn is not conn
        or known.head is None
        or head != known.head  # another write came between two batches
    ):
        nothing = conn.execute("SELECT 1 FROM match_fts WHERE rowid < ? LIMIT 1", (first,))
        index = RunIndex(run_id, conn, first, nothing_before=nothing.fetchone() is None)
        _RUN_INDEX[:] = [index]
    return _RUN_INDEX[0]


@dataclass
class _BatchView:
    """One batch's view of the index: counts and holders of its terms, each made once."""

    conn: sqlite3.Connection
    index: RunIndex
    first: int  # the batch's first claim: candidates are below it
    in_batch: dict[str, int]  # how many of the batch's documents hold each token
    common: set[str]
    counts: dict[str, int] = field(default_factory=dict)
    held: dict[str, set[int]] = field(default_factory=dict)

    def count(self, term: str) -> int:
        found = self.counts.get(term)
        if found is not None:
            return found
        if term in self.common:
            found = COMMON + 1
        else:
            before = len(self.index.held_before(self.conn, term))
            if _one_token(term):
                during = len(self.index.during.get(term, ())) + self.in_batch.get(term, 0)
            else:
                during = self.conn.execute(
                    "SELECT count(*) FROM (SELECT 1 FROM match_fts WHERE match_fts MATCH ?"
                    " AND rowid >= ? LIMIT ?)",
                    (_quoted(term), self.index.boundary, COMMON + 1),
                ).fetchone()[0]
            found = min(COMMON + 1, before + during)
            if found > COMMON:
                self.common.add(term)
        self.counts[term] = found
        return found

    def holders(self, term: str) -> set[int]:
        """The documents below the batch's first claim that hold the term."""
        held = self.held.get(term)
        if held is None:
            held = self.held[term] = self._holders(term)
        return held

    def _holders(self, term: str) -> set[int]:
        before = self.index.held_before(self.conn, term)
        if _one_token(term):
            during = self.index.during.get(term, _NONE)
            return during.union(before) if before else during  # read, never changed
        rows = self.conn.execute(
            "SELECT rowid FROM match_fts WHERE match_fts MATCH ? AND rowid >= ? AND rowid < ?",
            (_quoted(term), self.index.boundary, self.first),
        )
        return set(before).union(r[0] for r in rows)

    def candidate_ids(self, searched: list[str]) -> list[int]:
        """What ``candidates(conn, searched, 20, below=first, pairs=True)`` finds: the
        earliest 20 documents holding two of the searched terms (the one, when one)."""
        if not searched:
            return []
        held = [self.holders(t) for t in searched]
        if len(held) == 1:
            return sorted(held[0])[:20]
        found: set[int] = set()
        for i, a in enumerate(held):
            if a:
                for b in held[i + 1 :]:
                    found.update(a & b)
        return sorted(found)[:20]


def match_new(
    conn: sqlite3.Connection,
    run_id: int,
    new: list[tuple[int, ClaimTerms]],
    head: tuple[int, str],
) -> int:
    """Index a batch's new claims and count those that probably repeat an earlier claim or a
    published fact-check (a claim of the same batch is not earlier): for each, the best
    score ``best_score`` would give, its counts and candidates made in memory. ``head``: the
    chain's head before the batch wrote anything."""
    from deskcheck.domain.likeness import LIKELY

    if not new:
        return 0
    stored_new = [(claim_id, *stored(terms)) for claim_id, terms in new]
    conn.executemany(INSERT, stored_new)
    first = new[0][0]
    index = _run_index(conn, run_id, first, head)
    tokens = [set(_TOKEN.findall(document)) for _, document, _ in stored_new]
    in_batch: dict[str, int] = {}
    for held in tokens:
        for token in held:
            in_batch[token] = in_batch.get(token, 0) + 1
    view = _BatchView(conn, index, first, in_batch, _COMMON_TERMS.setdefault(id(conn), set()))
    total = _documents(conn)
    limit = min(COMMON, max(total * COMMON_SHARE, 50))
    wanted: list[list[int]] = []
    made, count = view.counts, view.count
    for _, terms in new:
        # (count, term) sorted: the rarest first, as ``rare_terms`` ranks them
        ranked = sorted((made[t] if t in made else count(t), t) for t in set(terms.terms))
        searched = [t for found, t in ranked if 0 < found <= limit][:4]
        wanted.append(view.candidate_ids(searched))
    _read_documents(conn, index, {r for ids in wanted for r in ids} - index.documents.keys())
    probably = 0
    for (_, terms), ids in zip(new, wanted, strict=True):
        best: int | None = None
        for rowid in ids:
            score = likeness(terms, from_stored(*index.documents[rowid]), reasons=False).score
            best = score if best is None or score > best else best
        probably += best is not None and best >= LIKELY
    for (claim_id, document, names), held in zip(stored_new, tokens, strict=True):
        index.documents[claim_id] = (document, names)
        for token in held - view.common:
            index.during.setdefault(token, set()).add(claim_id)
    for term in view.common & index.during.keys():
        del index.during[term]  # common: never searched again
    index.head = chain_head(conn)
    return probably


def _read_documents(conn: sqlite3.Connection, index: RunIndex, rowids: set[int]) -> None:
    ordered = sorted(rowids)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        rows = conn.execute(
            f"SELECT rowid, terms, names FROM match_fts WHERE rowid IN"
            f" ({', '.join('?' for _ in chunk)})",
            chunk,
        ).fetchall()
        for rowid, document, names in rows:
            index.documents[int(rowid)] = (document, names)
