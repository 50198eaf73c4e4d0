"""Saved queues: a named filter, sort and search, stored in the desk so the team shares it.

The query is kept as JSON with the queue's own words (statuses, verdicts, tag, assignee,
search, sort, mine, unassigned). "mine" is kept as a flag, not a name: a saved "my work"
queue shows each reviewer their own claims. A stored query is read back strictly: another
program could have written anything into the column, and a queue that cannot be read is
refused with its name, never guessed at.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import Any

from deskcheck.data.queue import SORTS, QueueQuery
from deskcheck.data.recorder import Recorder
from deskcheck.data.sqlite_library import Database
from deskcheck.domain.errors import InvalidValue, UnknownRecord
from deskcheck.domain.names import checked_name, identity_key
from deskcheck.domain.untrusted import make_visible

MAX_QUEUE_NAME = 80
MAX_TEXT = 1000


@dataclass(frozen=True)
class SavedQueue:
    id: int
    name: str
    query: dict[str, Any]  # as stored (see ``query_from_saved``)
    saved_by: str
    saved_at: str


def saved_form(query: QueueQuery) -> dict[str, Any]:
    """What a saved queue keeps of a queue (the view, not this moment's paging)."""
    return {
        "statuses": list(query.statuses),
        "verdicts": list(query.verdicts),
        "tag": query.tag,
        "assignee": query.assignee,
        "search": query.search,
        "sort": query.sort,
        "mine": bool(query.mine),
        "unassigned": query.unassigned,
    }


def _texts(name: str, value: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise InvalidValue(f"saved queue field {name} is not a list of words")
    return tuple(value)


def _text(name: str, value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        raise InvalidValue(f"saved queue field {name} is not text")
    return value


def query_from_saved(saved: dict[str, Any], reviewer: str) -> QueueQuery:
    """The queue a saved query means for ``reviewer`` (who "mine" is)."""
    if not isinstance(saved, dict):
        raise InvalidValue("a saved queue is not a JSON object")
    unknown = set(saved) - set(saved_form(QueueQuery()))
    if unknown:
        raise InvalidValue(f"a saved queue has unknown fields: {', '.join(sorted(unknown))}")
    sort = saved.get("sort", "newest")
    if sort not in SORTS:
        raise InvalidValue(
            f"a saved queue's sort {make_visible(str(sort))!r} is not one of: {', '.join(SORTS)}"
        )
    for flag in ("mine", "unassigned"):
        if not isinstance(saved.get(flag, False), bool):
            raise InvalidValue(f"saved queue field {flag} is not true or false")
    return QueueQuery(
        statuses=_texts("statuses", saved.get("statuses", [])),
        verdicts=_texts("verdicts", saved.get("verdicts", [])),
        tag=_text("tag", saved.get("tag")),
        assignee=_text("assignee", saved.get("assignee")),
        search=_text("search", saved.get("search")),
        sort=sort,
        mine=reviewer if saved.get("mine") else None,
        unassigned=bool(saved.get("unassigned", False)),
    )


def checked_queue_name(name: str) -> str:
    name = checked_name("queue name", name)
    if len(name) > MAX_QUEUE_NAME:
        raise InvalidValue(f"queue name is longer than {MAX_QUEUE_NAME} characters")
    return name


def _row(row: dict[str, Any]) -> SavedQueue:
    try:
        query = json.loads(row["query"])
    except (TypeError, ValueError):
        query = {"unreadable": True}
    return SavedQueue(row["id"], row["name"], query, row["saved_by"], row["saved_at"])


def saved_queues(db: Database) -> list[SavedQueue]:
    return [_row(r) for r in db.query("SELECT * FROM saved_queues ORDER BY name, id")]


def find_queue(db: Database, name: str) -> SavedQueue | None:
    """The saved queue ``name`` names: exactly, else the same to the eye (case, look-alikes)."""
    queues = saved_queues(db)
    exact = [q for q in queues if q.name == name]
    if exact:
        return exact[0]
    try:
        key = identity_key(name)
    except InvalidValue:
        return None
    return next((q for q in queues if identity_key(q.name) == key), None)


def require_queue(db: Database, name: str) -> SavedQueue:
    found = find_queue(db, name)
    if found is None:
        names = ", ".join(make_visible(q.name) for q in saved_queues(db)) or "none yet"
        raise UnknownRecord(f"no saved queue {make_visible(name)!r} (saved queues: {names})")
    return found


def save_queue(rec: Recorder, name: str, query: QueueQuery) -> tuple[int, bool]:
    """Save ``query`` under ``name``; a queue of that name (or a look-alike of it) is
    replaced, its old query kept in the event. Returns its id and whether it replaced one."""
    name = checked_queue_name(name)
    form = saved_form(replace(query, now=None))
    query_from_saved(form, rec.actor)  # what is saved can be read back
    stored = json.dumps(form, ensure_ascii=False, sort_keys=True)
    existing = find_queue(rec.db, name)
    if existing is not None:
        rec.update(
            "saved_queues",
            existing.id,
            {"query": stored, "saved_by": rec.actor, "saved_at": rec.at},
            kind="queue.saved",
            subject=f"queue:{existing.id}",
        )
        return existing.id, True
    row = {"name": name, "query": stored, "saved_by": rec.actor, "saved_at": rec.at}
    return rec.insert("saved_queues", row, kind="queue.saved", subject="queue:new"), False


def remove_queue(rec: Recorder, name: str) -> SavedQueue:
    found = require_queue(rec.db, name)
    rec.db.conn.execute("DELETE FROM saved_queues WHERE id = ?", [found.id])
    rec.event(
        "queue.removed",
        f"queue:{found.id}",
        {"table": "saved_queues", "id": found.id, "name": found.name, "query": found.query},
    )
    return found


def describe_saved(saved: dict[str, Any]) -> str:
    """A saved query in words (for lists of saved queues)."""
    if not isinstance(saved, dict) or saved.get("unreadable"):
        return "unreadable"
    parts = [f"sorted {saved.get('sort', 'newest')}"]
    for key in ("statuses", "verdicts"):
        if saved.get(key) and isinstance(saved[key], list):
            parts.append(
                f"{key[:-1] if key != 'statuses' else 'status'} {', '.join(map(str, saved[key]))}"
            )
    for key in ("tag", "assignee", "search"):
        if saved.get(key):
            parts.append(f"{key} {saved[key]}")
    if saved.get("mine"):
        parts.append("mine")
    if saved.get("unassigned"):
        parts.append("unassigned")
    return " · ".join(parts)
