"""`deskcheck doctor`: what SQLite this desk runs on, and whether that is safe for sharing.

SQLite 3.7.0 – 3.51.2 has a WAL bug that can corrupt a database when two connections write
or checkpoint at the same moment (https://www.sqlite.org/wal.html#walresetbug; fixed in
3.51.3). That is exactly a shared desk's situation, so the doctor reports it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from deskcheck.data.connection import APPLICATION_ID, connect, desk_identity
from deskcheck.data.matching import IndexDrift, index_drift
from deskcheck.data.schema_check import schema_differences

WAL_FIX = (3, 51, 3)


def version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(part) for part in text.split(".")[:3])


@dataclass
class Checkup:
    sqlite_version: str
    journal_mode: str = ""
    integrity: str = ""
    schema: int = 0
    matching_index: IndexDrift | None = None  # None: a desk from before matching
    findings: list[str] = field(default_factory=list)

    @property
    def wal_bug_risk(self) -> bool:
        return version_tuple(self.sqlite_version) < WAL_FIX


def checkup(path: Path) -> Checkup:
    result = Checkup(sqlite3.sqlite_version)
    conn = connect(path)
    try:
        application_id, version, _ = desk_identity(conn, path)
        result.schema = version
        if application_id != APPLICATION_ID:
            result.findings.append(f"{path} is not a deskcheck desk")
            return result
        result.journal_mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        result.findings += [
            f"schema: {difference} (the desk's append-only and chain guards may be gone;"
            " run `deskcheck verify`)"
            for difference in schema_differences(conn, version)
        ]
        result.integrity = "; ".join(row[0] for row in conn.execute("PRAGMA quick_check"))
        has_index = conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'match_fts'")
        if has_index.fetchone() and result.integrity == "ok":
            result.matching_index = index_drift(conn)
    finally:
        conn.close()
    if result.wal_bug_risk:
        result.findings.append(
            f"SQLite {result.sqlite_version} predates 3.51.3, which fixed a WAL bug that"
            " concurrent writers can hit (https://www.sqlite.org/wal.html#walresetbug)."
            " deskcheck makes every write take the lock up front (BEGIN IMMEDIATE), so writers"
            " queue instead of racing; the safe course is still a Python whose sqlite3 links"
            " SQLite 3.51.3 or newer, or one reviewer writing at a time. Back up often"
            " (`deskcheck backup`) and run `deskcheck verify`."
        )
    if result.journal_mode != "wal":
        result.findings.append(
            f"journal mode is {result.journal_mode}, not wal: reviewers block each other"
        )
    if result.matching_index is not None and not result.matching_index.ok:
        result.findings.append(
            f'matching index: {result.matching_index}; "already checked?" may miss earlier'
            " claims until `deskcheck reindex` rebuilds it"
        )
    if result.integrity != "ok":
        result.findings.append(
            f"integrity check: {result.integrity}; restore a backup or run `deskcheck verify`"
        )
    return result
