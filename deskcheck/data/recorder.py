"""Recording changes: one write transaction, every change paired with its event.

``Recorder`` is what the desk's write methods get inside ``Desk.recording()``. It inserts
and updates a row and appends the matching event in the same transaction, so the event log
can never miss a change or record one that did not happen. The row is written with plain
SQL (values encoded as sqlite-utils would): sqlite-utils' ``insert`` and ``update`` list
every table of the database first to see whether theirs exists, which made a link check
spend a third of its time listing tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from deskcheck.data.events import append_encoded, canonical_json, canonical_json_of_plain
from deskcheck.data.sqlite_library import Database, NotFoundError, Table, jsonify_if_needed


def _quoted(identifier: str) -> str:
    # our own table and column names, never outside text; quoted all the same
    return '"' + identifier.replace('"', '""') + '"'


@dataclass
class Recorder:
    db: Database
    actor: str  # the reviewer recording
    at: str  # when: one time for everything in the transaction
    session_id: int | None = None  # the reviewer's review session, when one is open
    provenance: dict[str, Any] | None = None  # added to every event body (an import says so)
    # how the change reached the desk when not from the reviewer's own terminal, e.g.
    # {"through": "serve", "address": "192.0.2.7"}: written into every event's body
    via: dict[str, str] | None = None
    _head: tuple[int, str] | None = field(default=None, repr=False)

    def table(self, name: str) -> Table:
        return self.db.table(name)

    def event(self, kind: str, subject: str, body: dict[str, Any]) -> None:
        self.events([(kind, subject, body, False)])

    def events(self, events: list[tuple[str, str, dict[str, Any], bool]]) -> None:
        """Append several events, in order, with one statement: (kind, subject, body, plain)
        each. ``plain``: the body holds only strings, integers, None, booleans and containers
        of them (see ``canonical_json_of_plain``: a batch of ingest encodes faster). Where
        the change came from (an import, serve) is written into every body."""
        if not events:
            return
        extra: dict[str, Any] = {}
        if self.provenance:
            extra["imported"] = self.provenance
        if self.via:
            extra["via"] = self.via
        encoded = [
            (
                kind,
                subject,
                canonical_json({**body, **extra})
                if extra
                else canonical_json_of_plain(body)
                if plain
                else canonical_json(body),
            )
            for kind, subject, body, plain in events
        ]
        # the transaction holds the write lock, so the head read once stays the head
        self._head = append_encoded(
            self.db.conn, at=self.at, actor=self.actor, encoded=encoded, head=self._head
        )

    def insert(self, table: str, row: dict[str, Any], *, kind: str, subject: str) -> int:
        """Insert one row and record it; returns the new row's id."""
        columns = list(row)
        sql = (
            f"INSERT INTO {_quoted(table)} ({', '.join(map(_quoted, columns))})"
            f" VALUES ({', '.join('?' for _ in columns)})"
        )
        cursor = self.db.conn.execute(sql, [jsonify_if_needed(row[c]) for c in columns])
        row_id = int(cursor.lastrowid or 0)
        self.event(kind, subject, {"table": table, "id": row_id, "row": row})
        return row_id

    def update(
        self,
        table: str,
        row_id: int,
        changes: dict[str, Any],
        *,
        kind: str,
        subject: str,
        extra: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Update one row and record what it was and what it became; returns the old row.
        ``extra``: more for the event to say (why: a status change's reason)."""
        cursor = self.db.conn.execute(f"SELECT * FROM {_quoted(table)} WHERE id = ?", [row_id])
        found = cursor.fetchone()
        if found is None:
            raise NotFoundError(f"no row {row_id} in {table}")
        before = dict(zip((d[0] for d in cursor.description), found, strict=True))
        if changes:  # an edit that changed nothing is still recorded, as before
            assignments = ", ".join(f"{_quoted(c)} = ?" for c in changes)
            self.db.conn.execute(
                f"UPDATE {_quoted(table)} SET {assignments} WHERE id = ?",
                [*(jsonify_if_needed(v) for v in changes.values()), row_id],
            )
        self.event(
            kind,
            subject,
            {
                "table": table,
                "id": row_id,
                "before": {k: before.get(k) for k in changes},
                "after": changes,
                **(extra or {}),
            },
        )
        return before
