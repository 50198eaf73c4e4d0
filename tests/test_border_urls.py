"""The one URL rule holds in the data layer, whoever calls it: a custody hop, a revision
trigger or an evidence item with a ``javascript:`` (or any non-web) URL is refused by the
desk itself, not only by the forms and commands that usually lead there."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from deskcheck.data import Desk
from deskcheck.domain.errors import InvalidValue

HOSTILE_URLS = [
    "javascript:alert(document.cookie)",
    " JavaScript:alert(1)",
    "java\tscript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "file:///etc/passwd",
    "https://user:secret@example.org/",
]


def _claim(desk: Desk) -> int:
    return desk.add_claim("The harbour ferry will stop running in March")


ACTS: dict[str, Callable[[Desk, int, str], Any]] = {
    "add a custody hop": lambda d, c, url: d.add_custody_hop(c, "A page", "social", url=url),
    "edit a custody hop": lambda d, c, url: d.edit_hop(
        d.add_custody_hop(c, "A page", "social", url="https://example.org/a"), url=url
    ),
    "arm a trigger": lambda d, c, url: d.add_trigger(c, "the ferry timetable changes", url=url),
    "edit a trigger": lambda d, c, url: d.edit_trigger(
        d.add_trigger(c, "the timetable changes", url="https://example.org/t"), url=url
    ),
    "add evidence": lambda d, c, url: d.add_evidence(c, "Timetable", url=url),
    "edit evidence": lambda d, c, url: d.edit_evidence(
        d.add_evidence(c, "Timetable", url="https://example.org/e"), url=url
    ),
}


@pytest.mark.parametrize("url", HOSTILE_URLS)
@pytest.mark.parametrize("act", ACTS)
def test_a_non_web_url_is_refused_by_the_desk_itself(empty_desk: Desk, act: str, url: str) -> None:
    claim_id = _claim(empty_desk)
    with pytest.raises(InvalidValue, match="URL"):
        ACTS[act](empty_desk, claim_id, url)
    stored = [
        u
        for table in ("custody_hops", "revision_triggers", "evidence")
        for (u,) in empty_desk.db.execute(f"SELECT url FROM {table}")
    ]
    assert all(u is None or u.startswith("https://example.org/") for u in stored), stored


def test_a_web_url_is_kept_as_a_browser_reads_it(empty_desk: Desk) -> None:
    claim_id = _claim(empty_desk)
    hop = empty_desk.add_custody_hop(claim_id, "A page", "social", url="HTTPS://Example.ORG")
    (url,) = empty_desk.db.execute("SELECT url FROM custody_hops WHERE id = ?", [hop]).fetchone()
    assert url == "https://example.org/"


def test_a_javascript_url_kept_by_an_older_desk_never_reaches_the_json_ld(
    empty_desk: Desk,
) -> None:
    from deskcheck.export.claimreview import claim_review

    claim_id = _claim(empty_desk)
    hop = empty_desk.add_custody_hop(claim_id, "A page", "social", url="https://example.org/p")
    with empty_desk.db.conn:  # as an older deskcheck (or an old merge) kept them
        empty_desk.db.execute("UPDATE claims SET origin_url = 'javascript:alert(1)'")
        empty_desk.db.execute(
            "UPDATE custody_hops SET url = 'JavaScript:alert(2)' WHERE id = ?", [hop]
        )
    empty_desk.decide(claim_id, "false", "The timetable says otherwise.")
    review = claim_review(empty_desk.claim(claim_id), empty_desk.verdict_scale(), None)
    assert "javascript" not in str(review).lower()
    assert "appearance" not in review["itemReviewed"]
