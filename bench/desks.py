"""Deterministic synthetic desks for benchmarks (fixed seed), reused when already built.

Shape at 100,000 claims: about 300,000 interpretations, 500,000 evidence items, 1,000,000
assessments, 200,000 decisions, plus custody hops, triggers and full-text search. Rows are
written in bulk with executemany inside one transaction, each with the event a real desk's
write would leave (so the desk verifies, and `verify` is timed on a log of realistic size).
"""

from __future__ import annotations

import itertools
import random
import sqlite3
import time
from pathlib import Path

from deskcheck.data import Desk
from deskcheck.data.events import canonical_json, chain_head, event_hash
from deskcheck.data.matching.index import index_all_claims, index_claims
from deskcheck.domain.vocabulary import ASSESSMENT_MARKS, CLAIM_STATUSES, CUSTODY_KINDS

HERE = Path(__file__).resolve().parent
DESKS = HERE / "desks"
TOPICS = (
    "minister council flood vaccine recall airport bridge export controls memo wire report "
    "statement election budget airline stake port fees jobs plant school heatwave dam river "
    "police court ruling photo video quote survey figures unemployment inflation tax health "
    "hospital border ministry agency company merger strike protest treaty summit sanctions"
).split()
SYLLABLES = (
    "ka",
    "lo",
    "mer",
    "tin",
    "sa",
    "ve",
    "dor",
    "ni",
    "bal",
    "qu",
    "ret",
    "os",
    "fen",
    "ga",
    "li",
    "mon",
    "pra",
    "zu",
    "hel",
    "cor",
)


def vocabulary(size: int = 20_000) -> list[str]:
    """Topic words plus invented ones, so that searches are as selective as on real text."""
    words = list(TOPICS)
    for a in SYLLABLES:
        for b in SYLLABLES:
            for c in SYLLABLES:
                words.append(a + b + c)
    return words[:size]


WORDS = vocabulary()
# Zipf-like: word k appears with weight 1/(k+1), so common words are common, most are rare
CUMULATIVE = list(itertools.accumulate(1 / (k + 1) for k in range(len(WORDS))))
VERDICTS = ("lead", "unverified", "verified", "misleading", "false")


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choices(WORDS, cum_weights=CUMULATIVE, k=n)).capitalize() + "."


def desk_path(claims: int) -> Path:
    return DESKS / f"desk_{claims}.db"


SYNTHETIC_TABLES = (
    "claims",
    "custody_hops",
    "interpretations",
    "evidence",
    "assessments",
    "decisions",
    "revision_triggers",
)


def record_events(conn: sqlite3.Connection, *, at: str) -> int:
    """One event per synthetic row, as a real desk's writes would leave them (the row it
    inserted, hash-chained), so the bench desk verifies and verify is timed on a real log."""
    head_seq, head_hash = chain_head(conn)
    written = 0
    for table in SYNTHETIC_TABLES:
        cursor = conn.execute(f"SELECT * FROM {table} ORDER BY id")
        columns = [d[0] for d in cursor.description]
        while batch := cursor.fetchmany(20_000):
            events = []
            for values in batch:
                row = dict(zip(columns, values, strict=True))
                row_id = row.pop("id")
                subject = f"claim:{row.get('claim_id', row_id)}"
                body = canonical_json({"table": table, "id": row_id, "row": row})
                head_seq += 1
                digest = event_hash(
                    head_hash, seq=head_seq, at=at, actor="bench", kind=f"{table}.added",
                    subject=subject, body=body,
                )  # fmt: skip
                events.append(
                    (head_seq, at, "bench", f"{table}.added", subject, body, head_hash, digest)
                )
                head_hash = digest
            conn.executemany(
                "INSERT INTO events (seq, at, actor, kind, subject, body, prev_hash, hash)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                events,
            )
            written += len(events)
    return written


