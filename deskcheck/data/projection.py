"""The tables are what the events say: replay the event log into a projection.

Each write to the desk appends an event that carries the row it inserted, or the columns it
changed (see ``Recorder``), so replaying the chain in order rebuilds every table of desk
work. ``table_check`` compares the tables with the replay and names each row that differs: a
column changed outside deskcheck (the ``sqlite3`` shell, another program), a row deleted, a
row added with no event. Rows that older deskchecks wrote without an event of their own are
vouched for by the ``desk.baseline`` events recorded when the desk was upgraded.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson

from deskcheck.data.events import (
    ChainReport,
    Event,
    canonical_json,
    iter_events,
    verify_chain,
)
from deskcheck.data.sqlite_library import jsonify_if_needed

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
    "publications": ("id",),
    "reviewer_logins": ("name",),  # the password hash compared by its digest (logins.py)
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
    # published fact-checks: (first id, last id, rows, SHA-256, event) per batch loaded
    published: list[tuple[int, int, int, str, int]] = field(default_factory=list)

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


def _setting_removed(p: Projection, body: dict[str, Any], event: Event) -> None:
    p.drop("desk_settings", (body["key"],), event.seq)


def _login(p: Projection, body: dict[str, Any], event: Event) -> None:
    """A login's row as its events say: the password hash by its digest."""
    key, kind = (body["name"],), event.kind
    if kind in ("login.added", "login.baseline"):
        row = {
            "name": body["name"],
            "password_hash": body.get("hash"),
            "disabled": int(bool(body.get("disabled", False))),
            "created_at": body.get("created_at", event.at),
            "changed_at": body.get("changed_at", event.at),
        }
        p.put("reviewer_logins", key, row, event.seq)
    elif kind == "login.not_carried":
        p.drop("reviewer_logins", key, event.seq)
    elif kind == "login.password_changed":
        p.change(
            "reviewer_logins",
            key,
            {"password_hash": body.get("hash"), "changed_at": event.at},
            event.seq,
        )
    else:  # disabled or enabled
        changes = {"disabled": int(kind == "login.disabled"), "changed_at": event.at}
        p.change("reviewer_logins", key, changes, event.seq)


def _published(p: Projection, body: dict[str, Any], event: Event) -> None:
    if event.kind == "published.baseline":  # vouches for the whole table as it was then
        p.published.clear()
    batch = (body["first"], body["last"], body["count"], body["sha256"], event.seq)
    p.published.append(batch)


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
    "setting.removed": _setting_removed,
    "published.loaded": _published,
    "login.added": _login,
    "login.baseline": _login,
    "login.password_changed": _login,
    "login.disabled": _login,
    "login.enabled": _login,
    "login.not_carried": _login,
    "published.baseline": _published,
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
    """``verify_chain`` over the events' raw rows with each verified event applied to ``p``
    in the same pass (verify's hot path: 2.3 million events on the 100k bench desk)."""
    parse = _parsed
    report = verify_chain(None, rows, lambda row: _apply_parsed(p, parse(row[5]), row))
    p.events += report.events
    return report


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
# columns the log holds as a digest (bytes as hash and size, a password hash as its SHA-256):
# by table, since a comment's "body" is text the log holds whole
BLOB_COLUMNS: dict[str, frozenset[str]] = {
    "snapshots": frozenset({"body_zlib"}),
    "pictures": frozenset({"body"}),
    "reviewer_logins": frozenset({"password_hash"}),
}
PLAIN = frozenset({str, int, float, type(None)})  # stored as they are
