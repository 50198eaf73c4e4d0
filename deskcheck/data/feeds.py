"""Recording subscriptions: feeds the desk refreshes on its own, with their rules, what each
refresh found, and how far each reviewer has read each feed."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from deskcheck.data.desk_work import checked_tag, known_reviewer
from deskcheck.data.recorder import Recorder
from deskcheck.data.rules import choice, required, web_address
from deskcheck.data.sqlite_library import Database
from deskcheck.domain.errors import InvalidValue, UnknownRecord
from deskcheck.domain.models import Subscription
from deskcheck.domain.names import checked_name
from deskcheck.domain.vocabulary import PRIORITIES

MIN_EVERY_MINUTES = 5  # politer than this to one feed is not polite
MAX_EVERY_MINUTES = 7 * 24 * 60
FEED_SUBJECT = "feed:{}"


def _later(at: str, minutes: int) -> str:
    when = datetime.strptime(at[:19], "%Y-%m-%dT%H:%M:%S").replace(tzinfo=UTC)
    return (when + timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M:%SZ")


def check_every(minutes: int) -> int:
    if isinstance(minutes, bool) or not isinstance(minutes, int):
        raise InvalidValue("the refresh interval is a whole number of minutes")
    if not MIN_EVERY_MINUTES <= minutes <= MAX_EVERY_MINUTES:
        raise InvalidValue(
            f"the refresh interval must be between {MIN_EVERY_MINUTES} minutes and"
            f" {MAX_EVERY_MINUTES // 1440} days, not {minutes:,} minutes"
        )
    return minutes


def _ensure_assignee(rec: Recorder, name: str) -> str:
    name = checked_name("assignee", name)
    # `Tomas` or a look-alike of `tomas` is tomas, as in `assign`: not refused as a new name
    found = known_reviewer(rec.db, name)
    if found is not None:
        return found
    if rec.table("reviewers").count_where("name = ?", [name]) == 0:
        from deskcheck.data.desk_setup import add_reviewer

        add_reviewer(rec, name, name)
    return name


def add_subscription(
    rec: Recorder,
    url: str,
    *,
    title: str = "",
    every_minutes: int = 30,
    tags: tuple[str, ...] = (),
    priority: int = 3,
    assignee: str | None = None,
    allow_private: bool = False,
) -> int:
    """Subscribe the desk to a feed (``url`` already normalised by the one URL rule). The
    first refresh is due at once."""
    url = required("feed URL", web_address("feed URL", url))
    check_every(every_minutes)
    choice("priority", priority, PRIORITIES)
    tags = tuple(sorted({checked_tag(t.strip()) for t in tags}))
    if rec.db.execute(
        "SELECT 1 FROM subscriptions WHERE url = ? AND state = 'active'", [url]
    ).fetchone():
        raise InvalidValue(f"the desk is already subscribed to {url}")
    row = {
        "url": url,
        "title": title,
        "every_minutes": every_minutes,
        "tags": list(tags),
        "priority": priority,
        "assignee": _ensure_assignee(rec, assignee) if assignee else None,
        "allow_private": int(allow_private),
        "added_by": rec.actor,
        "added_at": rec.at,
        "next_due_at": rec.at,
    }
    return rec.insert("subscriptions", row, kind="feed.subscribed", subject="feed:new")


def _active(rec: Recorder, subscription_id: int) -> None:
    row = rec.db.execute(
        "SELECT state FROM subscriptions WHERE id = ?", [subscription_id]
    ).fetchone()
    if row is None:
        raise UnknownRecord(f"no feed {subscription_id} on this desk")
    if row[0] != "active":
        raise InvalidValue(f"feed {subscription_id} was removed")


def remove_subscription(rec: Recorder, subscription_id: int, reason: str) -> None:
    """Stop refreshing a feed. The row stays (its claims point to it), with the reason."""
    required("the reason for removing the feed", reason)
    _active(rec, subscription_id)
    rec.update(
        "subscriptions",
        subscription_id,
        {"state": "removed", "removed_reason": reason},
        kind="feed.removed",
        subject=FEED_SUBJECT.format(subscription_id),
    )


def record_refresh(
    rec: Recorder,
    subscription_id: int,
    *,
    status: int | None,
    error: str | None,
    etag: str | None = None,
    last_modified: str | None = None,
    title: str | None = None,
    wait_minutes: int | None = None,
) -> None:
    """What one refresh found; the next is due after the feed's interval (or longer, when
    the server asked for it)."""
    every = rec.db.execute(
        "SELECT every_minutes FROM subscriptions WHERE id = ?", [subscription_id]
    ).fetchone()
    if every is None:
        raise UnknownRecord(f"no feed {subscription_id} on this desk")
    changes: dict[str, Any] = {
        "last_refresh_at": rec.at,
        "last_status": status,
        "last_error": error,
        "next_due_at": _later(rec.at, max(every[0], wait_minutes or 0)),
    }
    if status is not None and status < 300:  # a fresh answer: remember how to ask next time
        changes |= {"etag": etag, "last_modified": last_modified}
    if title:
        changes["title"] = title
    rec.update(
        "subscriptions",
        subscription_id,
        changes,
        kind="feed.refreshed",
        subject=FEED_SUBJECT.format(subscription_id),
    )


def mark_feed_read(rec: Recorder, subscription_id: int) -> None:
    """The recording reviewer has read the feed: every claim it brought so far."""
    last = rec.db.execute(
        "SELECT coalesce(max(id), 0) FROM claims WHERE subscription_id = ?", [subscription_id]
    ).fetchone()[0]
    found = rec.db.execute(
        "SELECT id FROM feed_reads WHERE subscription_id = ? AND reviewer = ?",
        [subscription_id, rec.actor],
    ).fetchone()
    subject = FEED_SUBJECT.format(subscription_id)
    if found:
        rec.update(
            "feed_reads",
            found[0],
            {"read_through": last, "read_at": rec.at},
            kind="feed.read",
            subject=subject,
        )
    else:
        row = {
            "subscription_id": subscription_id,
            "reviewer": rec.actor,
            "read_through": last,
            "read_at": rec.at,
        }
        rec.insert("feed_reads", row, kind="feed.read", subject=subject)


SUBSCRIPTIONS_SQL = """
SELECT s.*,
  (SELECT count(*) FROM claims c WHERE c.subscription_id = s.id) AS claims,
  (SELECT count(*) FROM claims c WHERE c.subscription_id = s.id
     AND c.id > coalesce((SELECT read_through FROM feed_reads r
                          WHERE r.subscription_id = s.id AND r.reviewer = :reviewer), 0))
    AS unread
