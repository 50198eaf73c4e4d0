"""Published fact-checks: a ClaimReview DataFeed and Google Fact Check Tools answers load as
reference records that matching finds; bad reviews are rejected one by one."""

from __future__ import annotations

import json
from pathlib import Path

from deskcheck.data import Desk
from deskcheck.work.intake import ingest
from tests.conftest import FIXTURES, run_cli

PUBLISHED = FIXTURES / "published"


def test_a_datafeed_loads_published_checks_not_queue_work(empty_desk: Desk) -> None:
    claims_before = empty_desk.queue_count()
    report = ingest(empty_desk, str(PUBLISHED / "datafeed.json"))
    assert report.format == "datafeed"
    assert (report.counts.new, report.counts.rejected) == (3, 2)
    assert "3 published fact-checks loaded for matching (not queue work)" in report.summary()
    assert empty_desk.queue_count() == claims_before  # nothing for the queue
    rows = empty_desk.db.execute(
        "SELECT publisher, rating, reviewed_at, url, claimant FROM published_checks ORDER BY id"
    ).fetchall()
    assert rows[0] == (
        "Maldita.es",
        "Falso",
        "2026-10-01T00:00:00Z",
        "https://maldita.example/2026/grafeno",
        "Canal anónimo",
    )
    assert any("javascript" in reason or "URL" in reason for reason in report.rejects)
    again = ingest(empty_desk, str(PUBLISHED / "datafeed.json"))
    assert (again.counts.new, again.counts.duplicate) == (0, 3)


def test_matching_finds_a_published_check_in_its_own_language(empty_desk: Desk) -> None:
    ingest(empty_desk, str(PUBLISHED / "datafeed.json"))
    matches = empty_desk.similar("Las vacunas del coronavirus llevan grafeno magnético")
    assert matches and matches[0].kind == "published" and matches[0].likely
    assert (matches[0].publisher, matches[0].verdict) == ("Maldita.es", "Falso")


def test_fact_check_tools_answers_give_one_record_per_review(empty_desk: Desk) -> None:
    report = ingest(empty_desk, str(PUBLISHED / "factcheck_api.json"))
    assert report.format == "factcheck-api"
    assert (report.counts.new, report.counts.rejected) == (2, 2)
    publishers = [
        m.publisher for m in empty_desk.similar("hot lemon water cures covid-19 in two days")
    ]
    assert sorted(publishers) == ["PolitiFact", "afp.example"]


def test_hostile_published_text_never_reaches_the_terminal_raw(tmp_path: Path) -> None:
    desk_path = tmp_path / "d.db"
    run_cli("init", str(desk_path), "--empty")
    loaded = run_cli("ingest", str(PUBLISHED / "datafeed.json"), "--desk", str(desk_path))
    assert loaded.exit_code == 0, loaded.output
    found = run_cli("similar", "Hostile red and markup evil", "--desk", str(desk_path))
    assert found.exit_code == 0, found.output
    assert "\x1b" not in found.output and "\u202e" not in found.output
    assert "␛" in found.output
    as_json = run_cli("similar", "Hostile red and markup evil", "--json", "--desk", str(desk_path))
    assert "\x1b" not in as_json.output and json.loads(as_json.output)["matches"]


def test_similar_exits_1_when_nothing_matches(tmp_path: Path) -> None:
    desk_path = tmp_path / "d.db"
    run_cli("init", str(desk_path), "--empty")
    result = run_cli("similar", "Nothing like this was ever said", "--desk", str(desk_path))
    assert result.exit_code == 1 and "nothing on the desk" in result.output


def test_a_hundred_thousand_published_checks_stay_searchable(tmp_path: Path) -> None:
    """The bulk shape at scale: 100,000 reviews in one DataFeed file."""
    from bench.matching import datafeed

    feed = tmp_path / "feed.json"
    document = datafeed(100_000, seed=3)
    target = document["dataFeedElement"][77_777]["item"][0]["claimReviewed"]
    feed.write_text(json.dumps(document), encoding="utf-8")
    with Desk.open(tmp_path / "d.db", reviewer="tester", create=True) as desk:
        report = ingest(desk, str(feed))
        assert report.counts.new == 100_000, report.summary()
        assert desk.published_count() == 100_000
        matches = desk.similar(target.lower())
        assert matches[0].kind == "published" and matches[0].text == target


def _review(text: str, publisher: str) -> dict[str, object]:
    return {
        "@type": "DataFeedItem",
        "item": {
            "@type": "ClaimReview",
            "claimReviewed": text,
            "datePublished": "2026-05-02",
            "author": {"@type": "Organization", "name": publisher},
            "reviewRating": {"@type": "Rating", "alternateName": "False"},
        },
    }


def test_reviews_without_a_url_load_once(tmp_path: Path) -> None:
    """SQLite's UNIQUE counts NULLs as all different: a review with no URL must still be
    recognised as already loaded, in a second load and within the same feed."""
    feed = tmp_path / "no-urls.json"
    twice = _review("Tap water in Lyon is mixed with seawater since May", "Les Vérificateurs")
    document = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "dataFeedElement": [
            twice,
            _review("The mayor sold the old bridge to a private bank", "Les Vérificateurs"),
            twice,  # the same review twice in one file
        ],
    }
    feed.write_text(json.dumps(document), encoding="utf-8")
    desk_path = tmp_path / "d.db"
    run_cli("init", str(desk_path), "--empty")
    first = run_cli("ingest", str(feed), "--desk", str(desk_path))
    assert "2 published fact-checks loaded for matching (not queue work), 1 already loaded" in (
        first.output
    ), first.output
    second = run_cli("ingest", str(feed), "--desk", str(desk_path))
    assert "0 published fact-checks loaded for matching (not queue work), 3 already loaded" in (
        second.output
    ), second.output
    with Desk.open(desk_path, reviewer="tester") as desk:
        assert desk.published_count() == 2
        indexed = desk.db.execute("SELECT count(*) FROM match_fts WHERE rowid < 0").fetchone()
        assert indexed[0] == 2


def test_a_review_dated_before_year_1000_loads_with_its_batch(tmp_path: Path) -> None:
    """The data layer refuses a date that is no date; the feed's own date is spelled as the
    desk stores dates (0999, not 999), so a review of a strange year never refuses the
    batch it came in."""
    old = _review("The cathedral was built in a single night", "Les Vérificateurs")
    old["item"]["datePublished"] = "0999-01-01"  # type: ignore[index]
    document = {
        "@context": "https://schema.org",
        "@type": "DataFeed",
        "dataFeedElement": [old, _review("The bridge was sold", "Les Vérificateurs")],
    }
    feed = tmp_path / "old.json"
    feed.write_text(json.dumps(document), encoding="utf-8")
    desk_path = tmp_path / "d.db"
    run_cli("init", str(desk_path), "--empty")
    loaded = run_cli("ingest", str(feed), "--desk", str(desk_path))
    assert "2 published fact-checks loaded" in loaded.output, loaded.output
    with Desk.open(desk_path, reviewer="tester") as desk:
        dates = [r[0] for r in desk.db.execute("SELECT reviewed_at FROM published_checks")]
    assert sorted(dates) == ["0999-01-01T00:00:00Z", "2026-05-02T00:00:00Z"]
