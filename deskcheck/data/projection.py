"""The tables are what the events say: replay the event log and compare every row.

Each write to the desk appends an event that carries the row it inserted, or the columns it
changed (see ``Recorder``), so replaying the chain in order rebuilds every table of desk
work. ``compare_with_tables`` replays it and names each row that differs: a column changed
outside deskcheck (the ``sqlite3`` shell, another program), a row deleted, a row added with
no event. Rows that older deskchecks wrote without an event of their own are vouched for by
the ``desk.baseline`` events recorded when the desk was upgraded (see ``baseline_events``).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlite_utils.db import jsonify_if_needed

from deskcheck.data.events import Event, blob_digest, canonical_json, iter_events

# every table that records desk work, with its key columns
CHECKED_TABLES: dict[str, tuple[str, ...]] = {
    "desk_settings": ("key",),
    "reviewers": ("name",),
    "verdicts": ("name",),
    "review_sessions": ("id",),
    "claims": ("id",),
    "claim_tags": ("claim_id", "tag"),
    "custody_hops": ("id",),
    "interpretations": ("id",),
    "interpretation_relations": ("first_id", "second_id"),
    "evidence": ("id",),
    "snapshots": ("id",),
    "assessments": ("id",),
    "evidence_wanted": ("id",),
    "decisions": ("id",),
    "revision_notes": ("id",),
    "revision_triggers": ("id",),
    "ingest_runs": ("id",),
    "ingest_rejects": ("id",),
    "claim_versions": ("id",),
    "claim_repeats": ("id",),
}

Key = tuple[Any, ...]
Row = dict[str, Any]


@dataclass
class Projection:
    """The desk's tables as the events say they are, and which event last set each row."""

    rows: dict[str, dict[Key, Row]] = field(
        default_factory=lambda: {table: {} for table in CHECKED_TABLES}
    )
    set_by: dict[str, dict[Key, int]] = field(
        default_factory=lambda: {table: {} for table in CHECKED_TABLES}
    )
    events: int = 0
    baseline_rows: int = 0

    def key_of(self, table: str, row: Row, row_id: Any = None) -> Key:
        return tuple(
            row_id if c == "id" and row_id is not None else row[c] for c in CHECKED_TABLES[table]
        )

    def put(self, table: str, key: Key, row: Row, seq: int) -> None:
        self.rows[table][key] = row
        self.set_by[table][key] = seq

    def change(self, table: str, key: Key, changes: Row, seq: int) -> None:
        row = self.rows[table].setdefault(key, {})
        row.update(changes)
        self.set_by[table][key] = seq

    def drop(self, table: str, key: Key, seq: int) -> None:
        self.rows[table].pop(key, None)
        self.set_by[table][key] = seq


Handler = Callable[[Projection, dict[str, Any], Event], None]


def _inserted(p: Projection, body: dict[str, Any], event: Event) -> None:
    table = body["table"]
    if table in CHECKED_TABLES:
        row = body["row"]  # freshly parsed from the event: this projection's own
        if "id" in CHECKED_TABLES[table]:
            row["id"] = body["id"]
        p.put(table, p.key_of(table, row), row, event.seq)


def _updated(p: Projection, body: dict[str, Any], event: Event) -> None:
    table = body["table"]
    if table in CHECKED_TABLES:
        p.change(table, (body["id"],), body["after"], event.seq)


def _reviewer_added(p: Projection, body: dict[str, Any], event: Event) -> None:
    name = body["name"]
    p.put(
        "reviewers",
        (name,),
        {"name": name, "display_name": name, "created_at": event.at},
        event.seq,
    )


def _reviewer_named(p: Projection, body: dict[str, Any], event: Event) -> None:
    key = (body["name"],)
    if key in p.rows["reviewers"]:
        p.change("reviewers", key, {"display_name": body["display_name"]}, event.seq)
    else:
        row = {"name": body["name"], "display_name": body["display_name"], "created_at": event.at}
        p.put("reviewers", key, row, event.seq)


def _reviewer_merged(p: Projection, body: dict[str, Any], event: Event) -> None:
    p.put("reviewers", (body["name"],), dict(body), event.seq)


def _verdict_added(p: Projection, body: dict[str, Any], event: Event) -> None:
    row = dict(body)
    if "position" not in row:  # merged before positions were recorded: the next one
        row["position"] = 1 + max(
            (v.get("position", 0) for v in p.rows["verdicts"].values()), default=0
        )
    p.put("verdicts", (row["name"],), row, event.seq)


def _setting_changed(p: Projection, body: dict[str, Any], event: Event) -> None:
    row = {"key": body["key"], "value": canonical_json(body["value"])}
    p.put("desk_settings", (body["key"],), row, event.seq)


def _related(p: Projection, body: dict[str, Any], event: Event) -> None:
    key = (body["first_id"], body["second_id"])
    if body.get("relation"):
        row = {"first_id": key[0], "second_id": key[1], "relation": body["relation"]}
        p.put("interpretation_relations", key, row, event.seq)
    else:
        p.drop("interpretation_relations", key, event.seq)


