"""Text fidelity at intake: the claim reads as its source wrote it, and different claims are
never merged (fingerprints), whatever the format and the encoding."""

from __future__ import annotations

import json
import unicodedata
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from deskcheck.data import Desk
from deskcheck.domain.fingerprint import fingerprint, normalise
from deskcheck.work.intake import ingest
from tests.conftest import run_process

# -- fingerprints ------------------------------------------------------------------------------

SYMBOL_POSTS = ["🔥🔥🔥", "😂👉🏻🇺🇦", "$$$ !!!", "🔥🔥", "👉🏿", "!!!"]


def test_posts_of_only_emoji_or_symbols_are_different_claims(tmp_path: Path) -> None:
    source = tmp_path / "posts.jsonl"
    source.write_text(
        "".join(json.dumps({"text": t}) + "\n" for t in SYMBOL_POSTS), encoding="utf-8"
    )
    desk_path = tmp_path / "desk.db"
    Desk.open(desk_path, reviewer="mara", create=True).close()
    took = run_process("ingest", str(source), "--desk", str(desk_path), "--reviewer", "mara")
    assert took.returncode == 0, took.stdout
    assert f"{len(SYMBOL_POSTS)} new, 0 already on the desk" in took.stdout
    with Desk.open(desk_path, reviewer="mara") as desk:
        texts = sorted(row[0] for row in desk.db.execute("SELECT text FROM claims"))
    assert texts == sorted(SYMBOL_POSTS)


def test_the_same_symbol_post_twice_is_one_claim(empty_desk: Desk, tmp_path: Path) -> None:
    source = tmp_path / "posts.jsonl"
    lines = ["🔥🔥🔥", "🔥 🔥 🔥", "🔥\ufe0f🔥🔥"]  # spacing and a variation selector
    source.write_text("".join(json.dumps({"text": t}) + "\n" for t in lines), encoding="utf-8")
    report = ingest(empty_desk, str(source))
    assert (report.counts.new, report.counts.duplicate) == (1, 2)


def test_texts_with_words_keep_the_fingerprint_they_had() -> None:
    """Existing desks' duplicate detection must not change: quotes, case and symbols around
    words still fold away."""
    assert fingerprint("“The Port”, doubles its fees!! 🔥") == fingerprint(
        "the port doubles its fees"
    )
    assert normalise("“The Port”, doubles its fees!! 🔥") == "the port doubles its fees"


@given(st.text(min_size=1).filter(lambda t: "\x00" not in t))
def test_a_fingerprint_is_never_that_of_an_empty_text(text: str) -> None:
    assert normalise(text) != ""
    assert fingerprint(text) != fingerprint("")


# emoji as people type them: ZWJ sequences, skin tones, flags, variation selectors
EMOJI = st.sampled_from(["👨‍👩‍👧", "🏳️‍🌈", "👍🏽", "🇺🇦", "❤️", "🔥"])
CLAIM_TEXT = st.lists(
    st.characters(categories=("L", "N", "S")) | EMOJI, min_size=1, max_size=30
).map("".join)


@given(CLAIM_TEXT, CLAIM_TEXT)
def test_fingerprints_match_exactly_when_the_normalised_texts_do(a: str, b: str) -> None:
    assert (fingerprint(a) == fingerprint(b)) == (normalise(a) == normalise(b))


@pytest.fixture(scope="module")
def shared_desk(tmp_path_factory: pytest.TempPathFactory) -> Desk:
    path = tmp_path_factory.mktemp("round-trip") / "desk.db"
    return Desk.open(path, reviewer="mara", create=True)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=CLAIM_TEXT)
