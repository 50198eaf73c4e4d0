"""`deskcheck verify`: is the desk file sound, and is every table what its event log says?

It checks, reading only: SQLite's integrity and foreign keys; the event hash chain; the
schema (tables, indexes, triggers) against the one the desk's version expects; and every
row of every table of desk work against a replay of the events (``projection``).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from deskcheck.data.connection import APPLICATION_ID, connect, desk_identity
from deskcheck.data.events import GENESIS_HASH, ChainReport, chain_contains
from deskcheck.data.projection import Projection, replay_verified, seed
from deskcheck.data.schema_check import SchemaDifference, schema_differences
from deskcheck.data.table_check import (
    RowDifference,
    RuleDifference,
    compare_with_tables,
    rule_differences,
)
from deskcheck.domain.errors import NotADesk


@dataclass
class VerifyReport:
    integrity: list[str] = field(default_factory=list)  # ['ok'] when sound
    foreign_key_problems: list[tuple[object, ...]] = field(default_factory=list)
    chain: ChainReport | None = None
    expected_head_found: bool | None = None
    schema: list[SchemaDifference] = field(default_factory=list)
    rows: list[RowDifference | RuleDifference] = field(default_factory=list)
    baseline_rows: int = 0  # rows vouched for by an upgrade's baseline, not their own event
    replay_seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return (
            self.integrity == ["ok"]
            and not self.foreign_key_problems
            and self.chain is not None
            and self.chain.ok
            and self.expected_head_found is not False
            and not self.schema
            and not self.rows
        )


def all_rows(conn: sqlite3.Connection) -> Iterator[tuple[Any, ...]]:
    """Every event's row in order, on one cursor (inside verify's read transaction)."""
    yield from conn.execute(
        "SELECT seq, at, actor, kind, subject, body, prev_hash, hash FROM events ORDER BY seq"
    )


def verify_desk(path: Path, *, expect_head: str | None = None) -> VerifyReport:
    """Check a desk without changing it."""
    conn = connect(path)
    try:
        application_id, version, _objects = desk_identity(conn, path)
        if application_id != APPLICATION_ID:
            raise NotADesk(f"{path} is not a deskcheck desk")
        report = VerifyReport()
        # SQLite checks the file on a second connection while Python replays the log: the
        # check runs in C without the GIL, so on two cores it costs no time of its own
        with ThreadPoolExecutor(max_workers=1) as pool:
            file_check = pool.submit(_file_check, path)
            report.schema = schema_differences(conn, version)
            projection = _replay_and_compare(conn, report, expect_head)
            report.integrity, report.foreign_key_problems = file_check.result()
        report.baseline_rows = projection.baseline_rows
        return report
    finally:
        conn.close()


def _file_check(path: Path) -> tuple[list[str], list[tuple[object, ...]]]:
    """SQLite's own checks of the file: page structure, indexes, foreign keys."""
    conn = connect(path)
    try:
        integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        foreign_keys = [tuple(r) for r in conn.execute("PRAGMA foreign_key_check")]
        return integrity, foreign_keys
    finally:
        conn.close()


def _replay_and_compare(
    conn: sqlite3.Connection, report: VerifyReport, expect_head: str | None
) -> Projection:
    started = time.perf_counter()
    conn.execute("BEGIN")  # one state of the desk for the chain, replay and comparison
    try:
        projection = seed(conn)
        # one pass over the log: each event is replayed once its hash has verified
        report.chain = replay_verified(all_rows(conn), projection)
        if report.chain.ok:  # a broken chain cannot say what the tables should be
            report.rows = [*compare_with_tables(conn, projection), *rule_differences(conn)]
    finally:
        conn.execute("COMMIT")
    if expect_head is not None:
        report.expected_head_found = chain_contains(conn, expect_head)
    report.replay_seconds = time.perf_counter() - started
    return projection


def head_event(path: Path) -> tuple[int, str, str]:
    """(seq, hash, time) of the desk's newest event: what a restore brought back up to."""
    conn = connect(path)
    try:
        row = conn.execute("SELECT seq, hash, at FROM events ORDER BY seq DESC LIMIT 1").fetchone()
    finally:
        conn.close()
    return (int(row[0]), str(row[1]), str(row[2])) if row else (0, GENESIS_HASH, "")
