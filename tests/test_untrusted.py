"""Outside text never reaches the terminal as control sequences, and hidden characters show."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from deskcheck.domain.untrusted import hidden_characters, make_visible, safe_json

HOSTILE = "[@click=app.quit]x[/] [bold red] \x1b]52;c;aGk=\x07 \x1b[2J \x9b31m \u202eevil \u200b."


def test_escape_sequences_and_c1_become_visible_marks() -> None:
    shown = make_visible(HOSTILE)
    assert "\x1b" not in shown and "\x9b" not in shown and "\x07" not in shown
    assert "␛]52;c;aGk=␇" in shown
    assert "⟨U+009B⟩31m" in shown
    assert "⟨RLO⟩evil" in shown and "⟨ZWSP⟩" in shown
    assert "[@click=app.quit]x[/]" in shown  # markup is the UI's concern: kept literally here


def test_ordinary_text_newlines_tabs_and_joined_emoji_are_unchanged() -> None:
    text = "Línea uno\n\tठीक है 👩‍👩‍👧 ❤️ مرحبا"
    assert make_visible(text) == text
    assert hidden_characters(text) == []


def test_hidden_characters_are_named() -> None:
    assert hidden_characters("a\u202eb\u200bc\u202e") == ["RLO", "ZWSP"]


def test_json_for_the_terminal_stays_exact_json() -> None:
    value = {"text": HOSTILE + "\U000e0041"}
    out = safe_json(value)
    assert "\x1b" not in out and "\x9b" not in out and "\u202e" not in out
    assert json.loads(out) == value


dangerous = st.text(
    st.characters(categories=["Cc", "Cf", "Cs", "Zl", "Zp", "Lu", "Ll", "Nd", "Po", "So"])
)


@given(dangerous)
def test_no_control_survives_and_the_mapping_is_idempotent(text: str) -> None:
    shown = make_visible(text)
    assert not any((ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F for c in shown)
    assert not set(shown) & set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b")
    assert make_visible(shown) == shown


def test_made_visible_in_place_is_one_visible_character_per_hidden_one() -> None:
    """The terminal guard's replacement: each control one cell, so a laid-out line keeps
    its shape; letters, emoji joiners and spaces stay."""
    from deskcheck.domain.untrusted import make_visible_in_place

    assert make_visible_in_place("a\x1b]52;c;aGk=\x07\x9b\u202eb\u200bc\x7f\n\t") == (
        "a␛]52;c;aGk=␇\ufffd\ufffdb\ufffdc␡␊␉"
    )
    family = "👩\u200d👩\u200d👧 Zoë\xa0x"
    assert make_visible_in_place(family) == family
