"""MediaReview (schema.org): a fact-check of a picture, taken in as an image claim.

The claim is what the picture was taken to show (``interpretedAsClaim``), else the picture
itself; the picture's address (``contentUrl`` of the reviewed media) is fetched after
intake like any item's picture, and the review is kept as the claim's outside review, with
its ``mediaAuthenticityCategory`` and rating in words. The SHA-256 the review gives is said
in the review's excerpt, so a reviewer sees whether the file fetched is the file reviewed.
"""

from __future__ import annotations

import re
from typing import Any

from deskcheck.domain.fingerprint import fingerprint
from deskcheck.domain.models import IncomingClaim
from deskcheck.ingest.dates import item_time
from deskcheck.ingest.parsed import check_text, optional_text
from deskcheck.ingest.pictures import MAX_PICTURES, picture_claim_text

SHA256 = re.compile(r"^[0-9a-fA-F]{64}$")


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value] if value is not None else []


def media_of(item: dict[str, Any]) -> list[tuple[str, str | None]]:
    """(address, sha256 when given) of each reviewed picture."""
    found = []
    for media in _list(item.get("mediaItemAppearance")) + _list(item.get("associatedMedia")):
        if not isinstance(media, dict):
            continue
        url = media.get("contentUrl") or media.get("url")
        digest = media.get("sha256")
        if isinstance(url, str) and url.strip():
            known = isinstance(digest, str) and SHA256.match(digest) is not None
            found.append((url.strip(), str(digest).lower() if known else None))
    return found[:MAX_PICTURES]


def media_review_to_item(
    node: dict[str, Any],
    source: str,
    source_url: str | None,
    *,
    credit: tuple[str, str | None],
    rating: str,
    review_url: str | None,
    unescaped: Any,
) -> IncomingClaim:
    reviewed = node.get("itemReviewed")
    item: dict[str, Any] = reviewed if isinstance(reviewed, dict) else {}
    media = media_of(item)
    claim = item.get("interpretedAsClaim")
    said = None
    if isinstance(claim, dict):
        said = unescaped(claim.get("description") or claim.get("name"))
    if not said and media:
        said = picture_claim_text(media[0][0])
    text = check_text(said, "the reviewed claim or picture")
    category = optional_text(node.get("mediaAuthenticityCategory"))
    publisher, writer = credit
    by = f" ({writer})" if writer else ""
    words = ", ".join(w for w in (category, rating if rating != "no rating given" else "") if w)
    digests = [f"sha256 {digest} ({url})" for url, digest in media if digest]
    explanation = unescaped(node.get("originalMediaContextDescription")) or ""
    return IncomingClaim(
        text=text,
        external_id=f"{review_url or source}#{fingerprint(text)[:16]}",
        published_at=item_time(optional_text(node.get("datePublished"))),
        author_kind="primary",
        source=publisher,
        source_url=review_url,
        pictures=tuple(url for url, _digest in media),
        outside_reviews=(
            {
                "title": f"Already checked by {publisher}{by}: {words or 'no rating given'}",
                "url": review_url,
                "excerpt": "\n".join(filter(None, [explanation, *digests])),
                "published_at": item_time(optional_text(node.get("datePublished"))),
            },
        ),
    )
