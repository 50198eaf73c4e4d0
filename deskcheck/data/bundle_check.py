"""A bundle is checked like a desk before anything is written from it.

Shape and types (every part present, the exact columns of this schema, scalar values of
bounded size), each part's SHA-256, the bundle's own event chain, no date in the future,
and names a desk could store. Every refusal is one line naming the part and the row.
Columns are this deskcheck's own: no name from a bundle ever reaches SQL text.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import math
from datetime import UTC, datetime, timedelta
from typing import Any

from deskcheck.data.events import GENESIS_HASH, canonical_json, event_hash
from deskcheck.data.migrations import SCHEMA_VERSION
from deskcheck.data.schema_check import blank_schema
from deskcheck.domain.errors import DeskError, InvalidValue
from deskcheck.domain.names import checked_name
from deskcheck.domain.untrusted import make_visible

FORMAT = "deskcheck-bundle"
CLOCK_SKEW = timedelta(minutes=5)  # how far ahead of this machine a recorded time may be
MAX_INTEGER = 2**63 - 1
NAMES = {  # columns that hold a name the desk must be able to store
    "reviewers": ("name",),
    "verdicts": ("name",),
    "decisions": ("reviewer", "verdict"),
    "comments": ("reviewer",),
    "saved_queues": ("name", "saved_by"),
    "subscriptions": ("assignee", "added_by"),
    "feed_reads": ("reviewer",),
    "claim_repeats": ("linked_by",),
}
# times a desk sets in the future on purpose, and a published review's own date (someone
# else's word, kept as they wrote it: a feed dated ahead must not make the desk unportable)
AHEAD = {"due_at", "expires_at", "next_due_at", "reviewed_at"}


class BundleError(DeskError):
    pass


def schema_columns(tables: tuple[str, ...]) -> dict[str, list[str]]:
    """Each table's columns, in order, as this deskcheck's migrations make them."""
    with blank_schema(SCHEMA_VERSION) as db:
        return {
            table: [str(row[1]) for row in db.conn.execute(f"PRAGMA table_info('{table}')")]
            for table in tables
        }


def part_digest(part: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_json([part["columns"], part["rows"]]).encode()).hexdigest()


def _value_problem(value: Any) -> str | None:
    if value is None or isinstance(value, str):
        return "contains a NUL character" if isinstance(value, str) and "\x00" in value else None
    if isinstance(value, bool):
        return "holds true/false, not a number"
    if isinstance(value, int):
        return None if -MAX_INTEGER - 1 <= value <= MAX_INTEGER else "holds a number too large"
    if isinstance(value, float):
        return None if math.isfinite(value) else "holds a number that is not finite"
    if isinstance(value, dict) and set(value) == {"$base64"} and isinstance(value["$base64"], str):
        try:
            base64.b64decode(value["$base64"], validate=True)
        except (binascii.Error, ValueError):
            return "holds bytes that are not base64"
        return None
    return f"holds a {type(value).__name__}, not a value a desk stores"


def _is_future(value: Any, now: datetime) -> bool:
    if not isinstance(value, str) or len(value) < 10:
        return False
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when > now + CLOCK_SKEW


def check_shape(bundle: Any, tables: tuple[str, ...]) -> None:
    if not isinstance(bundle, dict) or bundle.get("format") != FORMAT:
        raise BundleError("not a deskcheck bundle (no 'format': 'deskcheck-bundle')")
    if bundle.get("schema") != SCHEMA_VERSION:
        raise BundleError(
            f"the bundle is of schema {make_visible(str(bundle.get('schema')))}; this deskcheck"
            f" reads schema {SCHEMA_VERSION}"
        )
    head = bundle.get("event_head")
    if not (
        isinstance(head, dict)
        and isinstance(head.get("seq"), int)
        and not isinstance(head.get("seq"), bool)
        and isinstance(head.get("hash"), str)
    ):
        raise BundleError("the bundle's event_head is not {seq: number, hash: text}")
    parts = bundle.get("parts")
    if not isinstance(parts, dict):
        raise BundleError("the bundle has no parts")
    for name in parts:
        if name not in tables:
            raise BundleError(f"the bundle has a part {make_visible(str(name))!r} no desk has")
    for table in tables:
        if table not in parts:
            raise BundleError(f"the bundle has no part {table!r}")


def check_part(table: str, part: Any, columns: list[str], now: datetime) -> None:
    where = f"part {table!r}"
    if not isinstance(part, dict) or not isinstance(part.get("rows"), list):
        raise BundleError(f"{where} is not {{columns, rows, sha256}}")
    if part.get("columns") != columns:
        found = part.get("columns")
        unknown = [c for c in found if c not in columns] if isinstance(found, list) else []
        detail = f" (unknown: {make_visible(', '.join(map(str, unknown)))})" if unknown else ""
        raise BundleError(f"{where}: its columns are not {table}'s columns{detail}")
    if part_digest(part) != part.get("sha256"):
        raise BundleError(f"{where} does not match its SHA-256: the bundle was altered")
    dates = [
        i for i, c in enumerate(columns) if (c.endswith("_at") or c == "at") and c not in AHEAD
    ]
    names = [(i, c) for i, c in enumerate(columns) if c in NAMES.get(table, ())]
    for number, row in enumerate(part["rows"], 1):
        if not isinstance(row, list) or len(row) != len(columns):
            raise BundleError(f"{where} row {number}: not a list of {len(columns)} values")
        for column, value in zip(columns, row, strict=True):
            problem = _value_problem(value)
            if problem:
                raise BundleError(f"{where} row {number}: column {column} {problem}")
        for i in dates:
            if _is_future(row[i], now):
                raise BundleError(
                    f"{where} row {number}: {columns[i]} {make_visible(row[i])} is in the future"
                )
        for i, column in names:
            if row[i] is not None:
                try:
                    checked_name(column, row[i])
                except InvalidValue as error:
                    raise BundleError(f"{where} row {number}: {error}") from None


def check_chain(bundle: dict[str, Any]) -> None:
    """The bundle's own event log links and hashes as a desk's does, up to its head."""
    part = bundle["parts"]["events"]
    columns = part["columns"]
    previous, expected_seq = GENESIS_HASH, 1
    for number, values in enumerate(part["rows"], 1):
        event = dict(zip(columns, values, strict=True))
        fields = {k: event[k] for k in ("seq", "at", "actor", "kind", "subject", "body")}
        if event["seq"] != expected_seq or event["prev_hash"] != previous:
            raise BundleError(f"part 'events' row {number}: the event chain is broken here")
        if event_hash(previous, **fields) != event["hash"]:
            raise BundleError(
                f"part 'events' row {number}: event {event['seq']} does not match its hash"
            )
        previous, expected_seq = event["hash"], expected_seq + 1
    head = bundle["event_head"]
    if (head["seq"], head["hash"]) != (expected_seq - 1, previous):
        raise BundleError("the bundle's event_head is not the head of its event chain")


def check_bundle(bundle: Any, tables: tuple[str, ...]) -> None:
    check_shape(bundle, tables)
    columns = schema_columns(tables)
    now = datetime.now(UTC)
    for table in tables:
        check_part(table, bundle["parts"][table], columns[table], now)
    check_chain(bundle)
