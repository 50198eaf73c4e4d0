"""Exporting claims: Markdown desk notes, ClaimReview JSON-LD, CSV; the whole desk as a
bundle. One place composes each format, for the command line and the desk alike. (The
published fact-check is ``publishing``: publishing is an act the desk records.)"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from deskcheck.domain.errors import DeskError
from deskcheck.domain.untrusted import make_visible

if TYPE_CHECKING:
    from deskcheck.data import Desk
    from deskcheck.domain.models import ClaimRecord
    from deskcheck.export.warc import ArchiveReport

CLAIM_FORMATS = ("markdown", "claimreview", "mediareview", "csv")
FORMATS = (*CLAIM_FORMATS, "json")


@dataclass
class Export:
    text: str
    problems: list[str] = field(default_factory=list)  # lint findings, claims skipped
    path: Path | None = None  # where it was written, when it was


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
    if format == "csv":
        from deskcheck.export.spreadsheet import decisions_csv, notes_csv

        tables = desk.decision_records(claim_ids or [])
        return Export(notes_csv(tables) if notes else decisions_csv(tables))
    ids = claim_ids or desk.all_claim_ids()
    records = [desk.claim(i) for i in ids]
    if format == "markdown":
        from deskcheck.analysis.claim_analysis import analyse
        from deskcheck.export.markdown import desk_note

        scale = desk.verdict_scale()
        return Export("\n---\n\n".join(desk_note(r, analyse(r), scale) for r in records))
    if format == "mediareview":
        return export_media_reviews(desk, records, unconfirmed=unconfirmed)
    if format != "claimreview":
        raise DeskError(f"cannot export claims as {format!r}: one of {', '.join(CLAIM_FORMATS)}")
    from deskcheck.domain.untrusted import safe_json
    from deskcheck.export.claimreview import NotRateable, claim_review, lint

    scale, organisation = desk.verdict_scale(), desk.setting("organisation")
    reviews, problems = [], []
    for record in records:
        waiting = awaiting_confirmation(desk, record, unconfirmed=unconfirmed)
        if waiting:
            problems.append(f"skipped: {waiting}, or export with --unconfirmed")
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


def export_media_reviews(
    desk: Desk, records: list[ClaimRecord], *, unconfirmed: bool = False
) -> Export:
    """MediaReview JSON-LD for the decided claims that hold a picture (their own first, else
    their evidence's first); the others are said, not exported."""
    from deskcheck.domain.untrusted import safe_json
    from deskcheck.export.claimreview import NotRateable
    from deskcheck.export.mediareview import categories, media_review

    mapping = categories(desk.setting("media_review_categories"))
    organisation = desk.setting("organisation")
    reviews, problems = [], []
    for record in records:
        pictures = desk.pictures_of_claim(record.id)
        if not pictures:
            problems.append(f"skipped: claim {record.id} holds no picture")
            continue
        waiting = awaiting_confirmation(desk, record, unconfirmed=unconfirmed)
        if waiting:
            problems.append(f"skipped: {waiting}, or export with --unconfirmed")
            continue
        picture = min(pictures, key=lambda p: (p["evidence_id"] is not None, p["id"]))
        try:
            reviews.append(media_review(record, picture, mapping, organisation))
        except NotRateable as error:
            problems.append(f"skipped: {error}")
    if not reviews:
        raise DeskError("nothing to export as MediaReview: " + "; ".join(problems))
    return Export(safe_json(reviews[0] if len(reviews) == 1 else reviews) + "\n", problems)


def awaiting_confirmation(desk: Desk, record: ClaimRecord, *, unconfirmed: bool) -> str | None:
    """Why the claim's decision may not be published yet under the desk's two-person rule
    (None when it may): a decision for readers waits for a second reviewer."""
    latest = record.latest_decision
    if unconfirmed or latest is None or record.confirmation is not None:
        return None
    if desk.setting("two_person_rule", False) is not True:
        return None
    if latest.confirms_decision_id is not None:  # a confirmation this desk does not count
        return (
            f"claim {record.id}'s decision was confirmed on another desk{latest.origin} by"
            f" {latest.reviewer}, which this desk's two-person rule does not count (unsigned,"
            " or by the reviewer who decided): a reviewer here confirms it"
            " (`deskcheck confirm`)"
        )
    if not latest.for_publication:
        return (
            f"claim {record.id}'s decision was not recorded for publication (the desk's"
            " two-person rule): record it for publication (`deskcheck decide --publish`),"
            " then another reviewer confirms it (`deskcheck confirm`)"
        )
    return (
        f"claim {record.id}'s decision is not confirmed by a second reviewer (the desk's"
        " two-person rule); confirm it first (`deskcheck confirm`)"
    )


def export_bundle(desk: Desk) -> Export:
    """The whole desk, event log included, as one JSON bundle."""
    from deskcheck.data.bundle import export_bundle as bundle

    return Export(bundle(desk))


class FileExists(DeskError):
    """The export's file is there already: replaced only when asked (--force, or yes)."""


def export_folder(desk: Desk, *, beside_desk: bool = False) -> Path:
    """Where exports go when no path is given: the desk's ``export_dir``, else the current
    folder (the command line's "here"), or with ``beside_desk`` the desk file's folder (the
    app's: a desk opened from anywhere never writes into the folder it was started from)."""
    chosen = desk.setting("export_dir")
    if isinstance(chosen, str) and chosen.strip():
        return Path(chosen).expanduser().absolute()
    return Path(desk.path).absolute().parent if beside_desk else Path().absolute()


def export_path(
    desk: Desk, given: str | Path | None, default_name: str, *, beside_desk: bool = False
) -> Path:
    """The absolute path an export is written to: ``given`` (a ``~`` is the reviewer's home; a
    bare or relative name goes in the export folder) or ``default_name`` there."""
    folder = export_folder(desk, beside_desk=beside_desk)
    if given is None or not str(given).strip():
        return folder / default_name
    path = Path(given).expanduser()
    return path if path.is_absolute() else folder / path


def write_with(path: Path, write: Callable[[BinaryIO], object], *, replace: bool = False) -> Path:
    """Write a file whole with ``write`` (into a temporary file beside it, renamed at the
    end, so no one ever sees half a file) and return its absolute path; an existing file
    is refused unless ``replace``. What the system refuses (no permission, a full disk, a
    name too long) is one line naming the file, never a traceback."""
    path = path.absolute()
    try:
        return _write_whole(path, write, replace=replace)
    except OSError as error:
        raise DeskError(
            f"cannot write {make_visible(str(path))}: {error.strerror or error};"
            " choose another place with -o"
        ) from None


def _write_whole(path: Path, write: Callable[[BinaryIO], object], *, replace: bool) -> Path:
    if path.exists() and not replace:
        raise FileExists(f"{path} already exists: use --replace to replace it")
    if path.is_dir():
        raise DeskError(f"cannot write {path}: it is a folder")
    if not path.parent.is_dir():
        raise DeskError(f"cannot write {path}: the folder {path.parent} does not exist")
    temporary = path.with_name(f".{path.name}.partial")
    try:
        with temporary.open("wb") as out:
            write(out)
        temporary.replace(path)
    finally:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
    return path


def write_file(path: Path, data: str | bytes, *, replace: bool = False) -> Path:
    """``data`` (text as UTF-8) written whole to ``path``; see ``write_with``."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return write_with(path, lambda out: out.write(raw), replace=replace)


def archive_evidence(
    desk: Desk, claim_ids: list[int], path: Path, *, replace: bool = False
) -> ArchiveReport:
    """The claims' evidence snapshots (every claim when none is named) as a WARC file."""
    from deskcheck.export.warc import write_archive

    for claim_id in claim_ids:
        desk.claim(claim_id)  # an unknown claim is named, not archived as nothing
    ids = claim_ids or desk.all_claim_ids()
    snapshots = desk.snapshot_exchanges(ids)
    if not any(s["body"] is not None and s["http_status"] is not None for s in snapshots):
        named = "these claims" if claim_ids else "the desk"
        raise DeskError(
            f"nothing to archive: no evidence of {named} has a kept response yet"
            " (`deskcheck check` fetches evidence URLs and keeps what they answer)"
        )
    reports: list[ArchiveReport] = []
    written = write_with(
        path, lambda out: reports.append(write_archive(out, snapshots)), replace=replace
    )
    report = reports[0]
    report.path = written
    return report


def export_to_file(
    desk: Desk,
    claim_ids: list[int],
    format: str,
    path: Path,
    *,
    force: bool = False,
    unconfirmed: bool = False,
    replace: bool = False,
    beside_desk: bool = False,
) -> Export:
    """Export and write to ``path`` (relative paths go in the export folder, see
    ``export_folder``); ``Export.path`` says where it went."""
    made = export_claims(desk, claim_ids, format, force=force, unconfirmed=unconfirmed)
    target = export_path(desk, path, path.name, beside_desk=beside_desk)
    made.path = write_file(target, made.text, replace=replace)
    return made
