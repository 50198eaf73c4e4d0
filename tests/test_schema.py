"""The desk file: its tables, its pragmas, its constraints and its indexes."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import replace

import pytest

from deskcheck.data import Desk, QueueQuery
from deskcheck.data.connection import APPLICATION_ID
from deskcheck.data.migrations import SCHEMA_VERSION
from deskcheck.data.migrations.v02_search import SEARCHABLE
from deskcheck.domain.errors import InvalidValue

DOMAIN_TABLES = {
    "claims",
    "claim_tags",
    "custody_hops",
    "interpretations",
    "evidence",
    "snapshots",
    "assessments",
    "evidence_wanted",
    "decisions",
    "revision_notes",
    "revision_triggers",
    "reviewers",
    "review_sessions",
    "verdicts",
    "events",
    "desk_settings",
}


def test_a_new_desk_has_every_domain_table_and_search(empty_desk: Desk) -> None:
    names = set(empty_desk.db.table_names())
    assert names >= DOMAIN_TABLES
    assert {f"{t}_fts" for t in SEARCHABLE} <= names


def test_a_new_desk_is_marked_as_ours_and_versioned(empty_desk: Desk) -> None:
    conn = empty_desk.db.conn
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_every_connection_gets_the_shared_desk_discipline(empty_desk: Desk) -> None:
    conn = empty_desk.db.conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA recursive_triggers").fetchone()[0] == 1
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert conn.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000


def test_the_default_verdict_scale_maps_to_claimreview(empty_desk: Desk) -> None:
    scale = {v.name: v for v in empty_desk.verdict_scale()}
    assert list(scale) == ["lead", "unverified", "verified", "misleading", "false"]
    assert scale["lead"].rating_value is None  # a lead is not a rating
    assert (scale["verified"].rating_value, scale["verified"].rating_name) == (5, "True")
    assert (scale["false"].rating_value, scale["false"].rating_name) == (1, "False")


def test_a_desk_can_add_its_own_verdict(empty_desk: Desk) -> None:
    empty_desk.add_verdict("satire", "Satire", rating_value=3, rating_name="Satire")
    claim = empty_desk.add_claim("A spoof headline")
    empty_desk.decide(claim, "satire", "From a satirical site")
    assert empty_desk.claim(claim).verdict == "satire"


@pytest.mark.parametrize(
    ("sql", "params"),
    [
        ("UPDATE custody_hops SET reliability = 'G' WHERE id = 1", ()),
        ("UPDATE custody_hops SET credibility = 7 WHERE id = 1", ()),
        ("UPDATE custody_hops SET kind = 'rumour' WHERE id = 1", ()),
        ("UPDATE assessments SET mark = 'X' WHERE id = 1", ()),
        ("UPDATE claims SET status = 'closed' WHERE id = 1", ()),
        ("UPDATE revision_triggers SET state = 'paused' WHERE id = 1", ()),
        (
            "INSERT INTO decisions (claim_id, verdict, rationale, reviewer, decided_at)"
            " VALUES (1, 'lead', '  ', 'mara', 'x')",
            (),
        ),
        (
            "INSERT INTO decisions (claim_id, verdict, rationale, reviewer, decided_at)"
            " VALUES (1, 'maybe', 'why', 'mara', 'x')",
            (),
        ),
        (
            "INSERT INTO evidence (claim_id, title, added_by, added_at)"
            " VALUES (999, 't', 'mara', 'x')",
            (),
        ),
    ],
)
def test_the_schema_refuses_values_outside_the_vocabulary(
    sample_desk: Desk, sql: str, params
) -> None:
    with pytest.raises(sqlite3.IntegrityError):
        sample_desk.db.execute(sql, params)


def test_the_api_names_the_bad_value_and_the_allowed_ones(sample_desk: Desk) -> None:
    with pytest.raises(InvalidValue, match="'X' is not one of: CC, C, N, I, II, NA"):
        sample_desk.assess(1, 1, "X")
    with pytest.raises(InvalidValue, match="source reliability 'G'"):
        sample_desk.add_custody_hop(1, "someone", "wire", reliability="G")


def full_scans(desk: Desk, sql: str, params: dict) -> list[str]:
    """Plan lines that read a whole table: a SCAN that uses no index and is not FTS."""
    rows = desk.db.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
    return [
        row[3]
        for row in rows
        if re.match(r"SCAN \w+", row[3])
        and "USING" not in row[3]
        and "VIRTUAL" not in row[3]
        and "search_hits" not in row[3]  # the search's own result set, in a temporary table
    ]


@pytest.mark.parametrize("sort", ["newest", "oldest", "priority"])
@pytest.mark.parametrize(
    "query",
    [
        QueueQuery(),
        QueueQuery(statuses=("lead",)),
        QueueQuery(verdicts=("verified", "none")),
        QueueQuery(assignee="mara"),
        QueueQuery(tag="ai"),
        QueueQuery(search="export controls"),
        QueueQuery(needs_attention=True),
    ],
    ids=["all", "status", "verdict", "assignee", "tag", "search", "attention"],
)
def test_queue_pages_never_scan_whole_tables(
    sample_desk: Desk, query: QueueQuery, sort: str
) -> None:
    """Every page query reads claims through an index and attached rows by claim_id."""
    query = replace(query, sort=sort)
    issued: list[tuple[str, dict]] = []
    sample_desk.db._tracer = lambda sql, params: issued.append((sql, params or {}))
    first = query.page(sample_desk.db, limit=1)
    query.page(sample_desk.db, after=query.key_of(first[0]) if first else None, limit=50)
    sample_desk.db._tracer = None
    assert issued
    for sql, params in issued:
        assert full_scans(sample_desk, sql, params) == [], sql


def test_reading_a_claim_never_scans_whole_tables(sample_desk: Desk) -> None:
    issued: list[tuple[str, dict]] = []
    sample_desk.db._tracer = lambda sql, params: issued.append((sql, params or ()))
    sample_desk.claim(1)
    sample_desk.db._tracer = None
    assert len(issued) >= 8
    for sql, params in issued:
        scans = full_scans(sample_desk, sql, params)
        assert scans == [] or sql.lstrip().startswith("SELECT * FROM verdicts"), (sql, scans)