def build(claims: int, *, seed: int = 20261126, force: bool = False) -> Path:
    path = desk_path(claims)
    if path.exists() and not force:
        _index_for_matching(path)  # a desk built before the bench indexed its claims
        return path
    DESKS.mkdir(exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    rng = random.Random(seed)
    started = time.perf_counter()
    with Desk.open(path, reviewer="bench", create=True) as desk:
        desk.add_reviewer("bench", "Benchmark")
        conn = desk.db.conn
        conn.execute("BEGIN IMMEDIATE")
        claim_rows, hop_rows, reading_rows, evidence_rows, mark_rows, decision_rows = (
            [],
            [],
            [],
            [],
            [],
            [],
        )
        trigger_rows = []
        interpretation_id = evidence_id = 0
        for claim_id in range(1, claims + 1):
            day = 1 + (claim_id * 37) % 365
            received = f"2026-{1 + day % 12:02d}-{1 + day % 28:02d}T{claim_id % 24:02d}:00:00Z"
            status = CLAIM_STATUSES[claim_id % len(CLAIM_STATUSES)]
            decided = [VERDICTS[rng.randrange(5)] for _ in range(2)]
            verdict = decided[-1]  # a claim's verdict is its latest decision's
            claim_rows.append(
                (
                    claim_id,
                    sentence(rng, 14),
                    received,
                    status,
                    1 + claim_id % 4,
                    verdict,
                    received,
                    received,
                )
            )
            for position in range(1, 1 + claim_id % 3 + 1):
                hop_rows.append(
                    (
                        claim_id,
                        position,
                        f"actor {rng.randint(1, 500)}",
                        rng.choice(CUSTODY_KINDS),
                        "ABCDEF"[position % 6],
                        1 + position % 6,
                    )
                )
            interpretations = []
            for position in range(1, 4):
                interpretation_id += 1
                interpretations.append(interpretation_id)
                reading_rows.append(
                    (
                        interpretation_id,
                        claim_id,
                        position,
                        f"Reading {position}",
                        sentence(rng, 10),
                        "bench",
                        received,
                    )
                )
            for _ in range(5):
                evidence_id += 1
                evidence_rows.append(
                    (
                        evidence_id,
                        claim_id,
                        sentence(rng, 6),
                        f"https://e.example/{evidence_id}",
                        sentence(rng, 12),
                        "bench",
                        received,
                    )
                )
                for interpretation in interpretations[:2]:
                    mark_rows.append(
                        (
                            evidence_id,
                            interpretation,
                            rng.choice(ASSESSMENT_MARKS),
                            "bench",
                            received,
                        )
                    )
            for decided_verdict in decided:
                decision_rows.append(
                    (claim_id, decided_verdict, "Bench rationale.", "bench", received)
                )
            if claim_id % 10 == 0:
                trigger_rows.append(
                    (
                        claim_id,
                        "Bench trigger",
                        "fired" if claim_id % 20 == 0 else "armed",
                        "bench",
                        received,
                    )
                )
        conn.executemany(
            "INSERT INTO claims (id, text, received_at, status, priority, verdict, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            claim_rows,
        )
        conn.executemany(
            "INSERT INTO custody_hops (claim_id, position, actor, kind, reliability,"
            " credibility) VALUES (?, ?, ?, ?, ?, ?)",
            hop_rows,
        )
        conn.executemany(
            "INSERT INTO interpretations (id, claim_id, position, label, statement, created_by,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            reading_rows,
        )
        conn.executemany(
            "INSERT INTO evidence (id, claim_id, title, url, excerpt, added_by, added_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            evidence_rows,
        )
        conn.executemany(
            "INSERT INTO assessments (evidence_id, interpretation_id, mark, assessed_by,"
            " assessed_at) VALUES (?, ?, ?, ?, ?)",
            mark_rows,
        )
        conn.executemany(
            "INSERT INTO decisions (claim_id, verdict, rationale, reviewer, decided_at)"
            " VALUES (?, ?, ?, ?, ?)",
            decision_rows,
        )
        conn.executemany(
            "INSERT INTO revision_triggers (claim_id, condition, state, created_by, created_at)"
            " VALUES (?, ?, ?, ?, ?)",
            trigger_rows,
        )
        # "already checked?" looks claims up in the matching index the data layer writes
        # with each claim: the bench desk's claims are in it as a worked desk's are
        index_claims(conn, ((row[0], row[1]) for row in claim_rows))
        record_events(conn, at="2026-11-26T00:00:00Z")
        conn.execute("COMMIT")
        conn.execute("ANALYZE")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    print(f"built {path.name} in {time.perf_counter() - started:.1f} s")
    return path


def _index_for_matching(path: Path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        if conn.execute("SELECT 1 FROM match_fts WHERE rowid > 0 LIMIT 1").fetchone():
            return
        started = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        index_all_claims(conn)
        conn.execute("COMMIT")
        print(f"indexed {path.name}'s claims for matching in {time.perf_counter() - started:.1f} s")
    finally:
        conn.close()