@example(text="🔥🔥🔥")
@example(text="😂👉🏻🇺🇦")
@example(text="$$$")
def test_a_json_lines_claim_reads_back_as_written(
    shared_desk: Desk, tmp_path_factory: pytest.TempPathFactory, text: str
) -> None:
    """Any text of letters, digits, symbols and emoji comes back as written (after NFC); a
    text taken as already on the desk is the same after the documented normalisation."""
    source = tmp_path_factory.mktemp("item") / "item.jsonl"
    source.write_text(json.dumps({"text": text, "id": str(uuid.uuid4())}) + "\n", "utf-8")
    report = ingest(shared_desk, str(source))
    assert report.counts.rejected == 0, report.rejects
    if report.counts.new:
        stored = shared_desk.claim(report.counts.new_claims[0]).text
        assert unicodedata.normalize("NFC", stored) == unicodedata.normalize("NFC", text)
    else:
        assert report.counts.duplicate == 1
        (stored,) = shared_desk.db.execute(
            "SELECT text FROM claims WHERE fingerprint = ?", (fingerprint(text),)
        ).fetchone()
        assert normalise(stored) == normalise(text) != ""  # never merged on an empty print


# -- what a feed declares as plain text is kept; HTML is laid out as a browser shows it -----

INTAKE = Path(__file__).resolve().parent / "fixtures" / "intake"


def claims_of(desk: Desk) -> list[str]:
    return [row[0] for row in desk.db.execute("SELECT text FROM claims ORDER BY id")]


def test_atom_text_is_kept_as_written_and_html_is_laid_out(empty_desk: Desk) -> None:
    report = ingest(empty_desk, str(INTAKE / "atom_text_types.xml"))
    assert report.error is None and report.counts.new == 7, report.summary()
    assert claims_of(empty_desk) == [
        "Claim: a<b for every b in the budget",
        "History of the <blink> tag",
        "Fish & chips cost <£5 <b>not bold</b>",
        "106 doses reached the Unvaccinated",
        "H2O use rose by 106 litres",
        "a+b is not always positive",
        "First paragraph of the claim.\n\nSecond paragraph, inline.",
    ]


def test_rss_inline_markup_joins_words_and_numbers(empty_desk: Desk) -> None:
    report = ingest(empty_desk, str(INTAKE / "rss_inline.xml"))
    assert report.counts.new == 3, report.summary()
    assert claims_of(empty_desk) == [
        "Mortality fell to 10-3 among Unvaccinated adults",
        "History of the <blink> tag",
        "CO2 output doubled",
    ]


def test_json_feed_html_content_is_laid_out(empty_desk: Desk, tmp_path: Path) -> None:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "JSON wire",
        "items": [
            {"id": "1", "content_html": "<p>10<sup>6</sup> <b>Un</b>vaccinated</p>"},
            {"id": "2", "content_text": "a<b &amp; kept as written"},
        ],
    }
    source = tmp_path / "feed.json"
    source.write_text(json.dumps(feed), encoding="utf-8")
    report = ingest(empty_desk, str(source))
    assert report.counts.new == 2, report.summary()
    assert claims_of(empty_desk) == ["106 Unvaccinated", "a<b &amp; kept as written"]


# -- legacy encodings, UTF-16/32, and feeds whose format was missed ----------------------------

LEGACY = {
    "koi8-r": "Правительство объявило о повышении налогов на топливо с первого января."
    " Министр финансов заявил, что бюджет получит дополнительные доходы.",
    "shift_jis": "政府は来年一月から燃料税を引き上げると発表した。財務大臣は、国の予算に追加の"
    "収入がもたらされると述べた。",
    "euc-kr": "정부는 내년 1월부터 연료세를 인상한다고 발표했다. 재무장관은 국가 예산에 추가"
    " 수입이 생길 것이라고 말했다.",
    "gb2312": "政府宣布从明年一月起提高燃油税。财政部长表示，国家预算将获得额外收入。",
    "windows-1255": "הממשלה הודיעה על העלאת המס על הדלק החל מינואר הבא. שר האוצר אמר כי"
    " תקציב המדינה יקבל הכנסות נוספות.",
}


def rss(titles: list[str], declaration: str) -> str:
    items = "".join(
        f"<item><guid>g-{n}</guid><title>{t}</title></item>" for n, t in enumerate(titles)
    )
    return f'{declaration}\n<rss version="2.0"><channel><title>Wire</title>{items}</channel></rss>'


