"""Who a request comes from: the serving key, the session cookie, sessions ended by logging
out, and the tabs each session has open."""

from __future__ import annotations

import contextlib
import json
import logging
import os
import secrets
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

log = logging.getLogger("deskcheck.serve")

COOKIE = "deskcheck_session"
SESSION_HOURS = 12
TABS_PER_SESSION = 4  # one cookie opening unlimited tabs was 363 MiB for eight


def secret_for(desk_path: Path) -> bytes:
    """The desk's serving secret: ``<desk>.serve-key`` beside the desk, made on first use,
    readable by its owner only. Delete it to end every session at once."""
    key_path = desk_path.with_name(desk_path.name + ".serve-key")
    try:
        fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        secret = key_path.read_bytes()
        if len(secret) < 32:
            raise ValueError(f"{key_path} is too short to be a serving key: delete it") from None
        return secret
    with os.fdopen(fd, "wb") as file:
        file.write(secrets.token_bytes(32))
    return key_path.read_bytes()


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


@dataclass
class Session:
    reviewer: str
    mode: str  # "token" or "team"
    stamp: str = ""  # the login's version (team): a new password, disable or enable voids it
    id: str = field(default_factory=lambda: secrets.token_urlsafe(16))  # what logout ends

    def as_cookie(self) -> dict[str, str]:
        return {"r": self.reviewer, "m": self.mode, "s": self.stamp, "i": self.id}

    @classmethod
    def from_cookie(cls, data: object) -> Session | None:
        if not isinstance(data, dict):
            return None
        return cls(
            str(data.get("r", "")), str(data.get("m", "")), str(data.get("s", "")),
            str(data.get("i", "")),
        )  # fmt: skip


class EndedSessions:
    """Sessions ended by logging out, kept until their cookie would have expired anyway, in
    ``<desk>.serve-logouts`` beside the key (owner only): a cookie copied before logout
    stays void, after a restart too."""

    def __init__(self, desk_path: Path, lifetime_seconds: float) -> None:
        self.path = desk_path.with_name(desk_path.name + ".serve-logouts")
        self.lifetime = lifetime_seconds
        self.ended = self._read()

    def __contains__(self, session_id: str) -> bool:
        return session_id in self.ended

    def _read(self) -> dict[str, float]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as error:
            log.warning("%s cannot be read (%s): delete it", self.path, error)
            return {}
        now = time.time()
        if not isinstance(data, dict):
            return {}
        return {str(k): float(v) for k, v in data.items() if isinstance(v, int | float) and v > now}

    def end(self, session_id: str) -> None:
        now = time.time()
        self.ended = {k: v for k, v in self.ended.items() if v > now}
        self.ended[session_id] = now + self.lifetime
        part = self.path.with_name(self.path.name + ".part")
        try:
            with contextlib.suppress(FileNotFoundError):
                part.unlink()
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
            with os.fdopen(os.open(part, flags, 0o600), "w") as file:
                json.dump(self.ended, file)
            os.replace(part, self.path)
        except OSError as error:  # ended here all the same; only a restart would forget it
            log.warning("could not keep the logout in %s: %s", self.path, error)


class OpenTabs:
    """How many tabs each session has open: a session may open ``limit``, no more."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.open: Counter[str] = Counter()

    def take(self, session_id: str) -> bool:
        """One more tab for the session, if it may have one (the caller gives it back)."""
        if self.open[session_id] >= self.limit:
            return False
        self.open[session_id] += 1
        return True

    def give_back(self, session_id: str) -> None:
        self.open[session_id] -= 1
        if self.open[session_id] <= 0:
            del self.open[session_id]
