"""The desk's fixed vocabularies, named as in DESIGN.md.

The schema's CHECK constraints are generated from these tuples, so the words a
reviewer sees, the words the code uses and the words the database accepts are one list.
"""

from typing import Final

from deskcheck.domain.errors import InvalidValue

CLAIM_STATUSES: Final = ("new", "checking", "lead", "decided", "revision_due", "dropped")
"""new: just in; checking: being worked; lead: held as a lead, not a verdict;
decided: a verdict stands; revision_due: a revision trigger fired; dropped: not worth checking."""

CUSTODY_KINDS: Final = (
    "primary",
    "official_record",
    "anonymous",
    "wire",
    "outlet",
    "social",
    "aggregator",
)
"""Kinds of custody hop. A chain with no primary or official_record hop has no primary source."""

PRIMARY_CUSTODY_KINDS: Final = ("primary", "official_record")

SOURCE_RELIABILITY: Final = ("A", "B", "C", "D", "E", "F")
"""Admiralty source reliability: A reliable … E unreliable; F cannot be judged (not 'bad')."""

INFORMATION_CREDIBILITY: Final = (1, 2, 3, 4, 5, 6)
"""Admiralty information credibility: 1 confirmed … 5 improbable; 6 cannot be judged."""


def parse_grade(text: str) -> tuple[str, int]:
    """'C3' → ('C', 3): Admiralty source reliability A–F and information credibility 1–6.
    An empty grade is F6 (cannot be judged)."""
    grade = text.strip().upper() or "F6"
    if (
        len(grade) != 2
        or grade[0] not in SOURCE_RELIABILITY
        or grade[1] not in "".join(map(str, INFORMATION_CREDIBILITY))  # ASCII digits only
    ):
        raise InvalidValue(
            f"grade {text!r} is a letter A–F then a digit 1–6, such as C3 (F6: cannot be judged)"
        )
    return grade[0], int(grade[1])


RELIABILITY_MEANING: Final = {
    "A": "reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "cannot be judged",
}
CREDIBILITY_MEANING: Final = {
    1: "confirmed",
    2: "probably true",
    3: "possibly true",
    4: "doubtfully true",
    5: "improbable",
    6: "cannot be judged",
}

EVIDENCE_KINDS: Final = (
    "document",
    "record",
    "statement",
    "report",
    "post",
    "page",
    "review",
    "other",
)

RELEVANCE_LEVELS: Final = ("high", "medium", "low")
"""How directly an evidence item bears on the claim (a weight of the weighted score)."""

LINK_STATES: Final = ("unchecked", "ok", "changed", "gone")
"""What the last check of an evidence URL found."""

ASSESSMENT_MARKS: Final = ("CC", "C", "N", "I", "II", "NA")
MARK_MEANING: Final = {
    "CC": "strongly consistent",
    "C": "consistent",
    "N": "neutral",
    "I": "inconsistent",
    "II": "strongly inconsistent",
    "NA": "not applicable",
}

EVIDENCE_WANTED_STATES: Final = ("wanted", "obtained", "abandoned")

CONFIDENCE_LEVELS: Final = ("low", "medium", "high")

REVISION_NOTE_KINDS: Final = (
    "correction",
    "clarification",
    "update",
    "refile",
    "withdrawal",
    "outdated",
)
PUBLIC_NOTE_KINDS: Final = tuple(k for k in REVISION_NOTE_KINDS if k != "refile")
"""Notes readers may see on the published page; a refile (a typo, a wording) stays on the
desk."""

TRIGGER_STATES: Final = ("armed", "fired", "expired", "retired", "disarmed")
"""disarmed: kept but not watched, and can be armed again; retired: done with, for good."""

PRIORITIES: Final = (1, 2, 3, 4)
"""1 is most urgent. Shown as P1…P4."""

DEFAULT_VERDICT_SCALE: Final = (
    # name, label, ClaimReview ratingValue, ClaimReview alternateName, claim status it sets
    ("lead", "Lead, not a verdict", None, None, "lead"),
    ("unverified", "Unverified", 3, "Unproven", "decided"),
    ("verified", "Verified", 5, "True", "decided"),
    ("misleading", "Misleading", 2, "Misleading", "decided"),
    ("false", "False", 1, "False", "decided"),
)


def sql_in(values: tuple[object, ...]) -> str:
    """Render a vocabulary as the inside of an SQL ``IN (…)`` list for a CHECK constraint."""
    return ", ".join(repr(v) if isinstance(v, int) else "'" + str(v) + "'" for v in values)
