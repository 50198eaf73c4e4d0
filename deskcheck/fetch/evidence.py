"""Fetch one evidence URL and record what came back on the desk."""

from __future__ import annotations

from deskcheck.data import Desk
from deskcheck.fetch.fetcher import Fetcher, FetchResult
from deskcheck.fetch.limits import FetchLimits
from deskcheck.fetch.snapshot import link_state, snapshot_fields


def found_page(result: FetchResult) -> bool:
    """Whether the fetch found the page (not a server's error page, not nothing)."""
    return result.http_status is not None and result.http_status < 400


def fetch_evidence(
    desk: Desk,
    evidence_id: int,
    url: str,
    *,
    limits: FetchLimits | None = None,
    previous_sha256: str | None = None,
    take_title: bool = False,
) -> FetchResult:
    """Fetch ``url``, store a snapshot, and mark the evidence ok, changed or gone."""
    with Fetcher(limits) as fetcher:
        result = fetcher.fetch(url)
    fields = snapshot_fields(result)
    desk.record_fetch(
        evidence_id,
        fields,
        link_state=link_state(result, previous_sha256),
        # an error page's title ("Error response", "404 Not Found") is not the evidence's
        title=fields["title"] if take_title and fields["title"] and found_page(result) else None,
    )
    return result
