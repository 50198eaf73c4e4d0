"""Publishing a claim's fact-check: an act of the desk, recorded with its date and URL.

``draft_page`` renders the page as publishing it now would make it (its dates follow the
desk's record: the first publication, then an update whenever the decision or a public
note changed since) and lists what the publisher should know. ``publish_draft`` records the
act once the page is written: a first publication, an update, or nothing when the page is
the one already published. The command line and the claim desk both go through here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from deskcheck.domain.errors import DeskError, InvalidValue
from deskcheck.domain.untrusted import make_visible

if TYPE_CHECKING:
    from deskcheck.data import Desk
    from deskcheck.domain.models import ClaimRecord, Publication

SAMPLE_ORGANISATIONS = ("Monexus desk (sample)",)
"""The sample desk's organisation: a page under its name is nobody's page."""
ORGANISATION_KEYS = ("name", "url", "logo")


@dataclass
class PageDraft:
    claim_id: int
    format: str
    text: str  # the page in its format
    markdown: str  # the page as Markdown: what the claim desk previews
    decision_id: int
    act: str | None  # "first", "update", or None: the page already published, unchanged
    url: str | None
    at: str  # when publishing it would be recorded
    lead: bool  # the verdict is not a finding: published only when the publisher says so
    problems: list[str] = field(default_factory=list)


def organisation_needed(desk: Desk) -> bool:
    """Whether the desk still publishes under no organisation, or the sample's."""
    organisation = desk.setting("organisation")
    if not isinstance(organisation, dict):
        return True
    name = organisation.get("name")
    return not isinstance(name, str) or not name.strip() or name in SAMPLE_ORGANISATIONS


def checked_organisation(value: Any) -> dict[str, str]:
    """The newsroom's identity as the desk keeps it: a name, its web address and, optionally,
    a logo's address (both plain http(s) URLs); anything else is refused, naming what."""
    from deskcheck.export.markdown_text import is_plain_url

    if not isinstance(value, dict):
        raise InvalidValue('the organisation is {"name": …, "url": …, "logo": …}')
    unknown = sorted(set(value) - {*ORGANISATION_KEYS, "url_pattern"})
    if unknown:
        raise InvalidValue(f"the organisation has no {', '.join(map(repr, unknown))}")
    name = value.get("name")
    if not isinstance(name, str) or not " ".join(name.split()):
        raise InvalidValue("the organisation needs a name (the newsroom readers know)")
    if name.strip() in SAMPLE_ORGANISATIONS:
        raise InvalidValue(
            f"the organisation {name.strip()!r} is the sample desk's: give your newsroom's name"
        )
    out = {"name": " ".join(name.split())}
    for key, what in (("url", "web address"), ("logo", "logo's address")):
        given = value.get(key) or ""
        if not isinstance(given, str) or (given.strip() and not is_plain_url(given.strip())):
            shown = make_visible(str(given))
            raise InvalidValue(f"the organisation's {what} is not an http(s) URL: {shown!r}")
        if given.strip():
            out[key] = given.strip()
    if "url" not in out:
        raise InvalidValue("the organisation needs its web address (where its pages live)")
    pattern = value.get("url_pattern")
    if pattern:
        if not isinstance(pattern, str) or not is_plain_url(pattern.replace("{claim}", "1")):
            raise InvalidValue("the organisation's url_pattern is an http(s) URL with {claim}")
        out["url_pattern"] = pattern
    return out


def set_organisation(desk: Desk, value: Any) -> dict[str, str]:
    """Record the newsroom's identity as the desk's ``organisation`` setting."""
    organisation = checked_organisation(value)
    desk.set_setting("organisation", organisation)
    return organisation


def _act(record: ClaimRecord) -> str | None:
    """What publishing the claim now is: its first publication, an update (the decision
    or a public note changed since the last), or nothing new."""
    if not record.publications:
        return "first"
    last = record.publications[-1]
    latest = record.latest_decision
    if latest is not None and latest.id != last.decision_id:
        return "update"
    if any(n.public and n.written_at > last.published_at for n in record.revision_notes):
        return "update"
    return None


