"""The verify figure: a full `deskcheck verify` against the least a replay of the log must do.

The baseline reads every event, hashes it (SHA-256 of its fields, as a chain check must) and
parses its body (orjson, as the replay does), in one plain loop with no projection, no
comparison and no SQLite integrity check: the floor under any verify of a hash-chained log.
The faster of two runs, so that reading the file from disk does not flatter the ratio.
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from pathlib import Path

import orjson

EVENTS_SQL = "SELECT seq, at, actor, kind, subject, body, prev_hash, hash FROM events ORDER BY seq"


def read_hash_parse(desk_path: Path) -> tuple[int, float]:
    """(events, seconds) of the baseline: read, hash and parse every event."""
    conn = sqlite3.connect(f"file:{desk_path}?mode=ro", uri=True)
    sha256, loads = hashlib.sha256, orjson.loads
    runs = []
    try:
        for _ in range(2):
            events = 0
            started = time.perf_counter()
            for seq, at, actor, kind, subject, body, prev_hash, _digest in conn.execute(EVENTS_SQL):
                sha256(f"{prev_hash}{seq}{at}{actor}{kind}{subject}{body}".encode()).hexdigest()
                loads(body)
                events += 1
            runs.append(time.perf_counter() - started)
    finally:
        conn.close()
    return events, min(runs)


def measure(desk_path: Path) -> tuple[str, bool, int, float, float]:
    """(figure text, passed, events, full seconds, baseline seconds)."""
    from deskcheck.data.verify import verify_desk

    events, baseline = read_hash_parse(desk_path)
    started = time.perf_counter()
    report = verify_desk(desk_path)
    full = time.perf_counter() - started
    rate, base_rate = events / full, events / baseline
    ratio = rate / base_rate
    text = (
        f"{rate:,.0f}/s vs read-hash-parse {base_rate:,.0f}/s = {ratio:.2f}× ({events:,} events,"
        f" {full:.1f} s vs {baseline:.1f} s; {'clean' if report.ok else 'NOT clean'})"
    )
    return text, report.ok and ratio >= 0.7, events, full, baseline
