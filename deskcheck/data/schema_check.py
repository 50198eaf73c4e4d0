"""Is the desk's schema the one its version says? Tables, indexes and triggers compared with
those the migrations make on a blank database.

A dropped append-only trigger, an added trigger that rewrites rows, a changed CHECK: each
is named. The desk is only read.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from deskcheck.data.migrations import MIGRATIONS
from deskcheck.data.sqlite_library import Database

SchemaObjects = dict[tuple[str, str], str]  # (type, name) → its SQL

LITESTREAM_TABLES: SchemaObjects = {
    (
        "table",
        "_litestream_seq",
    ): "CREATE TABLE _litestream_seq (id INTEGER PRIMARY KEY, seq INTEGER)",
    ("table", "_litestream_lock"): "CREATE TABLE _litestream_lock (id INTEGER)",
}
"""The two tables Litestream adds to any database it replicates (its own bookkeeping, read by
no desk code). Exactly these are expected of a desk; anything else under their names (another
column, a trigger on them) is still a difference."""


@dataclass(frozen=True)
class SchemaDifference:
    kind: str  # "missing", "unexpected" or "changed"
    type: str  # table, index, trigger, view
    name: str

    def __str__(self) -> str:
        verb = {"missing": "is missing", "unexpected": "should not be there", "changed": "differs"}
        return f"{self.type} {self.name} {verb[self.kind]}"


def schema_objects(conn: sqlite3.Connection) -> SchemaObjects:
    rows = conn.execute(
        "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
    ).fetchall()
    return {(str(kind), str(name)): " ".join(str(sql or "").split()) for kind, name, sql in rows}


@contextmanager
def blank_schema(version: int) -> Iterator[Database]:
    """An in-memory database with the schema the migrations up to ``version`` make (the
    schema code is the reference, not a copy of it that could drift)."""
    conn = sqlite3.connect(":memory:")
    try:
        db = Database(conn, execute_plugins=False)
        for migration in MIGRATIONS[:version]:
            migration(db)
        yield db
    finally:
        conn.close()


def expected_objects(version: int) -> SchemaObjects:
    """What the migrations up to ``version`` make."""
    with blank_schema(version) as db:
        return schema_objects(db.conn)


def schema_differences(conn: sqlite3.Connection, version: int) -> list[SchemaDifference]:
    found, expected = schema_objects(conn), expected_objects(version)
    differences = [SchemaDifference("missing", t, n) for t, n in expected if (t, n) not in found]
    differences += [
        SchemaDifference("unexpected", t, n)
        for (t, n), sql in found.items()
        if (t, n) not in expected and LITESTREAM_TABLES.get((t, n)) != sql
    ]
    differences += [
        SchemaDifference("changed", t, n)
        for (t, n), sql in expected.items()
        if (t, n) in found and found[(t, n)] != sql
    ]
    return sorted(differences, key=lambda d: (d.kind, d.type, d.name))


def seeded_rows(conn: sqlite3.Connection) -> dict[str, list[dict[str, object]]]:
    """The rows the migrations themselves write (the default verdict scale): a desk starts
    with them before its first event. ``conn`` gives the desk's schema version."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    with blank_schema(version) as db:
        blank = db.conn
        seeded: dict[str, list[dict[str, object]]] = {}
        for table in db.table_names():
            if table.startswith("sqlite_") or "_fts" in table:
                continue
            cursor = blank.execute(f'SELECT * FROM "{table}"')  # our own table names only
            columns = [d[0] for d in cursor.description]
            rows = [dict(zip(columns, r, strict=True)) for r in cursor]
            if rows:
                seeded[table] = rows
        return seeded
