"""What the claim's screens show, read in one go: the claim, the verdict scale, the analysis,
and the head of the event log at the time of reading (so a later change is news)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from deskcheck.analysis.claim_analysis import Analysis, analyse
from deskcheck.domain.models import Activity, ClaimRecord, Verdict
from deskcheck.work.pictures import decoded_picture, picture_summary

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

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
    # the first of them decoded for the screen (the claim's own picture before its evidence's)
    # and a line saying what it is; None when the claim has none or it was not asked for
    picture: PILImage | None = None
    picture_caption: str = ""


def view_claim(desk: Desk, claim_id: int, *, with_picture: bool = True) -> ClaimView:
    """Read a claim for the desk (in a worker: the analysis may take a while, and the
    claim's first picture is decoded here, off the screen's thread)."""
    seen_seq = desk.head_seq()  # read first: a change after this is news to the view
    record = desk.claim(claim_id)
    activity = desk.claim_activity(claim_id)
    pictures = tuple(desk.pictures_of_claim(claim_id))
    picture, caption = None, ""
    if pictures and with_picture:
        first = min(pictures, key=lambda p: (p["evidence_id"] is not None, p["id"]))
        picture = decoded_picture(desk.picture_body(first["id"]))
        more = f" (1 of {len(pictures)} pictures)" if len(pictures) > 1 else ""
        caption = picture_summary(first) + more
    return ClaimView(
        record,
        desk.verdict_scale(),
        analyse(record),
        seen_seq,
        activity,
        pictures,
        picture,
        caption,
    )
