"""Recording pictures, and finding where a picture was seen before on the desk.

A picture row is a snapshot: written once with its event (the bytes stand in the log as
their hash and size), never changed (append-only triggers). ``seen_before`` compares a
picture's perceptual hashes with every stored picture's at once (``HashIndex``); the index is
kept per connection and rebuilt only when pictures were added, so a desk of 100,000 pictures
answers in milliseconds.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from deskcheck.data.recorder import Recorder
from deskcheck.data.rules import claim_exists, claim_of, subject
from deskcheck.data.sqlite_library import Database
from deskcheck.domain.errors import InvalidValue, UnknownRecord

if TYPE_CHECKING:  # numpy and imagehash: imported when pictures are kept or compared,
    # not by every desk opened (a tenth of a second of each start)
    from deskcheck.domain.picture_hashes import HashIndex, PictureHashes
    from deskcheck.domain.pictures import Picture

HASH_COLUMNS = ("phash", "dhash", "phash_mirror", "dhash_mirror")
SHOWN_COLUMNS = (
    "id, claim_id, evidence_id, source_url, file_name, sha256, content_type, byte_size, width,"
    " height, frames, captured_at, camera, grayscale, phash, dhash, phash_mirror, dhash_mirror,"
    " added_by, added_at"
)


def as_hex(value: int) -> str:
    """A stored 64-bit hash as the 16 hex digits imagehash writes."""
    return f"{value & 0xFFFFFFFFFFFFFFFF:016x}"


def add_picture(
    rec: Recorder,
    claim_id: int,
    picture: Picture,
    body: bytes,
    *,
    evidence_id: int | None = None,
    source_url: str | None = None,
    file_name: str | None = None,
) -> int:
    """Keep ``picture`` (read from ``body``) for a claim, as the claim itself or as one of
    its evidence items' pictures."""
    claim_exists(rec.db, claim_id)
    if evidence_id is not None and claim_of(rec.db, "evidence", evidence_id) != claim_id:
        raise InvalidValue(f"evidence {evidence_id} is not claim {claim_id}'s")
    if len(body) != picture.byte_size:
        raise InvalidValue("the picture's bytes are not the ones it was read from")
    if file_name is not None and "\x00" in file_name:
        raise InvalidValue("a file name with a NUL character cannot be stored")
    from deskcheck.domain.picture_hashes import as_int64

    fields = picture.fields()
    row: dict[str, Any] = {
        "claim_id": claim_id,
        "evidence_id": evidence_id,
        "source_url": source_url,
        "file_name": file_name,
        **{k: v for k, v in fields.items() if k not in HASH_COLUMNS},
        **{k: as_int64(fields[k]) for k in HASH_COLUMNS},
        "body": body,
        "added_by": rec.actor,
        "added_at": rec.at,
    }
    return rec.insert("pictures", row, kind="picture.added", subject=subject(claim_id))


def _shown(row: dict[str, Any]) -> dict[str, Any]:
    shown = dict(row)
    for column in HASH_COLUMNS:
        shown[column] = as_hex(shown[column])
    shown["grayscale"] = bool(shown["grayscale"])
    return shown


def pictures_of_claim(db: Database, claim_id: int) -> list[dict[str, Any]]:
    """A claim's pictures (its own and its evidence's), oldest first, without their bytes;
    hashes as hex."""
    cursor = db.execute(
        f"SELECT {SHOWN_COLUMNS} FROM pictures WHERE claim_id = ? ORDER BY id", [claim_id]
    )
    names = [d[0] for d in cursor.description]
    return [_shown(dict(zip(names, values, strict=True))) for values in cursor.fetchall()]


def picture_body(db: Database, picture_id: int) -> bytes:
    row = db.execute("SELECT body FROM pictures WHERE id = ?", [picture_id]).fetchone()
    if row is None:
        raise UnknownRecord(f"no picture {picture_id} on this desk")
    return bytes(row[0])


# -- seen before? ---------------------------------------------------------------------------


@dataclass(frozen=True)
class PictureMatch:
    picture_id: int
    claim_id: int
    evidence_id: int | None
    bits_apart: int
    score: float  # 0–1
    reason: str  # "same picture, mirrored"
    earliest: str | None  # the earliest capture or appearance date the desk knows of it
    source_url: str | None


_index_lock = threading.Lock()
# per desk file: its path → (largest picture id, the index). Pictures are append-only (no
# update, no delete: the schema's triggers), so the largest id says which are there; max(id)
# is one look at the key, where count(*) would read every row
_indexes: dict[str, tuple[int, HashIndex]] = {}


