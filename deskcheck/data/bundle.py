"""A whole desk as one deterministic JSON bundle; restoring it; merging it into another desk.

The bundle holds every table (rows in primary-key order, blobs as base64), the SHA-256 of
each part, and the head of the event chain. The same desk always gives the same bytes.

- ``restore`` makes a new desk that is the bundle, event log included: its own export is
  byte-for-byte the bundle it came from.
- ``bundle_merge`` takes a bundle into an existing desk, through the border post of
  ``bundle_border``.
"""

from __future__ import annotations

import base64
import json
import sqlite3
from pathlib import Path
from typing import Any

from deskcheck.data import Desk
from deskcheck.data.bundle_check import FORMAT, BundleError, check_bundle, part_digest
from deskcheck.data.connection import APPLICATION_ID, apply_pragmas, connect, immediate_transaction
from deskcheck.data.events import append_event, chain_contains, chain_head, verify_chain
from deskcheck.data.matching import (
    index_all_claims,
    index_all_published,
)
from deskcheck.data.migrations import MIGRATIONS, SCHEMA_VERSION
from deskcheck.data.projection import replay
from deskcheck.data.sqlite_library import Database
from deskcheck.data.table_check import compare_with_tables
from deskcheck.domain.untrusted import make_visible

TABLES = (  # in an order that satisfies the foreign keys
    "desk_settings",
    "reviewers",
    "verdicts",
    "review_sessions",
    "subscriptions",
    "claims",
    "feed_reads",
    "claim_tags",
    "custody_hops",
    "interpretations",
    "interpretation_relations",
    "evidence",
    "snapshots",
    "assessments",
    "evidence_wanted",
    "decisions",
    "revision_notes",
    "publications",
    "revision_triggers",
    "ingest_runs",
    "ingest_rejects",
    "claim_versions",
    "comments",
    "saved_queues",
    "published_checks",  # a reference library, outside the log, but repeats may cite it
    "claim_repeats",
    "events",
)


def _encode(value: Any) -> Any:
    if isinstance(value, bytes):
        return {"$base64": base64.b64encode(value).decode("ascii")}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"$base64"}:
        return base64.b64decode(value["$base64"])
    return value


def export_bundle(desk: Desk) -> str:
    conn = desk.db.conn
    parts: dict[str, Any] = {}
    with desk.consistent_read():
        for table in TABLES:
            columns = [row[1] for row in conn.execute(f"PRAGMA table_info({table})")]
            keys = [row[1] for row in conn.execute(f"PRAGMA table_info({table})") if row[5]]
            order = ", ".join(keys) if keys else "rowid"
            rows = [
                [_encode(v) for v in row]
                for row in conn.execute(f"SELECT * FROM {table} ORDER BY {order}")
            ]
            parts[table] = {"columns": columns, "rows": rows}
        seq, head = chain_head(conn)
    for part in parts.values():
        part["sha256"] = part_digest(part)
    bundle = {
        "format": FORMAT,
        "schema": SCHEMA_VERSION,
        "event_head": {"seq": seq, "hash": head},
        "parts": parts,
    }
    return json.dumps(bundle, sort_keys=True, indent=1, ensure_ascii=False) + "\n"


def load_bundle(text: str) -> dict[str, Any]:
    """The bundle, checked whole before anything is written from it (``bundle_check``)."""
    try:
        bundle = json.loads(text)
    except (ValueError, RecursionError) as error:
        raise BundleError(f"not a deskcheck bundle: {error}") from None
    check_bundle(bundle, TABLES)
    assert isinstance(bundle, dict)
    return bundle


def restore(text: str, path: Path) -> None:
    """A new desk at ``path`` holding exactly the bundle, event log included."""
    bundle = load_bundle(text)
    if path.exists():
        raise BundleError(f"{path} already exists: restore into a new file")
    conn = connect(path, create=True)
    try:
        apply_pragmas(conn)
        db = Database(conn)
        with immediate_transaction(conn):
            conn.execute("PRAGMA defer_foreign_keys = ON")  # evidence may cite later evidence
            for migration in MIGRATIONS:
                migration(db)
            conn.execute("DELETE FROM verdicts")  # the bundle brings the desk's own scale
            for table in TABLES:
                _insert_part(conn, table, bundle["parts"][table])
            _check_references(conn, bundle)
            index_all_claims(conn)
            index_all_published(conn)
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            _logins_not_carried(conn)
            differences = compare_with_tables(conn, replay(conn), limit=1)
            if differences:
                raise BundleError(
                    "the bundle's tables are not what its own event log says:"
                    f" {make_visible(str(differences[0]))}"
                )
        report = verify_chain(conn)
        if not report.ok or not chain_contains(conn, bundle["event_head"]["hash"]):
            raise BundleError("the restored event chain does not verify")
    except BaseException:
        conn.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise
    conn.close()


def _logins_not_carried(conn: sqlite3.Connection) -> None:
    """A bundle never carries logins (their password hashes stay on their desk): each login
    its events name is recorded as not carried, so the restored desk's log says why it has
    none. (A desk restored from a bundle with logins is then not byte-for-byte the bundle.)"""
    from deskcheck.domain.clock import utc_now

    names: set[str] = set()
    for kind, body in conn.execute(
        "SELECT kind, body FROM events WHERE kind IN"
        " ('login.added', 'login.baseline', 'login.not_carried') ORDER BY seq"
    ):
        name = str(json.loads(body)["name"])
        (names.discard if kind == "login.not_carried" else names.add)(name)
    for name in sorted(names):
        append_event(
            conn,
            at=utc_now(),
            actor="deskcheck import",
            kind="login.not_carried",
            subject=f"reviewer:{name}",
            body={"name": name, "why": "a bundle never carries logins"},
        )


def _insert_part(conn: sqlite3.Connection, table: str, part: dict[str, Any]) -> None:
    """A part's rows into its (empty) table; a row the schema refuses is named."""
    columns = part["columns"]  # checked equal to this schema's own columns
    sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    try:
        conn.executemany(sql, ([_decode(v) for v in row] for row in part["rows"]))
    except sqlite3.IntegrityError as error:
        # each row is its own statement: the rows before the refused one are in the table
        number = 1 + conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        raise BundleError(f"part {table!r} row {number}: {make_visible(str(error))}") from None


def _check_references(conn: sqlite3.Connection, bundle: dict[str, Any]) -> None:
    """Every id a row holds names a row of the bundle (foreign keys are checked at commit,
    where SQLite would say only that one failed, not which)."""
    problem = conn.execute("PRAGMA foreign_key_check").fetchone()
    if problem is None:
        return
    table, rowid, parent, key = problem
    column = next(
        row[3] for row in conn.execute(f"PRAGMA foreign_key_list('{table}')") if row[0] == key
    )  # our own table names only: the check names tables of this schema
    (value,) = conn.execute(f'SELECT "{column}" FROM "{table}" WHERE rowid = ?', [rowid]).fetchone()
    part = bundle["parts"][table]
    number = rowid  # a table without an id column: rows went in in order, from 1
    for name in ("id", "seq"):
        if name in part["columns"]:
            at = part["columns"].index(name)
            found = (i for i, row in enumerate(part["rows"], 1) if row[at] == rowid)
            number = next(found, rowid)  # an id given as text ("5") was stored as a number
    raise BundleError(
        f"part {table!r} row {number}: {column} {make_visible(repr(value))} names no row of"
        f" part {parent!r}"
    )