def _ingested(p: Projection, body: dict[str, Any], event: Event) -> None:
    if "row" in body:  # the claim and what came with it, each with its id
        p.put("claims", (body["id"],), {**body["row"], "id": body["id"]}, event.seq)
        for part in body.get("rows", ()):
            _inserted(p, part, event)
        return
    # written before ingest recorded its rows: the claim is rebuilt from the item; its hops,
    # tags and outside reviews are vouched for by the upgrade's baseline
    item = body["item"]
    row = {
        "id": body["id"],
        "text": item["text"],
        "received_at": item.get("received_at") or event.at,
        "origin_url": item.get("origin_url"),
        "priority": item.get("priority", 3),
        "created_at": event.at,
        "updated_at": event.at,
        "external_id": item.get("external_id"),
        "fingerprint": body["fingerprint"],
    }
    p.put("claims", (body["id"],), row, event.seq)


def _baseline(p: Projection, body: dict[str, Any], event: Event) -> None:
    table = body["table"]
    for row in body["rows"]:
        p.put(table, p.key_of(table, row), dict(row), event.seq)
        p.baseline_rows += 1


HANDLERS: dict[str, Handler] = {
    "reviewer.added": _reviewer_added,
    "reviewer.named": _reviewer_named,
    "reviewer.merged": _reviewer_merged,
    "verdict.added": _verdict_added,
    "verdict.merged": _verdict_added,
    "setting.changed": _setting_changed,
    "interpretation.related": _related,
    "claim.ingested": _ingested,
    "desk.baseline": _baseline,
}


def apply(p: Projection, event: Event) -> None:
    body = json.loads(event.body)
    handler = HANDLERS.get(event.kind)
    if handler is not None:
        handler(p, body, event)
    elif isinstance(body, dict) and "table" in body and "row" in body:
        _inserted(p, body, event)
    elif isinstance(body, dict) and "table" in body and "after" in body:
        _updated(p, body, event)
    p.events += 1


def seed(conn: sqlite3.Connection) -> Projection:
    """The rows a new desk starts with (the default verdict scale), before any event."""
    from deskcheck.data.schema_check import seeded_rows

    p = Projection()
    for table, rows in seeded_rows(conn).items():
        for row in rows:
            p.put(table, p.key_of(table, row), row, 0)
    return p


def replay(conn: sqlite3.Connection, events: Iterator[Event] | None = None) -> Projection:
    p = seed(conn)
    for event in events if events is not None else iter_events(conn):
        apply(p, event)
    return p


# -- comparing ------------------------------------------------------------------------------


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


def same(expected: Any, found: Any) -> bool:
    if isinstance(found, bytes):
        return bool(expected == blob_digest(found))
    if isinstance(expected, dict | list | tuple):
        return bool(jsonify_if_needed(expected) == found)
    if isinstance(expected, bool):
        return bool(int(expected) == found)
    return bool(expected == found)


def table_defaults(conn: sqlite3.Connection, table: str) -> dict[str, Any]:
    """What a column holds when an insert did not name it (the schema's DEFAULT)."""
    defaults: dict[str, Any] = {}
    for _cid, name, _type, _notnull, default, _pk in conn.execute(
        f"PRAGMA table_info('{table}')"  # our own table names only
    ):
        if default is None:
            defaults[name] = None
        elif default.startswith("'"):
            defaults[name] = default[1:-1].replace("''", "'")
        else:
            defaults[name] = json.loads(default)
    return defaults


def _stored(value: Any) -> Any:
    """A value from an event as the table holds it (bytes are compared by their hash)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, list | tuple) or (isinstance(value, dict) and set(value) != BLOB_KEYS):
        return jsonify_if_needed(value)
    return value


BLOB_KEYS = {"sha256", "bytes"}
PLAIN = frozenset({str, int, float, type(None)})  # stored as they are
MISSING = object()


def compare_with_tables(
    conn: sqlite3.Connection, p: Projection, *, limit: int = 50
) -> list[RowDifference]:
    """Every row of every checked table against the projection (up to ``limit`` found).

    Each row is first compared whole, as a tuple (the common case: equal); only a row that
    differs is gone through column by column to name what differs."""
    differences: list[RowDifference] = []
    present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table, key_columns in CHECKED_TABLES.items():
        if table not in present:
            continue  # an older desk's schema (a dropped table is the schema check's to name)
        defaults = table_defaults(conn, table)
        expected = p.rows[table]
        seen: set[Key] = set()
        cursor = conn.execute(f'SELECT * FROM "{table}"')  # our own table names only
        columns = [d[0] for d in cursor.description]
        key_at = [columns.index(c) for c in key_columns]
        blob_at = [i for i, c in enumerate(columns) if c == "body_zlib"]
        for values in cursor:
            key = tuple(values[i] for i in key_at)
            seen.add(key)
            wanted = expected.get(key)
            if wanted is None:
                differences.append(
                    RowDifference(
                        table, key, None, dict(zip(columns, values, strict=True)), None, None
                    )
                )
            else:
                found = list(values)
                for i in blob_at:
                    if isinstance(found[i], bytes):
                        found[i] = blob_digest(found[i])
                want = [_stored(wanted[c]) if c in wanted else defaults.get(c) for c in columns]
                if want != found:
                    seq = p.set_by[table].get(key)
                    differences += [
                        RowDifference(table, key, column, values[i], wanted.get(column), seq)
                        for i, column in enumerate(columns)
                        if not same(want[i], found[i])
                    ]
            if len(differences) >= limit:
                return differences[:limit]
        for key in expected.keys() - seen:
            differences.append(
                RowDifference(table, key, None, None, expected[key], p.set_by[table].get(key))
            )
            if len(differences) >= limit:
                return differences
    return differences


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