def draft_page(
    desk: Desk,
    claim_id: int,
    format: str = "html",
    *,
    force: bool = False,
    unconfirmed: bool = False,
    url: str | None = None,
    organisation: dict[str, str] | None = None,
) -> PageDraft:
    """The fact-check as publishing it now would make it. Refused for a claim with no
    decision, a verdict with no rating on the scale (a lead) unless ``force``, and a
    decision the two-person rule still waits on unless ``unconfirmed``. ``organisation``:
    the newsroom to show instead of the desk's (a preview; checked, never recorded)."""
    from deskcheck.analysis.claim_analysis import analyse
    from deskcheck.export.claimreview import (
        NotRateable,
        PageDates,
        claim_review,
        page_url,
        recorded_dates,
    )
    from deskcheck.export.markdown_text import is_plain_url
    from deskcheck.export.published import FORMATS, published_page, render
    from deskcheck.work.exports import awaiting_confirmation

    if format not in FORMATS:
        raise DeskError(f"cannot publish as {format!r}: one of {', '.join(FORMATS)}")
    if url is not None and not is_plain_url(url):
        raise InvalidValue(f"the page's URL is not an http(s) URL: {make_visible(url)!r}")
    record = desk.claim(claim_id)
    waiting = awaiting_confirmation(desk, record, unconfirmed=unconfirmed)
    if waiting:
        raise DeskError(f"not published: {waiting}, or publish with --unconfirmed")
    scale = desk.verdict_scale()
    if organisation is not None:
        organisation = checked_organisation(organisation)
    else:
        organisation = desk.setting("organisation")
        if not isinstance(organisation, dict):
            organisation = None
    decision = record.latest_decision
    rated = next((v for v in scale if v.name == record.verdict), None)
    if decision is None or rated is None:
        raise DeskError(f"not published: claim {claim_id} has no decision to publish")
    act, at = _act(record), desk.clock()
    recorded = recorded_dates(record)
    where = url or (recorded.url if recorded else None) or page_url(organisation, claim_id)
    if act == "first" or recorded is None:
        dates = PageDates(at, None, where)
    elif act == "update":
        dates = PageDates(recorded.published_at, at, where)
    else:
        dates = PageDates(recorded.published_at, recorded.updated_at, where)
    try:
        review = claim_review(record, scale, organisation, force=force, dates=dates)
    except NotRateable as error:
        raise DeskError(f"not published: {error}".replace("export it", "publish it")) from None
    problems = []
    lead = rated.rating_value is None
    if lead:
        problems.append(
            f"claim {claim_id}'s verdict {rated.label!r} is not a finding: the page says it"
            " is not rated, and its ClaimReview has a rating name and no rating value"
        )
    if where is None:
        problems.append(
            "the page has no URL: set the organisation's web address, or give the page's"
        )
    if organisation is None or organisation.get("name") in SAMPLE_ORGANISATIONS:
        problems.append("the page is published under no newsroom's name: set the organisation")
    page = published_page(record, analyse(record), scale, organisation, review, dates)
    problems += page.notices
    if act is None and recorded is not None:
        problems.append(
            "the page is as published on"
            f" {(recorded.updated_at or recorded.published_at)[:10]}: nothing new to record"
        )
    text = render(page, format)
    return PageDraft(
        claim_id,
        format,
        text,
        render(page, "markdown") if format != "markdown" else text,
        decision.id,
        act,
        where,
        at,
        lead,
        problems,
    )


def publish_draft(desk: Desk, draft: PageDraft) -> Publication | None:
    """Record the publication of a written page (None: it was the page published already).
    Refused when the claim's decision changed since the page was drafted."""
    if draft.act is None:
        return None
    if draft.url is None:
        raise InvalidValue(
            "a published page has a URL: set the organisation's web address or give the"
            " page's (--url)"
        )
    return desk.record_publication(draft.claim_id, draft.decision_id, draft.url)


def publication_words(publication: Publication | None, draft: PageDraft) -> str:
    """One line on what was recorded."""
    if publication is None:
        return f"claim {draft.claim_id}: the page as already published; nothing new recorded"
    what = "published" if publication.kind == "first" else "updated"
    return (
        f"claim {draft.claim_id} {what} on {publication.published_at[:10]}"
        f" at {make_visible(publication.url)}"
    )
