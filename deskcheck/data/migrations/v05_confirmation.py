"""Version 5: decisions for publication and the two-person rule's confirmations."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


CONFIRMATION_V5 = """
-- the two-person rule: a decision for publication waits for a different reviewer's
-- confirming decision (a new row: decisions stay append-only)
ALTER TABLE decisions ADD COLUMN for_publication INTEGER NOT NULL DEFAULT 0
    CHECK (for_publication IN (0, 1));
ALTER TABLE decisions ADD COLUMN confirms_decision_id INTEGER REFERENCES decisions(id);
CREATE INDEX idx_decisions_confirms ON decisions (confirms_decision_id);
"""


def add_confirmation_v5(db: Database) -> None:
    """Version 5: decisions for publication and the confirmations they wait for."""
    db.executescript(CONFIRMATION_V5)


migrate = add_confirmation_v5
