"""`deskcheck similar CLAIM`, the claim desk's "already checked?" pane and its repeat link."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from deskcheck.data.matching import Match
from deskcheck.domain.errors import InvalidValue, UnknownClaim
from deskcheck.domain.likeness import says_differently
from deskcheck.domain.repeat_words import earlier_check, lead_verdicts

if TYPE_CHECKING:
    from deskcheck.data import Desk


@dataclass(frozen=True)
class Starting:
    """The earlier verdict and rationale, offered as the start of a new decision."""

    verdict: str | None
    rationale: str
    # "claim 12 (decided false 2026-06-14 by mara)", "claim 1 (treated as a lead 2026-06-14
    # by mara, not decided yet)" or "Maldita, 2024-03-01"
    source: str


MAX_CLAIM_ID = 2**63 - 1


def similar_to(desk: Desk, claim: str, limit: int = 5) -> tuple[int | None, list[Match]]:
    """(the claim's id when CLAIM is a claim number, its matches): CLAIM is a claim number
    on the desk, or a text to look up."""
    given = claim.strip()
    if not given:
        raise InvalidValue("give a claim number or the text of a claim to look up")
    # ASCII digits only: "²" or "١" pass str.isdigit, and are text, not a claim number
    if given.isascii() and given.isdigit():
        claim_id = int(given)
        if claim_id > MAX_CLAIM_ID:  # SQLite's integers stop there: no claim has it
            raise UnknownClaim(f"no claim {given} on this desk")
        record = desk.claim(claim_id)
        return claim_id, similar_to_claim(desk, claim_id, record.text, limit=limit)
    return None, desk.similar(claim, limit=limit)


def picture_matches(desk: Desk, claim_id: int, limit: int = 5) -> list[Match]:
    """Claims holding a copy of one of this claim's pictures, as matches of the similar
    pane: the reason says how the copy differs and the earliest date the desk knows."""
    found = []
    for match in desk.similar_pictures(claim_id, limit=limit):
        other = desk.claim(match.claim_id)
        earliest = f"; earliest known {match.earliest[:10]}" if match.earliest else ""
        found.append(
            Match(
                "claim",
                match.claim_id,
                round(match.score * 100),
                f"{match.reason}{earliest}",
                other.text,
                other.verdict,
                match.earliest,
                status=other.status,
            )
        )
    return found


def similar_to_claim(desk: Desk, claim_id: int, text: str, limit: int = 5) -> list[Match]:
    """What the desk's text matching finds for a claim, with the claims whose pictures are
    copies of its pictures; one match per claim (the higher score, both reasons)."""
    by_key: dict[tuple[str, int], Match] = {}
    for match in [*desk.similar(text, exclude_claim=claim_id, limit=limit)]:
        by_key[(match.kind, match.id)] = match
    for match in picture_matches(desk, claim_id, limit):
        kept = by_key.get(("claim", match.id))
        if kept is not None:
            match = replace(
                kept, score=max(kept.score, match.score), reason=f"{match.reason}; {kept.reason}"
            )
        by_key[("claim", match.id)] = match
    return sorted(by_key.values(), key=lambda m: (-m.score, m.kind, m.id))[:limit]


def match_dict(match: Match) -> dict[str, Any]:
    return {
        "kind": match.kind,
        "id": match.id,
        "score": match.score,
        "likely": match.likely,
        "reason": match.reason,
        # what the claim says differently: [its words, the match's words] ("" where nothing)
        "differs": [list(pair) for pair in match.differs],
        "says_something_else": match.says_otherwise,
        "text": match.text,
        "verdict": match.verdict,
        "date": match.date,
        "publisher": match.publisher,
        "url": match.url,
    }


def why(match: Match) -> str:
    """What differs, then what the two share: the line a reviewer reads and a link records."""
    if match.differs:
        return f"{says_differently(match.differs)}; {match.reason}"
    return match.reason


def link_as_repeat(desk: Desk, claim_id: int, match: Match) -> Starting:
    """Record ``claim_id`` as a repeat of the match; return what the earlier check decided,
    for the reviewer to start a new decision from (nothing is decided here). A match that
    says something else ("raised" where this claim says "cut") offers nothing to start from:
    its verdict is not this claim's."""
    reason = why(match)
    if match.kind == "claim":
        desk.link_repeat(claim_id, of_claim=match.id, score=match.score, reason=reason)
        if match.says_otherwise:
            return Starting(None, "", f"claim {match.id} (it says something else)")
        earlier = desk.claim(match.id).latest_decision
        if earlier is None:
            return Starting(None, "", f"claim {match.id} (no decision yet)")
        lead = earlier.verdict in lead_verdicts(desk.verdict_scale())
        said = earlier_check(
            earlier.verdict, earlier.decided_at, lead=lead, reviewer=earlier.reviewer
        )
        return Starting(earlier.verdict, earlier.rationale, f"claim {match.id} ({said})")
    desk.link_repeat(claim_id, of_published=match.id, score=match.score, reason=reason)
    when = (match.date or "")[:10]
    source = f"{match.publisher}, {when}" if when else f"{match.publisher}"
    if match.says_otherwise:
        return Starting(None, "", f"{source} (it says something else)")
    return Starting(
        None,
        f"Already checked by {match.publisher}: {match.verdict}. {match.url or ''}".strip(),
        source,
    )


def reindex(desk: Desk) -> tuple[int, int]:
    """Rebuild the matching index: (claims, published fact-checks) indexed."""
    return desk.rebuild_matching_index()
