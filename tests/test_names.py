"""Names are text like any other: validated on the way in, shown only through the
sanitiser, and one reviewer has one identity however the name is spelled to the eye."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from deskcheck.data import Desk
from deskcheck.domain.errors import InvalidValue
from deskcheck.domain.names import checked_name, identity_key

# Latin capitals, a Cyrillic а, a zero-width space, full-width letters, a soft hyphen
# and "rnara": Unicode TR39 maps the two letters rn to m (a skeleton, not letter by letter)
MARA_LOOK_ALIKES = [
    "Mara",
    "MARA",
    "mаra",
    "mara\u200b",
    "ｍａｒａ",
    "mara\u00ad",
    "rnara",
    "RNARA",
]


@pytest.mark.parametrize("name", MARA_LOOK_ALIKES)
def test_look_alike_names_share_one_identity(name: str) -> None:
    assert identity_key(name) == identity_key("mara")


@pytest.mark.parametrize("name", ["tomas", "maria", "mar", "marа2"])
def test_different_names_stay_different(name: str) -> None:
    assert identity_key(name) != identity_key("mara")


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("true ", "space at its start or end"),
        (" true", "space at its start or end"),
        ("", "required"),
        ("evil\x1b[2J", "control or invisible"),
        ("x\u202ey", "control or invisible"),
        ("zero\u200bwidth", "control or invisible"),
        ("a\x9bb", "control or invisible"),
    ],
)
def test_names_that_cannot_be_stored_are_refused(name: str, why: str) -> None:
    with pytest.raises(InvalidValue, match=why):
        checked_name("verdict name", name)


def test_names_are_kept_in_nfc() -> None:
    assert checked_name("reviewer name", "toma\u0301s") == "tomás"


def test_a_verdict_name_with_controls_never_reaches_the_scale(sample_desk: Desk) -> None:
    with pytest.raises(InvalidValue, match="control"):
        sample_desk.add_verdict("true\x1b]52;c;aGk=\x07", "True")
    with pytest.raises(InvalidValue, match="space"):
        sample_desk.add_verdict("true ", "True")
    assert [v.name for v in sample_desk.verdict_scale()][-1] == "false"


@pytest.mark.parametrize("name", ["Mara", "mаra", "MARA", "ｍａｒａ", "rnara"])
def test_a_look_alike_of_an_existing_reviewer_is_refused_naming_them(
    sample_path: Path, name: str
) -> None:
    with Desk.open(sample_path, reviewer=name) as desk:
        with pytest.raises(InvalidValue, match="looks like the existing reviewer 'mara'"):
            desk.add_claim("A claim by a look-alike")
        assert name not in {r for (r,) in desk.db.execute("SELECT name FROM reviewers")}


def test_a_serve_login_that_looks_like_an_existing_reviewer_is_refused_naming_them(
    tmp_path: Path,
) -> None:
    """A login is a reviewer: `reviewer add 1isa` beside lisa made a second person that a
    browser's font shows as lisa (the desk refuses that look-alike on every other path)."""
    existing, look_alike = "lisa", "1isa"
    with Desk.open(tmp_path / "desk.db", reviewer="operator", create=True) as desk:
        desk.add_login(existing, "a long enough passphrase")
        with pytest.raises(InvalidValue, match=f"looks like the existing reviewer '{existing}'"):
            desk.add_login(look_alike, "another long passphrase")
        names = {r for (r,) in desk.db.execute("SELECT name FROM reviewer_logins")}
    assert names == {existing}


@pytest.mark.parametrize("name", ["Mara", "mаra", "MARA", "ｍａｒａ"])
def test_the_two_person_rule_is_not_fooled_by_a_look_alike(sample_path: Path, name: str) -> None:
    with Desk.open(sample_path, reviewer="mara") as desk:
        desk.set_setting("two_person_rule", True)
        desk.decide(6, "false", "Denied.", for_publication=True)
    with Desk.open(sample_path, reviewer=name) as desk, pytest.raises(InvalidValue):
        desk.confirm(6)
    with Desk.open(sample_path, reviewer="tomas") as desk:
        latest = desk.claim(6).latest_decision
        assert latest is not None and latest.reviewer == "mara"
        assert desk.queue_row(6).awaiting_confirmation


def test_a_name_with_a_trailing_space_or_controls_cannot_open_a_desk(sample_path: Path) -> None:
    for name in ("mara ", "mara\x1b[31m", "ma\u200bra"):
        with pytest.raises(InvalidValue):
            Desk.open(sample_path, reviewer=name)


HOSTILE_VERDICT = "evil\x1b]52;c;aGk=\x07\x1b[2J\x9b31m\u202e"
HOSTILE_REVIEWER = "mal\x1b[31mory\x1b]8;;https://x.example\x07"


def plant_hostile_names(path: Path) -> None:
    """As a bundle from an older deskcheck, or an edit with sqlite3, could leave them."""
    Desk.open(path, reviewer="mara").close()
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO verdicts (name, label, rating_value, position) VALUES (?, ?, 1, 9)",
        (HOSTILE_VERDICT, HOSTILE_VERDICT),
    )
    conn.execute(
        "INSERT INTO reviewers (name, display_name, created_at) VALUES (?, ?, '2026')",
        (HOSTILE_REVIEWER, HOSTILE_REVIEWER),
    )
    conn.execute(
        "INSERT INTO decisions (claim_id, verdict, rationale, reviewer, decided_at)"
        " VALUES (2, ?, 'x', ?, '2026-11-30T10:00:00Z')",
        (HOSTILE_VERDICT, HOSTILE_REVIEWER),
    )
    conn.execute("UPDATE claims SET verdict = ? WHERE id = 2", (HOSTILE_VERDICT,))
    conn.commit()
    conn.close()


def raw_bytes_of(*args: str) -> bytes:
    done = subprocess.run(
        [sys.executable, "-m", "deskcheck", *args], capture_output=True, timeout=60
    )
    return done.stdout + done.stderr


@pytest.mark.parametrize(
    "command",
    [
        ["show", "2"],
        ["show", "2", "--json"],
        [],  # the plain queue, without a terminal
        ["decide", "1", "--verdict", "nope", "--rationale", "x"],
        ["export", "2", "--format", "markdown"],
        ["export", "--format", "csv"],
        ["export", "2", "--format", "claimreview", "--force"],
        ["verify"],
    ],
)
def test_hostile_names_reach_no_output_raw(sample_path: Path, command: list[str]) -> None:
    plant_hostile_names(sample_path)
    output = raw_bytes_of(*command, "--desk", str(sample_path), "--reviewer", "mara")
    text = output.decode("utf-8", "replace")
    assert "\x1b" not in text
    assert not any(0x80 <= ord(c) <= 0x9F for c in text)  # C1 controls, such as CSI
    assert "\u202e" not in text
    assert "evil" in text or command[:1] == ["export"] or command == ["verify"]


@pytest.mark.parametrize(("existing", "look_alike"), [("mara", "rnara"), ("tomas", "tornas")])
def test_a_login_spelled_with_rn_for_m_is_the_same_person(
    tmp_path: Path, existing: str, look_alike: str
) -> None:
    """Logins allow only a-z: `rnara` passed the one-letter-at-a-time check beside mara."""
    with Desk.open(tmp_path / "desk.db", reviewer="operator", create=True) as desk:
        desk.add_login(existing, "a long enough passphrase")
        with pytest.raises(InvalidValue, match=f"looks like the existing reviewer '{existing}'"):
            desk.add_login(look_alike, "another long passphrase")
