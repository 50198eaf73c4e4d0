"""Version 17 (issue #24): search covers every text a reviewer recorded about a claim.

Version 2 indexed a claim's text, interpretations, evidence and snapshots. A reviewer who
searches "memo" expects the claims whose evidence wanted, revision triggers, decisions,
revision notes or comments say it too. Each of those tables gets an FTS5 index kept by
triggers (as version 2's are), so the index is written in the transaction that writes the
row and its event. The indexes are derived: ``verify`` checks the tables they are made
from, and the schema check names a missing or changed index trigger.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


SEARCHABLE_V17: dict[str, tuple[str, ...]] = {
    "evidence_wanted": ("description", "would_settle"),
    "revision_triggers": ("condition",),
    "decisions": ("rationale", "summary"),
    "revision_notes": ("what_was_wrong", "what_is_right"),
    "comments": ("body",),
}
"""The recorded texts a search now reaches, by table."""

CLAIM_OF_V17 = """
-- a hit names its row; these covering indexes give the claim without reading the wide row
-- (as version 6's do for interpretations, evidence and snapshots)
CREATE INDEX idx_evidence_wanted_claim_of ON evidence_wanted (id, claim_id);
CREATE INDEX idx_revision_triggers_claim_of ON revision_triggers (id, claim_id);
CREATE INDEX idx_decisions_claim_of ON decisions (id, claim_id);
CREATE INDEX idx_revision_notes_claim_of ON revision_notes (id, claim_id);
CREATE INDEX idx_comments_claim_of ON comments (id, claim_id);
"""


def add_search_all_v17(db: Database) -> None:
    """Version 17: full-text indexes over wanted evidence, triggers, decisions, notes and
    comments, kept current by triggers; the rows already on the desk are indexed."""
    for table, columns in SEARCHABLE_V17.items():
        db[table].enable_fts(columns, create_triggers=True)  # type: ignore[union-attr]
        db[table].rebuild_fts()  # type: ignore[union-attr]
    db.executescript(CLAIM_OF_V17)


migrate = add_search_all_v17
