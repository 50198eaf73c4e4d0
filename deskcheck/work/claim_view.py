"""What the claim's screens show, read in one go: the claim, the verdict scale, the analysis,
and the head of the event log at the time of reading (so a later change is news)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from deskcheck.analysis.claim_analysis import Analysis, analyse
from deskcheck.domain.models import Activity, ClaimRecord, Verdict

if TYPE_CHECKING:
    from deskcheck.data import Desk


@dataclass(frozen=True)
class ClaimView:
    record: ClaimRecord
    verdicts: list[Verdict]
    analysis: Analysis
    seen_seq: int  # the head of the event log when the claim was read
    activity: tuple[Activity, ...] = ()  # assignments, comments, moves: newest first
    # the claim's pictures and its evidence's, without bytes: hashes, size, EXIF date
    pictures: tuple[dict[str, Any], ...] = ()


def view_claim(desk: Desk, claim_id: int) -> ClaimView:
    """Read a claim for the desk (in a worker: the analysis may take a while)."""
    seen_seq = desk.head_seq()  # read first: a change after this is news to the view
    record = desk.claim(claim_id)
    activity = desk.claim_activity(claim_id)
    pictures = tuple(desk.pictures_of_claim(claim_id))
    return ClaimView(record, desk.verdict_scale(), analyse(record), seen_seq, activity, pictures)