@pytest.mark.parametrize("encoding", sorted(LEGACY))
@pytest.mark.parametrize(
    "declaration",
    ['<?xml version="1.0"?>', '<?xml version="1.0" encoding="utf-8"?>', ""],
    ids=["missing", "wrong-utf-8", "no-declaration"],
)
def test_a_legacy_encoding_feed_is_read_as_written(
    empty_desk: Desk, tmp_path: Path, encoding: str, declaration: str
) -> None:
    text = LEGACY[encoding]
    titles = [text, text[:30].strip()]
    source = tmp_path / "feed.xml"
    source.write_bytes(rss(titles, declaration).encode(encoding))
    report = ingest(empty_desk, str(source))
    assert report.error is None and report.counts.new == 2, report.summary()
    assert claims_of(empty_desk) == titles
    assert "(detected)" in report.summary()  # which rule chose the encoding is said


def test_a_wrong_http_charset_does_not_garble_a_feed(empty_desk: Desk, httpserver) -> None:
    """The server says UTF-8, the bytes are KOI8-R: the header is not followed blindly."""
    text = LEGACY["koi8-r"]
    body = rss([text], '<?xml version="1.0"?>').encode("koi8-r")
    httpserver.expect_request("/feed").respond_with_data(
        body, content_type="application/rss+xml; charset=utf-8"
    )
    report = ingest(empty_desk, httpserver.url_for("/feed"))
    assert report.counts.new == 1, report.summary()
    assert claims_of(empty_desk) == [text]
    assert not any("\x80" <= c <= "\x9f" for c in claims_of(empty_desk)[0])  # no C1 controls


WIDE = ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"]


@pytest.mark.parametrize("encoding", WIDE)
def test_utf16_and_utf32_feeds_are_detected_and_read(
    empty_desk: Desk, tmp_path: Path, encoding: str
) -> None:
    """With a byte order mark (utf-16, utf-32) or without one (-le, -be)."""
    titles = ["Ceasefire «holds» in the north — officials", "Le prix du pain a doublé 🍞"]
    label = encoding.split("-")[0] + "-" + encoding.split("-")[1]
    source = tmp_path / "feed.xml"
    source.write_bytes(rss(titles, f'<?xml version="1.0" encoding="{label}"?>').encode(encoding))
    report = ingest(empty_desk, str(source))
    assert report.error is None, report.summary()
    assert report.format == "rss20" and claims_of(empty_desk) == titles


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32-le"])
def test_utf16_json_lines_are_read(empty_desk: Desk, tmp_path: Path, encoding: str) -> None:
    source = tmp_path / "tips.jsonl"
    source.write_bytes('{"text": "Über 40 % mehr Zölle"}\n'.encode(encoding))
    report = ingest(empty_desk, str(source))
    assert report.counts.new == 1, report.summary()
    assert claims_of(empty_desk) == ["Über 40 % mehr Zölle"]


@pytest.mark.parametrize(
    ("name", "titles"),
    [
        ("channel.cdf", ["The harbour tunnel opens in March", "Ferry fares will fall by a third"]),
        ("prefixed_rss.xml", ["Rail strike called off after late-night talks"]),
    ],
)
def test_cdf_and_prefixed_rss_are_recognised(empty_desk: Desk, name: str, titles) -> None:
    report = ingest(empty_desk, str(INTAKE / name))
    assert report.error is None, report.summary()
    assert claims_of(empty_desk) == titles


# -- ClaimReview details --------------------------------------------------------------------------


def test_claimreview_details_from_a_page(empty_desk: Desk, httpserver) -> None:
    """claimReviewed as a one-element array, a person as author and the organisation as
    publisher, entities in the text, a relative review URL, and an unrelated broken block."""
    httpserver.expect_request("/news/mayor").respond_with_data(
        (INTAKE / "claimreview_details.html").read_bytes(), content_type="text/html"
    )
    report = ingest(empty_desk, httpserver.url_for("/news/mayor"), format="claimreview")
    assert (report.counts.new, report.counts.rejected) == (1, 0), report.summary()
    assert report.bozo and "ld+json block 1" in report.bozo  # said, not counted as a review
    claim = empty_desk.claim(1)
    assert claim.text == 'Mayor Singh\'s budget cuts "every" library'
    assert [(h.actor, h.kind) for h in claim.custody] == [
        ("Council's press office", "primary"),
        ("Checkers & Co", "outlet"),
    ]
    review = claim.evidence[0]
    assert review.title == "Already checked by Checkers & Co (Ana Pérez): Mostly false"
    assert review.url == httpserver.url_for("/checks/mayor-budget")
    assert review.excerpt == "Two of 14 branches close; the rest keep their hours & staff."


