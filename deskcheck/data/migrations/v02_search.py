"""Version 2: full-text search over claims, interpretations, evidence and snapshots."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database


SEARCHABLE: dict[str, tuple[str, ...]] = {
    "claims": ("text",),
    "interpretations": ("label", "statement", "implications"),
    "evidence": ("title", "excerpt"),
    "snapshots": ("title", "text"),
}
"""FTS5 indexes: claim text, interpretation statements, evidence title/excerpt, snapshot text."""


def add_search_v2(db: Database) -> None:
    """Version 2: full-text search, kept current by triggers; existing rows are indexed."""
    for table, columns in SEARCHABLE.items():
        db[table].enable_fts(columns, create_triggers=True)  # type: ignore[union-attr]
        db[table].rebuild_fts()  # type: ignore[union-attr]


migrate = add_search_v2
