"""MediaReview JSON-LD (schema.org): ClaimReview's sibling for a picture, for a decided
image claim.

The desk's verdict becomes a ``mediaAuthenticityCategory`` (schema.org's
MediaManipulationRatingEnumeration) through a mapping like the verdicts' ClaimReview
ratings: ``MEDIA_CATEGORIES`` by default, which the desk's ``media_review_categories``
setting may extend or override ({"verdict": "Category"}). A verdict with no category (a
lead, unverified) is not a MediaReview. The picture is named by its address and its bytes'
SHA-256 (``ImageObject.sha256``), so another desk finds the very file.
"""

from __future__ import annotations

from typing import Any

from deskcheck.domain.models import ClaimRecord
from deskcheck.export.claimreview import NotRateable

CATEGORIES = (
    "OriginalMediaContent",
    "DecontextualizedContent",
    "EditedOrCroppedContent",
    "TransformedContent",
    "StagedContent",
    "SatireOrParodyContent",
)
MEDIA_CATEGORIES: dict[str, str] = {
    "verified": "OriginalMediaContent",
    "misleading": "DecontextualizedContent",  # a real picture shown as something it is not
    "false": "TransformedContent",
}
CATEGORY_WORDS = {
    "OriginalMediaContent": "original",
    "DecontextualizedContent": "out of context",
    "EditedOrCroppedContent": "edited or cropped",
    "TransformedContent": "transformed",
    "StagedContent": "staged",
    "SatireOrParodyContent": "satire or parody",
}


def categories(setting: object) -> dict[str, str]:
    """The desk's mapping: the defaults, with the setting's valid entries over them."""
    mapping = dict(MEDIA_CATEGORIES)
    if isinstance(setting, dict):
        mapping |= {
            str(verdict): category
            for verdict, category in setting.items()
            if isinstance(category, str) and category in CATEGORIES
        }
    return mapping


def media_review(
    record: ClaimRecord,
    picture: dict[str, Any],
    mapping: dict[str, str],
    organisation: dict[str, str] | None,
) -> dict[str, Any]:
    """The MediaReview of ``record``'s latest decision about ``picture`` (a row of
    ``pictures_of_claim``)."""
    decision = record.latest_decision
    if decision is None or not record.verdict:
        raise NotRateable(f"claim {record.id} has no decision to publish")
    category = mapping.get(record.verdict)
    if category is None:
        raise NotRateable(
            f"claim {record.id}'s verdict {record.verdict!r} has no MediaReview category"
            f" (mapped: {', '.join(f'{v} → {c}' for v, c in sorted(mapping.items()))})"
        )
    organisation = organisation or {}
    base = (organisation.get("url") or "").rstrip("/")
    image: dict[str, Any] = {
        "@type": "ImageObject",
        "sha256": picture["sha256"],
        "encodingFormat": picture["content_type"],
        "width": picture["width"],
        "height": picture["height"],
    }
    if picture.get("source_url"):
        image["contentUrl"] = picture["source_url"]
    if picture.get("captured_at"):
        image["dateCreated"] = picture["captured_at"]
    item: dict[str, Any] = {
        "@type": "MediaReviewItem",
        "interpretedAsClaim": {"@type": "Claim", "description": record.text},
        "mediaItemAppearance": [image],
    }
    if record.origin_url:
        item["appearance"] = {"@type": "CreativeWork", "url": record.origin_url}
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MediaReview",
        "datePublished": decision.decided_at[:10],
        "mediaAuthenticityCategory": category,
        "reviewRating": {"@type": "Rating", "alternateName": record.verdict},
        "originalMediaContextDescription": decision.rationale,
        "itemReviewed": item,
    }
    if base:
        review["url"] = f"{base}/claims/{record.id}"
    if organisation.get("name"):
        review["author"] = {"@type": "Organization", "name": organisation["name"]}
    return review
