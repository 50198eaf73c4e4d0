"""The acts that add to a claim: a claim itself, interpretations and how they relate, marks,
custody hops, evidence wanted, revision triggers and revision notes.

One door: the command line and the claim desk's forms both come here with plain values
(``domain.claim_parts``); the rules a reviewer's input must pass (the one URL rule, grades,
times) are applied here before the data layer records it, which checks the rest.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from deskcheck.domain.claim_parts import (
    NewHop,
    NewInterpretation,
    NewRevisionNote,
    NewTrigger,
    NewWanted,
)
from deskcheck.domain.clock import utc_now
from deskcheck.domain.errors import InvalidValue
from deskcheck.domain.moments import past_moment
from deskcheck.domain.urls import BadURL, web_url
from deskcheck.domain.vocabulary import ASSESSMENT_MARKS, parse_grade

if TYPE_CHECKING:
    from deskcheck.data import Desk


def checked_url(what: str, url: str | None) -> str | None:
    """The one URL rule on a URL a reviewer gave (None or blank: no URL)."""
    if url is None or not url.strip():
        return None
    try:
        return web_url(url)
    except BadURL as error:
        raise InvalidValue(f"{what}: {error}") from None


def add_claim(
    desk: Desk,
    text: str,
    *,
    origin_url: str | None = None,
    priority: int = 3,
    tags: Iterable[str] = (),
) -> int:
    """A claim typed or pasted by a reviewer, kept as given (never reworded)."""
    return desk.add_claim(
        text,
        origin_url=checked_url("the claim's origin URL", origin_url),
        priority=priority,
        tags=tags,
    )


def add_interpretation(desk: Desk, claim_id: int, new: NewInterpretation) -> int:
    return desk.add_interpretation(
        claim_id,
        new.label,
        new.statement,
        implications=new.implications,
        catch_all=new.catch_all,
    )


def edit_interpretation(
    desk: Desk,
    interpretation_id: int,
    *,
    label: str | None = None,
    statement: str | None = None,
    implications: str | None = None,
    catch_all: bool | None = None,
) -> None:
    given = {"label": label, "statement": statement, "implications": implications}
    changes: dict[str, object] = {k: v for k, v in given.items() if v is not None}
    if catch_all is not None:
        changes["catch_all"] = int(catch_all)
    if not changes:
        raise InvalidValue("nothing to change: give a label, statement, implications or catch-all")
    desk.edit_interpretation(interpretation_id, **changes)


def relate(desk: Desk, first_id: int, second_id: int, relation: str | None) -> None:
    """Whether two interpretations exclude each other or can both hold (None: unsaid)."""
    desk.set_relation(first_id, second_id, relation)


def mark_named(typed: str) -> str:
    """A mark as typed (``cc``, ``C``, ``na``) as the desk spells it."""
    mark = typed.strip().upper()
    if mark not in ASSESSMENT_MARKS:
        raise InvalidValue(
            f"mark {typed!r} is not one of {' '.join(ASSESSMENT_MARKS)}"
            " (strongly consistent … strongly inconsistent, not applicable)"
        )
    return mark


def rate(
    desk: Desk, claim_id: int, evidence_id: int, interpretation_id: int, mark: str, reason: str = ""
) -> str:
    """How one evidence item of CLAIM bears on one of its interpretations; the mark stored."""
    record = desk.claim(claim_id)
    if evidence_id not in {e.id for e in record.evidence}:
        raise InvalidValue(f"evidence {evidence_id} is not evidence of claim {claim_id}")
    if interpretation_id not in {i.id for i in record.interpretations}:
        raise InvalidValue(
            f"interpretation {interpretation_id} is not an interpretation of claim {claim_id}"
        )
    stored = mark_named(mark)
    desk.assess(evidence_id, interpretation_id, stored, reason)
    return stored


def mark_evidence(
    desk: Desk, evidence_id: int, interpretation_id: int, mark: str, reason: str = ""
) -> str:
    """A mark given on the claim desk or the matrix, where the item and the interpretation
    are the claim's own (``rate`` checks that for the command line); the mark stored."""
    stored = mark_named(mark)
    desk.assess(evidence_id, interpretation_id, stored, reason)
    return stored


def add_hop(desk: Desk, claim_id: int, new: NewHop) -> int:
    reliability, credibility = parse_grade(new.grade)
    return desk.add_custody_hop(
        claim_id,
        new.actor,
        new.kind,
        url=checked_url("the hop's URL", new.url),
        seen_at=past_moment("seen at", new.seen_at, utc_now()) if new.seen_at else None,
        reliability=reliability,
        credibility=credibility,
        note=new.note,
    )


def want_evidence(desk: Desk, claim_id: int, new: NewWanted) -> int:
    return desk.want_evidence(claim_id, new.description, would_settle=new.would_settle)


def arm_trigger(desk: Desk, claim_id: int, new: NewTrigger) -> int:
    return desk.add_trigger(claim_id, new.condition, url=checked_url("the URL to watch", new.url))


def add_revision_note(desk: Desk, claim_id: int, new: NewRevisionNote) -> int:
    return desk.add_revision_note(
        claim_id,
        new.kind,
        new.what_is_right,
        what_was_wrong=new.what_was_wrong,
        new_verdict=new.new_verdict,
        public=new.public,
    )
