"""Build a desk from a readable TOML description (the sample desk is built this way).

The description lists claims with everything attached. Each record may carry ``at``; a
record without one happens a minute after the record before it. All records of all claims
are then replayed in time order through the data API, so the built desk has the same event
log a desk worked by hand would have, and the same source always builds the same desk.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from deskcheck.data.desk import Desk
from deskcheck.data.replicating import refuse_if_replicating
from deskcheck.domain.models import PublishedCheck

TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def _parse(at: str) -> datetime:
    return datetime.strptime(at, TIME_FORMAT)


@dataclass
class _Step:
    at: str
    order: int
    reviewer: str
    action: Callable[[Desk], None]


@dataclass
class _Plan:
    default_reviewer: str
    steps: list[_Step] = field(default_factory=list)
    ids: dict[str, int] = field(default_factory=dict)  # "claim/kind/key" -> row id

    def add(self, at: str, reviewer: str | None, action: Callable[[Desk], None]) -> None:
        self.steps.append(_Step(at, len(self.steps), reviewer or self.default_reviewer, action))


class _Timeline:
    """Times for one claim's records: explicit ``at`` or one minute after the last."""

    def __init__(self, start: str) -> None:
        self.last = _parse(start)

    def next(self, record: dict[str, Any]) -> str:
        if "at" in record:
            self.last = _parse(record["at"])
        else:
            self.last += timedelta(minutes=1)
        return self.last.strftime(TIME_FORMAT)


def _plan_claim(plan: _Plan, claim: dict[str, Any]) -> None:
    number = claim["id"]
    time = _Timeline(claim["received_at"])
    ref = f"claim{number}"

    def key(kind: str, name: str) -> str:
        return f"{ref}/{kind}/{name}"

    def claim_id() -> int:
        return plan.ids[ref]

    def add_claim(desk: Desk) -> None:
        plan.ids[ref] = desk.add_claim(
            claim["text"],
            received_at=claim["received_at"],
            origin_url=claim.get("origin_url"),
            priority=claim.get("priority", 3),
            tags=claim.get("tags", ()),
            assignee=claim.get("assignee"),
        )
        if plan.ids[ref] != number:
            raise ValueError(f"claim {number} would get id {plan.ids[ref]}: keep ids in time order")

    plan.add(claim["received_at"], claim.get("by"), add_claim)

    for hop in claim.get("custody", []):
        fields = {k: v for k, v in hop.items() if k not in ("at", "by", "actor", "kind")}

        def add_custody_hop(
            desk: Desk, h: dict[str, Any] = hop, f: dict[str, Any] = fields
        ) -> None:
            desk.add_custody_hop(claim_id(), h["actor"], h["kind"], **f)

        plan.add(time.next(hop), hop.get("by"), add_custody_hop)

    for item in claim.get("interpretations", []):

        def add_interpretation(desk: Desk, i: dict[str, Any] = item) -> None:
            plan.ids[key("interpretation", i["key"])] = desk.add_interpretation(
                claim_id(),
                i["label"],
                i["statement"],
                implications=i.get("implications", ""),
                catch_all=i.get("catch_all", False),
            )

        plan.add(time.next(item), item.get("by"), add_interpretation)

    evidence_fields = (
        "url",
        "excerpt",
        "kind",
        "reliability",
        "credibility",
        "published_at",
        "relevance",
    )
    for item in claim.get("evidence", []):

        def add_evidence(desk: Desk, e: dict[str, Any] = item) -> None:
            derived_from_evidence_id: int | None = None
            derived_from_hop_id: int | None = None
            if "derived_from" in e:  # another evidence item of this claim, by key
                derived_from_evidence_id = plan.ids[key("evidence", e["derived_from"])]
            if "derived_from_hop" in e:  # a hop of the custody chain, by position
                hop = next(
                    h for h in desk.claim(claim_id()).custody if h.position == e["derived_from_hop"]
                )
                derived_from_hop_id = hop.id
            plan.ids[key("evidence", e["key"])] = desk.add_evidence(
                claim_id(),
                e["title"],
                **{k: e[k] for k in evidence_fields if k in e},
                derived_from_evidence_id=derived_from_evidence_id,
                derived_from_hop_id=derived_from_hop_id,
            )

        plan.add(time.next(item), item.get("by"), add_evidence)
        for snapshot in item.get("snapshots", []):
            values = {k: v for k, v in snapshot.items() if k not in ("at", "by")}

            def add_snapshot(
                desk: Desk, e: dict[str, Any] = item, v: dict[str, Any] = values
            ) -> None:
                desk.add_snapshot(plan.ids[key("evidence", e["key"])], **v)

            plan.add(time.next(snapshot), snapshot.get("by"), add_snapshot)
        for interpretation, (mark, reason) in item.get("assessments", {}).items():

            def assess(
                desk: Desk,
                e: dict[str, Any] = item,
                r: str = interpretation,
                m: str = mark,
                why: str = reason,
            ) -> None:
                desk.assess(
                    plan.ids[key("evidence", e["key"])],
                    plan.ids[key("interpretation", r)],
                    m,
                    why,
                )

            plan.add(time.next({}), item.get("by"), assess)

    for first, second, relation in claim.get("relations", []):

        def set_relation(desk: Desk, a: str = first, b: str = second, r: str = relation) -> None:
            desk.set_relation(
                plan.ids[key("interpretation", a)], plan.ids[key("interpretation", b)], r
            )

        plan.add(time.next({}), claim.get("by"), set_relation)

    for wanted in claim.get("evidence_wanted", []):

        def want_evidence(desk: Desk, w: dict[str, Any] = wanted) -> None:
            desk.want_evidence(claim_id(), w["description"], would_settle=w.get("would_settle", ""))

        plan.add(time.next(wanted), wanted.get("by"), want_evidence)

    for trigger in claim.get("triggers", []):

        def add_trigger(desk: Desk, t: dict[str, Any] = trigger) -> None:
            plan.ids[key("trigger", t["key"])] = desk.add_trigger(
                claim_id(), t["condition"], url=t.get("url"), expires_at=t.get("expires_at")
            )

        plan.add(time.next(trigger), trigger.get("by"), add_trigger)
        if trigger.get("state", "armed") != "armed":

            def set_trigger_state(desk: Desk, t: dict[str, Any] = trigger) -> None:
                desk.set_trigger_state(
                    plan.ids[key("trigger", t["key"])], t["state"], reason=t.get("reason", "")
                )

            plan.add(
                trigger.get("changed_at") or time.next({}), trigger.get("by"), set_trigger_state
            )

    for decision in claim.get("decisions", []):

        def decide(desk: Desk, x: dict[str, Any] = decision) -> None:
            desk.decide(
                claim_id(),
                x["verdict"],
                x["rationale"],
                confidence=x.get("confidence", "medium"),
                summary=x.get("summary", ""),
            )

        plan.add(time.next(decision), decision.get("by"), decide)

    for note in claim.get("revision_notes", []):

        def add_revision_note(desk: Desk, n: dict[str, Any] = note) -> None:
            desk.add_revision_note(
                claim_id(),
                n["kind"],
                n["what_is_right"],
                what_was_wrong=n.get("what_was_wrong", ""),
                new_verdict=n.get("new_verdict"),
                public=n.get("public", False),
            )

        plan.add(time.next(note), note.get("by"), add_revision_note)

    for publication in claim.get("publications", []):

        def publish(desk: Desk, x: dict[str, Any] = publication) -> None:
            latest = desk.claim(claim_id()).latest_decision
            assert latest is not None, f"claim {number} is published with no decision"
            desk.record_publication(claim_id(), latest.id, x["url"])

        plan.add(time.next(publication), publication.get("by"), publish)

    if "status" in claim:
        # the status the desk left the claim in, when no decision set it (new, checking, dropped)
        plan.add(
            claim.get("status_at") or time.next({}),
            claim.get("by"),
            lambda d: (
                d.update_claim(claim_id(), status=claim["status"])
                if d.claim(claim_id()).status != claim["status"]
                else None
            ),
        )


