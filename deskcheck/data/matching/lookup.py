"""Finding the earlier claims and published fact-checks that say what a claim says.

Two steps. FTS5 gathers candidates: the claim's rarest terms (by how many documents of the
``match_fts`` index hold each, counted up to a cap) are searched together and ranked by
BM25, so a common word never makes the search read half the desk (``index``). rapidfuzz
then scores each candidate against the claim (``domain.likeness``), with numbers, dates,
names, directions and negations required to agree. The matches shown are scored again from
their text, so that what they share and what differs is said in the claims' own words.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from typing import Any

from deskcheck.data.matching.index import candidates, rare_terms
from deskcheck.domain.claim_terms import ClaimTerms, claim_terms, claim_words
from deskcheck.domain.likeness import LIKELY, SHOWN, likeness

CANDIDATES = 40  # gathered by BM25 before rapidfuzz ranks them


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
    # what the claim says differently, (its words, the match's words): "raised", "cut"
    differs: tuple[tuple[str, str], ...] = ()

    @property
    def likely(self) -> bool:
        """Probably already checked: alike, and says nothing differently."""
        return self.score >= LIKELY and not self.differs

    @property
    def says_otherwise(self) -> bool:
        """Similar, but says something else: its verdict is not this claim's."""
        return bool(self.differs)


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
    scored = [(rowid, likeness(terms, other, reasons=False).score) for rowid, other in found]
    scored = [(rowid, score) for rowid, score in scored if score >= minimum]
    scored.sort(key=lambda s: (-s[1], s[0] < 0, abs(s[0])))
    scored = scored[: limit + 2]  # said again in words: a few more than shown, as a reserve
    claims = _rows_by_id(conn, CLAIM_ROW, [r for r, _ in scored if r > 0])
    published = _rows_by_id(conn, PUBLISHED_ROW, [-r for r, _ in scored if r < 0])
    words = claim_words(text)
    matches: list[Match] = []
    for rowid, _ in scored:
        if rowid > 0 and rowid in claims:
            _, other, verdict, received, url, status = claims[rowid]
            how = likeness(words, claim_words(other), rare)
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
                    differs=how.differs,
                )
            )
        elif rowid < 0 and -rowid in published:
            _, other, rating, reviewed, url, publisher = published[-rowid]
            how = likeness(words, claim_words(other), rare)
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
                    differs=how.differs,
                )
            )
    matches = [m for m in matches if m.score >= minimum]
    # the desk's own earlier work first among equals: its verdict is the desk's
    matches.sort(key=lambda m: (-m.score, m.says_otherwise, m.kind != "claim", m.id))
    return matches[:limit]
