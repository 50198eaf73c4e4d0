"""What a reviewer gives to add a part of a claim: plain values that a form returns, the
command line builds from its options, and the work layer records (``work.claim_parts``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NewInterpretation:
    label: str
    statement: str
    implications: str = ""  # one implication a line
    catch_all: bool = False


@dataclass(frozen=True)
class NewHop:
    """A custody hop, appended after the claim's last one."""

    actor: str
    kind: str
    url: str | None = None
    seen_at: str | None = None  # as typed: read by ``moments.past_moment``
    grade: str = "F6"  # Admiralty source reliability A–F and information credibility 1–6
    note: str = ""


@dataclass(frozen=True)
class NewWanted:
    description: str
    would_settle: str = ""


@dataclass(frozen=True)
class NewTrigger:
    condition: str
    url: str | None = None  # a page to watch: `check` fires the trigger when it changes


@dataclass(frozen=True)
class NewRevisionNote:
    kind: str  # correction, clarification, update, refile, withdrawal, outdated
    what_is_right: str
    what_was_wrong: str = ""
    new_verdict: str | None = None  # None: the verdict is unchanged
