"""The desk schema, one module per version.

``PRAGMA user_version`` is the schema version. Each module's ``migrate`` takes a desk from
version N-1 to N; ``upgrade`` runs the pending ones inside one ``BEGIN IMMEDIATE``
transaction, so two reviewers opening an old desk at the same moment cannot both migrate it,
and a failed upgrade leaves the desk as it was. A migration may return the row fixes it made,
which the upgrade records as events.

The tables follow DESIGN.md's domain words. CHECK constraints come from ``vocabulary``.
To add a version: a new module ``vNN_subject.py`` with ``migrate``, listed below.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from deskcheck.data.migrations import (
    v01_create,
    v02_search,
    v03_sources,
    v04_analysis,
    v05_confirmation,
    v06_search_lookup,
    v07_chain_guard,
    v08_logins,
    v09_exchange,
    v10_desk_work,
    v11_workflow,
    v12_matching,
    v13_published_key,
    v14_publications,
    v15_border,
    v16_pictures,
    v17_search_all,
)

if TYPE_CHECKING:
    from sqlite_utils import Database

Migration = Callable[["Database"], "list[dict[str, Any]] | None"]

MIGRATIONS: tuple[Migration, ...] = (
    v01_create.migrate,
    v02_search.migrate,
    v03_sources.migrate,
    v04_analysis.migrate,
    v05_confirmation.migrate,
    v06_search_lookup.migrate,
    v07_chain_guard.migrate,
    v08_logins.migrate,
    v09_exchange.migrate,
    v10_desk_work.migrate,
    v11_workflow.migrate,
    v12_matching.migrate,
    v13_published_key.migrate,
    v14_publications.migrate,
    v15_border.migrate,
    v16_pictures.migrate,
    v17_search_all.migrate,
)
SCHEMA_VERSION = len(MIGRATIONS)
BASELINE_VERSION = 7
"""From this version on every row has its event; a desk upgraded from before records a
baseline event for the rows that lack one (see ``table_check.baseline_bodies``)."""
PUBLISHED_RECORDED_VERSION = MIGRATIONS.index(v15_border.migrate) + 1
"""From this version on every published fact-check and login is vouched for by an event (a
desk upgraded from before records a ``published.baseline`` and ``login.baseline``s)."""
