"""Plain dataclasses the data API returns: what the CLI prints and the UI shows.

Rows come back from SQLite as dicts; ``from_row`` keeps only the fields a model declares,
so adding a column to a table never breaks a reader.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Self

from deskcheck.domain.link_words import link_mark, link_words

_FIELD_NAMES: dict[type, frozenset[str]] = {}
"""Each record class's field names, read once (``fields`` walks the class on every call)."""


class _FromRow:
    @classmethod
    def from_row(cls, row: dict[str, Any], **extra: Any) -> Self:
        names = _FIELD_NAMES.get(cls)
        if names is None:
            names = _FIELD_NAMES[cls] = frozenset(f.name for f in fields(cls))  # type: ignore[arg-type]
        values = {k: v for k, v in row.items() if k in names}
        values.update(extra)
        return cls(**values)


@dataclass(frozen=True)
class Verdict(_FromRow):
    name: str
    label: str
    rating_value: int | None
    rating_name: str | None
    claim_status: str
    position: int


@dataclass(frozen=True)
class CustodyHop(_FromRow):
    id: int
    position: int
    actor: str
    kind: str
    url: str | None
    seen_at: str | None
    reliability: str
    credibility: int
    note: str
    removed_reason: str | None = None
    removed_at: str | None = None

    @property
    def grade(self) -> str:
        """Admiralty grade as usually written: source reliability then information credibility."""
        return f"{self.reliability}{self.credibility}"


@dataclass(frozen=True)
class Interpretation(_FromRow):
    id: int
    position: int
    label: str
    statement: str
    implications: str
    catch_all: int
    created_by: str
    created_at: str

    @property
    def implication_list(self) -> list[str]:
        return [line for line in self.implications.splitlines() if line.strip()]


@dataclass(frozen=True)
class Snapshot(_FromRow):
    id: int
    evidence_id: int
    fetched_at: str
    final_url: str | None
    http_status: int | None
    content_type: str | None
    byte_size: int | None
    sha256: str | None
    title: str
    text: str
    error: str | None


@dataclass(frozen=True)
class Assessment(_FromRow):
    id: int
    evidence_id: int
    interpretation_id: int
    mark: str
    reason: str
    assessed_by: str
    assessed_at: str


@dataclass(frozen=True)
class Evidence(_FromRow):
    id: int
    title: str
    url: str | None
    excerpt: str
    kind: str
    reliability: str
    credibility: int
    published_at: str | None
    link_state: str
    added_by: str
    added_at: str
    relevance: str = "medium"
    derived_from_evidence_id: int | None = None
    derived_from_hop_id: int | None = None
    snapshots: tuple[Snapshot, ...] = ()
    assessments: tuple[Assessment, ...] = ()

    @property
    def grade(self) -> str:
        return f"{self.reliability}{self.credibility}"

    @property
    def link_words(self) -> str:
        """The link's state, or what its last fetch ran into ("could not connect")."""
        return link_words(self.link_state, *self._last_fetch())

    @property
    def link_mark(self) -> str:
        """Before the title in a list: empty while the link is fine, else what is wrong."""
        return link_mark(self.link_state, *self._last_fetch())

    def _last_fetch(self) -> tuple[int | None, str | None]:
        last = self.snapshots[-1] if self.snapshots else None
        return (last.http_status, last.error) if last else (None, None)

    def mark_for(self, interpretation_id: int) -> str | None:
        for assessment in self.assessments:
            if assessment.interpretation_id == interpretation_id:
                return assessment.mark
        return None


@dataclass(frozen=True)
class EvidenceWanted(_FromRow):
    id: int
    description: str
    would_settle: str
    state: str
    evidence_id: int | None
    created_by: str
    created_at: str
    closed_reason: str | None = None
    closed_at: str | None = None


@dataclass(frozen=True)
class Decision(_FromRow):
    id: int
    claim_id: int
    verdict: str
    rationale: str
    confidence: str
    reviewer: str
    decided_at: str
    session_id: int | None
    for_publication: int = 0
    confirms_decision_id: int | None = None
    summary: str = ""  # the one-paragraph answer readers get first ("In short")
    from_desk: str | None = None  # merged: the peer desk it came from (None: made here)
    from_key: str | None = None  # merged: the fingerprint of the key that signed the bundle

    @property
    def origin(self) -> str:
        """ " (from <peer desk>)" for a merged decision, "" for one made on this desk."""
        return f" (from {self.from_desk})" if self.from_desk else ""


@dataclass(frozen=True)
class RevisionNote(_FromRow):
    id: int
    kind: str
    verdict_changed: int
    verdict_before: str | None
    verdict_after: str | None
    what_was_wrong: str
    what_is_right: str
    author: str
    written_at: str
    public: int = 0  # 1: shown to readers on the published page; 0: kept on the desk


