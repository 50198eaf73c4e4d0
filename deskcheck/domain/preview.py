"""What the queue's preview shows of the claim under the cursor: a light read (no evidence,
no snapshots), so moving through a queue of 100,000 claims reads a few short rows."""

from __future__ import annotations

from dataclasses import dataclass

from deskcheck.domain.models import CustodyHop


@dataclass(frozen=True)
class ClaimPreview:
    id: int
    text: str
    context: str
    origin_url: str | None
    assignee: str | None
    tags: tuple[str, ...]
    custody: tuple[CustodyHop, ...]  # origin first, removed hops left out
    warnings: tuple[str, ...]  # what the custody lacks ("no primary source"…)
