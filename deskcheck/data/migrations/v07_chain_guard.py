"""Version 7: the event chain refuses a replaced seq or hash."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


CHAIN_GUARD_V7 = """
-- an event may not be replaced through any unique key: INSERT OR REPLACE with another
-- event's hash would otherwise delete that event through the UNIQUE(hash) conflict
DROP TRIGGER events_no_replace;
CREATE TRIGGER events_no_replace BEFORE INSERT ON events
WHEN EXISTS (SELECT 1 FROM events WHERE seq = NEW.seq OR hash = NEW.hash)
BEGIN SELECT RAISE(ABORT, 'events are append-only: a row may not be replaced'); END;
"""


def guard_chain_v7(db: Database) -> None:
    """Version 7: no unique key of the event log lets a REPLACE delete an event."""
    db.executescript(CHAIN_GUARD_V7)


migrate = guard_chain_v7
