"""The matching index: each claim's and published fact-check's terms and names, in FTS5.

A claim is indexed under its id; a published fact-check under minus its id. The index keeps
each document's terms and names, so ranking re-reads no claim text. It is derived data
(like the other full-text indexes): written by deskcheck's own code, since the folding is
Python, at every place a claim's text is written (add, edit, ingest, merge, restore) and
rebuilt whole by the migration that created it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from deskcheck.domain.claim_terms import ClaimTerms, claim_terms

COMMON_SHARE = 0.05  # a term in more than this share of documents is not searched for
SEARCHED_TERMS = 5  # the rarest terms of the claim that are searched (BM25 ranks every hit)

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
    common = COMMON_TERMS.setdefault(id(conn), set())
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
            (quoted(term), COMMON + 1),
        ).fetchone()[0]
        if found > COMMON:
            common.add(term)
        counts[term] = int(found)
        if memo is not None:
            memo[term] = int(found)
    return counts


COMMON_TERMS: dict[int, set[str]] = {}
# what the ingest run knows of the index (``ingest_run``), forgotten when it is rebuilt
RUN_INDEX: list[Any] = []


def rare_terms(
    conn: sqlite3.Connection, terms: ClaimTerms, memo: dict[str, int] | None = None
) -> tuple[list[str], frozenset[str]]:
    """(the terms to search for, rarest first; the rare ones, named in reasons). ``memo``:
    counts already made for this batch of claims (close enough for choosing terms)."""
    distinct = sorted(set(terms.terms))
    if not distinct:
        return [], frozenset()
    found = doc_counts(conn, distinct, memo)
    total = documents_about(conn)
    limit = min(COMMON, max(total * COMMON_SHARE, 50))
    ranked = sorted(distinct, key=lambda t: (found[t], t))
    searched = [t for t in ranked if 0 < found[t] <= limit][:SEARCHED_TERMS]
    rare = frozenset(t for t in ranked if 0 < found[t] <= max(total * 0.01, 5))
    return searched, rare


def documents_about(conn: sqlite3.Connection) -> int:
    """About how many documents the index holds (ids, not a count: a count reads it all)."""
    row = conn.execute(
        "SELECT (SELECT coalesce(max(id), 0) FROM claims)"
        " + (SELECT coalesce(max(id), 0) FROM published_checks)"
    ).fetchone()
    return max(int(row[0]), 1)


def index_all_published(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM match_fts WHERE rowid < 0")
    index_published(conn, conn.execute("SELECT id, claim_text FROM published_checks").fetchall())


def rebuild_index(conn: sqlite3.Connection) -> tuple[int, int]:
    """Index every claim and published check again; (claims, published checks) indexed.
    Derived data, like the other full-text indexes: no event (the log holds the texts)."""
    conn.execute("DELETE FROM match_fts")
    index_claims(conn, conn.execute("SELECT id, text FROM claims ORDER BY id").fetchall())
    published = conn.execute("SELECT id, claim_text FROM published_checks ORDER BY id")
    index_published(conn, published.fetchall())
    COMMON_TERMS.pop(id(conn), None)  # counts made before the rebuild are not its counts
    RUN_INDEX.clear()
    claims = conn.execute("SELECT count(*) FROM match_fts WHERE rowid > 0").fetchone()[0]
    checks = conn.execute("SELECT count(*) FROM match_fts WHERE rowid < 0").fetchone()[0]
    return int(claims), int(checks)


def quoted(term: str) -> str:
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
    terms = [quoted(t) for t in searched]
    if pairs and len(terms) > 1:
        query = " OR ".join(f"({a} AND {b})" for i, a in enumerate(terms) for b in terms[i + 1 :])
    else:
        query = " OR ".join(terms)
    order = "" if pairs else " ORDER BY bm25(match_fts)"
    rows = conn.execute(
        "SELECT rowid, terms, names FROM match_fts WHERE match_fts MATCH ? AND rowid < ?"
        f"{order} LIMIT ?",
        (query, below if below is not None else 2**62, limit),
    ).fetchall()
    return [(int(r[0]), from_stored(r[1], r[2])) for r in rows]
