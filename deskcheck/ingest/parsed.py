"""What a parser returns: the good items, the rejected ones with reasons, and warnings."""

from __future__ import annotations

from dataclasses import dataclass, field

from deskcheck.domain.models import IncomingClaim

MAX_CLAIM_CHARS = 20_000
MAX_CONTEXT_CHARS = 20_000


@dataclass
class Reject:
    position: int | None  # item number in the source, from 1
    reason: str
    excerpt: str = ""


@dataclass
class Parsed:
    format: str
    items: list[tuple[int, IncomingClaim]] = field(default_factory=list)  # (position, item)
    rejects: list[Reject] = field(default_factory=list)
    bozo: str | None = None  # the feed is malformed, but items were recovered
    title: str = ""
    notes: list[Reject] = field(default_factory=list)  # items kept with a part left out
    # pictures an item carries (position → where: a path in an export, a URL), for the
    # image intake to take in; text intake records them and leaves them
    photos: dict[int, str] = field(default_factory=dict)

    def reject(self, position: int | None, reason: str, excerpt: object = "") -> None:
        # the excerpt may hold the very bytes that were wrong: keep them as visible escapes
        self.rejects.append(Reject(position, reason, _shown(excerpt)))

    def note(self, position: int | None, reason: str, excerpt: object = "") -> None:
        """An item taken in with a part left out (a link that cannot be resolved)."""
        self.notes.append(Reject(position, reason, _shown(excerpt)))


def _shown(excerpt: object) -> str:
    return str(excerpt)[:300].encode("utf-8", "backslashreplace").decode("utf-8")


class SourceError(Exception):
    """The whole source cannot be read (not the format it claims, not text at all…)."""


def check_text(text: object, what: str = "text") -> str:
    """Text an item may carry: a non-empty string of valid Unicode (no lone surrogates)."""
    if text is None:
        raise ValueError(f"{what} is missing")
    if not isinstance(text, str):
        raise ValueError(f"{what} is not a string")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise ValueError(f"{what} is not valid Unicode (a lone surrogate)") from error
    if not text.strip():
        raise ValueError(f"{what} is empty")
    if "\x00" in text:
        raise ValueError(f"{what} contains a NUL character, which a desk cannot store")
    if len(text) > MAX_CLAIM_CHARS:
        raise ValueError(f"{what} is longer than {MAX_CLAIM_CHARS:,} characters")
    return text.strip()


def optional_text(value: object) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        value = str(value)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return None
    return value.strip() or None


def context_text(summary: str, claim: str) -> str:
    """An item's summary as the claim's context: valid text, not a repeat of the claim,
    cut at ``MAX_CONTEXT_CHARS`` (context is kept for the reviewer; the claim is whole)."""
    text = (optional_text(summary) or "").replace("\x00", "\ufffd")
    if not text or text == claim.strip():
        return ""
    if len(text) > MAX_CONTEXT_CHARS:
        return text[: MAX_CONTEXT_CHARS - 1] + "…"
    return text
