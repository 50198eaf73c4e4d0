"""Recording ingest runs: when a source was read, what it brought, what was refused."""

from __future__ import annotations

from typing import Any

from deskcheck.data.intake import take_in
from deskcheck.data.intake_rules import checked_item
from deskcheck.data.recorder import Recorder
from deskcheck.data.sqlite_library import Database
from deskcheck.domain.models import IncomingClaim, IngestCounts

REJECT_EXCERPT_CHARS = 500


def start_ingest_run(rec: Recorder, source: str, format: str) -> int:
    return rec.insert(
        "ingest_runs",
        {"source": source, "format": format, "started_at": rec.at},
        kind="ingest.started",
        subject="ingest",
    )


def ingest(rec: Recorder, run_id: int, items: list[IncomingClaim]) -> IngestCounts:
    """Take a batch of items onto the desk in one transaction (see ``intake``), each by the
    desk's rules whoever calls (``intake_rules``): an item that breaks one is a recorded
    one-line reject, a part that does is left out with a recorded note; the rest go on."""
    kept: list[IncomingClaim] = []
    rejects: list[str] = []
    notes: list[str] = []
    for item in items:
        checked, problems = checked_item(rec, item)
        (rejects if checked is None else notes).extend(problems)
        if checked is not None:
            kept.append(checked)
    reject_items(rec, run_id, [(None, line, "") for line in rejects + notes])
    counts = take_in(rec, run_id, kept)
    counts.rejected += len(rejects)
    counts.rejects, counts.notes = rejects, notes
    return counts


def reject_items(rec: Recorder, run_id: int, rejects: list[tuple[int | None, str, str]]) -> None:
    """Record items that could not be taken in: (position, reason, excerpt)."""
    for position, reason, excerpt in rejects:
        rec.insert(
            "ingest_rejects",
            {
                "run_id": run_id,
                "position": position,
                "reason": reason,
                "excerpt": excerpt[:REJECT_EXCERPT_CHARS],
            },
            kind="ingest.rejected",
            subject="ingest",
        )


def finish_ingest_run(
    rec: Recorder,
    run_id: int,
    counts: IngestCounts,
    *,
    bozo: str | None = None,
    error: str | None = None,
) -> None:
    rec.update(
        "ingest_runs",
        run_id,
        {
            "finished_at": rec.at,
            "new_count": counts.new,
            "duplicate_count": counts.duplicate,
            "version_count": counts.version,
            "rejected_count": counts.rejected,
            "bozo": int(bozo is not None),
            "bozo_reason": bozo,
            "error": error,
        },
        kind="ingest.finished",
        subject="ingest",
    )


def ingest_runs(db: Database, limit: int = 20) -> list[dict[str, Any]]:
    return list(db.query("SELECT * FROM ingest_runs ORDER BY id DESC LIMIT ?", [limit]))


def ingest_rejects(db: Database, run_id: int) -> list[dict[str, Any]]:
    return list(db.query("SELECT * FROM ingest_rejects WHERE run_id = ? ORDER BY id", [run_id]))


def claim_versions(db: Database, claim_id: int) -> list[dict[str, Any]]:
    return list(db.query("SELECT * FROM claim_versions WHERE claim_id = ? ORDER BY id", [claim_id]))
