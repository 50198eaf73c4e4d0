"""Figure for pictures' "seen before?": one lookup against 100,000 stored pictures' hashes.

The desk (bench/desks/pictures-100k.db, built once) holds 100,000 picture rows with random
64-bit hashes, written in bulk with the event a real desk's write leaves for each (so it
verifies); bodies are a few bytes, since a lookup never reads them. Half the lookups are a
stored picture's hashes with a few bits changed (a copy: it must come first), half are new
random hashes. The first lookup, which reads every hash into the index, is timed apart.
"""

from __future__ import annotations

import random
import statistics
import time
from pathlib import Path

from bench.desks import DESKS
from deskcheck.data import Desk
from deskcheck.data.events import canonical_json, chain_head, event_hash
from deskcheck.domain.picture_hashes import PictureHashes, as_int64

PICTURES = 100_000


def _hex(value: int) -> str:
    return f"{value:016x}"


def build(n: int = PICTURES, seed: int = 28) -> tuple[Path, list[tuple[int, int]]]:
    """The desk, and each stored picture's (pHash, dHash) as unsigned integers."""
    rng = random.Random(seed)
    hashes = [(rng.getrandbits(64), rng.getrandbits(64)) for _ in range(n)]
    path = DESKS / f"pictures-{n // 1000}k.db"
    if path.exists():
        return path, hashes
    DESKS.mkdir(exist_ok=True)
    with Desk.open(path, reviewer="bench", create=True) as desk:
        claim = desk.add_claim("A photo said to show the flood")
        conn = desk.db.conn
        conn.execute("BEGIN IMMEDIATE")
        seq, prev = chain_head(conn)
        rows, events = [], []
        at = "2026-12-07T00:00:00Z"
        for i, (phash, dhash) in enumerate(hashes, start=1):
            row = {
                "claim_id": claim,
                "evidence_id": None,
                "source_url": f"https://img.example/{i}.jpg",
                "file_name": None,
                "sha256": f"{i:064x}",
                "content_type": "image/jpeg",
                "byte_size": 3,
                "width": 640,
                "height": 480,
                "frames": 1,
                "captured_at": None,
                "camera": None,
                "grayscale": 0,
                "phash": as_int64(_hex(phash)),
                "dhash": as_int64(_hex(dhash)),
                "phash_mirror": as_int64(_hex(phash ^ 0xFF)),
                "dhash_mirror": as_int64(_hex(dhash ^ 0xFF)),
                "body": b"jpg",
                "added_by": "bench",
                "added_at": at,
            }
            rows.append((i, *row.values()))
            body = canonical_json({"table": "pictures", "id": i, "row": row})
            seq += 1
            digest = event_hash(
                prev, seq=seq, at=at, actor="bench", kind="picture.added",
                subject=f"claim:{claim}", body=body,
            )  # fmt: skip
            events.append((seq, at, "bench", "picture.added", f"claim:{claim}", body, prev, digest))
            prev = digest
        columns = ", ".join(["id", *row])
        conn.executemany(
            f"INSERT INTO pictures ({columns}) VALUES ({', '.join('?' * len(rows[0]))})", rows
        )
        conn.executemany(
            "INSERT INTO events (seq, at, actor, kind, subject, body, prev_hash, hash)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            events,
        )
        conn.execute("COMMIT")
    return path, hashes


def _flipped(value: int, rng: random.Random, bits: int) -> int:
    for bit in rng.sample(range(64), bits):
        value ^= 1 << bit
    return value


def lookup(lookups: int = 200) -> tuple[float, float, float, float]:
    """(p95 ms, median ms, first lookup ms, share of copies found first)."""
    path, hashes = build()
    rng = random.Random(7)
    with Desk.open(path, reviewer="bench") as desk:
        started = time.perf_counter()
        desk.pictures_seen_before(PictureHashes(*(["0" * 16] * 4)), (640, 480, False))
        first = (time.perf_counter() - started) * 1000
        times, found = [], 0
        for n in range(lookups):
            copy = n % 2 == 0
            if copy:
                target = rng.randrange(len(hashes))
                phash, dhash = hashes[target]
                phash, dhash = _flipped(phash, rng, 6), _flipped(dhash, rng, 6)
            else:
                phash, dhash = rng.getrandbits(64), rng.getrandbits(64)
            query = PictureHashes(_hex(phash), _hex(dhash), _hex(phash ^ 1), _hex(dhash ^ 1))
            started = time.perf_counter()
            matches = desk.pictures_seen_before(query, (640, 480, False))
            times.append((time.perf_counter() - started) * 1000)
            if copy and matches and matches[0].picture_id == target + 1:
                found += 1
    times.sort()
    p95 = times[int(len(times) * 0.95) - 1]
    return p95, statistics.median(times), first, found / (lookups / 2)
