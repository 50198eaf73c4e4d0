"""Search finds a claim by any text recorded about it (issue #24), says where, and takes
any string a reviewer types as words: FTS5 syntax in it is never obeyed and never fails."""

from __future__ import annotations

from pathlib import Path

import pytest

from deskcheck.data import Desk, QueueQuery
from deskcheck.data.search import fts_query
from deskcheck.data.verify import verify_desk
from tests.conftest import run_cli


def found(desk: Desk, search: str) -> list[int]:
    return [row.id for row in desk.queue_page(QueueQuery(search=search), limit=100)]


@pytest.fixture
def recorded(tmp_path: Path) -> tuple[Path, int]:
    """A claim whose recorded texts each hold a word nothing else on the desk says."""
    path = tmp_path / "desk.db"
    with Desk.open(path, reviewer="mara", create=True) as desk:
        desk.add_claim("An unrelated claim about the weather")
        claim = desk.add_claim("The port doubles its fees in March")
        desk.want_evidence(claim, "The harbour board's brontwick minutes", would_settle="vexmoor")
        desk.add_trigger(claim, "Revisit when the quillmarsh memo is published")
        desk.decide(claim, "lead", "Only a zanthic wire item so far", summary="Not yet plumtree")
        desk.add_revision_note(claim, "update", "Now ravelle sources", what_was_wrong="ottergap")
        desk.add_comment(claim, "asked the fennick office")
    return path, claim


@pytest.mark.parametrize(
    ("word", "where"),
    [
        ("brontwick", "evidence wanted"),
        ("vexmoor", "evidence wanted"),
        ("quillmarsh", "a trigger"),
        ("zanthic", "a decision"),
        ("plumtree", "a decision"),
        ("ravelle", "a revision note"),
        ("ottergap", "a revision note"),
        ("fennick", "a comment"),
    ],
)
def test_every_recorded_text_finds_its_claim_and_says_where(
    recorded: tuple[Path, int], word: str, where: str
) -> None:
    path, claim = recorded
    with Desk.open(path, reviewer="mara") as desk:
        assert found(desk, word) == [claim]
        assert desk.queue_count(QueueQuery(search=word)) == 1
        hit = desk.search_snippet(claim, word.upper())
        assert hit is not None and hit.where == where
        assert word in hit.snippet


def test_the_snippet_names_the_other_places_it_matched(recorded: tuple[Path, int]) -> None:
    path, claim = recorded
    with Desk.open(path, reviewer="mara") as desk:
        desk.add_comment(claim, "the quillmarsh memo again")
        hit = desk.search_snippet(claim, "quillmarsh")
        assert hit is not None
        assert (hit.where, hit.also) == ("a trigger", ("a comment",))


def test_an_edited_text_is_found_by_its_new_words_only(recorded: tuple[Path, int]) -> None:
    path, claim = recorded
    with Desk.open(path, reviewer="mara") as desk:
        (wanted,) = desk.claim(claim).evidence_wanted
        desk.edit_wanted(wanted.id, description="The port authority's grimsby ledger")
        assert found(desk, "brontwick") == []
        assert found(desk, "grimsby") == [claim]
        (trigger,) = desk.claim(claim).triggers
        desk.edit_trigger(trigger.id, condition="When the saltcombe filing appears")
        assert found(desk, "quillmarsh") == [] and found(desk, "saltcombe") == [claim]
    report = verify_desk(path)
    assert report.ok, [str(d) for d in [*report.schema, *report.rows]]


def test_the_sample_desk_finds_the_memo_of_the_worked_case(sample_desk: Desk) -> None:
    assert 1 in found(sample_desk, "memo")
    hit = sample_desk.search_snippet(1, "memo")
    assert hit is not None
    assert {hit.where, *hit.also} >= {"evidence wanted", "a trigger", "a decision"}


HOSTILE = [
    '"',
    '""',
    '"""',
    "*",
    "NEAR(",
    "NEAR(port fees)",
    "-",
    "-port",
    ":",
    "text:port",
    "claims_fts:port",
    "[b]port[/b]",
    "^port",
    "port OR weather",
    "port NOT fees",
    "(",
    "'; DROP TABLE claims; --",
    'port"',
    '"port fees',
    "{text} : port",
    "\x1b[31mport",
    "\u202eport",
    "port\x00fees",
    "🦆",
]


@pytest.mark.parametrize("search", HOSTILE)
def test_a_hostile_search_is_words_and_never_fails(recorded: tuple[Path, int], search: str) -> None:
    path, claim = recorded
    with Desk.open(path, reviewer="mara") as desk:
        ids = found(desk, search)
        assert desk.queue_count(QueueQuery(search=search)) == len(ids)
        for claim_id in ids:
            desk.search_snippet(claim_id, search)
        assert set(ids) <= {claim}  # syntax is never obeyed: "OR weather" finds no weather
        assert desk.queue_count(QueueQuery()) == 2  # and nothing was dropped


def test_operators_are_words_and_a_star_ends_a_prefix() -> None:
    assert fts_query("port OR weather") == '"port" "OR" "weather"'
    assert fts_query('NEAR(a b) "two words" x:y') == '"NEAR(a" "b)" "two words" "x:y"'
    assert fts_query("memo*") == '"memo"*'
    assert fts_query('" "" \x00') == ""


def test_a_quoted_phrase_must_appear_together(recorded: tuple[Path, int]) -> None:
    path, claim = recorded
    with Desk.open(path, reviewer="mara") as desk:
        assert found(desk, '"zanthic wire"') == [claim]
        assert found(desk, '"wire zanthic"') == []
        assert found(desk, "quillm*") == [claim]


def test_the_command_line_list_finds_a_claim_by_its_trigger(recorded: tuple[Path, int]) -> None:
    path, claim = recorded
    result = run_cli("list", "--search", "quillmarsh", "--json", "--desk", str(path))
    assert result.exit_code == 0, result.output
    assert f'"id": {claim}' in result.output
