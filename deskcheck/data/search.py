"""Full-text search over every text recorded about a claim: what a search string means to
FTS5 (``fts_query``), the SQL that finds the claims it matches, and where it matched one.

A claim is found by its own text, its interpretations, its evidence and the pages fetched
for it (schema version 2), and by what reviewers recorded about it: evidence wanted,
revision triggers, decisions (rationale and summary), revision notes and comments (version
17). The user's words never become SQL text: ``fts_query`` turns them into FTS5 phrases,
which travel as a bound parameter.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class Source:
    """One searched table: its FTS5 index, how a hit reaches its claim, its name on screen."""

    label: str  # "a trigger": read after "matched in"
    fts: str  # the FTS5 table
    table: str  # the table it indexes
    via: str | None = None  # for snapshots: the evidence table between the row and its claim


SOURCES: tuple[Source, ...] = (
    # in the order a reviewer would look: the claim, then the desk's reading of it, then the
    # pages fetched for its evidence (long, and written by others) last
    Source("the claim text", "claims_fts", "claims"),
    Source("an interpretation", "interpretations_fts", "interpretations"),
    Source("evidence", "evidence_fts", "evidence"),
    Source("evidence wanted", "evidence_wanted_fts", "evidence_wanted"),
    Source("a decision", "decisions_fts", "decisions"),
    Source("a revision note", "revision_notes_fts", "revision_notes"),
    Source("a trigger", "revision_triggers_fts", "revision_triggers"),
    Source("a comment", "comments_fts", "comments"),
    Source("a snapshot", "snapshots_fts", "snapshots", via="evidence"),
)


def _claim_of_hits(source: Source) -> str:
    """The claims with a hit in ``source`` (one row per hit). INDEXED BY the covering
    ``(id, claim_id)`` indexes: the planner prefers the primary key, which reads the row."""
    if source.table == "claims":
        return "SELECT rowid FROM claims_fts WHERE claims_fts MATCH :q"
    if source.via:
        return (
            f"SELECT e.claim_id FROM {source.fts} f"
            f" JOIN {source.table} s INDEXED BY idx_snapshots_evidence_of ON s.id = f.rowid"
            " JOIN evidence e INDEXED BY idx_evidence_claim_of ON e.id = s.evidence_id"
            f" WHERE {source.fts} MATCH :q"
        )
    return (
        f"SELECT t.claim_id FROM {source.fts} f"
        f" JOIN {source.table} t INDEXED BY idx_{source.table}_claim_of ON t.id = f.rowid"
        f" WHERE {source.fts} MATCH :q"
    )


def _matches_claim(source: Source) -> str:
    """Whether claim ``c`` has a hit in ``source``, asked per row as a capped search walks the
    queue's index. CROSS JOIN keeps SQLite's order: the claim's own few rows first, then FTS5
    asked about each rowid (a seek), never a scan of every match for each row."""
    if source.table == "claims":
        return "EXISTS (SELECT 1 FROM claims_fts WHERE claims_fts MATCH :q AND rowid = c.id)"
    if source.via:
        return (
            "EXISTS (SELECT 1 FROM evidence e CROSS JOIN snapshots s ON s.evidence_id = e.id"
            f" CROSS JOIN {source.fts} f ON f.rowid = s.id"
            f" WHERE e.claim_id = c.id AND {source.fts} MATCH :q)"
        )
    return (
        f"EXISTS (SELECT 1 FROM {source.table} t CROSS JOIN {source.fts} f ON f.rowid = t.id"
        f" WHERE t.claim_id = c.id AND {source.fts} MATCH :q)"
    )


def _snippet_of(source: Source) -> str:
    """FTS5's snippet of the first hit in ``source`` for claim ``:claim``."""
    snippet = f"snippet({source.fts}, -1, :a, :b, '…', 12)"
    if source.table == "claims":
        return f"SELECT {snippet} FROM claims_fts WHERE claims_fts MATCH :q AND rowid = :claim"
    if source.via:
        return (
            f"SELECT {snippet} FROM {source.fts} f JOIN snapshots s ON s.id = f.rowid"
            " JOIN evidence e ON e.id = s.evidence_id"
            f" WHERE {source.fts} MATCH :q AND e.claim_id = :claim LIMIT 1"
        )
    return (
        f"SELECT {snippet} FROM {source.fts} f JOIN {source.table} t ON t.id = f.rowid"
        f" WHERE {source.fts} MATCH :q AND t.claim_id = :claim LIMIT 1"
    )