def test_claimreviewed_with_several_texts_is_rejected_with_the_reason(
    empty_desk: Desk, tmp_path: Path
) -> None:
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://checks.example/two",
        "claimReviewed": ["One claim", "Another claim"],
        "author": {"@type": "Organization", "name": "Checkers"},
    }
    source = tmp_path / "review.json"
    source.write_text(json.dumps(review), encoding="utf-8")
    report = ingest(empty_desk, str(source))
    assert report.counts.rejected == 1
    assert "claimReviewed holds 2 texts" in report.rejects[0]


@pytest.mark.parametrize("blank", ["\u3164", "\u115f", "\u1160", "\uffa0", "\u2800"])
def test_blank_letters_are_marked_and_warned_about(blank: str) -> None:
    from deskcheck.domain.untrusted import hidden_characters, make_visible

    text = f"pay{blank}now"
    assert blank not in make_visible(text) and "⟨" in make_visible(text)
    assert hidden_characters(text)


def test_a_claimreview_page_in_its_declared_legacy_encoding(empty_desk: Desk, tmp_path) -> None:
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": "https://checks.example/jp/1",
        "claimReviewed": "政府は来年一月から燃料税を引き上げると発表した",
        "author": {"@type": "Organization", "name": "ファクトチェック"},
        "reviewRating": {"@type": "Rating", "alternateName": "誤り"},
    }
    page = (
        '<html><head><meta charset="shift_jis"><title>検証</title>'
        f'<script type="application/ld+json">{json.dumps(review, ensure_ascii=False)}</script>'
        "</head><body>本文</body></html>"
    )
    source = tmp_path / "check.html"
    source.write_bytes(page.encode("shift_jis"))
    report = ingest(empty_desk, str(source))
    assert report.counts.new == 1, report.summary()
    claim = empty_desk.claim(1)
    assert claim.text == review["claimReviewed"]
    assert claim.evidence[0].title == "Already checked by ファクトチェック: 誤り"


def test_html_blocks_break_lines_without_padding(empty_desk: Desk, tmp_path: Path) -> None:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "items": [
            {
                "id": "1",
                "content_html": "<div>Minister: <blockquote>we will not resign</blockquote>"
                "said on Monday</div>",
            }
        ],
    }
    source = tmp_path / "feed.json"
    source.write_text(json.dumps(feed), encoding="utf-8")
    ingest(empty_desk, str(source))
    assert claims_of(empty_desk) == ["Minister:\nwe will not resign\nsaid on Monday"]


def test_a_telegram_message_is_laid_out_as_the_page_shows_it(
    empty_desk: Desk, tmp_path: Path
) -> None:
    message = (
        '<div class="tgme_widget_message" data-post="wire/7"><div class="tgme_widget_message_text"'
        ' dir="auto">Cases rose to 10<sup>4</sup> among <b>Un</b>vaccinated people'
        "<blockquote>Officials confirmed it</blockquote>on Friday<br/>More soon</div>"
        '<time datetime="2026-11-01T09:00:00+00:00">09:00</time></div>'
    )
    source = tmp_path / "channel.html"
    source.write_text(f"<html><body>{message}</body></html>", encoding="utf-8")
    report = ingest(empty_desk, str(source), format="telegram")
    assert report.counts.new == 1, report.summary()
    assert claims_of(empty_desk) == [
        "Cases rose to 104 among Unvaccinated people\nOfficials confirmed it\non Friday\nMore soon"
    ]
