"""Reviewer logins for `deskcheck serve --team`: who may log in, and the logins refused.

A login is a reviewer's canonical name and a password hash (scrypt, from the standard
library: ``hashlib.scrypt``). The password itself is never stored, never put in an event,
and never returned. Events name what changed (added, password changed, disabled, enabled)
and carry the SHA-256 of the stored hash (``hash_digest``), never the hash: ``verify`` proves
every login row against them (a hash copied from another login, a login re-enabled by hand
are caught), and neither the log nor anything copied from it carries a hash to attack.

Login names are canonical: NFKC-normalised, case-folded, and made of a–z, 0–9, ``.``, ``_``
and ``-`` only, so that two names which look alike (``Mara`` and ``mara``, or a Cyrillic
``а`` for a Latin ``a``) are the same login or refused, never two people.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import unicodedata
from dataclasses import dataclass

from deskcheck.data.desk_setup import refuse_look_alike
from deskcheck.data.recorder import Recorder
from deskcheck.data.sqlite_library import Database
from deskcheck.domain.errors import InvalidValue, UnknownRecord

NAME_PATTERN = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")
MIN_PASSWORD = 10
MAX_PASSWORD = 1024  # longer is refused before it is hashed: no megabyte "passwords"
MAX_TYPED_NAME = 80  # a name is quoted in an error cut to this length
TOO_MANY = "too many failed logins"

# scrypt's cost: N=2**15, r=8, p=1 is the cost OWASP recommends (about 32 MiB, ~50 ms)
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1
SCRYPT_MAXMEM = 64 * 1024 * 1024


@dataclass(frozen=True)
class Login:
    name: str
    disabled: bool
    stamp: str  # changes whenever the password does: a session made before is void
    created_at: str
    changed_at: str


def canonical_login(name: str) -> str:
    """The one spelling of a login name, or InvalidValue naming what is allowed."""
    folded = unicodedata.normalize("NFKC", name or "").strip().casefold()
    if not NAME_PATTERN.fullmatch(folded):
        raise InvalidValue(
            f"login name {name[:MAX_TYPED_NAME]!r} may have only letters a–z, digits, '.', '_'"
            " and '-' (at most 64, starting with a letter or digit)"
        )
    return folded


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=SCRYPT_MAXMEM, dklen=32
    )


def hash_password(password: str) -> str:
    """``scrypt$N$r$p$salt$hash`` for a password that meets the desk's rules."""
    if len(password) < MIN_PASSWORD:
        raise InvalidValue(f"a password needs at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise InvalidValue(f"a password may have at most {MAX_PASSWORD} characters")
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(digest)}"


def password_matches(password: str, stored: str) -> bool:
    """Whether ``password`` is the one ``stored`` was made from (constant-time compare)."""
    if len(password) > MAX_PASSWORD:
        return False
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        found = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p))
    except ValueError:
        return False
    return hmac.compare_digest(found, expected)


def hash_digest(password_hash: str) -> str:
    """What the log keeps of a password hash: its SHA-256 (the hash is salted scrypt, so
    this says nothing of the password, and cannot be used to log in)."""
    return hashlib.sha256(password_hash.encode("utf-8")).hexdigest()


# the acts that change who may log in with a login: each makes its sessions void
LOGIN_STATE_KINDS = ("login.added", "login.password_changed", "login.disabled", "login.enabled")


def _stamp(db: Database, name: str, password_hash: str) -> str:
    """The login's version: its password and the last act on it. Re-enabling a login, or
    setting the same password again, makes a new version, so no session made before
    survives it (a stamp of the hash alone let re-enabling revive old cookies)."""
    row = db.execute(
        f"SELECT max(seq) FROM events WHERE subject = ? AND kind IN"
        f" ({', '.join('?' for _ in LOGIN_STATE_KINDS)})",
        [f"reviewer:{name}", *LOGIN_STATE_KINDS],
    ).fetchone()
    version = f"{password_hash}|{row[0] if row else None}"
    return hashlib.sha256(version.encode("ascii")).hexdigest()[:16]


# a hash to check against when the name is unknown, so that an unknown name takes as long
# to refuse as a wrong password (made once, on first use)
_DUMMY: list[str] = []


def _dummy_hash() -> str:
    if not _DUMMY:
        _DUMMY.append(hash_password(secrets.token_hex(16)))
    return _DUMMY[0]


# -- recording --------------------------------------------------------------------------------


def add_login(rec: Recorder, name: str, password: str) -> str:
    """A new login (and, if needed, the reviewer it belongs to); returns its canonical name."""
    name = canonical_login(name)
    password_hash = hash_password(password)
    if rec.table("reviewer_logins").count_where("name = ?", [name]):
        raise InvalidValue(
            f"reviewer {name!r} already has a login: use `deskcheck reviewer passwd {name}`"
        )
    if rec.table("reviewers").count_where("name = ?", [name]) == 0:
        refuse_look_alike(rec, name)  # one person, one name: as on every other way in
        rec.table("reviewers").insert({"name": name, "display_name": name, "created_at": rec.at})
        rec.event("reviewer.added", f"reviewer:{name}", {"name": name})
    rec.db.conn.execute(
        "INSERT INTO reviewer_logins (name, password_hash, disabled, created_at, changed_at)"
        " VALUES (?, ?, 0, ?, ?)",
        [name, password_hash, rec.at, rec.at],
    )
    rec.event("login.added", f"reviewer:{name}", {"name": name, "hash": hash_digest(password_hash)})
    return name


