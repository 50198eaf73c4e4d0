"""The desk's rules for an item taken in, whoever hands it over (the ingest pipeline, a
script importing deskcheck): "fail loudly, lose nothing" as the intake keeps it.

- a URL that is no web URL (its own, its source's, a review's) refuses the item, as the
  pipeline does (``ingest.pipeline.checked_urls``): a one-line reject on the run;
- a published date that is no date, or one in the future (``rules.past_time``), is left out
  and the item kept, with a note on the run, as a link that cannot be resolved is;
- an assignee who is no reviewer of this desk (the identity rule: a look-alike is that
  reviewer) is left out and the claim kept unassigned, with a note: the claim is what
  matters, and who works on it a rule of the desk, not of the item.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from deskcheck.data.desk_work import known_reviewer
from deskcheck.data.recorder import Recorder
from deskcheck.data.rules import choice, past_time, required, web_address
from deskcheck.domain.errors import InvalidValue
from deskcheck.domain.models import IncomingClaim
from deskcheck.domain.untrusted import make_visible
from deskcheck.domain.vocabulary import CUSTODY_KINDS, PRIORITIES


def checked_item(rec: Recorder, item: IncomingClaim) -> tuple[IncomingClaim | None, list[str]]:
    """(the item as the desk keeps it, its notes), or (None, [why it is refused])."""
    named = f"item {make_visible((item.external_id or item.text or '')[:80])!r}"
    try:
        required("its text", item.text)
        choice("its priority", item.priority, PRIORITIES)
        choice("its author's kind", item.author_kind, CUSTODY_KINDS)
        choice("its source's kind", item.source_kind, CUSTODY_KINDS)
        changes: dict[str, Any] = {
            "origin_url": web_address("its URL", item.origin_url),
            "source_url": web_address("its source's URL", item.source_url),
        }
        reviews = [
            {**review, "url": web_address("its review URL", review["url"])}
            if review.get("url")
            else review
            for review in item.outside_reviews
        ]
    except InvalidValue as error:
        return None, [f"{named}: {error}"]
    notes: list[str] = []

    def when(value: str | None, what: str) -> str | None:
        try:
            return past_time(what, value, rec.at)
        except InvalidValue as error:
            notes.append(f"{named}: kept without {what}: {error}")
            return None

    changes["published_at"] = when(item.published_at, "its published date")
    for number, review in enumerate(reviews):
        if review.get("published_at") is not None:
            dated = when(review["published_at"], "its review's published date")
            if dated != review["published_at"]:
                reviews[number] = {**review, "published_at": dated}
    changes["outside_reviews"] = tuple(reviews)
    if item.assignee is not None:
        changes["assignee"] = known_reviewer(rec.db, item.assignee)
        if changes["assignee"] is None:
            shown = make_visible(item.assignee[:80])
            notes.append(f"{named}: kept unassigned: no reviewer {shown!r} on this desk")
    differs = {k: v for k, v in changes.items() if v != getattr(item, k)}
    return (replace(item, **differs) if differs else item), notes
