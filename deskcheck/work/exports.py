"""Exporting claims: Markdown desk notes, ClaimReview JSON-LD, CSV; the whole desk as a
bundle. One place composes each format, for the command line and the desk alike."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from deskcheck.domain.errors import DeskError

if TYPE_CHECKING:
    from deskcheck.data import Desk

CLAIM_FORMATS = ("markdown", "claimreview", "csv")
FORMATS = (*CLAIM_FORMATS, "json")


@dataclass
class Export:
    text: str
    problems: list[str] = field(default_factory=list)  # lint findings, claims skipped


def export_claims(
    desk: Desk,
    claim_ids: list[int] | None = None,
    format: str = "markdown",
    *,
    force: bool = False,
    notes: bool = False,
    unconfirmed: bool = False,
) -> Export:
    """The claims (all of them when ``claim_ids`` is empty) in one of ``CLAIM_FORMATS``.

    ClaimReview publishes: with the desk's two-person rule on, a claim whose latest decision
    is not confirmed by a second reviewer is left out (and said so) unless ``unconfirmed``."""
    ids = claim_ids or desk.all_claim_ids()
    records = [desk.claim(i) for i in ids]
    if format == "markdown":
        from deskcheck.analysis.claim_analysis import analyse
        from deskcheck.export.markdown import desk_note

        scale = desk.verdict_scale()
        return Export("\n---\n\n".join(desk_note(r, analyse(r), scale) for r in records))
    if format == "csv":
        from deskcheck.export.spreadsheet import decisions_csv, notes_csv

        return Export(notes_csv(records) if notes else decisions_csv(records))
    if format != "claimreview":
        raise DeskError(f"cannot export claims as {format!r}: one of {', '.join(CLAIM_FORMATS)}")
    from deskcheck.domain.untrusted import safe_json
    from deskcheck.export.claimreview import NotRateable, claim_review, lint

    scale, organisation = desk.verdict_scale(), desk.setting("organisation")
    two_person_rule = desk.setting("two_person_rule", False) is True
    reviews, problems = [], []
    for record in records:
        latest = record.latest_decision
        if two_person_rule and not unconfirmed and latest and not latest.confirms_decision_id:
            problems.append(
                f"skipped: claim {record.id}'s decision is not confirmed by a second reviewer"
                " (the desk's two-person rule); confirm it first, or export with --unconfirmed"
            )
            continue
        try:
            review = claim_review(record, scale, organisation, force=force)
        except NotRateable as error:
            problems.append(f"skipped: {error}")
            continue
        problems += [f"claim {record.id}: {problem}" for problem in lint(review)]
        reviews.append(review)
    if not reviews:
        raise DeskError("nothing to export as ClaimReview: " + "; ".join(problems))
    return Export(safe_json(reviews[0] if len(reviews) == 1 else reviews) + "\n", problems)


def export_bundle(desk: Desk) -> Export:
    """The whole desk, event log included, as one JSON bundle."""
    from deskcheck.data.bundle import export_bundle as bundle

    return Export(bundle(desk))


def export_to_file(
    desk: Desk,
    claim_ids: list[int],
    format: str,
    path: Path,
    *,
    force: bool = False,
    unconfirmed: bool = False,
) -> Export:
    """Export and write to ``path`` (a ``~`` is the reviewer's home)."""
    made = export_claims(desk, claim_ids, format, force=force, unconfirmed=unconfirmed)
    path.expanduser().write_text(made.text, encoding="utf-8")
    return made
