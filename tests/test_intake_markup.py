"""Intake of items whose text is HTML the reader sees laid out: an item with only
``content:encoded`` or Atom ``<content type="html">``, titles in CDATA or pretty-printed,
struck-through text and emoji drawn as pictures (issue #28)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deskcheck.data import Desk
from deskcheck.ingest.html_text import html_to_text
from deskcheck.work.intake import ingest

INTAKE = Path(__file__).resolve().parent / "fixtures" / "intake"


def claims_of(desk: Desk) -> list[tuple[str, str]]:
    return list(desk.db.execute("SELECT text, context FROM claims ORDER BY external_id"))


def test_an_item_with_only_content_encoded_is_the_text_a_browser_shows(empty_desk: Desk) -> None:
    report = ingest(empty_desk, str(INTAKE / "content_only.xml"))
    assert report.error is None and report.counts.new == 4, report.summary()
    assert claims_of(empty_desk) == [
        ("Unvaccinated pupils missed 40 days of school & more", ""),
        # a CDATA title holding markup: no tags, &amp; decoded; the content is its context
        ("Harbour fees & port taxes doubled in 2024", "The council’s own figures"),
        # pretty-printed: the newline and indentation fold as a browser folds a title's
        ("Ferry fares rose 30% since March", ""),
        ("Bus ridership [deleted: rose] fell by a third 🔥", ""),
    ]


def test_an_atom_entry_with_only_content_is_read_by_its_type(empty_desk: Desk) -> None:
    report = ingest(empty_desk, str(INTAKE / "atom_content_html.xml"))
    assert report.error is None and report.counts.new == 3, report.summary()
    assert [text for text, _ in claims_of(empty_desk)] == [
        "Unemployment fell to 3% & stayed there",
        "Crime [deleted: doubled] halved 😱",
        "Rents <b>rose</b> & will rise",  # type="text": kept as written, tags and all
    ]


@pytest.mark.parametrize(
    ("html", "shown"),
    [
        ("<del>rose</del> <ins>fell</ins>", "[deleted: rose] fell"),
        ("<s>£5</s> £4", "[deleted: £5] £4"),
        ("<strike>old</strike>new", "[deleted: old]new"),
        ("<del><del>a</del> b</del> c", "[deleted: a b] c"),  # marked once, outermost
        ("<del><b>x</b> y</del>", "[deleted: x y]"),
        ("<del> </del>kept", "kept"),  # nothing to see struck out: no empty mark
        ('<img class="emoji" alt="🔥" src="f.png"> hot', "🔥 hot"),
        ('Fire<img class="wp-smiley" alt=":)" src="s.png">!', "Fire:)!"),
        ('<img class="Emoji" alt="👨‍👩‍👧" draggable="false">', "👨‍👩‍👧"),
        ('<img alt="🇺🇦" src="flag.png"> Kyiv', "🇺🇦 Kyiv"),  # no class: an emoji alt
        ('<img alt="chart of rents" src="c.png">Rents', "Rents"),  # a picture, not text
        ('<img class="emoji" alt="&lt;script&gt;">x', "<script>x"),  # text, never markup
        ("<del><img class=emoji alt='🔥'></del> cold", "[deleted: 🔥] cold"),
    ],
)
def test_what_a_reader_sees_is_kept_in_words(html: str, shown: str) -> None:
    assert html_to_text(html) == shown


WORDS = st.text(alphabet=st.characters(categories=("L", "N")), min_size=1, max_size=12)


@given(WORDS, WORDS)
def test_a_struck_word_is_never_read_as_the_current_one(old: str, new: str) -> None:
    shown = html_to_text(f"<p>prices <del>{old}</del> <ins>{new}</ins></p>")
    assert shown == f"prices [deleted: {old}] {new}"
