"""Times a reviewer or a source gives for something that already happened (when a hop saw the
claim, when evidence was published), read strictly and stored as the desk stores times.

Accepted: an ISO 8601 date (``2026-06-14``, or only ``2026-06`` or ``2026`` when the source
says no more), a date and time (``2026-06-14 07:55``, UTC), or a time with an offset
(``2026-06-14T09:55:00+02:00``). A date alone stays a date, as given. Anything else is
refused with what was typed; so is a time later than now (a moment seen in the future is a
typing slip or a forgery, and would sort first for good).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from deskcheck.domain.errors import InvalidValue
from deskcheck.domain.untrusted import make_visible

DATE_ONLY = re.compile(r"\d{4}(-\d{2}){0,2}")
DATE_FORMATS = {4: "%Y", 7: "%Y-%m", 10: "%Y-%m-%d"}
CLOCK_SKEW = timedelta(minutes=5)  # two desks' clocks may differ a little


def past_moment(name: str, text: str, now: str) -> str:
    """``text`` as a stored UTC time (or a date), refused when malformed or after ``now``."""
    stored, moment = _read(name, text)
    _not_after(name, make_visible(text.strip()[:60]), moment, now)
    return stored


def given_moment(name: str, text: str) -> str:
    """``text`` as a stored UTC time (or a date), refused when malformed; not held against
    the desk's clock (a date someone else gave, such as a publisher's review date)."""
    return _read(name, text)[0]


def _read(name: str, text: str) -> tuple[str, datetime]:
    """(``text`` as stored, the moment it names, a date alone as its first instant)."""
    typed = text.strip()
    shown = make_visible(typed[:60])
    if DATE_ONLY.fullmatch(typed):
        try:
            day = datetime.strptime(typed, DATE_FORMATS[len(typed)]).replace(tzinfo=UTC)
        except ValueError:
            raise InvalidValue(f"{name} {shown!r} is not a date on the calendar") from None
        return typed, day
    try:
        moment = datetime.fromisoformat(typed.replace(" ", "T", 1))
    except ValueError:
        raise InvalidValue(
            f"{name} {shown!r} is not understood: use a date (2026-06-14) or a date and time"
            " (2026-06-14 07:55, UTC; or with an offset)"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    try:
        moment = moment.astimezone(UTC)
    except OverflowError:  # 0001-01-01T00:00:00+02:00: before the calendar's first day
        raise InvalidValue(f"{name} {shown!r} is not a date on the calendar") from None
    return moment.replace(tzinfo=None).isoformat(timespec="seconds") + "Z", moment


def _not_after(name: str, shown: str, moment: datetime, now: str) -> None:
    present = datetime.strptime(now, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    if moment > present + CLOCK_SKEW:
        raise InvalidValue(f"{name} {shown!r} is in the future (now is {now})")