@dataclass(frozen=True)
class Publication(_FromRow):
    """One act of publishing a claim's fact-check: the first, or a later update."""

    id: int
    claim_id: int
    decision_id: int
    kind: str  # "first" or "update"
    url: str
    published_by: str
    published_at: str


@dataclass(frozen=True)
class Comment(_FromRow):
    """A reviewer's remark on a claim: append-only, not a decision."""

    id: int
    claim_id: int
    body: str
    mentions: tuple[str, ...]  # canonical names of the reviewers an @name named
    reviewer: str
    written_at: str

    @classmethod
    def from_stored(cls, row: dict[str, Any]) -> Comment:
        try:
            mentions = json.loads(row.get("mentions") or "[]")
        except ValueError:
            mentions = []
        names = (
            tuple(m for m in mentions if isinstance(m, str)) if isinstance(mentions, list) else ()
        )
        return cls.from_row(row, mentions=names)


@dataclass(frozen=True)
class Activity:
    """One line of a claim's desk work, from the event log: assigned, prioritised, moved,
    tagged, given a due time, commented on."""

    seq: int
    at: str
    actor: str
    kind: str  # the event kind
    what: str  # in words, outside text included as it is (shown through the sanitiser)


@dataclass(frozen=True)
class RevisionTrigger(_FromRow):
    id: int
    condition: str
    url: str | None
    state: str
    created_by: str
    created_at: str
    expires_at: str | None
    fired_at: str | None
    fired_reason: str | None
    state_reason: str | None = None


@dataclass(frozen=True)
class RepeatLink(_FromRow):
    """The reviewer's word that this claim says what an earlier claim on the desk or a
    fact-check published elsewhere said, with what that one concluded."""

    id: int
    of_claim: int | None  # the earlier claim on this desk, or
    of_published: int | None  # the published fact-check
    text: str  # what the earlier claim said
    verdict: str | None  # the earlier claim's verdict, or the publisher's rating
    dated: str | None  # when that verdict was decided, or the fact-check published
    publisher: str | None  # who published the fact-check
    url: str | None  # where the fact-check is
    score: int  # how alike the matcher found them when the link was made
    reason: str
    linked_by: str
    linked_at: str


@dataclass(frozen=True)
class ClaimVersion(_FromRow):
    """A later wording of the item the claim came from, as its source sent it again under
    the same identity (guid, post id): kept beside the claim, never put in its place."""

    id: int
    text: str
    seen_at: str
    run_id: int | None = None


@dataclass(frozen=True)
class ClaimRecord(_FromRow):
    """A claim with everything attached: what the claim desk and `deskcheck show` present."""

    id: int
    text: str
    received_at: str
    origin_url: str | None
    status: str
    priority: int
    assignee: str | None
    verdict: str | None
    created_at: str
    updated_at: str
    published_at: str | None = None  # the item's own date, when it came from a feed
    context: str = ""  # what the item said besides the claim (its summary), as text
    subscription_id: int | None = None
    tags: tuple[str, ...] = ()
    custody: tuple[CustodyHop, ...] = ()
    interpretations: tuple[Interpretation, ...] = ()
    evidence: tuple[Evidence, ...] = ()
    evidence_wanted: tuple[EvidenceWanted, ...] = ()
    decisions: tuple[Decision, ...] = ()  # newest first
    revision_notes: tuple[RevisionNote, ...] = ()  # newest first
    triggers: tuple[RevisionTrigger, ...] = ()
    relations: tuple[tuple[int, int, str], ...] = ()  # (first id, second id, relation)
    warnings: tuple[str, ...] = field(default=())
    due_at: str | None = None  # when the desk wants it settled (UTC)
    comments: tuple[Comment, ...] = ()  # oldest first
    repeats: tuple[RepeatLink, ...] = ()  # what the reviewers linked it to as a repeat
    publications: tuple[Publication, ...] = ()  # oldest first
    versions: tuple[ClaimVersion, ...] = ()  # later wordings its source sent, oldest first

    @property
    def latest_version(self) -> ClaimVersion | None:
        """The source's latest wording, when it changed the item after intake."""
        return self.versions[-1] if self.versions else None

    @property
    def latest_decision(self) -> Decision | None:
        return self.decisions[0] if self.decisions else None

    @property
    def confirmation(self) -> tuple[Decision, Decision] | None:
        """(the decision, its confirmation) when the latest decision is a confirmation the
        two-person rule counts: made on this desk (where ``confirm`` refuses the decider), or
        merged from a bundle signed by a known peer and by a reviewer other than the
        decider. A confirmation from an unsigned bundle, or by the decider, counts for
        nothing here."""
        from deskcheck.domain.names import identity_key

        latest = self.latest_decision
        if latest is None or latest.confirms_decision_id is None:
            return None
        confirmed = next((d for d in self.decisions if d.id == latest.confirms_decision_id), None)
        if confirmed is None:
            return None
        if latest.from_desk is not None and (
            latest.from_key is None
            or identity_key(latest.reviewer) == identity_key(confirmed.reviewer)
        ):
            return None
        return confirmed, latest

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for item, evidence in zip(data["evidence"], self.evidence, strict=True):
            item["link_words"] = evidence.link_words  # what the last fetch found, in words
        return data


