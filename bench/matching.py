"""Figures for "already checked?": the similar-claims lookup on the 100k desk with 100k
published fact-checks, and ingest against what the schema itself costs.

The ingest baseline writes the same final rows the ingest wrote (claims, custody hops,
events, the full-text and matching indexes; for a DataFeed the published fact-checks and
their matching index) into a blank desk of the same schema with ``executemany``, in one
transaction, in the same run (the fastest of three writes). The rows are read back from the
ingested desk beforehand, so the baseline pays for the writes, not for parsing, hashing or
matching; but the matching index's terms it makes itself, from each claim's text, with the
function the schema's index is written by (``claim_terms``, its caches emptied first): the
schema requires them, so no ingest can do without that work.
"""

from __future__ import annotations

import json
import random
import sqlite3
import statistics
import time
from pathlib import Path
from typing import Any

from bench.desks import WORDS, sentence

PUBLISHERS = ("Maldita", "Full Fact", "PolitiFact", "AFP Factual", "Correctiv", "Misbar")
RATINGS = ("False", "Misleading", "True", "Mostly false", "Missing context")


def datafeed(n: int, seed: int = 19) -> dict:
    rng = random.Random(seed)
    rare = WORDS[len(WORDS) // 10 :]
    elements = []
    for i in range(n):
        review = {
            "@type": "ClaimReview",
            "claimReviewed": f"{sentence(rng, 14)} {rng.randint(2, 999)} {rng.choice(rare)}",
            "url": f"https://factchecks.example/{i}",
            "datePublished": f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
            "author": {"@type": "Organization", "name": rng.choice(PUBLISHERS)},
            "reviewRating": {"@type": "Rating", "alternateName": rng.choice(RATINGS)},
            "itemReviewed": {"@type": "Claim", "author": {"@type": "Person", "name": "Someone"}},
        }
        elements.append({"@type": "DataFeedItem", "item": [review]})
    return {"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": elements}


def ensure_published(desk_path: Path, n: int = 100_000) -> int:
    """Load ``n`` published fact-checks into the bench desk once (kept for later runs)."""
    from deskcheck.data import Desk
    from deskcheck.ingest.pipeline import ingest

    with Desk.open(desk_path, reviewer="bench") as desk:
        have = desk.published_count()
        if have >= n:
            return have
        feed = desk_path.parent / "published_feed.json"
        feed.write_text(json.dumps(datafeed(n)), encoding="utf-8")
        started = time.perf_counter()
        report = ingest(desk, str(feed))
        print(f"  loaded {report.summary()} in {time.perf_counter() - started:.0f} s", flush=True)
        feed.unlink()
        return desk.published_count()


def reworded(text: str, rng: random.Random) -> str:
    """A rewording: a word dropped, two swapped, the case changed."""
    words = text.rstrip(".").split()
    if len(words) > 6:
        del words[rng.randrange(len(words))]
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    return " ".join(words).lower()


def lookup_queries(desk_path: Path, n: int = 60) -> list[tuple[str, tuple[str, int]]]:
    rng = random.Random(5)
    conn = sqlite3.connect(desk_path)
    try:
        top = conn.execute("SELECT max(id) FROM claims").fetchone()[0]
        published = conn.execute("SELECT max(id) FROM published_checks").fetchone()[0]
        queries = []
        for i in range(n):
            if i % 2:
                row_id = rng.randint(1, top)
                text = conn.execute("SELECT text FROM claims WHERE id = ?", (row_id,)).fetchone()
                queries.append((reworded(text[0], rng), ("claim", row_id)))
            else:
                row_id = rng.randint(1, published)
                text = conn.execute(
                    "SELECT claim_text FROM published_checks WHERE id = ?", (row_id,)
                ).fetchone()
                queries.append((reworded(text[0], rng), ("published", row_id)))
        return queries
    finally:
        conn.close()


def similar_lookup(desk_path: Path) -> tuple[float, float, float, int]:
    """(p95 ms, median ms, share found at the top, published checks) of `similar` lookups
    of reworded claims and reworded published fact-checks."""
    from deskcheck.data import Desk

    published = ensure_published(desk_path)
    queries = lookup_queries(desk_path)
    times, found = [], 0
    with Desk.open(desk_path, reviewer="bench") as desk:
        desk.similar("warm up the lemmatiser and the page cache")
        for text, expected in queries:
            started = time.perf_counter()
            matches = desk.similar(text)
            times.append(time.perf_counter() - started)
            found += bool(matches) and (matches[0].kind, matches[0].id) == expected
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1] * 1000
    return p95, statistics.median(times) * 1000, found / len(queries), published


# -- ingest against the schema baseline ---------------------------------------------------------

BASELINE_TABLES = {
    "jsonl": ("ingest_runs", "claims", "custody_hops", "claim_tags", "evidence", "events"),
    "datafeed": ("ingest_runs", "published_checks", "events"),
}


def _blank_desk(path: Path) -> sqlite3.Connection:
    from sqlite_utils import Database

    from deskcheck.data.connection import apply_pragmas
    from deskcheck.data.migrations import MIGRATIONS

    conn = sqlite3.connect(path, isolation_level=None)
    apply_pragmas(conn)
    db = Database(conn)
    for migration in MIGRATIONS:
        migration(db)
    conn.execute("DELETE FROM verdicts")  # read back from the ingested desk with the rest
    return conn


def schema_baseline(ingested: Path, kind: str, folder: Path, runs: int = 3) -> float:
    """Seconds to write the ingested desk's final rows with executemany, one transaction:
    the fastest of ``runs`` writes, each into a new blank desk (one write alone is as noisy
    as the shared machine, and a slow one would flatter the ingest)."""
    source = sqlite3.connect(ingested)
    tables = ("reviewers", "verdicts", *BASELINE_TABLES[kind])
    rows = {}
    for table in tables:
        cursor = source.execute(f'SELECT * FROM "{table}"')
        rows[table] = ([d[0] for d in cursor.description], cursor.fetchall())
    # the texts the matching index is made from (rowid = claim id, or -id of a published check)
    texts = source.execute(
        "SELECT id, text FROM claims UNION ALL SELECT -id, claim_text FROM published_checks"
    ).fetchall()
    indexed = source.execute("SELECT count(*) FROM match_fts").fetchone()[0]
    assert indexed == len(texts), (indexed, len(texts))
    source.close()
    return min(_write_baseline(rows, texts, folder, ingested.stem, n) for n in range(runs))


def cold_terms() -> None:
    """Empty ``claim_terms``' caches of folded text and plain words (the stemmers stay
    loaded): the baseline folds each claim as a first ingest does."""
    from deskcheck.domain import claim_terms

    claim_terms.fold.cache_clear()
    claim_terms._PLAIN.clear()


def _write_baseline(
    rows: dict[str, tuple[list[str], list[Any]]],
    texts: list[tuple[int, str]],
    folder: Path,
    stem: str,
    n: int,
) -> float:
    from deskcheck.data.matching.index import INSERT, stored
    from deskcheck.domain.claim_terms import claim_terms

    path = folder / f"baseline-{stem}-{n}.db"
    conn = _blank_desk(path)
    cold_terms()
    try:
        started = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        for table, (columns, values) in rows.items():
            marks = ", ".join("?" for _ in columns)
            conn.executemany(
                f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({marks})', values
            )
        conn.executemany(INSERT, ((rowid, *stored(claim_terms(text))) for rowid, text in texts))
        conn.execute("COMMIT")
        return time.perf_counter() - started
    finally:
        conn.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