def _existing(rec: Recorder, name: str) -> str:
    name = canonical_login(name)
    if rec.table("reviewer_logins").count_where("name = ?", [name]) == 0:
        raise UnknownRecord(
            f"reviewer {name!r} has no login on this desk (add one: deskcheck reviewer add {name})"
        )
    return name


def set_password(rec: Recorder, name: str, password: str) -> str:
    """A new password for a login; sessions made with the old one stop working."""
    name = _existing(rec, name)
    password_hash = hash_password(password)
    rec.db.conn.execute(
        "UPDATE reviewer_logins SET password_hash = ?, changed_at = ? WHERE name = ?",
        [password_hash, rec.at, name],
    )
    body = {"name": name, "hash": hash_digest(password_hash)}
    rec.event("login.password_changed", f"reviewer:{name}", body)
    return name


def set_disabled(rec: Recorder, name: str, disabled: bool = True) -> str:
    """Disable (or enable again) a login; a disabled login's sessions stop at once."""
    name = _existing(rec, name)
    rec.db.conn.execute(
        "UPDATE reviewer_logins SET disabled = ?, changed_at = ? WHERE name = ?",
        [int(disabled), rec.at, name],
    )
    rec.event("login.disabled" if disabled else "login.enabled", f"reviewer:{name}", {"name": name})
    return name


def record_login(rec: Recorder, name: str, address: str) -> None:
    """A reviewer logged in through `serve` from ``address``: recorded as that reviewer's
    act, not as the act of whoever started the server."""
    rec.actor = name
    rec.event("login.succeeded", f"reviewer:{name}", {"name": name, "address": address})


def record_logout(rec: Recorder, name: str, address: str, why: str) -> None:
    """A reviewer's login session ended: logged out, or the login changed under it."""
    rec.actor = name
    rec.event(
        "login.session_ended", f"reviewer:{name}", {"name": name, "address": address, "why": why}
    )


def record_login_failure(rec: Recorder, typed_name: str, address: str, reason: str) -> None:
    """A login refused: the login's name when it is one, where it came from and why. A name
    that is no login is not kept (counted only): it may be a password typed one field too
    soon, and the log leaves the desk in every bundle."""
    known = login(rec.db, typed_name)
    name = known.name if known is not None else ""
    row = {"name": name, "address": address, "reason": reason, "at": rec.at}
    rec.insert("login_failures", row, kind="login.failed", subject=f"address:{address}")


def attempt_login(
    rec: Recorder, typed_name: str, password: str, address: str, since: str, allowed: int
) -> tuple[Login | None, str]:
    """One login attempt, counted and refused in the caller's one write transaction: when
    ``allowed`` logins from this address, or for this login, were refused since ``since``,
    (None, "too many") with nothing checked or recorded; otherwise the password is checked
    and the outcome recorded before the transaction ends, so that simultaneous attempts
    see each other's failures (they queue on the desk's write lock)."""
    known = login(rec.db, typed_name)
    by_address = rec.db.execute(
        "SELECT count(*) FROM login_failures WHERE address = ? AND at >= ?", [address, since]
    ).fetchone()[0]
    by_name = 0
    if known is not None:
        by_name = rec.db.execute(
            "SELECT count(*) FROM login_failures WHERE name = ? AND at >= ?", [known.name, since]
        ).fetchone()[0]
    if by_address >= allowed or by_name >= allowed:
        return None, TOO_MANY
    found, why = check_password(rec.db, typed_name, password)
    if found is None:
        record_login_failure(rec, typed_name, address, why)
        return None, why
    record_login(rec, found.name, address)
    return found, ""


# -- reading ----------------------------------------------------------------------------------


def login(db: Database, name: str) -> Login | None:
    """The login of that name, if there is one (name canonicalised first)."""
    try:
        name = canonical_login(name)
    except InvalidValue:
        return None
    row = db.execute(
        "SELECT name, password_hash, disabled, created_at, changed_at FROM reviewer_logins"
        " WHERE name = ?",
        [name],
    ).fetchone()
    if row is None:
        return None
    stamp = _stamp(db, str(row[0]), str(row[1]))
    return Login(str(row[0]), bool(row[2]), stamp, str(row[3]), str(row[4]))


def logins(db: Database) -> list[Login]:
    names = [str(r[0]) for r in db.execute("SELECT name FROM reviewer_logins ORDER BY name")]
    return [found for n in names if (found := login(db, n)) is not None]


def check_password(db: Database, name: str, password: str) -> tuple[Login | None, str]:
    """(the login, "") when the name and password are right and the login is enabled;
    (None, why) otherwise. An unknown name costs as much time as a wrong password."""
    try:
        canonical = canonical_login(name)
    except InvalidValue:
        password_matches(password, _dummy_hash())
        return None, "not a login name"
    row = db.execute(
        "SELECT password_hash FROM reviewer_logins WHERE name = ?", [canonical]
    ).fetchone()
    if row is None:
        password_matches(password, _dummy_hash())
        return None, "no such login"
    if not password_matches(password, str(row[0])):
        return None, "wrong password"
    found = login(db, canonical)
    if found is None or found.disabled:
        return None, "login disabled"
    return found, ""
