"""Decisions and revision notes as CSV, for spreadsheets (outside text made visible)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from deskcheck.domain.models import ClaimRecord
from deskcheck.domain.untrusted import make_visible

DECISION_COLUMNS = (
    "claim_id",
    "claim",
    "decided_at",
    "verdict",
    "confidence",
    "reviewer",
    "rationale",
)
NOTE_COLUMNS = (
    "claim_id",
    "claim",
    "written_at",
    "kind",
    "verdict_changed",
    "verdict_before",
    "verdict_after",
    "what_was_wrong",
    "what_is_right",
    "author",
)


def _cell(value: object) -> object:
    if isinstance(value, str):
        text = make_visible(value)
        # a cell starting with = + - @ is a formula to a spreadsheet: keep it text
        return "'" + text if text[:1] in ("=", "+", "-", "@") else text
    return value


def _table(columns: tuple[str, ...], rows: Iterable[tuple[object, ...]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([_cell(v) for v in row] for row in rows)
    return out.getvalue()


def decisions_csv(records: list[ClaimRecord]) -> str:
    return _table(
        DECISION_COLUMNS,
        (
            (r.id, r.text, d.decided_at, d.verdict, d.confidence, d.reviewer, d.rationale)
            for r in records
            for d in sorted(r.decisions, key=lambda d: (d.decided_at, d.id))
        ),
    )


def notes_csv(records: list[ClaimRecord]) -> str:
    return _table(
        NOTE_COLUMNS,
        (
            (
                r.id,
                r.text,
                n.written_at,
                n.kind,
                n.verdict_changed,
                n.verdict_before or "",
                n.verdict_after or "",
                n.what_was_wrong,
                n.what_is_right,
                n.author,
            )
            for r in records
            for n in sorted(r.revision_notes, key=lambda n: (n.written_at, n.id))
        ),
    )
