"""The desk's workflow on claims: who works on them, how urgent, in what state, by when,
with which tags, and what the reviewers say about them.

Each act takes several claims at once (the queue's marked claims) and records one event per
claim, all in the caller's one transaction: either every claim changes or none does.
Reviewer names are resolved by the desk's identity rule (``names.identity_key``), so a
look-alike of a reviewer's name reaches that reviewer and never a second person.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

from deskcheck.data.recorder import Recorder
from deskcheck.data.rules import choice, claim_exists, required, subject
from deskcheck.data.sqlite_library import Database
from deskcheck.domain.due import parse_stored
from deskcheck.domain.errors import InvalidValue
from deskcheck.domain.models import Activity, Comment
from deskcheck.domain.names import checked_name, identity_key
from deskcheck.domain.untrusted import make_visible
from deskcheck.domain.vocabulary import CLAIM_STATUSES, PRIORITIES

MAX_CLAIMS_AT_ONCE = 10_000
MAX_COMMENT_CHARS = 20_000
MAX_TAG_CHARS = 100
# an @name: up to the next space or punctuation that ends a sentence or a list
MENTION = re.compile(r"(?<![\w@])@([^\s@,;:!?()\[\]{}<>\"'`]+)")

WORKFLOW_EVENTS = (
    "claim.assigned",
    "claim.prioritised",
    "claim.status_changed",
    "claim.tag_added",
    "claim.tag_removed",
    "claim.due_set",
    "comment.added",
    "comments.merged",
)


# -- reviewers by identity ------------------------------------------------------------------


def reviewer_names(db: Database) -> list[str]:
    return [r[0] for r in db.execute("SELECT name FROM reviewers ORDER BY name")]


def known_reviewer(db: Database, name: str) -> str | None:
    """The reviewer on the desk that ``name`` names (the same to the eye), or None."""
    try:
        key = identity_key(checked_name("reviewer name", name))
    except InvalidValue:
        return None
    for other in reviewer_names(db):
        if other == name or identity_key(other) == key:
            return other
    return None


def require_reviewer(db: Database, name: str) -> str:
    checked_name("reviewer name", name)  # a refusal names what is wrong with the name
    found = known_reviewer(db, name)
    if found is None:
        known = ", ".join(make_visible(n) for n in reviewer_names(db)) or "none yet"
        raise InvalidValue(
            f"no reviewer {make_visible(name)!r} on this desk (reviewers: {known});"
            " a reviewer is added when they first record, or with `deskcheck reviewer add`"
        )
    return found


# -- the acts -------------------------------------------------------------------------------


def _claims(rec: Recorder, claim_ids: Iterable[int]) -> list[int]:
    ids = list(dict.fromkeys(claim_ids))
    if not ids:
        raise InvalidValue("no claim given: mark claims or name one")
    if len(ids) > MAX_CLAIMS_AT_ONCE:
        raise InvalidValue(f"at most {MAX_CLAIMS_AT_ONCE} claims at once")
    for claim_id in ids:
        if not isinstance(claim_id, int) or isinstance(claim_id, bool):
            raise InvalidValue(f"claim {claim_id!r} is not a claim number")
        claim_exists(rec.db, claim_id)
    return ids


def _change(
    rec: Recorder, claim_ids: Sequence[int], changes: dict[str, Any], kind: str, **extra: Any
) -> int:
    for claim_id in claim_ids:
        rec.update(
            "claims",
            claim_id,
            {**changes, "updated_at": rec.at},
            kind=kind,
            subject=subject(claim_id),
            extra=extra or None,
        )
    return len(claim_ids)


def assign(rec: Recorder, claim_ids: Iterable[int], assignee: str | None) -> str | None:
    """Assign claims to a reviewer of the desk (None: unassign). Returns the reviewer's
    name as the desk knows it (a look-alike of a name resolves to its owner)."""
    ids = _claims(rec, claim_ids)
    name = require_reviewer(rec.db, assignee) if assignee is not None else None
    _change(rec, ids, {"assignee": name}, "claim.assigned")
    return name


def set_priority(rec: Recorder, claim_ids: Iterable[int], priority: int) -> None:
    if isinstance(priority, bool):
        raise InvalidValue(f"priority {priority!r} is not one of: 1, 2, 3, 4")
    choice("priority", priority, PRIORITIES)
    _change(rec, _claims(rec, claim_ids), {"priority": priority}, "claim.prioritised")


def set_status(rec: Recorder, claim_ids: Iterable[int], status: str, reason: str) -> None:
    """Move claims to another status, saying why (the reason is in each claim's event)."""
    choice("status", status, CLAIM_STATUSES)
    required("the reason for the status change", reason)
    _change(rec, _claims(rec, claim_ids), {"status": status}, "claim.status_changed", reason=reason)


def set_due(
    rec: Recorder, claim_ids: Iterable[int], due_at: str | None, *, reason: str = ""
) -> None:
    """Give claims a due time (UTC, as stored: ``2026-12-01T17:00:00Z``), or clear it.

    ``reason`` says where the due time came from when not a reviewer's key (a feed's rule:
    ``reason="feed https://…: due in 4h"``)."""
    if due_at is not None:
        parse_stored(due_at)
    extra = {"reason": reason} if reason else {}
    _change(rec, _claims(rec, claim_ids), {"due_at": due_at}, "claim.due_set", **extra)


def checked_tag(tag: str) -> str:
    tag = checked_name("tag", tag)
    if len(tag) > MAX_TAG_CHARS:
        raise InvalidValue(f"tag is longer than {MAX_TAG_CHARS} characters")
    if "," in tag:  # the tag form (`#`) splits what is typed at commas
        raise InvalidValue(f"tag {tag!r} holds a comma: a tag is one word or phrase")
    return tag


def tag_from_outside(text: str) -> str | None:
    """A feed item's category as a tag a reviewer could have typed: hidden characters made
    visible, a comma read as a space, cut at the tag's length; None when nothing is left."""
    words = make_visible(text).replace(",", " ").split()
    tag = " ".join(words)[:MAX_TAG_CHARS].strip()
    return tag or None


def tag(
    rec: Recorder,
    claim_ids: Iterable[int],
    add: Iterable[str] = (),
    remove: Iterable[str] = (),
) -> int:
    """Add and remove tags; a tag a claim already has (or lacks) is left as it is.
    Returns how many tags were added or removed."""
    adding = [checked_tag(t) for t in dict.fromkeys(add)]
    removing = list(dict.fromkeys(remove))
    if not adding and not removing:
        raise InvalidValue("no tag given to add or remove")
    changed = 0
    for claim_id in _claims(rec, claim_ids):
        present = {
            r[0]
            for r in rec.db.execute("SELECT tag FROM claim_tags WHERE claim_id = ?", [claim_id])
        }
        for name in adding:
            if name not in present:
                rec.insert(
                    "claim_tags",
                    {"claim_id": claim_id, "tag": name},
                    kind="claim.tag_added",
                    subject=subject(claim_id),
                )
                changed += 1
        for name in removing:
            if name in present:
                rec.db.conn.execute(
                    "DELETE FROM claim_tags WHERE claim_id = ? AND tag = ?", [claim_id, name]
                )
                rec.event(
                    "claim.tag_removed",
                    subject(claim_id),
                    {"table": "claim_tags", "claim_id": claim_id, "tag": name},
                )
                changed += 1
    return changed


def mentioned(db: Database, body: str) -> tuple[list[str], list[str]]:
    """The reviewers an @name in ``body`` names (canonical names), and the @names that name
    nobody on the desk (as typed)."""
    found: list[str] = []
    unknown: list[str] = []
    for token in MENTION.findall(body):
        token = token.rstrip(".")
        name = known_reviewer(db, token) if token else None
        if name is None:
            unknown.append(token)
        elif name not in found:
            found.append(name)
    return found, unknown


def add_comment(rec: Recorder, claim_id: int, body: str) -> tuple[int, list[str], list[str]]:
    """Append a comment; returns its id, the reviewers it mentions, and @names that name
    nobody (kept in the text, not a mention)."""
    required("comment", body)
    if len(body) > MAX_COMMENT_CHARS:
        raise InvalidValue(f"a comment is at most {MAX_COMMENT_CHARS} characters")
    claim_exists(rec.db, claim_id)
    mentions, unknown = mentioned(rec.db, body)
    row = {
        "claim_id": claim_id,
        "body": body,
        "mentions": json.dumps(mentions, ensure_ascii=False),
        "reviewer": rec.actor,
        "written_at": rec.at,
    }
    comment_id = rec.insert("comments", row, kind="comment.added", subject=subject(claim_id))
    return comment_id, mentions, unknown


# -- reading --------------------------------------------------------------------------------


def comments(db: Database, claim_id: int) -> tuple[Comment, ...]:
    return tuple(
        Comment.from_stored(r)
        for r in db.query("SELECT * FROM comments WHERE claim_id = ? ORDER BY id", [claim_id])
    )


def _words(kind: str, body: dict[str, Any]) -> str:
    after = body.get("after") or {}
    before = body.get("before") or {}
    if kind == "claim.assigned":
        was = f" (was {before['assignee']})" if before.get("assignee") else ""
        return (f"assigned to {after['assignee']}" if after.get("assignee") else "unassigned") + was
    if kind == "claim.prioritised":
        return f"priority P{before.get('priority')} → P{after.get('priority')}"
    if kind == "claim.status_changed":
        old, new = (str(s or "").replace("_", " ") for s in (before.get("status"), after["status"]))
        return f"status {old} → {new}: {body.get('reason', '')}"
    if kind == "claim.tag_added":
        return f"tagged {body['row']['tag']}"
    if kind == "claim.tag_removed":
        return f"tag {body['tag']} removed"
    if kind == "claim.due_set":
        due = after.get("due_at")
        words = f"due {due.replace('T', ' ')[:16]}" if due else "due time cleared"
        return words + (f" ({body['reason']})" if body.get("reason") else "")
    if kind == "comment.added":
        return f"commented: {body['row']['body']}"
    if kind == "comments.merged":
        return f"merged {body['row']['reviewer']}'s comment: {body['row']['body']}"
    return kind


def _said(kind: str, body: Any) -> str:
    """An event in words; one this deskcheck cannot read is named by its kind, not a crash."""
    try:
        return _words(kind, body)
    except (KeyError, TypeError, AttributeError):
        return kind


def activity(db: Database, claim_id: int, limit: int = 200) -> tuple[Activity, ...]:
    """The claim's desk work, newest first, read from the event log (its history)."""
    marks = ", ".join("?" * len(WORKFLOW_EVENTS))
    rows = db.execute(
        f"SELECT seq, at, actor, kind, body FROM events WHERE subject = ? AND kind IN ({marks})"
        " ORDER BY seq DESC LIMIT ?",
        [subject(claim_id), *WORKFLOW_EVENTS, limit],
    ).fetchall()
    return tuple(
        Activity(seq, at, actor, kind, _said(kind, json.loads(body)))
        for seq, at, actor, kind, body in rows
    )
