"""The tables against what the log says: row by row (``compare_with_tables``), the rules a
replay cannot see (``rule_differences``), and the rows an older desk held before every row
had its event (``baseline_bodies``)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from deskcheck.data.events import blob_digest
from deskcheck.data.projection import (
    CHECKED_TABLES,
    Key,
    Projection,
    Row,
    replay,
)


@dataclass(frozen=True)
class RowDifference:
    table: str
    key: Key
    column: str | None  # None: the whole row is missing or has no event
    found: Any
    expected: Any
    event_seq: int | None  # the event that last set the row (None: none did)

    def __str__(self) -> str:
        row = f"{self.table} row {', '.join(map(str, self.key))}"
        by = f" (last set by event {self.event_seq})" if self.event_seq else ""
        if self.column is None and self.found is None:
            return f"{row} is missing: the events say it exists{by}"
        if self.column is None:
            return f"{row} has no event: it was added outside deskcheck"
        return (
            f"{row}, column {self.column}: the table says {_short(self.found)}, the events say"
            f" {_short(self.expected)}{by}"
        )


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def compare_with_tables(
    conn: sqlite3.Connection, p: Projection, *, limit: int = 50
) -> list[RowDifference]:
    """Every row of every checked table against the projection (up to ``limit`` found).

    Each row is compared whole, as a tuple (the common case: equal); only a row that differs
    is gone through column by column to name what differs. Rows the events say exist but the
    table lacks are looked for only when fewer rows matched than the events hold."""
    differences: list[RowDifference] = []
    for table, key_columns in CHECKED_TABLES.items():
        columns = p.columns.get(table)
        if columns is None:
            continue  # an older desk's schema (a dropped table is the schema check's to name)
        expected, set_by = p.rows[table], p.set_by[table]
        quoted = ", ".join(f'"{c}"' for c in columns)
        cursor = conn.execute(f'SELECT {quoted} FROM "{table}"')  # our own names only
        key_of = _key_reader([columns.index(c) for c in key_columns])
        blob_at = [i for i, c in enumerate(columns) if c == "body_zlib"]
        matched = 0
        for values in cursor:
            key = key_of(values)
            wanted = expected.get(key)
            if wanted is None:
                row = dict(zip(columns, values, strict=True))
                differences.append(RowDifference(table, key, None, row, None, None))
            else:
                matched += 1
                found = _with_blob_digests(values, blob_at) if blob_at else values
                if wanted != found:
                    differences += [
                        RowDifference(table, key, column, values[i], wanted[i], set_by.get(key))
                        for i, column in enumerate(columns)
                        if wanted[i] != found[i]
                    ]
            if len(differences) >= limit:
                return differences[:limit]
        if matched < len(expected):
            differences += _missing_rows(conn, table, key_columns, p)
            if len(differences) >= limit:
                return differences[:limit]
    return differences


def _key_reader(positions: list[int]) -> Callable[[tuple[Any, ...]], Key]:
    if len(positions) == 1:
        (at,) = positions
        return lambda values: (values[at],)
    return lambda values: tuple(values[i] for i in positions)


def _with_blob_digests(values: tuple[Any, ...], blob_at: list[int]) -> tuple[Any, ...]:
    found = list(values)
    for i in blob_at:
        if isinstance(found[i], bytes):
            found[i] = blob_digest(found[i])
    return tuple(found)


def _missing_rows(
    conn: sqlite3.Connection, table: str, key_columns: tuple[str, ...], p: Projection
) -> list[RowDifference]:
    quoted = ", ".join(f'"{c}"' for c in key_columns)
    present = {tuple(r) for r in conn.execute(f'SELECT {quoted} FROM "{table}"')}
    return [
        RowDifference(table, key, None, None, p.as_mapping(table, key), p.set_by[table].get(key))
        for key in sorted(p.rows[table].keys() - present, key=repr)
    ]


@dataclass(frozen=True)
class RuleDifference:
    """A derived column that does not follow its rule (a claim's verdict is its latest
    decision's)."""

    table: str
    key: Key
    column: str
    found: Any
    expected: Any
    rule: str

    def __str__(self) -> str:
        return (
            f"{self.table} row {', '.join(map(str, self.key))}, column {self.column}: the table"
            f" says {_short(self.found)}, but {self.rule} says {_short(self.expected)}"
        )


LATEST_VERDICT = """
SELECT c.id, c.verdict, d.verdict FROM claims c
JOIN decisions d ON d.id = (SELECT id FROM decisions WHERE claim_id = c.id
                            ORDER BY decided_at DESC, id DESC LIMIT 1)
WHERE c.verdict IS NOT d.verdict
LIMIT ?
"""


def rule_differences(conn: sqlite3.Connection, *, limit: int = 50) -> list[RuleDifference]:
    """Derived columns against their rules: each claim's verdict is its latest decision's."""
    return [
        RuleDifference("claims", (claim_id,), "verdict", found, wanted, "its latest decision")
        for claim_id, found, wanted in conn.execute(LATEST_VERDICT, [limit])
    ]


BASELINE_CHUNK = 500  # rows per baseline event


def unexplained_rows(conn: sqlite3.Connection) -> dict[str, list[Row]]:
    """Rows the events do not account for (added or changed with no event of their own),
    as they are now: what an upgrade records as the desk's baseline."""
    p = replay(conn)
    found: dict[str, list[Row]] = {}
    for table, key_columns in CHECKED_TABLES.items():
        differing = {d.key for d in compare_with_tables(conn, p, limit=10**12) if d.table == table}
        differing = {key for key in differing if key is not None}
        if not differing:
            continue
        cursor = conn.execute(f'SELECT * FROM "{table}"')  # our own table names only
        columns = [d[0] for d in cursor.description]
        for values in cursor:
            row = dict(zip(columns, values, strict=True))
            if tuple(row[c] for c in key_columns) in differing:
                found.setdefault(table, []).append(row)
    return found


def baseline_bodies(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """The bodies of the ``desk.baseline`` events that vouch for the unexplained rows."""
    for table, rows in unexplained_rows(conn).items():
        for start in range(0, len(rows), BASELINE_CHUNK):
            yield {"table": table, "rows": rows[start : start + BASELINE_CHUNK]}
