"""What a value must be before the desk stores it, and which claim a row belongs to.

Shared by the subject modules (claims, evidence, interpretations, decisions, …). Every
message names the field and what it may be, for the reviewer to act on.
"""

from __future__ import annotations

from typing import Any

from deskcheck.data import queries
from deskcheck.data.sqlite_library import Database
from deskcheck.domain.due import parse_stored
from deskcheck.domain.errors import InvalidValue, UnknownRecord
from deskcheck.domain.moments import given_moment, past_moment
from deskcheck.domain.untrusted import make_visible
from deskcheck.domain.urls import BadURL, web_url

# the tables whose rows belong to one claim, by the words a reviewer reads
CLAIM_PARTS = {
    "custody_hops": "custody hop",
    "interpretations": "interpretation",
    "evidence": "evidence",
    "evidence_wanted": "evidence-wanted item",
    "revision_triggers": "revision trigger",
}


def choice(name: str, value: Any, allowed: tuple[Any, ...]) -> Any:
    if value not in allowed:
        raise InvalidValue(f"{name} {value!r} is not one of: {', '.join(str(a) for a in allowed)}")
    return value


def required(name: str, value: str | None) -> str:
    if value is None or not value.strip():
        raise InvalidValue(f"{name} is required and may not be empty")
    if "\x00" in value:  # SQLite's text functions stop at NUL: such text cannot be kept whole
        raise InvalidValue(f"{name} contains a NUL character, which a desk cannot store")
    return value


def web_address(name: str, value: str | None) -> str | None:
    """The one URL rule (``domain.urls``) where the desk stores a URL, whoever calls: an
    http(s) URL, normalised as a browser reads it, or None for none. ``javascript:`` and
    other schemes are refused here, not only in the forms and commands that lead here."""
    if value is None or not str(value).strip():
        return None
    if not isinstance(value, str):
        raise InvalidValue(f"{name} must be text, not {type(value).__name__}")
    try:
        return web_url(value)
    except BadURL as error:
        raise InvalidValue(f"{name}: {error}") from None


def only_fields(what: str, given: dict[str, Any], allowed: set[str]) -> None:
    unknown = set(given) - allowed
    if unknown:
        raise InvalidValue(f"cannot edit {', '.join(sorted(unknown))} of {what}")


def subject(claim_id: int) -> str:
    """The event subject of everything recorded about one claim."""
    return f"claim:{claim_id}"


def claim_exists(db: Database, claim_id: int) -> None:
    queries.require_claim(db, claim_id)


def claim_of(db: Database, table: str, row_id: int) -> int:
    """The claim a custody hop, interpretation, evidence item, … belongs to."""
    what = CLAIM_PARTS[table]  # our own table names only: never a name from outside
    row = db.execute(f'SELECT claim_id FROM "{table}" WHERE id = ?', [row_id]).fetchone()
    if row is None:
        raise UnknownRecord(f"no {what} {row_id} on this desk")
    return int(row[0])


def next_position(db: Database, table: str, claim_id: int) -> int:
    """Where a new custody hop or interpretation goes: after the claim's last one."""
    assert table in CLAIM_PARTS
    found = db.execute(
        f'SELECT coalesce(max(position), 0) FROM "{table}" WHERE claim_id = ?', [claim_id]
    ).fetchone()
    return 1 + int(found[0])


def expiry(value: str | None) -> str | None:
    """When a revision trigger stops watching: a UTC time as the desk stores it
    (``2026-12-01T17:00:00Z``), or None for never."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidValue(f"expiry must be text, not {type(value).__name__}")
    try:
        parse_stored(value)
    except InvalidValue:
        raise InvalidValue(
            f"expiry {make_visible(value[:60])!r} is not a UTC time such as 2026-12-01T17:00:00Z"
        ) from None
    return value


def past_time(name: str, value: str | None, now: str) -> str | None:
    """A time something already happened (``domain.moments``), read strictly whoever calls:
    a date that is no date, or a time after ``now`` (the desk's clock), is refused."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidValue(f"{name} must be text, not {type(value).__name__}")
    return past_moment(name, value, now)


def given_time(name: str, value: str | None) -> str | None:
    """A date or time someone else gave (a publisher's review date), read as strictly as
    ``past_time`` but not held against the desk's clock: a date that is no date is refused."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidValue(f"{name} must be text, not {type(value).__name__}")
    return given_moment(name, value)