def _plan_published(plan: _Plan, batch: dict[str, Any]) -> None:
    """A batch of fact-checks published elsewhere, loaded as `deskcheck import-reviews` does."""
    checks = [PublishedCheck(**check) for check in batch["checks"]]

    def load(desk: Desk) -> None:
        desk.add_published(batch["source"], checks)

    plan.add(batch["loaded_at"], batch.get("by"), load)


class _Clock:
    def __init__(self) -> None:
        self.now = "1970-01-01T00:00:00Z"

    def __call__(self) -> str:
        return self.now


def build_desk(source: Path, target: Path) -> None:
    """Build the desk described by ``source`` at ``target`` (replacing it)."""
    # the build deletes the file and its WAL and ends in DELETE mode: never under Litestream
    refuse_if_replicating(target, "build a sample desk over it")
    spec = tomllib.loads(source.read_text(encoding="utf-8"))
    reviewers = spec.get("reviewers", [])
    default_reviewer = reviewers[0]["name"] if reviewers else "desk"
    plan = _Plan(default_reviewer)
    for batch in spec.get("published", []):
        _plan_published(plan, batch)
    for claim in spec.get("claims", []):
        _plan_claim(plan, claim)

    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    clock = _Clock()
    clock.now = spec["desk"]["created_at"]
    with Desk.open(target, reviewer=default_reviewer, create=True, clock=clock) as desk:
        for reviewer in reviewers:
            desk.add_reviewer(reviewer["name"], reviewer["display_name"])
        for name, value in spec["desk"].get("settings", {}).items():
            desk.set_setting(name, value)
        for step in sorted(plan.steps, key=lambda s: (s.at, s.order)):
            clock.now = step.at
            desk.reviewer = step.reviewer
            step.action(desk)
        # one self-contained file in the repository: no -wal beside it
        desk.db.execute("PRAGMA journal_mode = DELETE")
        desk.db.execute("VACUUM")
