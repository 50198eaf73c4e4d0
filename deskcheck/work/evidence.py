"""Adding evidence to a claim: record it, then fetch its URL and keep a snapshot."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from deskcheck.domain.clock import utc_now
from deskcheck.domain.errors import InvalidValue
from deskcheck.domain.moments import past_moment
from deskcheck.domain.urls import BadURL, web_url
from deskcheck.fetch.limits import FetchLimits
from deskcheck.work.policy import fetch_limits

if TYPE_CHECKING:
    from deskcheck.data import Desk


@dataclass(frozen=True)
class NewEvidence:
    """An evidence item as a reviewer gives it (a form, or `deskcheck add-evidence`)."""

    url: str | None = None
    title: str = ""  # empty: the page's own title once fetched, else the URL
    excerpt: str = ""
    kind: str = "document"
    reliability: str = "F"  # Admiralty source reliability A–F (F: cannot be judged)
    credibility: int = 6  # information credibility 1–6 (6: cannot be judged)
    relevance: str = "medium"
    derived_from_evidence_id: int | None = None
    derived_from_hop_id: int | None = None
    published_at: str | None = None  # as typed: read by ``moments.past_moment``
    fetch: bool = True  # False: keep the URL, fetch it later (`deskcheck check`)


@dataclass(frozen=True)
class EvidenceAdded:
    evidence_id: int
    fetched: bool = False
    http_status: int | None = None
    byte_size: int = 0
    error: str | None = None

    @property
    def outcome(self) -> str:
        """What the fetch found, in words: ``HTTP 200, 1,234 bytes`` or ``failed: …``."""
        if not self.fetched:
            return "not fetched"
        text = (
            f"HTTP {self.http_status}, {self.byte_size:,} bytes" if self.http_status else "failed"
        )
        return text + (f": {self.error}" if self.error else "")


def add_evidence(
    desk: Desk,
    claim_id: int,
    item: NewEvidence,
    *,
    added: Callable[[int], None] | None = None,
    base_limits: FetchLimits | None = None,
    typed_here: bool = True,
) -> EvidenceAdded:
    """Record the item; then, when it has a URL, fetch it (``added`` is told the new id in
    between, so a screen can show the item while the fetch runs). The URL was typed by the
    reviewer, so it may be on the newsroom's intranet (see ``policy``), unless it was typed
    from afar (``typed_here`` False: through `serve`, whose browser must not reach the host's
    network). A URL that is not a
    web URL is refused before anything is recorded (InvalidValue, with the reason)."""
    url = None
    if item.url:
        try:
            url = web_url(item.url)
        except BadURL as error:
            raise InvalidValue(f"evidence URL {item.url!r}: {error}") from None
    published_at = (
        past_moment("published", item.published_at, utc_now()) if item.published_at else None
    )
    evidence_id = desk.add_evidence(
        claim_id,
        item.title or url or "untitled",
        url=url,
        excerpt=item.excerpt,
        kind=item.kind,
        reliability=item.reliability,
        credibility=item.credibility,
        relevance=item.relevance,
        derived_from_evidence_id=item.derived_from_evidence_id,
        derived_from_hop_id=item.derived_from_hop_id,
        published_at=published_at,
    )
    if added is not None:
        added(evidence_id)
    if not url or not item.fetch:
        return EvidenceAdded(evidence_id)
    from deskcheck.fetch.evidence import fetch_evidence  # httpx only when fetching

    limits = fetch_limits(
        desk, typed_by_reviewer=typed_here, from_afar=not typed_here, base=base_limits
    )
    result = fetch_evidence(desk, evidence_id, url, limits=limits, take_title=not item.title)
    return EvidenceAdded(
        evidence_id,
        fetched=True,
        http_status=result.http_status,
        byte_size=result.byte_size or 0,
        error=result.error,
    )


def edit_evidence(desk: Desk, evidence_id: int, *, url: str | None, **changes: object) -> None:
    """An evidence item's fields as a reviewer edited them; its URL under the one URL rule
    (None: it has none)."""
    if url is not None:
        try:
            url = web_url(url)
        except BadURL as error:
            raise InvalidValue(f"the evidence's URL: {error}") from None
    desk.edit_evidence(evidence_id, url=url, **changes)
