from __future__ import annotations

"""Triggers that keep a table append-only, shared by the migrations that add one."""


def append_only_guards(table: str, key: str) -> str:
    """Triggers that refuse UPDATE, DELETE and an INSERT that would replace a row.

    The REPLACE guard matters: ``INSERT OR REPLACE`` deletes the old row without firing
    DELETE triggers unless recursive_triggers is on, and other SQLite clients leave it off.
    """
    return f"""
CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table}
BEGIN SELECT RAISE(ABORT, '{table} are append-only: record a new row instead'); END;
CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table}
BEGIN SELECT RAISE(ABORT, '{table} are append-only: nothing may be deleted'); END;
CREATE TRIGGER {table}_no_replace BEFORE INSERT ON {table}
WHEN EXISTS (SELECT 1 FROM {table} WHERE {key} = NEW.{key})
BEGIN SELECT RAISE(ABORT, '{table} are append-only: a row may not be replaced'); END;
"""