@dataclass(frozen=True)
class QueueRow(_FromRow):
    """One line of the queue: enough to triage without opening the claim."""

    id: int
    status: str
    priority: int
    verdict: str | None
    custody_warning: str  # '' | 'no custody' | 'no primary source'
    interpretation_count: int
    evidence_count: int
    fired_triggers: int
    received_at: str
    text: str
    link_trouble: int = 0  # 0 fine, 1 some evidence changed, 2 some evidence gone
    awaiting_confirmation: int = 0  # a decision for publication waits for a second reviewer
    has_derivations: int = 0
    source_warning: str = ""  # '' | 'single root' | 'circular reporting'
    assignee: str | None = None
    due_at: str | None = None
    due_order: str = ""  # the due sort's key (no due time sorts last)
    repeat_of: int | None = None  # linked as a repeat of this claim (or -published check)
    source_versions: int = 0  # later wordings the source sent under the item's identity
    verdict_from: str | None = None  # the verdict's decision was merged from this peer desk


@dataclass(frozen=True)
class SessionSummary:
    """What one review session did: shown when the reviewer leaves."""

    claims_touched: tuple[int, ...]
    decisions_by_verdict: dict[str, int]
    revision_notes: int
    acts: dict[str, int] = field(default_factory=dict)  # every event kind, counted


@dataclass(frozen=True)
class CheckTarget:
    """A URL `deskcheck check` re-fetches: an evidence item's, or a watching trigger's."""

    kind: str  # "evidence" or "trigger"
    id: int
    claim_id: int
    url: str
    etag: str | None = None
    last_modified: str | None = None
    text_sha256: str | None = None  # of the extracted text last seen, for change detection
    last_status: int | None = None
    checked_before: bool = False


@dataclass(frozen=True)
class IncomingClaim:
    """One item from a feed or file, as the ingest parsers hand it to the desk."""

    text: str
    external_id: str | None = None  # GUID, post id or link: the item's identity at its source
    origin_url: str | None = None
    published_at: str | None = None  # when the source published it (the desk receives it now)
    context: str = ""  # the item's summary or description, as text
    author: str | None = None  # who made the claim or wrote the item, when named
    author_kind: str = "outlet"
    source: str = ""  # the feed or channel it came through
    source_url: str | None = None
    source_kind: str = "outlet"
    tags: tuple[str, ...] = ()
    priority: int = 3
    outside_reviews: tuple[dict[str, Any], ...] = ()  # ClaimReview: evidence rows to attach
    assignee: str | None = None  # a subscription's rule
    subscription_id: int | None = None  # the subscribed feed it arrived through
    # URLs of the pictures the item carries (enclosure, media:content, <img>): fetched and
    # kept with the claim after it is taken in; an item of pictures alone is an image claim
    pictures: tuple[str, ...] = ()
    # pictures inside the source's own folder (a Telegram Desktop export's photos/…): read
    # from there when the source is a file on this machine, never outside that folder
    picture_files: tuple[str, ...] = ()


@dataclass(frozen=True)
class Subscription(_FromRow):
    """A feed the desk refreshes on its own, with its rules for what arrives."""

    id: int
    url: str
    title: str
    every_minutes: int
    tags: tuple[str, ...]
    priority: int
    assignee: str | None
    allow_private: int
    state: str
    removed_reason: str | None
    added_by: str
    added_at: str
    etag: str | None
    last_modified: str | None
    last_refresh_at: str | None
    last_status: int | None
    last_error: str | None
    next_due_at: str | None
    claims: int = 0
    unread: int = 0


@dataclass
class IngestCounts:
    new: int = 0
    duplicate: int = 0
    version: int = 0
    rejected: int = 0
    new_claims: list[int] = field(default_factory=list)
    probably_checked: int = 0  # new claims whose best match scored "probably already checked"
    # new claims whose item carried pictures, with their URLs: fetched after the batch
    new_pictures: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)
    # one line each, recorded on the run by the data layer: items it refused (counted in
    # ``rejected``) and items it took in with a part left out (a date that is no date, …)
    rejects: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, other: IngestCounts) -> None:
        self.probably_checked += other.probably_checked
        self.new += other.new
        self.duplicate += other.duplicate
        self.version += other.version
        self.rejected += other.rejected
        self.new_claims += other.new_claims
        self.new_pictures += other.new_pictures
        self.rejects += other.rejects
        self.notes += other.notes


@dataclass(frozen=True)
class PublishedCheck:
    """A fact-check published elsewhere (ClaimReview): what was claimed and how it was rated."""

    claim_text: str
    publisher: str
    rating: str = ""
    reviewed_at: str | None = None
    url: str | None = None
    claimant: str | None = None
    claim_date: str | None = None
    language: str | None = None
