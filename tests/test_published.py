"""The published fact-check: pinned pages for the sample desk, read back by real parsers.

The HTML is parsed by html5lib (the WHATWG algorithm browsers use) in strict mode, so a
parse error fails the test; its JSON-LD block goes through our own ClaimReview ingest and
through pyld's JSON-LD expansion, offline (schema.org's context from tests/fixtures). The
Markdown is rendered by markdown-it-py (CommonMark)."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import html5lib
import pytest
from markdown_it import MarkdownIt
from pyld import jsonld
from pyld.documentloader.frozen import FrozenDocumentLoader

from deskcheck.data import Desk
from deskcheck.domain.errors import InvalidValue
from deskcheck.export.published import long_date
from tests.conftest import run_cli, run_process

GOLDEN = Path(__file__).resolve().parent / "golden" / "published"
CONTEXT = Path(__file__).resolve().parent / "fixtures" / "schemaorg-context.jsonld"
NS = "{http://www.w3.org/1999/xhtml}"
SCHEMA = "http://schema.org/"
# pinned pages are rewritten by DESKCHECK_UPDATE_GOLDEN=1 (then read the diff)
UPDATE = os.environ.get("DESKCHECK_UPDATE_GOLDEN") == "1"
NEWSROOM = "Kessford Courier fact check"
ORGANISATION = json.dumps(
    {"name": NEWSROOM, "url": "https://desk.example/", "logo": "https://desk.example/logo.png"}
)
CLAIM_1_PUBLISHED = "2026-06-16T09:30:00Z"  # when the tests publish claim 1 (a lead)


def publish_claim_1(sample_path: Path) -> None:
    """Claim 1, a lead the sample desk never published, published on a day of its own (the
    desk's clock fixed), so that its pinned page keeps one date."""
    from deskcheck.work.publishing import draft_page, publish_draft, set_organisation

    with Desk.open(sample_path, reviewer="mara", clock=lambda: CLAIM_1_PUBLISHED) as desk:
        set_organisation(desk, json.loads(ORGANISATION))
        publish_draft(desk, draft_page(desk, 1, force=True))


def published(sample_path: Path, claim: int, format: str, *more: str) -> str:
    if claim == 1 and "--preview" not in more:
        with Desk.open(sample_path, reviewer="mara") as desk:
            if not desk.claim(1).publications:
                publish_claim_1(sample_path)
    result = run_cli(
        "publish",
        str(claim),
        "--format",
        format,
        "-o",
        "-",
        "--organisation",
        ORGANISATION,
        *more,
        "--desk",
        str(sample_path),
    )
    assert result.exit_code == 0, result.output
    return result.stdout


def pinned(name: str, text: str) -> None:
    if UPDATE:
        (GOLDEN / name).write_text(text, encoding="utf-8")
    assert text == (GOLDEN / name).read_text(encoding="utf-8")


def parse_html(text: str) -> Any:
    """The page as browsers parse it; any parse error fails (strict mode)."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parse(text)


def json_ld(tree: Any) -> list[dict[str, Any]]:
    return [
        json.loads(script.text)
        for script in tree.iter(f"{NS}script")
        if script.get("type") == "application/ld+json"
    ]


def expand(document: dict[str, Any]) -> list[dict[str, Any]]:
    loader = FrozenDocumentLoader(
        documents={"https://schema.org": CONTEXT, "https://schema.org/": CONTEXT}
    )
    return jsonld.expand(document, {"documentLoader": loader})


def text_of(tree: Any, section: str) -> str:
    node = next(n for n in tree.iter(f"{NS}section") if n.get("id") == section)
    return " ".join("".join(node.itertext()).split())


@pytest.mark.parametrize("claim", [2, 10])
def test_the_published_page_is_pinned_and_parses(sample_path: Path, claim: int) -> None:
    page = published(sample_path, claim, "html")
    pinned(f"claim_{claim}.html", page)
    tree = parse_html(page)
    (review,) = json_ld(tree)
    assert review["@type"] == "ClaimReview"
    assert review["reviewRating"]["alternateName"] == "True"
    heading = " ".join("".join(next(tree.iter(f"{NS}h1")).itertext()).split())
    assert heading == review["claimReviewed"]
    assert "Verified" in text_of(tree, "rating")
    assert "Sources" in text_of(tree, "sources")
    assert "Corrections and updates" in text_of(tree, "corrections")


def test_the_published_page_has_what_readers_expect(sample_path: Path) -> None:
    tree = parse_html(published(sample_path, 2, "html"))
    claim = text_of(tree, "claim")
    assert "Kessford city council has voted" in claim
    assert "@kessfordwatch (social)" in claim  # who spread it
    rating = text_of(tree, "rating")
    assert "Verified (True)" in rating and "Misleading" in rating and "False" in rating
    assert "Only proposed" in text_of(tree, "reasoning")
    assert "ruled out by the evidence" in text_of(tree, "reasoning")
    links = {a.get("href"): "".join(a.itertext()) for a in tree.iter(f"{NS}a")}
    minutes = "https://kessford.example/council/minutes/2026-06-18"
    assert links[minutes] == "Minutes of Kessford council, 18 June 2026, item 7"
    assert links[f"https://desk.example/archive/20260620091100/{minutes}"] == "Archived copy"
    sources = text_of(tree, "sources")
    assert "published 18 June 2026" in sources
    assert (
        "passenger notice. We could not reach it when we checked on 20 June 2026 (HTTP 503)."
        in (sources)
    )
    corrections = text_of(tree, "corrections")
    assert corrections.startswith("Corrections and updates Clarification, 22 June 2026:")
    assert "passes and concession cards are unaffected" in corrections
    # the desk's working is not the reader's: no grades, marks or scores
    whole = " ".join("".join(tree.itertext()).split())
    assert "A2" not in whole and "CC" not in whole and "inconsisten" not in whole


def test_what_we_could_not_establish_comes_from_evidence_wanted(sample_path: Path) -> None:
    tree = parse_html(published(sample_path, 1, "html", "--force"))
    missing = text_of(tree, "not-established")
    assert "The underlying Amazon memo or risk-register entry" in missing
    assert "An official response from Amazon" in missing


RATED = {1: "Lead, not a verdict", 2: "True", 10: "True"}
FORCED = {1: ("--force",), 2: (), 10: ()}  # claim 1 is a lead: published only when forced


@pytest.mark.parametrize("claim", [1, 2, 10])
def test_the_json_ld_round_trips_through_our_claimreview_ingest(
    sample_path: Path, tmp_path: Path, claim: int
) -> None:
    page = tmp_path / f"fact-check-{claim}.html"
    page.write_text(published(sample_path, claim, "html", *FORCED[claim]), encoding="utf-8")
    other = tmp_path / "other.db"
    with Desk.open(other, reviewer="ana", create=True):
        pass
    result = run_cli("ingest", str(page), "--desk", str(other))
    assert result.exit_code == 0, result.output
    assert "(claimreview): 1 new" in result.output
    with Desk.open(other, reviewer="ana") as desk:
        record = desk.claim(desk.all_claim_ids()[0])
    with Desk.open(sample_path, reviewer="ana") as desk:
        original = desk.claim(claim)
    assert record.text == original.text
    assert record.origin_url == original.origin_url
    (outside,) = record.evidence
    assert outside.title == f"Already checked by {NEWSROOM}: {RATED[claim]}"
    assert outside.url == f"https://desk.example/claims/{claim}"


@pytest.mark.parametrize("claim", [1, 2, 10])
def test_the_json_ld_expands_as_json_ld(sample_path: Path, claim: int) -> None:
    (review,) = json_ld(parse_html(published(sample_path, claim, "html", *FORCED[claim])))
    (expanded,) = expand(review)
    assert expanded["@type"] == [f"{SCHEMA}ClaimReview"]
    assert expanded[f"{SCHEMA}url"] == [{"@id": f"https://desk.example/claims/{claim}"}]
    (rating,) = expanded[f"{SCHEMA}reviewRating"]
    assert rating[f"{SCHEMA}alternateName"] == [{"@value": RATED[claim]}]
    (item,) = expanded[f"{SCHEMA}itemReviewed"]
    assert item["@type"] == [f"{SCHEMA}Claim"]


@pytest.mark.parametrize("claim", [1, 2, 10])
def test_the_page_is_dated_by_the_desk_s_recorded_publications(
    sample_path: Path, claim: int
) -> None:
    """datePublished is the first recorded publication, dateModified the latest update, and
    the page's own line says the same dates; never the claim's arrival."""
    tree = parse_html(published(sample_path, claim, "html", *FORCED[claim]))
    (review,) = json_ld(tree)
    with Desk.open(sample_path, reviewer="ana") as desk:
        record = desk.claim(claim)
    first, *updates = record.publications
    assert review["datePublished"] == first.published_at[:10]
    assert review.get("dateModified") == (updates[-1].published_at[:10] if updates else None)
    meta = " ".join("".join(next(tree.iter(f"{NS}header")).itertext()).split())
    assert f"Published {long_date(first.published_at)}" in meta
    if updates:
        assert f"Updated {long_date(updates[-1].published_at)}" in meta


def test_a_lead_is_not_published_unless_forced(sample_path: Path) -> None:
    for format in ("html", "markdown"):
        refused = run_process(
            "publish",
            "1",
            "--format",
            format,
            "-o",
            "-",
            "--organisation",
            ORGANISATION,
            "--desk",
            str(sample_path),
        )
        assert refused.returncode == 1
        assert refused.stdout == ""
        assert "not published: claim 1's verdict 'lead'" in refused.stderr
        assert "--force" in refused.stderr
    page = published(sample_path, 1, "html", "--force")
    pinned("claim_1.html", page)
    (review,) = json_ld(parse_html(page))
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Lead, not a verdict"}
    expand(review)
    pinned("claim_1.md", published(sample_path, 1, "markdown", "--force"))


def test_an_unconfirmed_decision_waits_under_the_two_person_rule(sample_path: Path) -> None:
    with Desk.open(sample_path, reviewer="mara") as desk:
        desk.set_setting("two_person_rule", True)
        desk.decide(2, "verified", "The minutes record the vote.", for_publication=True)
    refused = run_process(
        "publish", "2", "-o", "-", "--organisation", ORGANISATION, "--desk", str(sample_path)
    )
    assert refused.returncode == 1
    assert "not confirmed by a second reviewer" in refused.stderr
    assert "--unconfirmed" in refused.stderr
    assert "<h1>" in published(sample_path, 2, "html", "--unconfirmed")
    confirmed = run_cli("confirm", "2", "--reviewer", "tomas", "--desk", str(sample_path))
    assert confirmed.exit_code == 0, confirmed.output
    page = published(sample_path, 2, "html")
    assert "Checked by mara, reviewed by tomas" in page


@pytest.mark.parametrize("claim", [2, 10])
def test_the_published_markdown_is_pinned_and_renders(sample_path: Path, claim: int) -> None:
    text = published(sample_path, claim, "markdown")
    pinned(f"claim_{claim}.md", text)
    tokens = MarkdownIt("commonmark").parse(text)
    headings = [tokens[i + 1].content for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings[0].startswith("Fact check: ")
    assert "Sources" in headings and "Corrections and updates" in headings
    html = MarkdownIt("commonmark").render(text)
    assert "\\" not in html


HOSTILE = (
    "Line one\n---\n# not a heading [x](javascript:alert(1)) ![](http://t.example/p.png)"
    " <img src=x onerror=alert(1)> </script><script>alert(2)</script> &amp;"
)


def test_outside_text_stays_text_on_the_published_page(empty_desk: Desk, tmp_path: Path) -> None:
    claim = empty_desk.add_claim(HOSTILE)
    with pytest.raises(InvalidValue, match="only http and https"):  # the desk refuses it now
        empty_desk.add_custody_hop(claim, "<b>S</b>", kind="social", url="javascript:alert(3)")
    hop = empty_desk.add_custody_hop(claim, "<b>Spreader</b>", kind="social")
    with empty_desk.db.conn:  # as an older deskcheck stored it: the page still shows no link
        empty_desk.db.execute(
            "UPDATE custody_hops SET url = 'javascript:alert(3)' WHERE id = ?", [hop]
        )
    empty_desk.decide(claim, "false", "Because </p><script>alert(4)</script>.")
    empty_desk.set_setting("organisation", {"name": "Desk", "url": "https://desk.example"})
    path = str(empty_desk.path)
    page = run_cli("publish", str(claim), "-o", "-", "--desk", path).stdout
    tree = parse_html(page)
    scripts = [s for s in tree.iter(f"{NS}script")]
    assert [s.get("type") for s in scripts] == ["application/ld+json"]  # nothing injected
    (review,) = json_ld(tree)
    assert review["claimReviewed"] == HOSTILE  # quoted exactly, and still valid JSON
    assert not [a for a in tree.iter(f"{NS}a") if "javascript" in (a.get("href") or "")]
    assert not list(tree.iter(f"{NS}img")) and not list(tree.iter(f"{NS}b"))
    assert "Because </p><script>alert(4)</script>." in text_of(tree, "summary")
    markdown = run_cli(
        "publish", str(claim), "--format", "markdown", "-o", "-", "--desk", path
    ).stdout
    rendered = MarkdownIt("commonmark").render(markdown)
    assert "<script>" not in rendered and "<img" not in rendered and "<b>" not in rendered
    assert 'href="javascript' not in rendered
    assert rendered.count("<h1>") == 1 and "<h2>Line one" not in rendered
