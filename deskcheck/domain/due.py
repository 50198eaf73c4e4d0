"""Due times as a reviewer types them, and as the desk stores them (UTC, ISO 8601).

A reviewer types an absolute time (``2026-12-01``, ``2026-12-01 17:00``, an ISO 8601 time
with an offset) or one relative to now (``+2h``, ``+3d``, ``+1w``, ``30m``). A date alone
means the end of that working day (17:00 UTC). Anything else is refused with what was
typed and what is accepted: a due time the desk guessed at would be worse than none.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from deskcheck.domain.errors import InvalidValue
from deskcheck.domain.untrusted import make_visible

STORED_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
END_OF_DAY = (17, 0)
MAX_AHEAD = timedelta(days=3650)  # ten years: further is a typing slip, not a deadline
RELATIVE = re.compile(r"\+?\s*(\d{1,6})\s*(m|min|h|d|w)", re.IGNORECASE)
UNITS = {"m": "minutes", "min": "minutes", "h": "hours", "d": "days", "w": "weeks"}
ACCEPTED = "a date (2026-12-01), a date and time (2026-12-01 17:00, UTC) or +30m, +2h, +3d, +1w"


def as_stored(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(STORED_FORMAT)


def parse_stored(text: str) -> datetime:
    """A due time as the desk stores it; anything else is refused."""
    try:
        return datetime.strptime(text, STORED_FORMAT).replace(tzinfo=UTC)
    except (TypeError, ValueError):
        raise InvalidValue(
            f"due time {make_visible(str(text))!r} is not a UTC time such as 2026-12-01T17:00:00Z"
        ) from None


def _refused(text: str, why: str = "") -> InvalidValue:
    shown = make_visible(text[:60])
    return InvalidValue(f"due time {shown!r} is not understood{why}: use {ACCEPTED}")


def parse_due(text: str, now: str) -> str:
    """The due time ``text`` means, typed at ``now`` (the desk's clock), as stored."""
    typed = text.strip()
    base = parse_stored(now) if now.endswith("Z") else datetime.fromisoformat(now)
    if not typed:
        raise _refused(text)
    relative = RELATIVE.fullmatch(typed)
    if relative:
        amount, unit = int(relative.group(1)), relative.group(2).lower()
        step = timedelta(**{UNITS[unit]: amount})
        if step > MAX_AHEAD:
            raise _refused(text, " (more than ten years ahead)")
        return as_stored(base + step)
    try:
        moment = datetime.fromisoformat(typed.replace(" ", "T", 1))
    except ValueError:
        raise _refused(text) from None
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", typed):
        moment = moment.replace(hour=END_OF_DAY[0], minute=END_OF_DAY[1])
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    if moment.year < 2000:
        raise _refused(text, " (before the year 2000)")
    if moment - base > MAX_AHEAD:
        raise _refused(text, " (more than ten years ahead)")
    return as_stored(moment)


def is_overdue(due_at: str | None, now: datetime) -> bool:
    """Whether a due time has passed (``now`` naive UTC or aware)."""
    if not due_at:
        return False
    try:
        due = parse_stored(due_at)
    except InvalidValue:
        return False
    moment = now if now.tzinfo else now.replace(tzinfo=UTC)
    return due < moment


def until(due_at: str, now: datetime) -> str:
    """How long until a due time, or how long past it (``-3h``), in one short word."""
    due = parse_stored(due_at)
    moment = now if now.tzinfo else now.replace(tzinfo=UTC)
    seconds = int((due - moment).total_seconds())
    sign = "-" if seconds < 0 else ""
    seconds = abs(seconds)
    for unit, size in (("w", 7 * 86400), ("d", 86400), ("h", 3600)):
        if seconds >= size:
            return f"{sign}{seconds // size}{unit}"
    return f"{sign}{seconds // 60}m"
