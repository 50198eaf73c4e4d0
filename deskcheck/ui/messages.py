"""Messages workers send back to the screens: plain dataclasses carrying what was read."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from deskcheck.data import Desk
    from deskcheck.data.read_api import Match
    from deskcheck.domain.models import ClaimRecord, QueueRow, SessionSummary
    from deskcheck.work.claim_view import ClaimView
    from deskcheck.work.similar import Starting


@dataclass
class DeskOpened(Message):
    desk: Desk


@dataclass
class DeskWentBack(Message):
    """The desk lost the state this reviewer last saw (see ``work.desk_memory``)."""

    warning: str


@dataclass
class DeskFailed(Message):
    error: str


@dataclass
class QueueCounted(Message):
    generation: int
    total: int
    counts: dict[str, int]
    cursor: int
    verdicts: list[str]  # the desk's verdict scale, for the filter form


@dataclass
class QueuePageLoaded(Message):
    generation: int
    index: int
    rows: list[QueueRow]


@dataclass
class CursorFound(Message):
    """A claim the reviewer jumped to (next needing attention) is at this position."""

    position: int | None
    why: str = ""  # why the claim needs attention, in words (new, revision due, overdue…)


@dataclass
class ClaimLoaded(Message):
    """A claim read by a worker (``deskcheck.work.claim_view``), for the screen to show."""

    view: ClaimView


@dataclass
class NeighbourFound(Message):
    claim_id: int | None
    direction: str


@dataclass
class Recorded(Message):
    """A write landed; ``what`` says what, for the reviewer."""

    what: str
    claim_id: int | None = None
    quiet: bool = False  # a mark: shown in place, not as a notice
    form: Any = None  # the form still open while its answer was written (it closes now)


@dataclass
class WriteFailed(Message):
    error: str
    quiet: bool = False  # a mark's write (see ``Recorded.quiet``)
    form: Any = None  # the form whose answer was refused: it stays open, text kept


@dataclass
class FetchProgress(Message):
    url: str
    stage: str
    claim_id: int  # the claim the evidence was added to (the desk may show another by now)


@dataclass
class SessionEnded(Message):
    summary: SessionSummary
    minutes: int


@dataclass
class DeskVersion(Message):
    version: int
    head: int  # the log's last event
    shown: bool  # whether what came since the last look changes anything a screen shows


class DeskChanged(Message):
    """Another reviewer's process wrote to the desk: screens refresh what they show."""


@dataclass
class ChangedMeanwhile(Message):
    """Others recorded on this claim since the reviewer looked: shown before writing."""

    changes: list[dict]
    record: ClaimRecord
    what: str
    call: object  # the write to do if the reviewer still wants to
    quiet: bool = False
    form: Any = None  # the form held open meanwhile, its text kept


@dataclass
class WorkProgress(Message):
    """Long work (ingest, link check) moved on: ``done`` of ``total``."""

    label: str
    done: int
    total: int


@dataclass
class WorkDone(Message):
    summary: str
    failed: bool = False


@dataclass
class SimilarFound(Message):
    """The claims and published fact-checks most like the claim on the claim desk."""

    claim_id: int
    matches: list[Match]
    linked: set[tuple[str, int]]  # ("claim", id) or ("published", id) already linked


@dataclass
class RepeatLinked(Message):
    """A repeat link was recorded; the earlier decision is offered, not recorded."""

    claim_id: int
    match: Match
    starting: Starting


@dataclass
class SnippetFound(Message):
    """Where a searched claim matched: FTS5's snippet, the match between private marks."""

    claim_id: int
    where: str
    snippet: str
    also: tuple[str, ...] = ()  # the other texts of the claim it matched in
