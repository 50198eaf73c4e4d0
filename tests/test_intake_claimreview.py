"""ClaimReview as real pages write it: several authors, the claimant as a list, a relative
review URL on a page saved to a file (issue #28)."""

from __future__ import annotations

from pathlib import Path

import pytest

from deskcheck.data import Desk
from deskcheck.ingest.claimreview import page_address, parse_claimreview
from deskcheck.work.intake import ingest

INTAKE = Path(__file__).resolve().parent / "fixtures" / "intake"


def test_a_saved_page_credits_every_author_and_claimant(empty_desk: Desk) -> None:
    report = ingest(empty_desk, str(INTAKE / "claimreview_saved_page.html"))
    assert report.error is None and report.counts.new == 2, report.summary()
    assert report.counts.rejected == 0
    claims = {c.text: c for c in (empty_desk.claim(n) for n in (1, 2))}
    fees = claims["Harbour fees doubled in a year"]
    fares = claims["Ferry fares rose 30% since March"]
    assert [e.title for e in fees.evidence] == [
        "Already checked by Harbour Checks and Coast Desk: Misleading"
    ]
    assert [e.title for e in fares.evidence] == [
        "Already checked by Harbour Checks (Ana Pérez and Tom Lee): False"
    ]
    # the relative review URLs, resolved against the page's own address (og:url, canonical)
    assert fees.evidence[0].url == "https://checks.example/2026/11/harbour-fees#review"
    assert fares.evidence[0].url == "https://checks.example/2026/11/ferry-fares"
    # the claimant heads the custody chain, every name kept; the outlet follows
    origins = {c.text: [(h.actor, h.kind) for h in c.custody] for c in claims.values()}
    assert origins == {
        "Harbour fees doubled in a year": [
            ("Mayor Ilse Brandt and Port Authority", "primary"),
            ("Harbour Checks and Coast Desk", "outlet"),
        ],
        "Ferry fares rose 30% since March": [
            ("Ferry Union and Councillor Okafor", "primary"),
            ("Harbour Checks", "outlet"),
        ],
    }


@pytest.mark.parametrize(
    ("head", "fetched_from", "base"),
    [
        ('<link rel="canonical" href="https://a.example/x/y">', None, "https://a.example/x/y"),
        ('<meta property="og:url" content="https://a.example/p">', None, "https://a.example/p"),
        ('<link rel="canonical" href="javascript:alert(1)">', None, None),
        ('<link rel="canonical" href="/relative">', None, None),  # no address to start from
        (
            '<link rel="canonical" href="https://a.example/x">',
            "https://b.example/f",
            "https://b.example/f",
        ),
        (
            '<base href="/docs/"><link rel="canonical" href="https://a.example/x">',
            None,
            "https://a.example/docs/",
        ),
    ],
)
def test_the_page_address_relative_urls_resolve_against(
    head: str, fetched_from: str | None, base: str | None
) -> None:
    html = f"<html><head>{head}</head><body></body></html>".encode()
    assert page_address(html, fetched_from) == base


@pytest.mark.parametrize(
    ("author", "credited"),
    [
        ([{"@type": "Person", "name": "A"}, {"@type": "Person", "name": "B"}], "Desk (A and B)"),
        ([{"@type": "Organization", "name": "X"}, {"@type": "Person", "name": "B"}], "X (B)"),
        (["A", "B", "C"], "Desk (A, B and C)"),
        ({"@type": "Person", "name": ["A", "B"]}, "Desk (A and B)"),
    ],
)
def test_every_author_is_credited(author: object, credited: str) -> None:
    review = {
        "@type": "ClaimReview",
        "claimReviewed": "Ferry fares rose",
        "author": author,
        "publisher": {"@type": "Organization", "name": "Desk"},
        "reviewRating": {"alternateName": "False"},
    }
    parsed = parse_claimreview([review], "file.json", None)
    ((_, item),) = parsed.items
    assert item.outside_reviews[0]["title"] == f"Already checked by {credited}: False"


def test_a_name_that_is_a_number_still_refuses_the_review() -> None:
    review = {
        "@type": "ClaimReview",
        "claimReviewed": "Ferry fares rose",
        "itemReviewed": {"author": {"name": [12345]}},
    }
    parsed = parse_claimreview([review], "file.json", None)
    assert parsed.items == [] and "not a string" in parsed.rejects[0].reason
