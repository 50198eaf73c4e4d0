"""Fact-checks published elsewhere, in the two bulk shapes they come in:

- the schema.org ``DataFeed`` that fact-check aggregators publish: ``dataFeedElement`` →
  ``item`` (one ClaimReview or a list of them);
- the JSON answer of Google Fact Check Tools' ``claims:search``: ``claims`` → each claim's
  ``claimReview`` list, one record per review.

Each review becomes a ``PublishedCheck`` (claim, publisher, rating, date, URL): a reference
record for matching, not a claim for the queue. A review that cannot be read is a rejected
item with its reason; the others are kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from deskcheck.domain.models import PublishedCheck
from deskcheck.domain.urls import BadURL, web_url
from deskcheck.ingest.claimreview import _name, _types, _url, claim_reviewed, credit, rating_words
from deskcheck.ingest.dates import to_desk_time
from deskcheck.ingest.parsed import Reject, SourceError, check_text, optional_text
from deskcheck.ingest.strict_json import loads

PUBLISHED_FORMATS = ("datafeed", "factcheck-api")


@dataclass
class ParsedPublished:
    format: str
    checks: list[tuple[int, PublishedCheck]] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)

    def reject(self, position: int, reason: str, excerpt: object = "") -> None:
        shown = str(excerpt)[:300].encode("utf-8", "backslashreplace").decode("utf-8")
        self.rejects.append(Reject(position, reason, shown))


def _optional_url(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return web_url(value, None)
    except BadURL as error:
        raise ValueError(f"its URL {value[:200]!r}: {error}") from None


def _short_text(value: Any, what: str, limit: int = 500) -> str | None:
    if value is not None and not isinstance(value, str):  # not kept as Python's repr of it
        raise ValueError(f"{what} is not a string but {type(value).__name__}")
    text = optional_text(value)
    if text is None:
        return None
    return check_text(text, what)[:limit]


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value] if value is not None else []


def datafeed_reviews(document: Any) -> Iterator[Any]:
    """Every ClaimReview of a DataFeed (the document, or a list or @graph holding it)."""
    feeds = document if isinstance(document, list) else [document]
    for feed in feeds:
        if not isinstance(feed, dict):
            continue
        for element in _as_list(feed.get("dataFeedElement")):
            items = element.get("item") if isinstance(element, dict) else element
            yield from _as_list(items)


def review_to_check(node: Any, source: str) -> PublishedCheck:
    if not isinstance(node, dict) or "ClaimReview" not in _types(node):
        raise ValueError("not a ClaimReview")
    reviewed = node.get("itemReviewed")
    item: dict[str, Any] = reviewed if isinstance(reviewed, dict) else {}
    publisher, _writer = credit(node, "")
    if not publisher:
        raise ValueError("names no publisher")
    return PublishedCheck(
        claim_text=claim_reviewed(node.get("claimReviewed")),
        publisher=check_text(publisher, "publisher")[:200],
        rating=rating_words(node.get("reviewRating"))[:200],
        reviewed_at=to_desk_time(optional_text(node.get("datePublished"))),
        url=_optional_url(_url(node.get("url"))),
        claimant=_short_text(_name(item.get("author")), "claimant", 200),
        claim_date=to_desk_time(optional_text(item.get("datePublished"))),
        language=_short_text(_language(node.get("inLanguage")), "language", 20),
    )


def _language(value: Any) -> Any:
    """schema.org lets ``inLanguage`` be a Language object: its code, else its name."""
    if isinstance(value, dict):
        return value.get("alternateName") or value.get("name")
    return value


def parse_datafeed(body: bytes, source: str) -> ParsedPublished:
    document = loads(body.decode("utf-8-sig", errors="replace"), "the DataFeed JSON")
    parsed = ParsedPublished("datafeed")
    for position, node in enumerate(datafeed_reviews(document), 1):
        try:
            parsed.checks.append((position, review_to_check(node, source)))
        except ValueError as error:
            excerpt = node.get("url", "") if isinstance(node, dict) else node
            parsed.reject(position, f"review {position}: {error}", excerpt)
    if not parsed.checks and not parsed.rejects:
        raise SourceError("no ClaimReview found in the DataFeed")
    return parsed


def api_claim_checks(claim: Any) -> Iterator[PublishedCheck]:
    if not isinstance(claim, dict):
        raise ValueError("a claim is not an object")
    text = check_text(claim.get("text"), "text")
    claimant = _short_text(claim.get("claimant"), "claimant", 200)
    claim_date = to_desk_time(optional_text(claim.get("claimDate")))
    reviews = claim.get("claimReview")
    if not isinstance(reviews, list) or not reviews:
        raise ValueError("no claimReview")
    for review in reviews:
        if not isinstance(review, dict):
            raise ValueError("a claimReview is not an object")
        publisher = review.get("publisher")
        name = (
            publisher.get("name") or publisher.get("site") if isinstance(publisher, dict) else None
        )
        yield PublishedCheck(
            claim_text=text,
            publisher=check_text(name, "publisher name")[:200],
            rating=(_short_text(review.get("textualRating"), "textualRating", 200) or ""),
            reviewed_at=to_desk_time(optional_text(review.get("reviewDate"))),
            url=_optional_url(optional_text(review.get("url"))),
            claimant=claimant,
            claim_date=claim_date,
            language=_short_text(review.get("languageCode"), "languageCode", 20),
        )


def parse_factcheck_api(body: bytes, source: str) -> ParsedPublished:
    """One ``claims:search`` answer, or a JSON list of several (pages saved one by one)."""
    document = loads(body.decode("utf-8-sig", errors="replace"), "the Fact Check Tools JSON")
    pages = document if isinstance(document, list) else [document]
    parsed = ParsedPublished("factcheck-api")
    position = 0
    for page in pages:
        claims = page.get("claims") if isinstance(page, dict) else None
        if not isinstance(claims, list):
            raise SourceError("not a claims:search answer: no list of claims")
        for claim in claims:
            position += 1
            try:
                parsed.checks += [(position, check) for check in api_claim_checks(claim)]
            except ValueError as error:
                parsed.reject(position, f"claim {position}: {error}", claim)
    return parsed
