"""Published fact-checks with fields of the wrong JSON type: a list or an object where a
text is meant is the review's one-line error, never stored as Python's repr of it."""

from __future__ import annotations

import json

import pytest

from deskcheck.ingest.published import parse_datafeed, parse_factcheck_api


def _review(**changed: object) -> dict[str, object]:
    review: dict[str, object] = {
        "@type": "ClaimReview",
        "claimReviewed": "The bridge was closed for a year",
        "author": {"@type": "Organization", "name": "Checker"},
        "reviewRating": {"@type": "Rating", "alternateName": "False"},
        "url": "https://checker.example/1",
        "inLanguage": "en",
        "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "A. Poster"}},
    }
    return review | changed


@pytest.mark.parametrize(
    "changed",
    [
        {"inLanguage": ["en", "fr"]},
        {"inLanguage": 42},
        {"author": {"@type": "Organization", "name": 12345}},
    ],
)
def test_a_datafeed_field_of_the_wrong_type_is_the_reviews_error(changed: dict) -> None:
    elements = [{"item": _review(**changed)}, {"item": _review()}]
    feed = {"@type": "DataFeed", "dataFeedElement": elements}
    parsed = parse_datafeed(json.dumps(feed).encode(), "feed.json")
    assert len(parsed.checks) == 1  # the good review is kept
    assert [r.position for r in parsed.rejects] == [1], parsed.checks
    assert "not a string" in parsed.rejects[0].reason


def test_a_language_given_as_a_schema_org_language_is_its_code() -> None:
    language = {"@type": "Language", "name": "English", "alternateName": "en"}
    feed = {"@type": "DataFeed", "dataFeedElement": [{"item": _review(inLanguage=language)}]}
    parsed = parse_datafeed(json.dumps(feed).encode(), "feed.json")
    assert parsed.checks[0][1].language == "en"


@pytest.mark.parametrize(
    "changed",
    [{"claimant": ["x", "y"]}, {"claimant": {"name": "x"}}, {"claimant": 7}],
)
def test_a_claims_search_field_of_the_wrong_type_is_the_claims_error(changed: dict) -> None:
    good = {
        "text": "The bridge was closed for a year",
        "claimant": "A. Poster",
        "claimReview": [
            {
                "publisher": {"name": "Checker"},
                "textualRating": "False",
                "languageCode": "en",
                "url": "https://checker.example/1",
            }
        ],
    }
    odd_review = {**good["claimReview"][0], "languageCode": ["en"]}  # type: ignore[index]
    answer = {"claims": [good | changed, {**good, "claimReview": [odd_review]}, good]}
    parsed = parse_factcheck_api(json.dumps(answer).encode(), "api.json")
    assert [p for p, _ in parsed.checks] == [3]
    assert [r.position for r in parsed.rejects] == [1, 2]
    assert all("not a string" in r.reason for r in parsed.rejects)