GATHERED: tuple[Source, ...] = tuple(
    # the order a search gathers its hits in: the reviewers' own texts first (few rows per
    # claim, so they are gathered whole), then the big ones; when a broad search stops
    # gathering (see queue.PARTIAL_AFTER), only the texts from where it stopped on are asked
    # row by row, as before schema 17 (four probes a row, not nine)
    sorted(SOURCES, key=lambda s: s.table in {"claims", "interpretations", "evidence", "snapshots"})
)

# SQL made from our own table names only; the search itself is the bound parameter :q
SEARCH_PARTS: tuple[str, ...] = tuple(_claim_of_hits(s) for s in GATHERED)
MATCHES_FROM: tuple[str, ...] = tuple(
    # MATCHES_FROM[k]: whether claim c matches in any text the gathering did not finish (from
    # part k on); MATCHES_FROM[0] asks them all
    " OR ".join(_matches_claim(s) for s in GATHERED[k:]) or "0"
    for k in range(len(GATHERED) + 1)
)
MATCHES_CLAIM = MATCHES_FROM[0]
SNIPPET_PARTS: tuple[tuple[str, str], ...] = tuple((s.label, _snippet_of(s)) for s in SOURCES)

HIT_START, HIT_END = "\ue000", "\ue001"  # around a match in a snippet (private-use marks)

_PHRASE_OR_WORD = re.compile(r'"([^"]*)"|([^\s"]+)')


def fts_query(search: str) -> str:
    """The FTS5 query for what a reviewer typed: every word must appear, in any order, in
    one text of the claim (its text, one decision, one comment…); "quoted words" must appear
    together; a word ending in ``*`` also matches longer words (``memo*``: memos). The rest
    is literal: each word is one FTS5 string (a quote only starts or ends a phrase, so none
    is ever inside one), so ``NEAR(``, ``OR``, ``-``, ``:`` or ``^`` mean nothing. "" when
    nothing in ``search`` can be searched for (only quotes, control characters or spaces):
    the caller then matches nothing."""
    text = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in search)
    if text.count('"') % 2:  # an unclosed quote: the rest is one phrase
        text += '"'
    terms = []
    for phrase, word in _PHRASE_OR_WORD.findall(text):
        if phrase.strip():
            terms.append(f'"{phrase.strip()}"')
        elif word:
            prefix = word.endswith("*") and word.rstrip("*") != ""
            body = word.rstrip("*") if prefix else word
            terms.append(f'"{body}"' + ("*" if prefix else ""))
    return " ".join(terms)


@dataclass(frozen=True)
class SearchHit:
    """Where a search matched one claim: the first place, its snippet (the match between
    ``HIT_START`` and ``HIT_END``, the text as stored), and the other places it matched."""

    where: str
    snippet: str
    also: tuple[str, ...] = ()


def search_snippet(db: Database, claim_id: int, search: str) -> SearchHit | None:
    """Where ``search`` matched the claim, asked of every searched text in ``SOURCES``'
    order; None when it matches nowhere (or ``search`` has nothing to search for)."""
    query = fts_query(search)
    if not query:
        return None
    params = {"q": query, "claim": claim_id, "a": HIT_START, "b": HIT_END}
    first: tuple[str, str] | None = None
    also = []
    for where, sql in SNIPPET_PARTS:
        row = db.execute(sql, params).fetchone()
        if row and row[0]:
            if first is None:
                first = (where, row[0])
            else:
                also.append(where)
    return SearchHit(first[0], first[1], tuple(also)) if first else None
