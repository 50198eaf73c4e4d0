"""A day at the desk from the command line: the odd arguments, pipes and outputs a
fact-checker meets, each answered in one line with an exit code that tells the truth."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import run_process


@pytest.mark.parametrize(
    ("claim", "says"),
    [
        ("²", "nothing on the desk"),  # a superscript passes str.isdigit; it is text
        ("", "give a claim number or the text of a claim"),
        ("   ", "give a claim number or the text of a claim"),
        (str(2**70), f"no claim {2**70} on this desk"),
        ("0", "no claim 0 on this desk"),
    ],
)
def test_similar_answers_an_odd_claim_in_one_line(sample_path: Path, claim: str, says: str) -> None:
    result = run_process("similar", claim, "--desk", str(sample_path))
    assert result.returncode == 1
    assert says in result.stdout + result.stderr
    assert "unexpected error" not in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("filters", "says"),
    [
        (["--verdict", "flase"], "unknown verdict 'flase': this desk's scale is lead"),
        (["--verdict", "Lead"], "unknown verdict 'Lead'"),
        (["--assignee", "no one"], "no reviewer 'no one' on this desk (reviewers: ines, mara"),
    ],
)
@pytest.mark.parametrize("command", [["list"], ["queue", "save", "typo"]])
def test_a_filter_that_names_nothing_is_refused_not_an_empty_queue(
    sample_path: Path, command: list[str], filters: list[str], says: str
) -> None:
    result = run_process(*command, *filters, "--desk", str(sample_path), "--reviewer", "mara")
    assert result.returncode == 1
    assert says in result.stderr
    assert "No claims" not in result.stderr and "Saved queue" not in result.stdout


def test_list_reaches_a_reviewer_by_any_spelling_of_their_name(sample_path: Path) -> None:
    def ids(*filters: str) -> list[int]:
        out = run_process(
            "list", *filters, "--json", "--desk", str(sample_path), "--reviewer", "tomas"
        )
        assert out.returncode == 0, out.stderr
        return [row["id"] for row in json.loads(out.stdout)]

    tomas = ids("--assignee", "tomas")
    assert tomas and ids("--assignee", "Tomas") == tomas == ids("--assignee", "TOMAS")
    assert ids("--assignee", "t\u043emas") == tomas  # a Cyrillic о
    assert ids("--assignee", "me") == tomas
    assert ids("--assignee", "none") == ids("--unassigned")


def test_feed_add_assigns_to_the_reviewer_a_name_means(sample_path: Path) -> None:
    desk = ["--desk", str(sample_path), "--reviewer", "mara"]
    url = "https://feeds.example.org/rss"
    added = run_process("feed", "add", url, "--assign", "Tomas", *desk)
    assert added.returncode == 0, added.stderr
    again = run_process("feed", "add", url + "?b", "--assign", "me", *desk)
    assert again.returncode == 0, again.stderr
    feeds = json.loads(run_process("feed", "list", "--json", *desk).stdout)
    assert [f["assignee"] for f in feeds] == ["tomas", "mara"]


def test_refresh_of_a_feed_that_is_not_there_says_so(sample_path: Path) -> None:
    desk = ["--desk", str(sample_path), "--reviewer", "mara"]
    missing = run_process("refresh", "99", *desk)
    assert missing.returncode == 1 and "no feed 99 on this desk" in missing.stderr
    assert "No feed is due" not in missing.stdout
    run_process("feed", "add", "https://feeds.example.org/rss", *desk)
    run_process("feed", "remove", "1", "--reason", "moved to a newsletter", *desk)
    removed = run_process("refresh", "1", *desk)
    assert removed.returncode == 1
    assert "feed 1 was removed (moved to a newsletter)" in removed.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["export", "1"],
        # the newsroom given: the sample's would be refused before the write is tried
        ["publish", "1", "--force", "--organisation", '{"name": "K", "url": "https://k.example/"}'],
        ["feed", "export"],
    ],
)
def test_a_file_the_system_will_not_write_is_one_line(
    sample_path: Path, tmp_path: Path, command: list[str]
) -> None:
    too_long = tmp_path / ("x" * 300 + ".out")  # refused by the file system, even for root
    result = run_process(*command, "-o", str(too_long), "--desk", str(sample_path))
    assert result.returncode == 1
    assert "cannot write" in result.stderr and "File name too long" in result.stderr
    assert "unexpected error" not in result.stderr


def test_feed_export_keeps_an_existing_file_unless_told_to_replace_it(
    sample_path: Path, tmp_path: Path
) -> None:
    desk = ["--desk", str(sample_path), "--reviewer", "mara"]
    run_process("feed", "add", "https://feeds.example.org/rss", *desk)
    out = tmp_path / "feeds.opml"
    out.write_text("my own notes", encoding="utf-8")
    kept = run_process("feed", "export", "-o", str(out), *desk)
    assert kept.returncode == 1 and "use --replace" in kept.stderr
    assert out.read_text(encoding="utf-8") == "my own notes"
    replaced = run_process("feed", "export", "-o", str(out), "--replace", *desk)
    assert replaced.returncode == 0, replaced.stderr
    assert "https://feeds.example.org/rss" in out.read_text(encoding="utf-8")
    missing = run_process("feed", "export", "-o", str(tmp_path / "no" / "f.opml"), *desk)
    assert missing.returncode == 1 and "does not exist" in missing.stderr


def test_a_decision_not_for_publication_says_how_to_get_it_confirmed(sample_path: Path) -> None:
    desk = ["--desk", str(sample_path)]
    assert run_process("setting", "two_person_rule", "true", *desk).returncode == 0
    decided = run_process(
        "decide", "6", "--verdict", "unverified", "--rationale", "No notice yet.", *desk,
        "--reviewer", "mara",
    )  # fmt: skip
    assert decided.returncode == 0, decided.stderr
    published = run_process("publish", "6", "-o", "-", *desk, "--reviewer", "mara")
    assert published.returncode == 1
    assert "was not recorded for publication" in published.stderr
    assert "deskcheck decide --publish" in published.stderr
    confirmed = run_process("confirm", "6", *desk, "--reviewer", "tomas")
    assert confirmed.returncode == 1
    assert "decide --publish" in confirmed.stderr  # not a dead end back to `confirm`

    again = run_process(
        "decide", "6", "--verdict", "unverified", "--rationale", "No notice yet.", "--publish",
        *desk, "--reviewer", "mara",
    )  # fmt: skip
    assert "another reviewer confirms it with `deskcheck confirm 6`" in again.stdout
    assert run_process("confirm", "6", *desk, "--reviewer", "tomas").returncode == 0
    newsroom = '{"name": "Kessford Courier", "url": "https://desk.example/"}'
    published = run_process(
        "publish", "6", "-o", "-", "--organisation", newsroom, *desk, "--reviewer", "mara"
    )
    assert published.returncode == 0, published.stderr


def test_export_notes_without_csv_is_refused_not_a_desk_note(sample_path: Path) -> None:
    result = run_process("export", "--notes", "--desk", str(sample_path))
    assert result.returncode == 2
    assert "--notes goes with --format csv" in result.stderr
    assert "# Desk note" not in result.stdout
    csv = run_process("export", "--notes", "--format", "csv", "--desk", str(sample_path))
    assert csv.returncode == 0 and csv.stdout.startswith("claim_id,claim,written_at,kind")


def test_backup_to_a_place_that_cannot_hold_it_blames_the_place_not_the_desk(
    sample_path: Path, tmp_path: Path
) -> None:
    missing = run_process("backup", str(tmp_path / "no" / "b.db"), "--desk", str(sample_path))
    assert missing.returncode == 1
    assert f"the folder {tmp_path / 'no'} does not exist" in missing.stderr
    assert "restore a backup" not in missing.stderr  # the desk itself is fine
    too_long = tmp_path / ("b" * 300 + ".db")
    refused = run_process("backup", str(too_long), "--desk", str(sample_path))
    assert refused.returncode == 1 and "cannot back up to" in refused.stderr
    assert "restore a backup" not in refused.stderr


def test_ingest_into_a_script_leaves_standard_error_empty(
    sample_path: Path, tmp_path: Path
) -> None:
    source = tmp_path / "tips.jsonl"
    source.write_text('{"text": "The ferry to Ostry stops running in March."}\n', "utf-8")
    took = run_process("ingest", str(source), "--desk", str(sample_path), "--reviewer", "mara")
    assert took.returncode == 0, took.stderr
    assert "1 new" in took.stdout
    assert took.stderr == ""  # no progress label without a terminal to draw a bar on


def test_hop_edit_holds_a_url_to_the_one_url_rule_and_can_clear_a_note(sample_path: Path) -> None:
    desk = ["--desk", str(sample_path), "--reviewer", "mara"]

    def hop_one() -> dict[str, object]:
        shown = json.loads(run_process("show", "1", "--json", *desk).stdout)
        return next(h for h in shown["custody"] if h["id"] == 1)

    before = hop_one()
    refused = run_process("hop", "edit", "1", "--url", "javascript:alert(1)", *desk)
    assert refused.returncode == 1
    assert "the hop's URL: only http and https URLs are accepted" in refused.stderr
    assert hop_one() == before
    empty_actor = run_process("hop", "edit", "1", "--actor", "", *desk)
    assert empty_actor.returncode == 1 and "actor is required" in empty_actor.stderr
    assert run_process("hop", "edit", "1", "--note", "", *desk).returncode == 0
    assert hop_one()["note"] == ""


def test_verify_expect_reads_a_pasted_head_and_refuses_what_is_no_hash(sample_path: Path) -> None:
    desk = ["--desk", str(sample_path)]
    head = run_process("verify", *desk).stdout.split("head: ")[1].split()[0]
    pasted = run_process("verify", "--expect", f" {head.upper()}\n", *desk)
    assert pasted.returncode == 0, pasted.stdout
    assert "found in the chain" in pasted.stdout
    for wrong in ("", "abc", head[:-1] + "g"):
        refused = run_process("verify", "--expect", wrong, *desk)
        assert refused.returncode == 2
        assert "a head hash is 64 hexadecimal characters" in refused.stderr


def test_acts_on_triggers_are_said_in_words(sample_path: Path) -> None:
    desk = ["--desk", str(sample_path), "--reviewer", "mara"]
    assert run_process("trigger", "disarm", "1", *desk).stdout.strip() == (
        "Trigger 1 disarmed (kept, not watched)"
    )
    assert run_process("trigger", "arm", "1", *desk).stdout.strip() == "Trigger 1 armed again"
    tagged = run_process("tag", "1", "--add", "follow-up", *desk)
    assert tagged.stdout.strip() == "1 tag change on claim 1"


def test_backup_offers_a_verify_command_that_can_be_pasted(
    sample_path: Path, tmp_path: Path
) -> None:
    import shlex

    dest = tmp_path / 'Friday\'s "final" copy.db'
    done = run_process("backup", str(dest), "--desk", str(sample_path))
    assert done.returncode == 0, done.stderr
    offered = done.stdout.split("check it with `")[1].rsplit("`", 1)[0]
    words = shlex.split(offered)
    assert words[:3] == ["deskcheck", "verify", "--desk"] and words[3] == str(dest)
    assert run_process(*words[1:]).returncode == 0
