"""Publishing is an act of the desk: recorded with its date and URL, dating the page and its
ClaimReview; a later publish of a changed decision is an update; the newsroom's identity is
asked for once; the page is written for readers (a summary, the rating beside its scale,
unreachable sources said so, public notes only) and escaped for its format."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import extruct
import html5lib
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from rich.console import Console
from rich.markdown import Markdown

from deskcheck.analysis.claim_analysis import analyse
from deskcheck.data import Desk
from deskcheck.data.verify import verify_desk
from deskcheck.domain.errors import InvalidValue
from deskcheck.domain.models import Decision
from deskcheck.export.markdown import desk_note
from deskcheck.export.published import summary_and_reasoning
from deskcheck.work.publishing import draft_page, publish_draft
from tests.conftest import run_cli, run_process

NS = "{http://www.w3.org/1999/xhtml}"
NEWSROOM = {
    "name": "Osk Harbour Herald",
    "url": "https://herald.example/",
    "logo": "https://herald.example/logo.png",
}
ORGANISATION = json.dumps(NEWSROOM)


def publish(desk_path: Path, claim: int, *more: str, format: str = "markdown") -> Any:
    return run_cli(
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
        str(desk_path),
    )


def events_of(desk: Desk, kind: str) -> list[dict[str, Any]]:
    rows = desk.db.execute("SELECT body FROM events WHERE kind = ? ORDER BY seq", [kind])
    return [json.loads(body) for (body,) in rows.fetchall()]


@pytest.fixture
def ferry(tmp_path: Path) -> Path:
    """A desk with one decided claim and a newsroom of its own (not the sample's)."""
    path = tmp_path / "ferry.db"
    with Desk.open(path, reviewer="ana", create=True) as desk:
        claim = desk.add_claim("The Osk ferry stops running in winter.")
        desk.decide(
            claim,
            "verified",
            "The operator's timetable lists no winter sailings. Its spokesperson confirmed it.",
            summary="True: the timetable has no sailings from December to February.",
        )
        desk.set_setting("organisation", NEWSROOM)
    return path


# -- publishing is recorded, and dates the page ------------------------------------------------


def test_publishing_records_the_act_and_the_page_shows_its_date(ferry: Path) -> None:
    with Desk.open(ferry, reviewer="ana", clock=lambda: "2026-03-04T10:00:00Z") as desk:
        draft = draft_page(desk, 1, "html")
        assert draft.act == "first" and draft.url == "https://herald.example/claims/1"
        publication = publish_draft(desk, draft)
        assert publication is not None and publication.kind == "first"
        (event,) = events_of(desk, "claim.published")
        assert event["row"]["url"] == "https://herald.example/claims/1"
        assert event["row"]["published_at"] == "2026-03-04T10:00:00Z"
    page = publish(ferry, 1, format="html").stdout
    assert "Published 4 March 2026" in page and "Updated" not in page
    tree = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parse(page)
    (review,) = [
        json.loads(s.text)
        for s in tree.iter(f"{NS}script")
        if s.get("type") == "application/ld+json"
    ]
    assert review["datePublished"] == "2026-03-04" and "dateModified" not in review
    assert verify_desk(ferry).ok


def test_a_changed_decision_published_again_is_an_update_with_its_date(ferry: Path) -> None:
    with Desk.open(ferry, reviewer="ana", clock=lambda: "2026-03-04T10:00:00Z") as desk:
        publish_draft(desk, draft_page(desk, 1))
    same = publish(ferry, 1)  # nothing changed: the page as published, nothing recorded
    assert same.exit_code == 0, same.output
    assert "nothing new recorded" in same.stderr
    with Desk.open(ferry, reviewer="ana") as desk:
        assert len(desk.claim(1).publications) == 1
        desk.decide(1, "misleading", "A winter shuttle runs on Saturdays.", summary="Misleading.")
    with Desk.open(ferry, reviewer="ana", clock=lambda: "2026-05-06T08:00:00Z") as desk:
        draft = draft_page(desk, 1, "html")
        assert draft.act == "update"
        publication = publish_draft(desk, draft)
        assert publication is not None and publication.kind == "update"
    assert "Published 4 March 2026 · Updated 6 May 2026" in draft.text
    assert '"datePublished": "2026-03-04"' in draft.text
    assert '"dateModified": "2026-05-06"' in draft.text
    assert verify_desk(ferry).ok


def test_a_public_note_after_publication_makes_the_next_publish_an_update(ferry: Path) -> None:
    with Desk.open(ferry, reviewer="ana", clock=lambda: "2026-03-04T10:00:00Z") as desk:
        publish_draft(desk, draft_page(desk, 1))
    note = run_cli(
        "note", "add", "1", "--kind", "clarification", "--right", "Freight still sails.",
        "--desk", str(ferry),
    )  # fmt: skip
    assert "internal: on the desk only" in note.output
    with Desk.open(ferry, reviewer="ana") as desk:
        assert draft_page(desk, 1).act is None  # an internal note is no news for readers
    public = run_cli(
        "note", "add", "1", "--kind", "correction", "--right", "Sailings end in November.",
        "--wrong", "We said December.", "--public", "--desk", str(ferry),
    )  # fmt: skip
    assert "public: on the published page" in public.output
    with Desk.open(ferry, reviewer="ana") as desk:
        assert draft_page(desk, 1).act == "update"


def test_the_data_layer_refuses_a_publication_of_a_superseded_decision(ferry: Path) -> None:
    with Desk.open(ferry, reviewer="ana") as desk:
        draft = draft_page(desk, 1)
        desk.decide(1, "false", "Winter sailings resumed.")
        with pytest.raises(InvalidValue, match="decision changed while the page was prepared"):
            publish_draft(desk, draft)
        with pytest.raises(InvalidValue, match="not an http"):
            desk.record_publication(1, desk.claim(1).decisions[0].id, "javascript:alert(1)")
        assert desk.claim(1).publications == ()


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (("--url", "https://herald.example/checks/osk-ferry"), "https://herald.example/checks/osk-ferry"),
        ((), "https://herald.example/fact-checks/1.html"),
    ],
)  # fmt: skip
def test_the_page_url_comes_from_the_pattern_or_url(
    ferry: Path, given: tuple[str, ...], expected: str
) -> None:
    pattern = {**NEWSROOM, "url_pattern": "https://herald.example/fact-checks/{claim}.html"}
    result = run_cli(
        "publish", "1", "-o", "-", "--organisation", json.dumps(pattern), *given,
        "--desk", str(ferry),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f'<link rel="canonical" href="{expected}">' in result.stdout
    with Desk.open(ferry, reviewer="ana") as desk:
        (publication,) = desk.claim(1).publications
    assert publication.url == expected


@pytest.mark.parametrize(
    "url", ["javascript:alert(1)", "https://x.example/a b", "ftp://x.example/", "  "]
)
def test_a_page_url_that_is_not_a_web_address_is_refused(ferry: Path, url: str) -> None:
    refused = run_process("publish", "1", "-o", "-", "--url", url, "--desk", str(ferry))
    assert refused.returncode == 1 and refused.stdout == ""
    assert "Traceback" not in refused.stderr and "URL" in refused.stderr
    with Desk.open(ferry, reviewer="ana") as desk:
        assert desk.claim(1).publications == ()


# -- the newsroom's identity -----------------------------------------------------------------


def test_the_first_publish_on_the_sample_desk_asks_for_the_newsroom(sample_path: Path) -> None:
    refused = run_process("publish", "2", "-o", "-", "--desk", str(sample_path))
    assert refused.returncode == 1 and refused.stdout == ""
    assert "sample's organisation" in refused.stderr and "--organisation" in refused.stderr
    given = run_cli(
        "publish", "2", "-o", "-", "--organisation", ORGANISATION, "--desk", str(sample_path)
    )
    assert given.exit_code == 0, given.output
    assert "Osk Harbour Herald" in given.stdout and "Monexus" not in given.stdout
    with Desk.open(sample_path, reviewer="ana") as desk:
        assert desk.setting("organisation") == NEWSROOM
        assert [e for e in events_of(desk, "setting.changed") if e["value"] == NEWSROOM]
    again = run_cli("publish", "2", "-o", "-", "--desk", str(sample_path))  # asked once
    assert again.exit_code == 0, again.output


def test_in_a_terminal_the_first_publish_asks_for_the_newsroom(
    sample_path: Path, tmp_path: Path
) -> None:
    """A person at a terminal is asked name, web address and logo, once; what they answer
    is the desk's setting and brands the page."""
    main, terminal = os.openpty()
    os.write(main, b"Osk Harbour Herald\nhttps://herald.example/\n")
    os.write(main, b"https://herald.example/logo.png\n")
    page = tmp_path / "fact-check-3.md"
    try:
        asked = subprocess.run(
            [sys.executable, "-m", "deskcheck", "publish", "3", "--format", "markdown",
             "-o", str(page), "--desk", str(sample_path)],
            stdin=terminal, capture_output=True, text=True, timeout=60,
        )  # fmt: skip
    finally:
        os.close(terminal)
        os.close(main)
    assert asked.returncode == 0, asked.stderr
    assert "who publishes its pages?" in asked.stdout and "Newsroom name" in asked.stdout
    assert "*Osk Harbour Herald. Published" in page.read_text(encoding="utf-8")
    with Desk.open(sample_path, reviewer="ana") as desk:
        assert desk.setting("organisation") == NEWSROOM
        assert len(desk.claim(3).publications) == 1


@pytest.mark.parametrize(
    "value",
    [
        '{"name": "Monexus desk (sample)", "url": "https://desk.example/"}',
        '{"name": "Herald", "url": "javascript:alert(1)"}',
        '{"name": "Herald", "url": "https://h.example/", "logo": "data:image/png;base64,AA"}',
        '{"name": "  ", "url": "https://h.example/"}',
        '{"name": "Herald"}',
        '["Herald"]',
        "not json",
    ],
)
def test_a_newsroom_that_is_not_one_is_refused(sample_path: Path, value: str) -> None:
    refused = run_process(
        "publish", "2", "-o", "-", "--organisation", value, "--desk", str(sample_path)
    )
    assert refused.returncode == 1 and refused.stdout == ""
    assert "Traceback" not in refused.stderr and "organisation" in refused.stderr


# -- written for readers -----------------------------------------------------------------------


def test_the_summary_leads_and_the_reasoning_does_not_repeat_it(ferry: Path) -> None:
    page = publish(ferry, 1, "--preview").stdout
    short = page.split("## In short\n\n")[1].split("\n")[0]
    assert short == "True: the timetable has no sailings from December to February."
    assert "The operator's timetable lists no winter sailings." in page.split("## Our reasoning")[1]
    decided = run_cli(
        "decide", "1", "--verdict", "verified", "--rationale",
        "The timetable lists no winter sailings. Its spokesperson confirmed it.",
        "--desk", str(ferry),
    )  # fmt: skip
    assert decided.exit_code == 0, decided.output
    fallback = publish(ferry, 1, "--preview")
    assert "the decision has no summary" in fallback.stderr  # said to the publisher
    assert "## In short\n\nThe timetable lists no winter sailings.\n" in fallback.stdout
    reasoning = fallback.stdout.split("## Our reasoning")[1]
    assert "winter sailings" not in reasoning and "Its spokesperson confirmed it." in reasoning


SENTENCE = st.text(alphabet="abcdefgh ", min_size=1, max_size=30).map(
    lambda s: (" ".join(s.split()) or "x").capitalize() + "."
)


@given(st.lists(SENTENCE, min_size=1, max_size=5), st.sampled_from(["", "first", "other"]))
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
def test_in_short_never_repeats_the_reasoning_first_sentence(
    sentences: list[str], summary_kind: str
) -> None:
    rationale = " ".join(sentences)
    summary = {"": "", "first": sentences[0], "other": "Something else entirely."}[summary_kind]
    decision = Decision(1, 1, "verified", rationale, "high", "ana", "2026-01-01T00:00:00Z", None)
    decision = Decision(**{**decision.__dict__, "summary": summary})
    short, reasoning, notices = summary_and_reasoning(decision)
    assert short
    assert bool(notices) == (summary_kind == "")
    if reasoning:
        opening = re.match(r"(.+?[.!?])(\s|$)", reasoning[0])
        assert opening is not None and opening.group(1).casefold() != short.casefold()
    said = " ".join([short, *reasoning])
    assert all(s.rstrip(".") in said for s in sentences)  # nothing of the rationale lost


def test_a_lead_is_explained_beside_the_scale_not_listed_as_a_rung(sample_path: Path) -> None:
    page = publish(sample_path, 1, "--preview", "--force").stdout
    rating = page.split("## Our rating: Lead, not a verdict\n\n")[1].split("## In short")[0]
    note, scale = [p for p in rating.split("\n\n") if p.strip()]
    assert note.startswith("This is not a rating on our scale")
    assert note.count(". ") == 0 and note.endswith(".")  # one sentence
    assert (
        scale == "Our ratings, from highest to lowest: Verified · Unverified · Misleading · False."
    )
    assert "Lead" not in scale and "**" not in scale
    verified = publish(sample_path, 2, "--preview").stdout
    assert "**Verified** · Unverified" in verified and "not a rating" not in verified


def test_a_source_that_could_not_be_reached_says_so_with_the_reason(sample_path: Path) -> None:
    page = publish(sample_path, 2, "--preview").stdout
    (notice,) = [line for line in page.splitlines() if "Kessford Buses passenger notice" in line]
    assert notice.endswith("We could not reach it when we checked on 20 June 2026 (HTTP 503).")
    assert "No archived copy" not in notice
    with Desk.open(sample_path, reviewer="ana") as desk:
        evidence = desk.claim(1).evidence[2].id
        desk.add_snapshot(evidence, http_status=None, error="connection refused", title="")
    page = publish(sample_path, 1, "--preview", "--force").stdout
    (wiki,) = [line for line in page.splitlines() if "Wikipedia: Export" in line]
    assert "We could not reach it when we checked on" in wiki
    assert wiki.endswith("(connection refused).")
    (bis,) = [line for line in page.splitlines() if "BIS policy guidance" in line]
    assert bis.endswith("No archived copy.")  # never checked is not unreachable


def test_internal_notes_stay_on_the_desk_public_ones_reach_readers(ferry: Path) -> None:
    with Desk.open(ferry, reviewer="ana") as desk:
        desk.add_revision_note(1, "update", "Rated against all three timetables.")
        desk.add_revision_note(
            1, "correction", "Sailings end in November.", what_was_wrong="We said December.",
            public=True,
        )  # fmt: skip
        with pytest.raises(InvalidValue, match="refile note is kept on the desk"):
            desk.add_revision_note(1, "refile", "Typo.", public=True)
        record = desk.claim(1)
        note = desk_note(record, analyse(record), desk.verdict_scale())
    page = publish(ferry, 1, "--preview").stdout
    assert "Sailings end in November." in page and "We said December." in page
    assert "all three timetables" not in page
    assert "**Update** (internal;" in note and "all three timetables" in note
    assert "**Correction** (public: on the published page;" in note


def test_a_public_correction_says_what_was_wrong_in_the_reviewer_s_words(ferry: Path) -> None:
    """The form asks "what was wrong"; the page gives that answer as such, not as a quotation
    of the earlier page ("An earlier version said: Our note said …" said it twice)."""
    with Desk.open(ferry, reviewer="ana", clock=lambda: "2026-03-05T10:00:00Z") as desk:
        desk.add_revision_note(
            1, "correction", "Sailings end in November.",
            what_was_wrong="Our note said sailings end in December.", public=True,
        )  # fmt: skip
    markdown = publish(ferry, 1, "--preview").stdout
    assert (
        "- **Correction, 5 March 2026:** What was wrong: Our note said sailings end in"
        " December. Sailings end in November.\n"
    ) in markdown
    html = publish(ferry, 1, "--preview", format="html").stdout
    assert "</strong> What was wrong: Our note said sailings end in December." in html
    assert "An earlier version said" not in markdown + html


def test_the_desk_note_ends_a_trigger_sentence_with_a_full_stop(ferry: Path) -> None:
    with Desk.open(ferry, reviewer="ana") as desk:
        desk.add_trigger(
            1, "The operator puts winter sailings on the record", url="https://op.example/t"
        )
        record = desk.claim(1)
        note = desk_note(record, analyse(record), desk.verdict_scale())
    assert "on the record. The desk watches <https://op.example/t>." in note


def test_the_markdown_page_reads_at_80_columns(sample_path: Path) -> None:
    """The page as a reader in an 80-column terminal sees it (rich renders the Markdown):
    every line fits, and the sentences that place the rating and date the page are whole."""
    page = publish(sample_path, 1, "--preview", "--force").stdout
    console = Console(width=80, record=True, color_system=None, force_terminal=False)
    console.print(Markdown(page))
    text = console.export_text()
    assert max(len(line) for line in text.splitlines()) <= 80
    words = " ".join(text.split())
    assert (
        "This is not a rating on our scale: we publish the claim as “Lead, not a verdict”" in words
    )
    assert (
        "Our ratings, from highest to lowest: Verified · Unverified · Misleading · False." in words
    )
    assert "readings of the claim we tested" in words
    assert "\\" not in text  # no escape shows: outside text escaped only where needed


# -- escaped for its format --------------------------------------------------------------------

HOSTILE_DATE = '2026-13-99 <img src=x onerror=alert(1)> [x](javascript:alert(2)) <a href="j">'


def test_every_field_of_the_markdown_page_is_escaped_dates_too(ferry: Path) -> None:
    """A date that does not parse stays text: the rendered page has no HTML and no link the
    desk did not write. The desk's own writes refuse such a date now, so it is planted the
    way another program would (plain SQL on the desk file)."""
    with Desk.open(ferry, reviewer="ana") as desk:
        hop = desk.add_custody_hop(1, "Harbour gossip", kind="social")
        evidence = desk.add_evidence(1, "Timetable", url="https://op.example/timetable")
        desk.add_snapshot(evidence, http_status=500, error=HOSTILE_DATE, title="")
    with sqlite3.connect(ferry) as conn:
        conn.execute("UPDATE custody_hops SET seen_at = ? WHERE id = ?", [HOSTILE_DATE, hop])
        conn.execute("UPDATE evidence SET published_at = ? WHERE id = ?", [HOSTILE_DATE, evidence])
    conn.close()
    markdown = publish(ferry, 1, "--preview").stdout
    tokens = MarkdownIt("commonmark").parse(markdown)
    inline = [child for t in tokens for child in (t.children or [])]
    assert not [t for t in [*tokens, *inline] if t.type in ("html_block", "html_inline")]
    links = {t.attrs.get("href") for t in inline if t.type == "link_open"}
    assert links == {"https://op.example/timetable"}  # the evidence URL, written by the desk
    rendered = MarkdownIt("commonmark").render(markdown)
    assert "<img" not in rendered and 'href="javascript' not in rendered
    assert "[x](javascript:alert(2))" in rendered  # shown, as text
    assert "2026-13-99 &lt;img src=x onerror=alert(1)&gt;" in rendered


# -- a link that previews well -----------------------------------------------------------------


def test_the_page_carries_opengraph_and_twitter_card_tags(ferry: Path) -> None:
    page = publish(ferry, 1, "--preview", format="html").stdout
    (og,) = extruct.extract(page, syntaxes=["opengraph"], uniform=True)["opengraph"]
    assert og["og:title"] == "Fact check: The Osk ferry stops running in winter."
    assert og["og:description"] == (
        "Verified: True: the timetable has no sailings from December to February."
    )
    assert og["og:site_name"] == "Osk Harbour Herald"
    assert og["og:image"] == "https://herald.example/logo.png"
    assert og["og:url"] == "https://herald.example/claims/1"
    tree = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parse(page)
    twitter = {
        m.get("name"): m.get("content")
        for m in tree.iter(f"{NS}meta")
        if (m.get("name") or "").startswith("twitter:")
    }
    assert twitter["twitter:card"] == "summary"
    assert twitter["twitter:description"].startswith("Verified: ")
    assert twitter["twitter:image"] == "https://herald.example/logo.png"


def test_link_preview_tags_hold_outside_text_as_text(ferry: Path) -> None:
    hostile = 'A "quote" <script>alert(1)</script> & more'
    with Desk.open(ferry, reviewer="ana") as desk:
        claim = desk.add_claim(hostile)
        desk.decide(claim, "false", "No.", summary='It is "false" <b>x</b>')
    page = publish(ferry, claim, "--preview", format="html").stdout
    (og,) = extruct.extract(page, syntaxes=["opengraph"], uniform=True)["opengraph"]
    assert og["og:title"] == f"Fact check: {hostile}"
    assert og["og:description"] == 'False: It is "false" <b>x</b>'
    tree = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parse(page)
    assert [s.get("type") for s in tree.iter(f"{NS}script")] == ["application/ld+json"]


def test_the_organisation_setting_is_checked_as_publish_checks_it(ferry: Path) -> None:
    refused = run_process(
        "setting", "organisation", '{"name": "H", "url": "javascript:alert(1)"}',
        "--desk", str(ferry),
    )  # fmt: skip
    assert refused.returncode == 1 and "not an http(s) URL" in refused.stderr
    with Desk.open(ferry, reviewer="ana") as desk:
        assert desk.setting("organisation") == NEWSROOM


def test_a_preview_records_nothing_not_even_the_newsroom(sample_path: Path) -> None:
    with Desk.open(sample_path, reviewer="ana") as desk:
        before = desk.db.execute("SELECT count(*) FROM events").fetchone()[0]
    shown = publish(sample_path, 3, "--preview")
    assert shown.exit_code == 0, shown.output
    assert "Osk Harbour Herald" in shown.stdout  # the newsroom given, shown
    with Desk.open(sample_path, reviewer="ana") as desk:
        assert desk.db.execute("SELECT count(*) FROM events").fetchone()[0] == before
        assert desk.setting("organisation")["name"] == "Monexus desk (sample)"
        assert desk.claim(3).publications == ()
