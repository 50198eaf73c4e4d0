"""Version 9: a snapshot keeps its HTTP exchange, for WARC."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


EXCHANGE_V9 = """
-- the HTTP exchange behind a snapshot, so that it can be archived as WARC request and
-- response records: JSON lists of [name, value] pairs in the order sent and received, and
-- the protocol version. Snapshots taken before this version have none of these.
ALTER TABLE snapshots ADD COLUMN http_version TEXT;
ALTER TABLE snapshots ADD COLUMN request_headers TEXT;
ALTER TABLE snapshots ADD COLUMN response_headers TEXT;
"""


def add_exchange_v9(db: Database) -> None:
    """Version 9: the request and response headers of a snapshot's fetch (for WARC)."""
    db.executescript(EXCHANGE_V9)


migrate = add_exchange_v9