FROM subscriptions s
"""


def _subscription(row: dict[str, Any]) -> Subscription:
    return Subscription.from_row({**row, "tags": tuple(json.loads(row["tags"] or "[]"))})


def subscriptions(
    db: Database, reviewer: str, *, include_removed: bool = False
) -> list[Subscription]:
    """Every feed (the active ones unless asked), with its claims and this reviewer's unread."""
    where = "" if include_removed else " WHERE s.state = 'active'"
    rows = db.query(SUBSCRIPTIONS_SQL + where + " ORDER BY s.id", {"reviewer": reviewer})
    return [_subscription(r) for r in rows]


def due_subscriptions(db: Database, now: str) -> list[Subscription]:
    rows = db.query(
        SUBSCRIPTIONS_SQL + " WHERE s.state = 'active' AND (s.next_due_at IS NULL"
        " OR s.next_due_at <= :now) ORDER BY s.next_due_at, s.id",
        {"reviewer": "", "now": now},
    )
    return [_subscription(r) for r in rows]


def subscription(db: Database, subscription_id: int, reviewer: str = "") -> Subscription:
    rows = list(
        db.query(
            SUBSCRIPTIONS_SQL + " WHERE s.id = :id", {"reviewer": reviewer, "id": subscription_id}
        )
    )
    if not rows:
        raise UnknownRecord(f"no feed {subscription_id} on this desk")
    return _subscription(rows[0])
