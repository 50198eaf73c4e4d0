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
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson
from sqlite_utils.db import jsonify_if_needed

from deskcheck.data.events import (
    GENESIS_HASH,
    ChainReport,
    Event,
    blob_digest,
    canonical_json,
    fields_hash,
    iter_events,
)

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
    "comments": ("id",),
    "saved_queues": ("id",),
    "subscriptions": ("id",),
    "feed_reads": ("id",),
    "claim_repeats": ("id",),
    "pictures": ("id",),
}

Key = tuple[Any, ...]
Row = dict[str, Any]


@dataclass
class Projection:
    """The desk's tables as the events say they are, and which event last set each row.

    A row is kept as a tuple in its table's column order, each value as the table stores it
    (lists and mappings as JSON text, booleans as 0/1, columns an event did not name at the
    schema's default), so comparing a row with the table is one tuple comparison. Tables the
    desk does not have (an older schema) are not kept."""

    columns: dict[str, tuple[str, ...]] = field(default_factory=dict)
    defaults: dict[str, tuple[Any, ...]] = field(default_factory=dict)
    rows: dict[str, dict[Key, tuple[Any, ...]]] = field(
        default_factory=lambda: {table: {} for table in CHECKED_TABLES}
    )
    set_by: dict[str, dict[Key, int]] = field(
        default_factory=lambda: {table: {} for table in CHECKED_TABLES}
    )
    events: int = 0
    baseline_rows: int = 0

    @classmethod
    def for_desk(cls, conn: sqlite3.Connection) -> Projection:
        p = cls()
        present = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        for table in CHECKED_TABLES.keys() & present:
            defaults = table_defaults(conn, table)
            p.columns[table] = tuple(defaults)
            p.defaults[table] = tuple(defaults.values())
        return p

    def key_of(self, table: str, row: Row, row_id: Any = None) -> Key:
        return tuple(
            row_id if c == "id" and row_id is not None else row[c] for c in CHECKED_TABLES[table]
        )

    def put(self, table: str, key: Key, row: Row, seq: int) -> None:
        columns = self.columns.get(table)
        if columns is None:
            return
        values = tuple(map(row.get, columns, self.defaults[table]))
        if not PLAIN.issuperset(map(type, values)):  # lists, mappings, booleans: as stored
            values = tuple([v if type(v) in PLAIN else _stored(v) for v in values])
        self.rows[table][key] = values
        self.set_by[table][key] = seq

    def change(self, table: str, key: Key, changes: Row, seq: int) -> None:
        columns = self.columns.get(table)
        if columns is None:
            return
        row = list(self.rows[table].get(key, self.defaults[table]))
        for column, value in changes.items():
            if column in columns:
                row[columns.index(column)] = value if type(value) in PLAIN else _stored(value)
        self.rows[table][key] = tuple(row)
        self.set_by[table][key] = seq

    def drop(self, table: str, key: Key, seq: int) -> None:
        self.rows[table].pop(key, None)
        self.set_by[table][key] = seq

    def value(self, table: str, key: Key, column: str) -> Any:
        return self.rows[table][key][self.columns[table].index(column)]

    def as_mapping(self, table: str, key: Key) -> Row:
        return dict(zip(self.columns[table], self.rows[table][key], strict=True))


Handler = Callable[[Projection, dict[str, Any], Event], None]


def _row_inserted(p: Projection, body: dict[str, Any], seq: int) -> None:
    table = body["table"]
    key_columns = CHECKED_TABLES.get(table)
    if key_columns is None:
        return
    row = body["row"]  # freshly parsed from the event: this projection's own
    if key_columns == ("id",):
        row["id"] = body["id"]
        p.put(table, (body["id"],), row, seq)
        return
    if "id" in key_columns:
        row["id"] = body["id"]
    p.put(table, p.key_of(table, row), row, seq)


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
        positions = (p.value("verdicts", key, "position") for key in p.rows["verdicts"])
        row["position"] = 1 + max((pos or 0 for pos in positions), default=0)
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
            _row_inserted(p, part, event.seq)
        return
    # written before ingest recorded its rows: the claim is rebuilt from the item; its hops,
    # tags and outside reviews are vouched for by the upgrade's baseline
    item = body["item"]
    row = {
        "id": body["id"],
        "text": item["text"],
        "received_at": item.get("received_at") or event.at,  # as older deskchecks wrote it
        "origin_url": item.get("origin_url"),
        "priority": item.get("priority", 3),
        "created_at": event.at,
        "updated_at": event.at,
        "external_id": item.get("external_id"),
        "fingerprint": body["fingerprint"],
    }
    p.put("claims", (body["id"],), row, event.seq)


