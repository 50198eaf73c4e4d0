"""Version 15 (#25, trust at the border): a merged decision says which desk it came from.

``from_desk`` is the peer desk's name (or that the bundle was unsigned) and ``from_key`` the
fingerprint of the key that signed the bundle; both NULL for a decision made on this desk.
The two-person rule reads them: a confirmation made on another desk counts only when that
desk signed as a known peer and the confirmer is not the decider.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


def add_decision_origin_v15(db: Database) -> None:
    present = {row[1] for row in db.execute("PRAGMA table_info(decisions)")}
    for column in ("from_desk", "from_key"):
        if column not in present:  # a desk whose version was set back still has them
            db.execute(f"ALTER TABLE decisions ADD COLUMN {column} TEXT")


migrate = add_decision_origin_v15
