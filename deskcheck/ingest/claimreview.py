"""ClaimReview JSON-LD (schema.org), from a .json file or the ld+json blocks of a page.

Real markup comes in several shapes: one object, an array, a ``@graph``, ``@type`` as a list
(the older ``["Review", "ClaimReview"]``), ratings with only an ``alternateName``. Each review
becomes a claim (its ``claimReviewed``) carrying the outside review as evidence: "already
checked by PUBLISHER: RATING", with the review's URL. The claimant (``itemReviewed.author``)
is the custody chain's origin.

The review is credited to the organisation that published it: the ``author`` when that is an
organisation, else the ``publisher`` (a person named as ``author`` is kept beside it). Text is
HTML-unescaped once (``Singh&#039;s`` is ``Singh's``), as publishers often escape it twice;
``claimReviewed`` may be one text or a one-element array. A relative review URL is resolved
against the page's URL. An ld+json block that is not valid JSON is a warning on the run, not
a rejected review: it may hold anything but a review.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from deskcheck.domain.fingerprint import fingerprint
from deskcheck.domain.models import IncomingClaim
from deskcheck.domain.urls import web_url_or_none
from deskcheck.ingest.dates import item_time, to_desk_time
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


def unescaped(value: Any) -> str | None:
    """Outside text with HTML entities decoded once (``&#039;`` is ``'``)."""
    text = optional_text(value)
    return html.unescape(text) if text and "&" in text else text


def _name_text(value: Any) -> str | None:
    """A name as written, or none; a number or a list where a name belongs is refused, not
    kept as Python's spelling of it (``12345``, ``['a', 'b']``)."""
    if value is None or isinstance(value, str):
        return unescaped(value)
    raise ValueError(f"a name is not a string but {type(value).__name__} {str(value)[:40]!r}")


def _names(value: Any) -> list[str]:
    """Every name a person, organisation or plain string gives, in order; an array holds
    several (two authors of a review, two claimants), each kept as written."""
    if isinstance(value, list):
        return [name for part in value for name in _names(part)]
    if isinstance(value, dict):
        named = value.get("name")
        names = _names(named) if isinstance(named, list) else [_name_text(named) or ""]
        return [n for n in names if n] or [n for n in [optional_text(value.get("url"))] if n]
    name = _name_text(value)
    return [name] if name else []


def joined(names: list[str]) -> str | None:
    """``A``, ``A and B``, ``A, B and C``: every name, none dropped."""
    if not names:
        return None
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _name(value: Any) -> str | None:
    return joined(_names(value))


def _is_organisation(value: Any) -> bool:
    return isinstance(value, dict) and bool(
        _types(value) & {"Organization", "NewsMediaOrganization", "Corporation"}
    )


def credit(node: dict[str, Any], source: str) -> tuple[str, str | None]:
    """(the organisations the review is credited to, the people who wrote it, if named).
    ``author`` may name several, organisations and people alike: each is credited."""
    author, publisher = node.get("author"), node.get("publisher")
    authors = author if isinstance(author, list) else [author]
    organisations = [n for a in authors if _is_organisation(a) for n in _names(a)]
    people = [n for a in authors if not _is_organisation(a) for n in _names(a)]
    if organisations:
        return joined(organisations) or source, joined(people)
    if publisher:
        return _name(publisher) or source, joined(people)
    return joined(people) or source, None


ABSOLUTE = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def _review_url(written: str | None, page: str | None) -> str | None:
    """The review's URL: an absolute one as written (the ingest's URL rule then normalises or
    refuses it), a relative one resolved against the page's URL; the page's own URL when the
    review names none. A relative URL with no page URL to resolve it against is left out."""
    if not written:
        return page
    if ABSOLUTE.match(written):
        return written
    return web_url_or_none(written, page) if page else None


def claim_reviewed(value: Any) -> str:
    """The claim's text: one string, or an array holding one."""
    if isinstance(value, list):
        if len(value) != 1:
            raise ValueError(f"claimReviewed holds {len(value)} texts, not one")
        value = value[0]
    text = check_text(value, "claimReviewed")
    return html.unescape(text) if "&" in text else text


def _url(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        return optional_text(value.get("url")) or optional_text(value.get("@id"))
    return optional_text(value)


def rating_words(rating: Any) -> str:
    if not isinstance(rating, dict):
        return "no rating given"
    name = unescaped(rating.get("alternateName")) or unescaped(rating.get("name"))
    value = optional_text(rating.get("ratingValue"))
    if name:
        return name
    if value:
        best = optional_text(rating.get("bestRating")) or "5"
        return f"{value}/{best}"
    return "no rating given"


def review_to_item(node: dict[str, Any], source: str, source_url: str | None) -> IncomingClaim:
    text = claim_reviewed(node.get("claimReviewed"))
    reviewed = node.get("itemReviewed")
    item: dict[str, Any] = reviewed if isinstance(reviewed, dict) else {}
    publisher, writer = credit(node, source)
    rating = node.get("reviewRating")
    review_url = _review_url(_url(node.get("url")), source_url)
    by = f" ({writer})" if writer else ""
    appearance = _url(item.get("firstAppearance")) or _url(item.get("appearance"))
    explanation = rating.get("ratingExplanation") if isinstance(rating, dict) else None
    return IncomingClaim(
        text=text,
        external_id=f"{review_url or source}#{fingerprint(text)[:16]}",
        origin_url=appearance,
        published_at=item_time(optional_text(item.get("datePublished")))
        or to_desk_time(optional_text(node.get("datePublished"))),
        author=_name(item.get("author")),
        author_kind="primary",
        source=publisher,
        source_url=review_url,
        outside_reviews=(
            {
                "title": f"Already checked by {publisher}{by}: {rating_words(rating)}",
                "url": review_url,
                "excerpt": unescaped(explanation) or "",
                "published_at": item_time(optional_text(node.get("datePublished"))),
            },
        ),
    )


def _media_item(node: dict[str, Any], source: str, source_url: str | None) -> IncomingClaim:
    from deskcheck.ingest.mediareview import media_review_to_item

    return media_review_to_item(
        node,
        source,
        source_url,
        credit=credit(node, source),
        rating=rating_words(node.get("reviewRating")),
        review_url=_review_url(_url(node.get("url")), source_url),
        unescaped=unescaped,
    )


def json_ld_blocks(html: bytes) -> list[str]:
    tree = LexborHTMLParser(html.decode("utf-8", errors="replace"))
    return [node.text() for node in tree.css('script[type="application/ld+json"]')]


def page_address(html: bytes, fetched_from: str | None) -> str | None:
    """The address relative URLs on the page are resolved against: its ``<base href>``,
    else the URL it was fetched from, else (a page saved to a file) the address the page
    gives itself in ``<link rel=canonical>`` or ``og:url``."""
    tree = LexborHTMLParser(html.decode("utf-8", errors="replace"))

    def attribute(selector: str, name: str) -> str | None:
        node = tree.css_first(selector)
        return optional_text(node.attributes.get(name)) if node is not None else None

    own = web_url_or_none(attribute('link[rel~="canonical" i]', "href") or "") or web_url_or_none(
        attribute('meta[property="og:url" i]', "content") or ""
    )
    page = fetched_from or own
    base = attribute("base[href]", "href")
    return (web_url_or_none(base, page) if base else None) or page


def parse_claimreview(documents: list[Any], source: str, source_url: str | None) -> Parsed:
    parsed = Parsed(format="claimreview", title=source)
    position = 0
    for document in documents:
        for node in nodes(document):
            types = _types(node)
            if not types & {"ClaimReview", "MediaReview"}:
                continue
            position += 1
            try:
                if "MediaReview" in types:
                    item = _media_item(node, source, source_url)
                else:
                    item = review_to_item(node, source, source_url)
                parsed.items.append((position, item))
            except ValueError as error:
                parsed.reject(position, f"review {position}: {error}", node.get("url", ""))
    if not position:
        raise SourceError("no ClaimReview or MediaReview found")
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
    try:
        parsed = parse_claimreview(documents, source, page_address(body, source_url))
    except SourceError as error:
        raise SourceError("; ".join([str(error), *bad])) from None
    if bad:
        # not a review that was refused: a block of the page that no one can read
        parsed.bozo = "; ".join(bad)
    return parsed
