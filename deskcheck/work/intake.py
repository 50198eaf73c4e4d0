"""Taking claims in from a feed, a page or a file the reviewer names."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from deskcheck.domain.urls import BadURL, web_url
from deskcheck.fetch.fetcher import Fetcher
from deskcheck.fetch.limits import FetchLimits
from deskcheck.ingest.pipeline import IngestReport, Progress, printable
from deskcheck.ingest.pipeline import ingest as ingest_source
from deskcheck.work.pictures import keep_item_pictures
from deskcheck.work.policy import fetch_limits

if TYPE_CHECKING:
    from deskcheck.data import Desk


def _folder_of(source: str) -> Path | None:
    """The folder of a source that is a file here (its pictures may sit beside it)."""
    if source == "-" or "://" in source[:16]:
        return None
    path = Path(source)
    return path.parent if path.is_file() else None


def ingest(
    desk: Desk,
    source: str,
    *,
    format: str | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    base_limits: FetchLimits | None = None,
    claim_id: int | None = None,
    typed_here: bool = True,
) -> IngestReport:
    """Read ``source`` (a URL, a file, or ``-``) and take its items onto the desk. The
    source is the reviewer's choice, so it may be on the newsroom's network, unless it was
    typed from afar (``typed_here`` False: through `serve`, where the browser's user must
    not reach the host's network nor read its files: only a web URL is taken). A WARC
    file's responses become evidence snapshots (new pages go to ``claim_id``, when given)."""
    if not typed_here:
        try:
            # the URL as the fetcher reads it: a name that only looks like one is a path
            source = web_url(source)
        except BadURL:
            return IngestReport(
                printable(source)[:200],
                error="from afar only http and https URLs are read: a file's path or"
                " standard input would read the desk host's own files",
            )
    limits = fetch_limits(
        desk, typed_by_reviewer=typed_here, from_afar=not typed_here, base=base_limits
    )
    report = ingest_source(
        desk,
        source,
        format=format,
        progress=progress,
        fetcher_factory=lambda: Fetcher(limits),
        cancelled=cancelled,
        claim_id=claim_id,
    )
    if report.counts.new_pictures:
        # the pictures' URLs come from the source, not from the reviewer: outside rules
        outside = fetch_limits(
            desk, typed_by_reviewer=False, from_afar=not typed_here, base=base_limits
        )
        with Fetcher(outside) as fetcher:
            keep_item_pictures(
                desk, report.counts.new_pictures, report, fetcher, folder=_folder_of(source)
            )
    return report
