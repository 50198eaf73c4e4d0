"""The desk's clock: every timestamp on the desk is UTC, spelled ``YYYY-MM-DDTHH:MM:SSZ``."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# the desk's own spelling of a time (above) and the ISO 8601 forms a feed's dates were
# kept in: a year, a month, a date, or a date and time with an offset. Upper-case T and Z.
STRICT_TIME = re.compile(
    r"\d{4}(?:-\d{2}(?:-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,6})?)?(?:Z|[+-]\d{2}:\d{2})?)?)?)?"
)


def parsed_time(value: str) -> datetime | None:
    """``value`` as a time, or None when it is not one strictly (``9999-99-99``, a lower-case
    ``z``, ``T24:00:00Z``): such a value is refused, never taken as "not in the future"."""
    if not STRICT_TIME.fullmatch(value):
        return None
    if len(value) < 10:  # a year or a month: its first day
        value += "-01-01"[len(value) - 4 :]
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return when if when.tzinfo is not None else when.replace(tzinfo=UTC)


CLOCK_SKEW = timedelta(minutes=5)  # how far ahead of this machine a recorded time may be


def future_time(value: Any, now: datetime | None = None) -> bool:
    """Whether ``value`` is a time later than now (with the clock skew allowed)."""
    when = parsed_time(value) if isinstance(value, str) else None
    return when is not None and when > (now or datetime.now(UTC)) + CLOCK_SKEW
