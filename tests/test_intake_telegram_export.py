"""A Telegram Desktop export (``result.json``), the way channels are archived, ingests as
claims: text as a string or a list of entities; photo messages recorded for the image intake
(issue #28)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from deskcheck.data import Desk
from deskcheck.ingest.telegram_export import message_text, parse_telegram_export
from tests.conftest import run_process

EXPORT = Path(__file__).resolve().parent / "fixtures" / "intake" / "telegram_export"


def test_a_channel_export_ingests_as_claims(tmp_path: Path) -> None:
    desk_path = tmp_path / "desk.db"
    Desk.open(desk_path, reviewer="mara", create=True).close()
    took = run_process("ingest", str(EXPORT / "result.json"), "--desk", str(desk_path))
    assert took.returncode == 0, took.stdout
    # message 4 is only a photo: an image claim (its picture file is not in this fixture)
    assert "(telegram-export): 4 new" in took.stdout and "1 rejected" in took.stdout
    assert "picture not kept: claim 3: picture photos/photo_1@01-11-2026_12-00-00.jpg" in (
        took.stdout
    )
    with Desk.open(desk_path, reviewer="mara") as desk:
        rows = list(
            desk.db.execute(
                "SELECT text, external_id, published_at, context FROM claims ORDER BY id"
            )
        )
        chains = {tuple((h.actor, h.kind) for h in desk.claim(n).custody) for n in (1, 2, 3)}
    assert rows == [
        (
            "Harbour fees doubled overnight, say fishermen",
            "telegram:1987654321/2",
            "2026-11-01T10:15:00Z",
            "",
        ),
        (
            "Ferry fares [deleted: rose] fell by 30% 🔥 since March, see the tariff #ferries",
            "telegram:1987654321/3",
            "2026-11-01T11:00:00Z",
            "Forwarded from Port News",
        ),
        (
            "Picture without words: photos/photo_1@01-11-2026_12-00-00.jpg",
            "telegram:1987654321/4",
            "2026-11-01T12:00:00Z",
            "",
        ),
        ("The new pier, already cracked", "telegram:1987654321/5", "2026-11-01T13:00:00Z", ""),
    ]
    assert ("Mira K.", "social") in {hop for chain in chains for hop in chain}
    again = run_process("ingest", str(EXPORT / "result.json"), "--desk", str(desk_path))
    assert "0 new, 4 already on the desk" in again.stdout


def test_photo_messages_are_recorded_for_the_image_intake() -> None:
    parsed = parse_telegram_export((EXPORT / "result.json").read_bytes(), None)
    assert parsed.photos == {
        4: "photos/photo_1@01-11-2026_12-00-00.jpg",  # only a photo: an image claim
        5: "photos/photo_2@01-11-2026_13-00-00.jpg",  # a claim with its picture
    }


def export(*messages: dict[str, Any]) -> bytes:
    return json.dumps(
        {"name": "C", "type": "public_channel", "id": 1, "messages": list(messages)}
    ).encode()


@pytest.mark.parametrize(
    ("message", "outcome"),
    [
        ({"id": 1, "text": "plain", "date_unixtime": "99999999999999999999"}, "plain"),
        ({"id": 1, "text": ["a", {"type": "link", "text": "b"}, None]}, "part of its text"),
        ({"id": 1, "text": {"x": 1}}, "not text"),
        ({"id": 1, "text": 12}, "not text"),
        ({"id": 1, "text": "\ud800"}, "lone surrogate"),
        ({"id": 1, "text": "a\x00b"}, "NUL"),
        ({"id": 1, "text": "x" * 20_001}, "longer than 20,000"),
        ({"id": 1, "text": "   "}, "empty"),
        ("not an object", "not an object"),
    ],
)
def test_hostile_messages_are_one_line_each(message: Any, outcome: str) -> None:
    good = {"id": 9, "text": "The ferry is late again", "date": "2026-11-01T10:00:00"}
    parsed = parse_telegram_export(export(message, good), None)
    texts = [item.text for _, item in parsed.items]
    if outcome == "plain":
        assert texts == ["plain", "The ferry is late again"]
        assert parsed.items[0][1].published_at is None  # a time past year 9999 is no time
    else:
        assert texts == ["The ferry is late again"]
        (reject,) = parsed.rejects
        assert outcome in reject.reason and reject.position == 1
    assert parsed.items[-1][1].published_at == "2026-11-01T10:00:00Z"


PART = st.text(max_size=20).filter(lambda t: "\x00" not in t)
ENTITY = st.builds(
    lambda kind, text: {"type": kind, "text": text},
    st.sampled_from(["bold", "italic", "link", "mention", "code", "text_link"]),
    PART,
)


@given(st.lists(PART | ENTITY, max_size=8))
def test_entities_join_as_the_reader_sees_them(parts: list[Any]) -> None:
    expected = "".join(p if isinstance(p, str) else p["text"] for p in parts)
    assert message_text(parts) == expected
