"""Reviewer logins: given, changed and disabled (`deskcheck reviewer`), and logging in to a
served desk and out of it (the one door `deskcheck serve` uses).

Failed logins are limited per address and per login: ``FAILURES_ALLOWED`` in
``FAILURE_WINDOW``, counted and refused in the same write transaction that records them, so
that 150 simultaneous guesses get at most that many checked and the rest refused.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from deskcheck.data.logins import TOO_MANY, Login, canonical_login
from deskcheck.domain.errors import InvalidValue

if TYPE_CHECKING:
    from deskcheck.data import Desk

FAILURES_ALLOWED = 5  # failed logins per address, and per login, in FAILURE_WINDOW
FAILURE_WINDOW = timedelta(minutes=15)


@dataclass(frozen=True)
class Attempt:
    login: Login | None  # who is in, or None
    why: str  # why not: shown to no one but the server's log
    limited: bool  # refused unchecked: too many failures


def log_in(desk: Desk, typed_name: str, password: str, address: str) -> Attempt:
    since = (datetime.now(UTC) - FAILURE_WINDOW).strftime("%Y-%m-%dT%H:%M:%SZ")
    found, why = desk.attempt_login(typed_name, password, address, since, FAILURES_ALLOWED)
    return Attempt(found, why, why == TOO_MANY)


def log_out(desk: Desk, name: str, address: str, why: str = "logged out") -> None:
    """The login session ended (logged out, or the login changed): recorded as the
    reviewer's act; each open tab ends its own review session as it closes."""
    desk.record_logout(name, address, why)


def add_login(desk: Desk, name: str, password: str) -> str:
    """A login for a reviewer (the canonical name): refused when they have one."""
    canonical = canonical_login(name)
    if desk.login(canonical) is not None:
        raise InvalidValue(
            f"reviewer {canonical!r} already has a login: use `deskcheck reviewer passwd"
            f" {canonical}`"
        )
    return str(desk.add_login(canonical, password))


def change_password(desk: Desk, name: str, password: str) -> str:
    canonical = canonical_login(name)
    if desk.login(canonical) is None:
        raise InvalidValue(f"reviewer {canonical!r} has no login on this desk")
    return str(desk.set_password(canonical, password))


def set_disabled(desk: Desk, name: str, disabled: bool) -> str:
    return str(desk.set_login_disabled(name, disabled))
