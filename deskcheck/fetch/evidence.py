"""Fetch one evidence URL and record what came back on the desk."""

from __future__ import annotations

from deskcheck.data import Desk
from deskcheck.fetch.fetcher import Fetcher, FetchResult
from deskcheck.fetch.limits import FetchLimits
from deskcheck.fetch.snapshot import link_state, snapshot_fields


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
        title=fields["title"] if take_title and fields["title"] else None,
    )
    return result
