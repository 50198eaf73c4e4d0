"""Recording that a claim's fact-check was published: when, where, which decision.

Append-only, like decisions: the first publication of a claim dates its page, and each
later one is an update (the decision, or a public note, changed since). A publication
always names the claim's latest decision, so the page's date can never belong to a verdict
the desk has since replaced.
"""

from __future__ import annotations

import re

from deskcheck.data import queries
from deskcheck.data.recorder import Recorder
from deskcheck.data.rules import required, subject
from deskcheck.domain.errors import InvalidValue
from deskcheck.domain.models import Publication

WEB_URL = re.compile(r"https?://[^\s<>`\\\"|]+", re.IGNORECASE)


def record_publication(rec: Recorder, claim_id: int, decision_id: int, url: str) -> Publication:
    required("the page's URL", url)
    if WEB_URL.fullmatch(url) is None or not url.isprintable():
        raise InvalidValue(f"the page's URL is not an http(s) URL: {url!r}")
    record = queries.claim_record(rec.db, claim_id)
    latest = record.latest_decision
    if latest is None:
        raise InvalidValue(f"claim {claim_id} has no decision to publish")
    if latest.id != decision_id:
        raise InvalidValue(
            f"claim {claim_id}'s decision changed while the page was prepared (now decision"
            f" {latest.id}, by {latest.reviewer}): prepare the page again"
        )
    last = record.publications[-1] if record.publications else None
    if last is not None and last.decision_id == decision_id:
        changed = any(n.public and n.written_at > last.published_at for n in record.revision_notes)
        if not changed and url == last.url:
            raise InvalidValue(
                f"claim {claim_id}'s page is as published on {last.published_at[:10]}:"
                " nothing changed to publish as an update"
            )
    row = {
        "claim_id": claim_id,
        "decision_id": decision_id,
        "kind": "first" if last is None else "update",
        "url": url,
        "published_by": rec.actor,
        "published_at": rec.at,
    }
    publication_id = rec.insert(
        "publications", row, kind="claim.published", subject=subject(claim_id)
    )
    return Publication.from_row({**row, "id": publication_id})
