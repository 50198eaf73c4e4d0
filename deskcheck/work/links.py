"""Checking links: re-fetch every evidence URL and every watched trigger URL on the desk."""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import TYPE_CHECKING

from deskcheck.fetch.check import CheckReport, run_check
from deskcheck.fetch.fetcher import Fetcher
from deskcheck.fetch.limits import FetchLimits
from deskcheck.work.policy import fetch_limits

if TYPE_CHECKING:
    from deskcheck.data import Desk

Progress = Callable[[int, int], object]  # (URLs checked, URLs in all); what it returns is ignored


def check_links(
    desk: Desk,
    *,
    allow_private: bool = False,
    concurrency: int | None = None,
    per_host: int | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    base_limits: FetchLimits | None = None,
    claim_ids: Collection[int] | None = None,
    from_afar: bool = False,
) -> CheckReport:
    """Check every URL; changed pages get a snapshot, dead ones are marked gone, watched
    triggers fire. These URLs came from outside, so private addresses are refused unless
    asked for or the desk's setting allows them (see ``policy``). ``from_afar``: asked for
    through `serve`, where nothing reaches the host's network and what could not be asked
    is left as it was."""
    limits = fetch_limits(
        desk,
        typed_by_reviewer=False,
        from_afar=from_afar,
        allow_private=allow_private,
        concurrency=concurrency,
        per_host=per_host,
        base=base_limits,
    )
    targets = desk.check_targets()
    if claim_ids is not None:  # only the marked claims' URLs
        targets = [t for t in targets if t.claim_id in claim_ids]
    done = 0

    def advance(*_: object) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, len(targets))

    if progress is not None:
        progress(0, len(targets))
    with Fetcher(limits) as fetcher:
        return run_check(
            desk,
            fetcher,
            targets=targets,
            progress=advance,
            cancelled=cancelled,
            record_refused=not from_afar,
        )
