"""Recording changes: one write transaction, every change paired with its event.

``Recorder`` is what the desk's write methods get inside ``Desk.recording()``. It inserts
and updates through sqlite-utils and appends the matching event in the same transaction,
so the event log can never miss a change or record one that did not happen.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlite_utils import Database
from sqlite_utils.db import Table

from deskcheck.data.events import append_event


@dataclass
class Recorder:
    db: Database
    actor: str
    at: str
    _head: tuple[int, str] | None = field(default=None, repr=False)

    def table(self, name: str) -> Table:
        return self.db.table(name)

    def event(self, kind: str, subject: str, body: dict[str, Any]) -> None:
        # the transaction holds the write lock, so the head read once stays the head
        event = append_event(
            self.db.conn,
            at=self.at,
            actor=self.actor,
            kind=kind,
            subject=subject,
            body=body,
            head=self._head,
        )
        self._head = (event.seq, event.hash)

    def insert(self, table: str, row: dict[str, Any], *, kind: str, subject: str) -> int:
        """Insert one row and record it; returns the new row's id."""
        inserted = self.table(table).insert(row)
        row_id = int(inserted.last_pk)  # type: ignore[arg-type]
        self.event(kind, subject, {"table": table, "id": row_id, "row": row})
        return row_id

    def update(
        self, table: str, row_id: int, changes: dict[str, Any], *, kind: str, subject: str
    ) -> dict[str, Any]:
        """Update one row and record what it was and what it became; returns the old row."""
        before = self.table(table).get(row_id)
        self.table(table).update(row_id, changes)
        self.event(
            kind,
            subject,
            {
                "table": table,
                "id": row_id,
                "before": {k: before.get(k) for k in changes},
                "after": changes,
            },
        )
        return before
