"""Ingest: every new claim of a batch matched at once against the matching index."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field

from deskcheck.data.events import chain_head
from deskcheck.data.matching.index import (
    COMMON,
    COMMON_SHARE,
    COMMON_TERMS,
    INSERT,
    RUN_INDEX,
    documents_about,
    from_stored,
    quoted,
    stored,
)
from deskcheck.domain.claim_terms import ClaimTerms
from deskcheck.domain.likeness import likeness

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
                    (quoted(term), self.boundary, COMMON + 1),
                )
            )
            self.before[term] = rows
        return rows


_NONE: set[int] = set()


def _run_index(
    conn: sqlite3.Connection, run_id: int, first: int, head: tuple[int, str]
) -> RunIndex:
    known: RunIndex | None = RUN_INDEX[0] if RUN_INDEX else None
    if (
        known is None
        or known.run_id != run_id
        or known.conn is not conn
        or known.head is None
        or head != known.head  # another write came between two batches
    ):
        nothing = conn.execute("SELECT 1 FROM match_fts WHERE rowid < ? LIMIT 1", (first,))
        index = RunIndex(run_id, conn, first, nothing_before=nothing.fetchone() is None)
        RUN_INDEX[:] = [index]
        return index
    return known


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
                    (quoted(term), self.index.boundary, COMMON + 1),
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
            (quoted(term), self.index.boundary, self.first),
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
    view = _BatchView(conn, index, first, in_batch, COMMON_TERMS.setdefault(id(conn), set()))
    total = documents_about(conn)
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
