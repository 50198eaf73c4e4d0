"""Finding the earlier claims and published fact-checks that say what a claim says.

Two steps. FTS5 gathers candidates: the claim's rarest terms (by how many documents of the
``match_fts`` index hold each, read from its vocabulary table) are searched together and
ranked by BM25, so a common word never makes the search read half the desk. rapidfuzz then
scores each candidate against the claim (``domain.likeness``), with numbers, dates and names
required to agree. A claim is indexed under its id; a published fact-check under minus its id.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass

from deskcheck.domain.claim_terms import ClaimTerms, claim_terms
from deskcheck.domain.likeness import SHOWN, likeness

CANDIDATES = 60  # gathered by BM25 before rapidfuzz ranks them
SEARCHED_TERMS = 10  # the rarest terms of the claim that are searched
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


def index_claim(conn: sqlite3.Connection, claim_id: int, text: str) -> None:
    conn.execute("DELETE FROM match_fts WHERE rowid = ?", (claim_id,))
    conn.execute(
        "INSERT INTO match_fts (rowid, terms) VALUES (?, ?)",
        (claim_id, claim_terms(text).document),
    )


def index_claims(conn: sqlite3.Connection, rows: Iterable[tuple[int, str]]) -> None:
    """Index new claims (ids not yet indexed) in one statement."""
    conn.executemany(
        "INSERT INTO match_fts (rowid, terms) VALUES (?, ?)",
        ((claim_id, claim_terms(text).document) for claim_id, text in rows),
    )


def index_published(conn: sqlite3.Connection, rows: Iterable[tuple[int, str]]) -> None:
    conn.executemany(
        "INSERT INTO match_fts (rowid, terms) VALUES (?, ?)",
        ((-check_id, claim_terms(text).document) for check_id, text in rows),
    )


def index_all_claims(conn: sqlite3.Connection) -> None:
    """Index every claim on the desk (the upgrade to the matching schema)."""
    conn.execute("DELETE FROM match_fts WHERE rowid > 0")
    index_claims(conn, conn.execute("SELECT id, text FROM claims ORDER BY id").fetchall())


def rare_terms(conn: sqlite3.Connection, terms: ClaimTerms) -> tuple[list[str], frozenset[str]]:
    """(the terms to search for, rarest first; the rare ones, named in reasons)."""
    distinct = sorted(set(terms.terms))
    if not distinct:
        return [], frozenset()
    marks = ", ".join("?" for _ in distinct)
    found = dict(
        conn.execute(
            f"SELECT term, doc FROM match_fts_vocab WHERE term IN ({marks})", distinct
        ).fetchall()
    )
    total = _documents_cached(conn)
    ranked = sorted(distinct, key=lambda t: (found.get(t, 0), t))
    searched = [t for t in ranked if found.get(t, 0) <= max(total * COMMON_SHARE, 50)]
    searched = [t for t in searched if found.get(t, 0) > 0][:SEARCHED_TERMS]
    rare = frozenset(t for t in ranked if 0 < found.get(t, 0) <= max(total * 0.01, 5))
    return searched, rare


_TOTALS: dict[int, tuple[int, int]] = {}


def _documents_cached(conn: sqlite3.Connection) -> int:
    """The index's document count, read again once the desk has changed."""
    changes = conn.execute("PRAGMA data_version").fetchone()[0] + conn.total_changes
    cached = _TOTALS.get(id(conn))
    if cached and cached[0] == changes:
        return cached[1]
    total = _count_documents(conn)
    _TOTALS[id(conn)] = (changes, total)
    return total


def index_all_published(conn: sqlite3.Connection) -> None:
    conn.execute("DELETE FROM match_fts WHERE rowid < 0")
    index_published(conn, conn.execute("SELECT id, claim_text FROM published_checks").fetchall())


def _count_documents(conn: sqlite3.Connection) -> int:
    row = conn.execute("SELECT count(*) FROM match_fts").fetchone()
    return max(int(row[0] or 0), 1)


def _quoted(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def candidates(conn: sqlite3.Connection, searched: list[str], limit: int) -> list[int]:
    if not searched:
        return []
    query = " OR ".join(_quoted(t) for t in searched)
    rows = conn.execute(
        "SELECT rowid FROM match_fts WHERE match_fts MATCH ? ORDER BY bm25(match_fts)"
        " LIMIT ?",
        (query, limit),
    ).fetchall()
    return [int(r[0]) for r in rows]


def _claim_rows(conn: sqlite3.Connection, ids: list[int]) -> dict[int, tuple]:
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    rows = conn.execute(
        f"SELECT id, text, verdict, received_at, origin_url, status FROM claims"
        f" WHERE id IN ({marks})",
        ids,
    ).fetchall()
    return {int(r[0]): r for r in rows}


def _published_rows(conn: sqlite3.Connection, ids: list[int]) -> dict[int, tuple]:
    if not ids:
        return {}
    marks = ", ".join("?" for _ in ids)
    rows = conn.execute(
        f"SELECT id, claim_text, rating, reviewed_at, url, publisher FROM published_checks"
        f" WHERE id IN ({marks})",
        ids,
    ).fetchall()
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
    found = [r for r in candidates(conn, searched, CANDIDATES) if r != exclude_claim]
    claims = _claim_rows(conn, [r for r in found if r > 0])
    published = _published_rows(conn, [-r for r in found if r < 0])
    matches: list[Match] = []
    for rowid in found:
        if rowid > 0 and rowid in claims:
            _, other, verdict, received, url, status = claims[rowid]
            how = likeness(terms, claim_terms(other), rare)
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
            how = likeness(terms, claim_terms(other), rare)
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
