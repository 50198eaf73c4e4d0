"""The data layer refuses what breaks a rule whatever the caller (a script importing deskcheck,
a bundle, a form): a URL that is no web URL, a look-alike of a reviewer's name, a date that
is no date. Each write is called directly on ``Desk``; nothing is recorded."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from deskcheck.data import Desk
from deskcheck.domain.errors import DeskError
from deskcheck.domain.models import PublishedCheck
from deskcheck.work.signing import desk_key

HOSTILE_URL = "javascript:alert(1)"
LOOK_ALIKE = "mаra"  # Cyrillic а: looks like mara
NOT_A_DATE = "2026-99-99T25:61:00Z"

URL_WRITES: dict[str, Callable[[Desk], Any]] = {
    "add_claim origin": lambda d: d.add_claim("A claim", origin_url=HOSTILE_URL),
    "update_claim origin": lambda d: d.update_claim(1, origin_url=HOSTILE_URL),
    "add_custody_hop": lambda d: d.add_custody_hop(1, "Wire", "wire", url=HOSTILE_URL),
    "edit_hop": lambda d: d.edit_hop(1, url=HOSTILE_URL),
    "add_trigger": lambda d: d.add_trigger(1, "When it changes", url=HOSTILE_URL),
    "edit_trigger": lambda d: d.edit_trigger(1, url=HOSTILE_URL),
    "add_evidence": lambda d: d.add_evidence(1, "A page", url=HOSTILE_URL),
    "edit_evidence": lambda d: d.edit_evidence(1, url=HOSTILE_URL),
    "add_subscription": lambda d: d.add_subscription(HOSTILE_URL),
    "record_publication": lambda d: d.record_publication(1, 1, HOSTILE_URL),
    "add_published url": lambda d: d.add_published(
        "reviews.json", [PublishedCheck("A claim", "A publisher", url=HOSTILE_URL)]
    ),
}
NAME_WRITES: dict[str, Callable[[Desk], Any]] = {
    "add_reviewer": lambda d: d.add_reviewer(LOOK_ALIKE, "Another Mara"),
    "add_reviewer rn": lambda d: d.add_reviewer("rnara", "Another Mara"),  # TR39: rn → m
    "add_login": lambda d: d.add_login(LOOK_ALIKE, "a long enough password"),
    "assign a stranger": lambda d: d.assign([1], "nobody-here"),
    "add_claim for a stranger": lambda d: d.add_claim("A claim", assignee="nobody-here"),
    "update_claim to a stranger": lambda d: d.update_claim(1, assignee="nobody-here"),
}
DATE_WRITES: dict[str, Callable[[Desk], Any]] = {
    "set_due": lambda d: d.set_due([1], NOT_A_DATE),
    "add_custody_hop seen_at": lambda d: d.add_custody_hop(1, "Wire", "wire", seen_at=NOT_A_DATE),
    "add_evidence published_at": lambda d: d.add_evidence(1, "A page", published_at=NOT_A_DATE),
    "add_claim received_at": lambda d: d.add_claim("A claim", received_at=NOT_A_DATE),
    "update_claim received_at": lambda d: d.update_claim(1, received_at=NOT_A_DATE),
    "edit_hop seen_at": lambda d: d.edit_hop(1, seen_at=NOT_A_DATE),
    "edit_evidence published_at": lambda d: d.edit_evidence(1, published_at=NOT_A_DATE),
    "add_trigger expires_at": lambda d: d.add_trigger(1, "When it changes", expires_at=NOT_A_DATE),
    "edit_trigger expires_at": lambda d: d.edit_trigger(1, expires_at=NOT_A_DATE),
    "add_published reviewed_at": lambda d: d.add_published(
        "reviews.json", [PublishedCheck("A claim", "A publisher", reviewed_at=NOT_A_DATE)]
    ),
    "add_published claim_date": lambda d: d.add_published(
        "reviews.json", [PublishedCheck("A claim", "A publisher", claim_date="2026-13")]
    ),
}


@pytest.mark.parametrize(
    "write",
    [*URL_WRITES.values(), *NAME_WRITES.values(), *DATE_WRITES.values()],
    ids=[*URL_WRITES, *NAME_WRITES, *DATE_WRITES],
)
def test_a_data_layer_write_that_breaks_a_rule_is_refused(
    sample_desk: Desk, write: Callable[[Desk], Any]
) -> None:
    head = sample_desk.head_seq()
    with pytest.raises(DeskError):
        write(sample_desk)
    assert sample_desk.head_seq() == head


def test_a_look_alike_of_a_reviewer_reaches_that_reviewer_never_a_new_one(
    sample_desk: Desk,
) -> None:
    """The desk's identity rule: a look-alike is the same person (or refused), never a
    second reviewer beside the first."""
    assert sample_desk.assign([1], LOOK_ALIKE) == "mara"
    sample_desk.update_claim(2, assignee=LOOK_ALIKE)
    added = sample_desk.add_claim("A claim", assignee=LOOK_ALIKE)
    assert sample_desk.claim(2).assignee == sample_desk.claim(added).assignee == "mara"
    assert LOOK_ALIKE not in sample_desk.reviewer_names()


def test_a_past_time_is_kept_as_given_and_a_date_alone_stays_a_date(sample_desk: Desk) -> None:
    hop = sample_desk.add_custody_hop(1, "Wire", "wire", seen_at="2026-06-14T07:55:00Z")
    item = sample_desk.add_evidence(1, "Rules", published_at="2024-12")
    record = sample_desk.claim(1)
    assert next(h for h in record.custody if h.id == hop).seen_at == "2026-06-14T07:55:00Z"
    assert next(e for e in record.evidence if e.id == item).published_at == "2024-12"


@pytest.mark.parametrize("look_alike", ["mаra-desk", "rnara-desk", "Mara-desk"])
def test_a_peer_name_that_looks_like_a_peers_is_refused_by_the_data_layer(
    sample_desk: Desk, tmp_path: Path, look_alike: str
) -> None:
    """The identity rule of reviewers holds for peers too (Cyrillic а, rn for m, case)."""
    first, second = (desk_key(tmp_path / name, create=True).public_line for name in "ab")
    sample_desk.add_peer("mara-desk", first)
    head = sample_desk.head_seq()
    with pytest.raises(DeskError, match="looks like the peer 'mara-desk'"):
        sample_desk.add_peer(look_alike, second)
    assert sample_desk.head_seq() == head