def hash_index(db: Database) -> HashIndex:
    """Every stored picture's hashes, rebuilt when a picture was added since the last call."""
    from deskcheck.domain.picture_hashes import HashIndex

    state = int(db.execute("SELECT coalesce(max(id), 0) FROM pictures").fetchone()[0])
    key = str(db.execute("PRAGMA database_list").fetchone()[2]) or f"memory:{id(db.conn)}"
    with _index_lock:
        cached = _indexes.get(key)
        if cached is not None and cached[0] == state:
            return cached[1]
    rows = db.execute("SELECT id, phash, dhash FROM pictures").fetchall()
    index = HashIndex.of(rows)
    with _index_lock:
        _indexes[key] = (state, index)
    return index


def _hashes_of_row(row: dict[str, Any]) -> PictureHashes:
    from deskcheck.domain.picture_hashes import PictureHashes

    return PictureHashes(*(as_hex(row[c]) for c in HASH_COLUMNS))


def seen_before(
    db: Database,
    hashes: PictureHashes,
    shape: tuple[int, int, bool],
    *,
    limit: int = 10,
    within: int | None = None,
    leave_out_claim: int | None = None,
) -> list[PictureMatch]:
    """Stored pictures that are copies of one with ``hashes`` (``shape``: its width, height
    and whether it is grey), nearest first, each with the reason in words and the earliest
    date the desk knows for the picture; ``within``: most bits apart (the same picture's)."""
    from deskcheck.domain.picture_hashes import SAME_PICTURE, likeness, match_reason

    within = SAME_PICTURE if within is None else within
    found = hash_index(db).nearest(hashes, limit=limit + 20, within=within)
    if not found:
        return []
    ids = [pid for pid, _bits, _mirrored in found]
    marks = ",".join("?" for _ in ids)
    rows = {
        r[0]: r
        for r in db.execute(
            f"SELECT p.id, p.claim_id, p.evidence_id, p.width, p.height, p.grayscale,"
            f" p.captured_at, p.added_at, c.received_at, p.source_url"
            f" FROM pictures p JOIN claims c ON c.id = p.claim_id WHERE p.id IN ({marks})",
            ids,
        ).fetchall()
    }
    dates = [
        d for pid in ids for d in (rows[pid][6], rows[pid][7], rows[pid][8]) if d
    ]  # taken, kept, received: any of the copies
    earliest = min(dates) if dates else None
    matches = []
    for pid, bits, mirrored in found:
        _id, claim_id, evidence_id, width, height, grey, *_rest, source_url = rows[pid]
        if claim_id == leave_out_claim:
            continue
        reason = match_reason(shape, (width, height, bool(grey)), mirrored=mirrored, bits=bits)
        matches.append(
            PictureMatch(
                pid, claim_id, evidence_id, bits, likeness(bits), reason, earliest, source_url
            )
        )
    return matches[:limit]


def similar_pictures(db: Database, claim_id: int, *, limit: int = 10) -> list[PictureMatch]:
    """Pictures on other claims that are copies of this claim's pictures, nearest first."""
    cursor = db.execute(
        f"SELECT {SHOWN_COLUMNS} FROM pictures WHERE claim_id = ? ORDER BY id", [claim_id]
    )
    names = [d[0] for d in cursor.description]
    best: dict[int, PictureMatch] = {}
    for values in cursor.fetchall():
        row = dict(zip(names, values, strict=True))
        shape = (row["width"], row["height"], bool(row["grayscale"]))
        for match in seen_before(
            db, _hashes_of_row(row), shape, limit=limit, leave_out_claim=claim_id
        ):
            kept = best.get(match.picture_id)
            if kept is None or match.bits_apart < kept.bits_apart:
                best[match.picture_id] = match
    return sorted(best.values(), key=lambda m: (m.bits_apart, m.picture_id))[:limit]


def add_picture_evidence(
    rec: Recorder,
    claim_id: int,
    title: str,
    picture: Picture,
    body: bytes,
    *,
    source_url: str | None = None,
    file_name: str | None = None,
    excerpt: str = "",
) -> tuple[int, int]:
    """An evidence item that is a picture, and the picture, in one transaction:
    (evidence id, picture id)."""
    from deskcheck.data.evidence import add_evidence

    evidence_id = add_evidence(rec, claim_id, title, url=source_url, excerpt=excerpt, kind="other")
    picture_id = add_picture(
        rec,
        claim_id,
        picture,
        body,
        evidence_id=evidence_id,
        source_url=source_url,
        file_name=file_name,
    )
    return evidence_id, picture_id
