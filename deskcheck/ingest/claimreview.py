"""ClaimReview JSON-LD (schema.org), from a .json file or the ld+json blocks of a page.

Real markup comes in several shapes: one object, an array, a ``@graph``, ``@type`` as a list
(the older ``["Review", "ClaimReview"]``), ratings with only an ``alternateName``. Each review
becomes a claim (its ``claimReviewed``) carrying the outside review as evidence: "already
checked by PUBLISHER: RATING", with the review's URL. The claimant (``itemReviewed.author``)
is the custody chain's origin.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from deskcheck.domain.fingerprint import fingerprint
from deskcheck.domain.models import IncomingClaim
from deskcheck.ingest.dates import to_desk_time
from deskcheck.ingest.parsed import Parsed, SourceError, check_text, optional_text
from deskcheck.ingest.strict_json import loads


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type", [])
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(k).rsplit("/", 1)[-1] for k in kinds}


def nodes(value: Any) -> Iterator[dict[str, Any]]:
    """Every object in a JSON-LD document: through arrays and @graph."""
    if isinstance(value, list):
        for part in value:
            yield from nodes(part)
    elif isinstance(value, dict):
        yield value
        if "@graph" in value:
            yield from nodes(value["@graph"])


def _name(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        return optional_text(value.get("name")) or optional_text(value.get("url"))
    return optional_text(value)


def _url(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        return optional_text(value.get("url")) or optional_text(value.get("@id"))
    return optional_text(value)


def rating_words(rating: Any) -> str:
    if not isinstance(rating, dict):
        return "no rating given"
    name = optional_text(rating.get("alternateName")) or optional_text(rating.get("name"))
    value = optional_text(rating.get("ratingValue"))
    if name:
        return name
    if value:
        best = optional_text(rating.get("bestRating")) or "5"
        return f"{value}/{best}"
    return "no rating given"


def review_to_item(node: dict[str, Any], source: str, source_url: str | None) -> IncomingClaim:
    text = check_text(node.get("claimReviewed"), "claimReviewed")
    reviewed = node.get("itemReviewed")
    item: dict[str, Any] = reviewed if isinstance(reviewed, dict) else {}
    publisher = _name(node.get("author")) or _name(node.get("publisher")) or source
    rating = node.get("reviewRating")
    review_url = _url(node.get("url")) or source_url
    appearance = _url(item.get("firstAppearance")) or _url(item.get("appearance"))
    explanation = rating.get("ratingExplanation") if isinstance(rating, dict) else None
    return IncomingClaim(
        text=text,
        external_id=f"{review_url or source}#{fingerprint(text)[:16]}",
        origin_url=appearance,
        received_at=to_desk_time(optional_text(item.get("datePublished")))
        or to_desk_time(optional_text(node.get("datePublished"))),
        author=_name(item.get("author")),
        author_kind="primary",
        source=publisher,
        source_url=review_url,
        outside_reviews=(
            {
                "title": f"Already checked by {publisher}: {rating_words(rating)}",
                "url": review_url,
                "excerpt": optional_text(explanation) or "",
                "published_at": to_desk_time(optional_text(node.get("datePublished"))),
            },
        ),
    )


def json_ld_blocks(html: bytes) -> list[str]:
    tree = LexborHTMLParser(html.decode("utf-8", errors="replace"))
    return [node.text() for node in tree.css('script[type="application/ld+json"]')]


def parse_claimreview(documents: list[Any], source: str, source_url: str | None) -> Parsed:
    parsed = Parsed(format="claimreview", title=source)
    position = 0
    for document in documents:
        for node in nodes(document):
            if "ClaimReview" not in _types(node):
                continue
            position += 1
            try:
                parsed.items.append((position, review_to_item(node, source, source_url)))
            except ValueError as error:
                parsed.reject(position, f"review {position}: {error}", node.get("url", ""))
    if not position:
        raise SourceError("no ClaimReview found")
    return parsed


def parse_claimreview_json(body: bytes, source: str, source_url: str | None) -> Parsed:
    text = body.decode("utf-8-sig", errors="replace")
    return parse_claimreview([loads(text, "the ClaimReview JSON")], source, source_url)


def parse_claimreview_html(body: bytes, source: str, source_url: str | None) -> Parsed:
    documents: list[Any] = []
    bad: list[str] = []
    for number, block in enumerate(json_ld_blocks(body), 1):
        try:
            documents.append(loads(block, f"ld+json block {number}"))
        except SourceError as error:
            bad.append(str(error))
    parsed = parse_claimreview(documents, source, source_url)
    for reason in bad:
        parsed.reject(None, reason)
    return parsed
