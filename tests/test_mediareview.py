"""MediaReview out and in: a decided image claim exported, then taken in on a new desk,
gives the same rating, the same picture (by its bytes' hash) and the same address."""

from __future__ import annotations

import json

import pytest

from deskcheck.data import Desk
from deskcheck.data.verify import verify_desk
from deskcheck.domain.pictures import read_picture
from tests.conftest import run_cli
from tests.photos import encoded, photo


def _decided_image_claim(tmp_path, url: str, body: bytes, verdict: str) -> tuple:
    path = tmp_path / "first.db"
    with Desk.open(path, reviewer="mara", create=True) as desk:
        desk.set_setting("organisation", {"name": "Desk One", "url": "https://one.example"})
        claim = desk.add_claim("This photo shows the flood in Valdoria this morning")
        desk.add_picture(claim, read_picture(body), body, source_url=url)
        desk.decide(claim, verdict, "The photo was taken in 2017, in another country.")
    return path, claim


def test_a_media_review_round_trip_keeps_rating_picture_and_address(tmp_path, httpserver):
    body = encoded(photo(71), "JPEG")
    httpserver.expect_request("/p/71.jpg").respond_with_data(body, content_type="image/jpeg")
    url = httpserver.url_for("/p/71.jpg")
    first, claim = _decided_image_claim(tmp_path, url, body, "misleading")

    exported = run_cli("export", str(claim), "--format", "mediareview", "--desk", str(first))
    assert exported.exit_code == 0, exported.output
    review = json.loads(exported.output)
    assert review["@type"] == "MediaReview"
    assert review["mediaAuthenticityCategory"] == "DecontextualizedContent"
    (image,) = review["itemReviewed"]["mediaItemAppearance"]
    assert image["contentUrl"] == url and image["sha256"] == read_picture(body).sha256
    source = tmp_path / "review.json"
    source.write_text(exported.output, encoding="utf-8")

    second = tmp_path / "second.db"
    with Desk.open(second, reviewer="lisa", create=True) as desk:
        desk.set_setting("allow_private_addresses", True)  # the picture is on 127.0.0.1
    taken = run_cli("ingest", str(source), "--desk", str(second), "--reviewer", "lisa")
    assert taken.exit_code == 0, taken.output
    assert "1 new" in taken.output and "1 picture kept" in taken.output
    with Desk.open(second, reviewer="lisa") as desk:
        (new,) = desk.all_claim_ids()
        record = desk.claim(new)
        assert record.text == "This photo shows the flood in Valdoria this morning"
        (outside,) = record.evidence
        assert "DecontextualizedContent, misleading" in outside.title
        assert "Desk One" in outside.title
        (picture,) = desk.pictures_of_claim(new)
        assert picture["sha256"] == read_picture(body).sha256
        assert picture["source_url"] == url
    assert verify_desk(second).ok


@pytest.mark.parametrize("verdict", ["lead", "unverified"])
def test_a_verdict_with_no_category_is_not_a_media_review(tmp_path, verdict):
    body = encoded(photo(72), "JPEG")
    first, claim = _decided_image_claim(tmp_path, "https://img.example/72.jpg", body, verdict)
    result = run_cli("export", str(claim), "--format", "mediareview", "--desk", str(first))
    assert result.exit_code != 0
    assert "no MediaReview category" in result.output


def test_a_claim_without_a_picture_is_not_a_media_review(sample_path):
    result = run_cli("export", "1", "--format", "mediareview", "--desk", str(sample_path))
    assert result.exit_code != 0 and "holds no picture" in result.output


def test_the_desks_mapping_overrides_the_default_category(tmp_path):
    body = encoded(photo(73), "JPEG")
    first, claim = _decided_image_claim(tmp_path, "https://img.example/73.jpg", body, "false")
    with Desk.open(first, reviewer="mara") as desk:
        desk.set_setting("media_review_categories", {"false": "EditedOrCroppedContent", "x": 3})
    result = run_cli("export", str(claim), "--format", "mediareview", "--desk", str(first))
    assert json.loads(result.output)["mediaAuthenticityCategory"] == "EditedOrCroppedContent"


def test_a_hostile_media_review_is_taken_in_as_text(tmp_path):
    review = {
        "@context": "https://schema.org",
        "@type": "MediaReview",
        "mediaAuthenticityCategory": "<b>Transformed</b>\u001b[31m",
        "author": {"@type": "Organization", "name": "Check\u202eer"},
        "itemReviewed": {
            "@type": "MediaReviewItem",
            "mediaItemAppearance": [
                {"@type": "ImageObject", "contentUrl": "javascript:alert(1)", "sha256": "zz"}
            ],
            "interpretedAsClaim": {"@type": "Claim", "description": "Photo of the riot"},
        },
    }
    source = tmp_path / "hostile.json"
    source.write_text(json.dumps(review), encoding="utf-8")
    desk = tmp_path / "d.db"
    Desk.open(desk, reviewer="mara", create=True).close()
    result = run_cli("ingest", str(source), "--desk", str(desk), "--reviewer", "mara")
    assert result.exit_code == 0 and "1 new" in result.output
    shown = run_cli("show", "1", "--desk", str(desk)).output
    assert "\x1b" not in shown and "\u202e" not in shown and "Photo of the riot" in shown
