"""The one list of event kinds: the log takes no other kind, the history says each in words,
and docs/events.md lists them all (rewritten with DESKCHECK_UPDATE_GOLDEN=1)."""

from __future__ import annotations

import os

import pytest

from deskcheck.data import Desk
from deskcheck.domain.event_kinds import EVENT_KINDS, UnknownEventKind
from deskcheck.export.history_words import history_lines
from tests.conftest import REPO

DOC = REPO / "docs" / "events.md"


def events_page() -> str:
    lines = [
        "# Event kinds",
        "",
        "Every change to a desk is one event of the log (`events` table), of one of these",
        "kinds. This page is written from `deskcheck/domain/event_kinds.py`; a test keeps it so.",
        "",
        "| kind | what it says |",
        "| --- | --- |",
    ]
    lines += [f"| `{kind}` | {words} |" for kind, words in sorted(EVENT_KINDS.items())]
    return "\n".join(lines) + "\n"


def test_docs_list_every_event_kind() -> None:
    if os.environ.get("DESKCHECK_UPDATE_GOLDEN") == "1":
        DOC.write_text(events_page(), encoding="utf-8")
    assert DOC.read_text(encoding="utf-8") == events_page(), (
        "docs/events.md is not the registry's list: rerun with DESKCHECK_UPDATE_GOLDEN=1"
    )


def test_a_kind_not_in_the_list_is_never_written(empty_desk: Desk) -> None:
    head = empty_desk.head_seq()
    with pytest.raises(UnknownEventKind), empty_desk.recording() as rec:
        rec.event("claim.tyop", "desk", {})
    assert empty_desk.head_seq() == head


def test_every_event_of_the_sample_desk_is_a_listed_kind_said_in_words(
    sample_desk: Desk,
) -> None:
    kinds = {row[0] for row in sample_desk.db.execute("SELECT DISTINCT kind FROM events")}
    assert kinds <= set(EVENT_KINDS)
    lines = history_lines(sample_desk.claim_history(1))
    assert any("rated evidence" in line for line in lines)
    assert not any("assessment.added" in line for line in lines)


def test_every_kind_the_projection_replays_is_in_the_list() -> None:
    """The projection names kinds as strings (its handlers, and the kinds it tells apart):
    one misspelt would replay nothing, so each must be a kind the log can hold."""
    import ast

    from deskcheck.data import projection

    source = ast.parse((REPO / "deskcheck" / "data" / "projection.py").read_text())
    named = {
        node.value
        for node in ast.walk(source)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value.count(".") == 1
        and node.value.replace(".", "").replace("_", "").isalpha()
        and node.value.islower()
    }
    assert set(projection.HANDLERS) <= named  # the walk sees the handlers' table
    assert named - EVENT_KINDS.keys() == set()
