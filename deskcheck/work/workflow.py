"""The desk's workflow acts, as the command line and the terminal UI both call them: assign,
prioritise, move to another status, tag, set a due time, comment, and the saved queues.

Each act takes one claim or many (the queue's marked claims); the data layer records them
in one transaction with one event per claim. "me" names the reviewer at the keyboard.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from deskcheck.data.queue import QueueQuery
from deskcheck.data.saved_queues import query_from_saved
from deskcheck.domain.due import parse_due
from deskcheck.domain.errors import InvalidValue

if TYPE_CHECKING:
    from deskcheck.data import Desk
    from deskcheck.domain.models import QueueRow

ME = "me"
NOBODY = ("none", "nobody", "-")


def who(desk: Desk, name: str | None) -> str | None:
    """The reviewer a typed name means: "me" is the reviewer at the keyboard; "none" (or
    nothing) unassigns."""
    if name is None or not name.strip() or name.strip().casefold() in NOBODY:
        return None
    return desk.reviewer if name.strip().casefold() == ME else name.strip()


def assign(desk: Desk, claim_ids: Sequence[int], name: str | None) -> str | None:
    """Assign the claims; returns the assignee as the desk knows them (None: unassigned)."""
    return desk.assign(list(claim_ids), who(desk, name))


def prioritise(desk: Desk, claim_ids: Sequence[int], priority: int) -> None:
    desk.set_priority(list(claim_ids), priority)


def move(desk: Desk, claim_ids: Sequence[int], status: str, reason: str) -> None:
    desk.set_status(list(claim_ids), status, reason)


def tag(
    desk: Desk, claim_ids: Sequence[int], add: Iterable[str] = (), remove: Iterable[str] = ()
) -> int:
    return desk.tag(list(claim_ids), add=list(add), remove=list(remove))


def tags_typed(text: str) -> tuple[list[str], list[str]]:
    """Tags as typed in one line: ``urgent, -ai`` adds urgent and removes ai."""
    add: list[str] = []
    remove: list[str] = []
    for part in (p.strip() for p in text.split(",")):
        if part.startswith("-") and part[1:].strip():
            remove.append(part[1:].strip())
        elif part:
            add.append(part.removeprefix("+").strip())
    return add, remove


def set_due(desk: Desk, claim_ids: Sequence[int], typed: str | None) -> str | None:
    """Set (or with nothing typed, clear) the due time; returns it as stored."""
    due = parse_due(typed, desk.clock()) if typed and typed.strip() else None
    desk.set_due(list(claim_ids), due)
    return due


@dataclass(frozen=True)
class Commented:
    comment_id: int
    mentions: list[str]  # the reviewers it names, as the desk knows them
    unknown: list[str]  # @names that name nobody on the desk (not notified)

    def summary(self) -> str:
        words = f"Comment {self.comment_id} added"
        if self.mentions:
            words += f", mentioning {', '.join(self.mentions)}"
        if self.unknown:
            words += f" (no reviewer {', '.join('@' + u for u in self.unknown)} on this desk)"
        return words


def comment(desk: Desk, claim_id: int, body: str) -> Commented:
    return Commented(*desk.add_comment(claim_id, body))


# -- views and saved queues -------------------------------------------------------------------


def mine(desk: Desk, base: QueueQuery | None = None) -> QueueQuery:
    """The claims assigned to this reviewer or naming them in a comment."""
    return replace(base or QueueQuery(), mine=desk.reviewer, unassigned=False, assignee=None)


def unassigned(base: QueueQuery | None = None) -> QueueQuery:
    return replace(base or QueueQuery(), unassigned=True, mine=None, assignee=None)


def checked_query(desk: Desk, query: QueueQuery) -> QueueQuery:
    """The filters as the desk knows them: an assignee resolved to its reviewer (``Tomas``
    and ``me`` name someone), every verdict one of the desk's scale. A typo is refused with
    what there is, never shown as an empty queue."""
    from deskcheck.data.queue import NO_VERDICT
    from deskcheck.domain.untrusted import make_visible

    scale = [v.name for v in desk.verdict_scale()]
    for verdict in query.verdicts:
        if verdict not in scale and verdict != NO_VERDICT:
            raise InvalidValue(
                f"unknown verdict {verdict!r}: this desk's scale is {', '.join(scale)}"
                f" ({NO_VERDICT!r}: no decision yet)"
            )
    if query.assignee is None:
        return query
    name = who(desk, query.assignee)
    if name is None:
        return replace(query, assignee=None, unassigned=True)
    found = desk.known_reviewer(name)
    if found is None:
        known = ", ".join(make_visible(n) for n in desk.reviewer_names()) or "none yet"
        raise InvalidValue(f"no reviewer {make_visible(name)!r} on this desk (reviewers: {known})")
    return replace(query, assignee=found)


def save_queue(desk: Desk, name: str, query: QueueQuery) -> tuple[int, bool]:
    return desk.save_queue(name, query)


def remove_queue(desk: Desk, name: str) -> str:
    return desk.remove_queue(name).name


def saved_query(desk: Desk, name: str) -> QueueQuery:
    """A saved queue as this reviewer sees it ("mine" is theirs)."""
    saved = desk.saved_queue(name)
    try:
        return query_from_saved(saved.query, desk.reviewer)
    except InvalidValue as error:
        raise InvalidValue(f"saved queue {saved.name!r} cannot be read: {error}") from None


def queue_rows(desk: Desk, query: QueueQuery, limit: int = 10_000) -> list[QueueRow]:
    return desk.queue_page(query, limit=limit)
