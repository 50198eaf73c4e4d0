"""Publication times from feeds, in the desk's one spelling: UTC, ``YYYY-MM-DDTHH:MM:SSZ``.

Parsing is python-dateutil's (already installed with sqlite-utils): it reads ISO 8601 and
RFC 2822 and the looser forms feeds use. A time without a zone is taken as UTC.
"""

from __future__ import annotations

import calendar
import time
from datetime import UTC, datetime

from dateutil import parser as date_parser


def _parse(text: str) -> datetime:
    try:  # ISO 8601, the common case, without dateutil's general tokenizer
        return datetime.fromisoformat(text)
    except ValueError:
        return date_parser.parse(text)


def to_desk_time(value: object) -> str | None:
    """A desk timestamp from a string or a ``time.struct_time``; None when unreadable."""
    if value is None or value == "":
        return None
    try:
        if isinstance(value, time.struct_time):  # feedparser's *_parsed, already UTC
            moment = datetime.fromtimestamp(calendar.timegm(value), UTC)
        else:
            moment = _parse(str(value))
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
            moment = moment.astimezone(UTC)
    except (ValueError, OverflowError, TypeError):
        return None
    return moment.replace(tzinfo=None).isoformat(timespec="seconds") + "Z"  # year 999 as 0999


def item_time(value: object) -> str | None:
    """An item's own date as the desk stores it, or the text as given when it cannot be
    read: the data layer then takes the item in without it, with a note on the run
    (``data.intake_rules``), rather than the date vanishing unsaid."""
    stored = to_desk_time(value)
    if stored is None and isinstance(value, str) and value.strip():
        return value.strip()[:200]
    return stored
