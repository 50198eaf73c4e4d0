"""ClaimReview JSON-LD (schema.org) for a claim's latest verdict, and a lint for it.

The lint reports what Google's fact-check guidelines require or advise: a `url`, a
`claimReviewed` under 75 characters, a rating with a name (`alternateName`), an author.
A verdict with no rating on the desk's scale (such as "lead") is not a ClaimReview.

Its ``datePublished`` and ``dateModified`` are the desk's record of publishing the page
(``PageDates``): a claim never published has no ``datePublished``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from deskcheck.domain.errors import DeskError
from deskcheck.domain.models import ClaimRecord, Verdict
from deskcheck.domain.urls import web_url_or_none

CLAIM_REVIEWED_ADVISED = 75


class NotRateable(DeskError):
    pass


@dataclass(frozen=True)
class PageDates:
    """When the page was first published and last updated (desk timestamps), and where:
    what the desk recorded, or what publishing now would record."""

    published_at: str
    updated_at: str | None = None
    url: str | None = None


def recorded_dates(record: ClaimRecord) -> PageDates | None:
    """The page's dates as the desk recorded its publications (None: never published)."""
    if not record.publications:
        return None
    first, last = record.publications[0], record.publications[-1]
    return PageDates(
        first.published_at,
        last.published_at if last.kind == "update" else None,
        last.url or first.url or None,
    )


def page_url(organisation: dict[str, str] | None, claim_id: int) -> str | None:
    """Where the organisation publishes the claim's page: its ``url_pattern`` with
    ``{claim}`` for the claim's number, else ``URL/claims/N`` under its address."""
    organisation = organisation or {}
    pattern = organisation.get("url_pattern") or ""
    if isinstance(pattern, str) and "{claim}" in pattern:
        return pattern.replace("{claim}", str(claim_id))
    base = (organisation.get("url") or "").rstrip("/")
    return f"{base}/claims/{claim_id}" if base else None


def claim_review(
    record: ClaimRecord,
    verdicts: list[Verdict],
    organisation: dict[str, str] | None,
    *,
    force: bool = False,
    dates: PageDates | None = None,
) -> dict[str, Any]:
    """``dates``: the page's (default: as recorded on the desk)."""
    scale = {v.name: v for v in verdicts}
    decision = record.latest_decision
    verdict = scale.get(record.verdict or "")
    if decision is None or verdict is None:
        raise NotRateable(f"claim {record.id} has no decision to publish")
    if verdict.rating_value is None and not force:
        raise NotRateable(
            f"claim {record.id}'s verdict {verdict.name!r} has no ClaimReview rating on this"
            " desk's scale (a lead is not a finding); use --force to export it anyway"
        )
    values = [v.rating_value for v in verdicts if v.rating_value is not None]
    organisation = organisation or {}
    base = (organisation.get("url") or "").rstrip("/")
    rating: dict[str, Any] = {
        "@type": "Rating",
        "alternateName": verdict.rating_name or verdict.label,
    }
    if verdict.rating_value is not None:
        rating |= {
            "ratingValue": verdict.rating_value,
            "bestRating": max(values),
            "worstRating": min(values),
        }
    # only web URLs, by the one URL rule: a javascript: origin an older desk (or a merge before
    # the border post) kept is never published as where the claim appeared
    appearances: list[str] = []
    for url in [record.origin_url, *(h.url for h in record.custody)]:
        web = web_url_or_none(url)
        if web is not None and web not in appearances:
            appearances.append(web)
    item: dict[str, Any] = {"@type": "Claim", "datePublished": record.received_at[:10]}
    if record.custody:
        item["author"] = {
            "@type": "Organization" if record.custody[0].kind != "anonymous" else "Person",
            "name": record.custody[0].actor,
        }
    if appearances:
        item["appearance"] = [{"@type": "CreativeWork", "url": u} for u in appearances]
        item["firstAppearance"] = {"@type": "CreativeWork", "url": appearances[0]}
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": record.text,
    }
    dates = dates or recorded_dates(record)
    if dates is not None:
        review["datePublished"] = dates.published_at[:10]
        if dates.updated_at:
            review["dateModified"] = dates.updated_at[:10]
    review |= {"reviewRating": rating, "itemReviewed": item}
    url = (dates.url if dates else None) or page_url(organisation, record.id)
    if url:
        review["url"] = url
    if organisation.get("name"):
        review["author"] = {"@type": "Organization", "name": organisation["name"]}
        if base:
            review["author"]["url"] = base + "/"
    return review


def lint(review: dict[str, Any]) -> list[str]:
    problems = []
    if not review.get("url"):
        problems.append("required: url (set the desk's organisation url)")
    claim = review.get("claimReviewed") or ""
    if not claim:
        problems.append("required: claimReviewed")
    elif len(claim) >= CLAIM_REVIEWED_ADVISED:
        limit = CLAIM_REVIEWED_ADVISED
        problems.append(f"advised: claimReviewed under {limit} characters (it has {len(claim)})")
    rating = review.get("reviewRating") or {}
    if not rating.get("alternateName"):
        problems.append("required: reviewRating.alternateName (the verdict in words)")
    if not (review.get("author") or {}).get("name"):
        problems.append("advised: author.name (set the desk's organisation name)")
    if not review.get("datePublished"):
        problems.append("advised: datePublished (publish the page first: `deskcheck publish`)")
    return problems
