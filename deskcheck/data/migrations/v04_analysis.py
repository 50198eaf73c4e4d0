"""Version 4: evidence relevance and derivation, relations between interpretations."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


ANALYSIS_V4 = """
ALTER TABLE evidence ADD COLUMN relevance TEXT NOT NULL DEFAULT 'medium'
    CHECK (relevance IN ('high', 'medium', 'low'));
-- what an item repeats or reports: another evidence item, or a hop of the custody chain;
-- corroboration counts the independent roots these links lead to
ALTER TABLE evidence ADD COLUMN derived_from_evidence_id INTEGER REFERENCES evidence(id);
ALTER TABLE evidence ADD COLUMN derived_from_hop_id INTEGER REFERENCES custody_hops(id);

CREATE TABLE interpretation_relations (
    first_id INTEGER NOT NULL REFERENCES interpretations(id),
    second_id INTEGER NOT NULL REFERENCES interpretations(id),
    relation TEXT NOT NULL CHECK (relation IN ('exclusive', 'compatible')),
    PRIMARY KEY (first_id, second_id),
    CHECK (first_id < second_id)
);
"""


def add_analysis_v4(db: Database) -> None:
    """Version 4: evidence relevance and derivation (for weighted scores and independent
    roots), and whether two interpretations exclude each other or can both hold."""
    db.executescript(ANALYSIS_V4)


migrate = add_analysis_v4
