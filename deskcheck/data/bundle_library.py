"""Merging the "already checked?" record of a bundle: the published fact-checks it holds
and its repeat-of links, renumbered to this desk (see ``bundle_merge``)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from deskcheck.data.bundle import _decode
from deskcheck.data.matching import index_published
from deskcheck.data.published import COLUMNS as PUBLISHED_COLUMNS
from deskcheck.data.published import record_batch
from deskcheck.data.recorder import Recorder
from deskcheck.domain.fingerprint import fingerprint


def _rows(bundle: dict[str, Any], table: str) -> list[dict[str, Any]]:
    part = bundle["parts"][table]
    return [dict(zip(part["columns"], map(_decode, row), strict=True)) for row in part["rows"]]


def merge_published(rec: Recorder, bundle: dict[str, Any], added: Counter[str]) -> dict[int, int]:
    """The bundle's published fact-checks this desk lacks, indexed for matching; returns
    bundle id → this desk's id for those its repeat links cite.

    They are vouched for by one ``published.loaded`` event (see data/published.py). The
    fingerprint is this deskcheck's own, computed again from the text, so a bundle cannot
    make a review pass for another one here."""
    conn = rec.db.conn
    rows = _rows(bundle, "published_checks")
    if not rows:
        return {}
    before = conn.execute("SELECT coalesce(max(id), 0) FROM published_checks").fetchone()[0]
    for row in rows:
        row["fingerprint"] = fingerprint(row["claim_text"])
    marks = ", ".join("?" for _ in PUBLISHED_COLUMNS)
    conn.executemany(
        f"INSERT OR IGNORE INTO published_checks ({', '.join(PUBLISHED_COLUMNS)}) VALUES ({marks})",
        ([row[c] for c in PUBLISHED_COLUMNS] for row in rows),
    )
    new = conn.execute(
        "SELECT id, claim_text FROM published_checks WHERE id > ? ORDER BY id", (before,)
    ).fetchall()
    index_published(conn, new)
    if new:
        added["published_checks"] += len(new)
        record_batch(rec, [int(row[0]) for row in new], "merged bundle")
    cited = {r["repeat_of_published_id"] for r in _rows(bundle, "claim_repeats")} - {None}
    mapping: dict[int, int] = {}
    for row in rows:
        if row["id"] in cited:
            (local,) = conn.execute(
                "SELECT id FROM published_checks WHERE fingerprint = ? AND publisher = ?"
                " AND coalesce(url, '') = coalesce(?, '')",
                [row["fingerprint"], row["publisher"], row["url"]],
            ).fetchone()
            mapping[row["id"]] = int(local)
    return mapping


def merge_repeats(
    rec: Recorder,
    bundle: dict[str, Any],
    claim_ids: dict[int, int],
    published_ids: dict[int, int],
    added: Counter[str],
) -> int:
    """The bundle's repeat-of links, renumbered to this desk; a link already here is not
    added again. Returns how many were left out because their two claims are one claim on
    this desk (both matched the same claim here)."""
    db = rec.db
    same_claim = 0
    for link in _rows(bundle, "claim_repeats"):
        claim_id = claim_ids[link["claim_id"]]
        of_claim = link["repeat_of_claim_id"]
        of_published = link["repeat_of_published_id"]
        of_claim = None if of_claim is None else claim_ids[of_claim]
        of_published = None if of_published is None else published_ids[of_published]
        if of_claim == claim_id:
            same_claim += 1
            continue
        if db.execute(
            "SELECT 1 FROM claim_repeats WHERE claim_id = ? AND repeat_of_claim_id IS ?"
            " AND repeat_of_published_id IS ?",
            [claim_id, of_claim, of_published],
        ).fetchone():
            continue
        values = {k: v for k, v in link.items() if k != "id"}
        values |= {
            "claim_id": claim_id,
            "repeat_of_claim_id": of_claim,
            "repeat_of_published_id": of_published,
        }
        rec.insert(
            "claim_repeats", values, kind="claim_repeats.merged", subject=f"claim:{claim_id}"
        )
        added["claim_repeats"] += 1
    return same_claim