def _untagged(p: Projection, body: dict[str, Any], event: Event) -> None:
    p.drop("claim_tags", (body["claim_id"], body["tag"]), event.seq)


def _queue_removed(p: Projection, body: dict[str, Any], event: Event) -> None:
    p.drop("saved_queues", (body["id"],), event.seq)


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
    "claim.tag_removed": _untagged,
    "queue.removed": _queue_removed,
}


def _parsed(body: str) -> Any:
    try:
        return orjson.loads(body)
    except orjson.JSONDecodeError:  # what json reads and orjson does not (integers beyond 64
        return json.loads(body)  # bits, NaN): only a tampered event has one


def apply(p: Projection, event: Event) -> None:
    _apply_parsed(p, _parsed(event.body), event)
    p.events += 1


def _apply_parsed(p: Projection, body: Any, row: tuple[Any, ...]) -> None:
    """An event's parsed body on the projection. ``row``: the event, or its raw row (seq,
    at, actor, kind, subject, body, prev_hash, hash): an ``Event`` is made of it only for
    the few kinds with a handler of their own and for updates, not for a row inserted."""
    handler = HANDLERS.get(row[3])
    if handler is not None:
        handler(p, body, Event._make(row))
    elif type(body) is dict and "table" in body and "row" in body:
        _row_inserted(p, body, row[0])
    elif type(body) is dict and "table" in body and "after" in body:
        _updated(p, body, Event._make(row))
    elif type(body) is dict and "table" in body and "updates" in body:
        event = Event._make(row)
        for update in body["updates"]:  # several rows changed together (a reordered chain)
            _updated(p, {"table": body["table"], **update}, event)


def replay_verified(rows: Iterable[tuple[Any, ...]], p: Projection) -> ChainReport:
    """``verify_chain`` with ``apply`` as its ``then``, in one loop over the events' raw rows
    (seq, at, actor, kind, subject, body, prev_hash, hash): verify's hot path, run 2.3
    million times on the 100k bench desk. It stops where ``verify_chain`` would, with its
    report."""
    prev_hash, expected, hash_of, parse = GENESIS_HASH, 1, fields_hash, _parsed
    for row in rows:
        seq, at, actor, kind, subject, body, linked_to, digest = row
        problem = (
            f"expected event {expected} next"
            if seq != expected
            else "its prev_hash is not the previous hash"
            if linked_to != prev_hash
            else "its content does not match its hash"
            if hash_of(prev_hash, seq, at, actor, kind, subject, body) != digest
            else None
        )
        if problem is not None:
            p.events += expected - 1
            return ChainReport(expected - 1, prev_hash, Event._make(row), problem)
        _apply_parsed(p, parse(body), row)
        prev_hash = digest
        expected += 1
    p.events += expected - 1
    return ChainReport(expected - 1, prev_hash)


def seed(conn: sqlite3.Connection) -> Projection:
    """The rows a new desk starts with (the default verdict scale), before any event."""
    from deskcheck.data.schema_check import seeded_rows

    p = Projection.for_desk(conn)
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
BLOB_COLUMNS = frozenset({"body_zlib", "body"})  # bytes the log holds as their hash and size
PLAIN = frozenset({str, int, float, type(None)})  # stored as they are


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
        blob_at = [i for i, c in enumerate(columns) if c in BLOB_COLUMNS]
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
