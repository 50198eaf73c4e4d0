"""Perceptual hashes of a picture, and how far apart two pictures are.

Two 64-bit hashes from ``imagehash``: pHash (the low frequencies of a DCT: survives resizing,
re-compression, colour and brightness changes) and dHash (the signs of neighbouring
gradients: holds where pHash drifts under a crop or an overlay). Their distances are added,
so one picture is scored on 128 bits. Each is taken of the picture with plain bars cut off
(the frame of a screenshot, a letterbox) and of its mirror image, so a flipped copy is found
and named. Why these and not PDQ: see docs/pictures.md.
"""

from __future__ import annotations

from dataclasses import dataclass

import imagehash
import numpy as np
from PIL import Image, ImageOps

BITS = 128  # pHash + dHash
SAME_PICTURE = 34
"""At most this many of the 128 bits differ: the same picture, copied. On the desk's test
photos a copy differs by at most 31 (a text banner over the bottom eighth) and two different
photos by at least 39."""

PLAIN_TOLERANCE = 4  # a bar is plain when its pixels are within this of its median colour
PLAIN_SHARE = 0.9  # ... for this share of them (a status bar's few letters are allowed)


@dataclass(frozen=True)
class PictureHashes:
    phash: str  # 16 hex digits each
    dhash: str
    phash_mirror: str
    dhash_mirror: str


def _plain_lines(pixels: np.ndarray) -> np.ndarray:
    """For each row of ``pixels`` (rows, columns, 3): whether it is a plain bar."""
    median = np.median(pixels, axis=1, keepdims=True)
    near = np.abs(pixels - median).max(axis=2) <= PLAIN_TOLERANCE
    plain: np.ndarray = near.mean(axis=1) >= PLAIN_SHARE
    return plain


def trimmed(rgb: Image.Image) -> Image.Image:
    """The picture without plain bars at its edges (a screenshot's frame). A photo's own
    content has noise, so a bar of it is not plain; when trimming would leave less than a
    quarter of the picture, it is left whole."""
    pixels = np.asarray(rgb, dtype=np.int16)
    height, width = pixels.shape[:2]
    rows = np.flatnonzero(~_plain_lines(pixels))
    if rows.size == 0:
        return rgb
    top, bottom = int(rows[0]), int(rows[-1]) + 1
    columns = np.flatnonzero(~_plain_lines(pixels[top:bottom].transpose(1, 0, 2)))
    if columns.size == 0:
        return rgb
    left, right = int(columns[0]), int(columns[-1]) + 1
    if (bottom - top) * (right - left) < 0.25 * width * height:
        return rgb
    if (top, bottom, left, right) == (0, height, 0, width):
        return rgb
    return rgb.crop((left, top, right, bottom))


HASHED_SIDE = 512  # hashes look at 32 x 32: a larger picture is cut to size first, for speed


def hashes_of(rgb: Image.Image) -> PictureHashes:
    small = rgb.copy()
    small.thumbnail((HASHED_SIDE, HASHED_SIDE), Image.Resampling.BILINEAR)
    picture = trimmed(small)
    mirror = ImageOps.mirror(picture)
    return PictureHashes(
        phash=str(imagehash.phash(picture)),
        dhash=str(imagehash.dhash(picture)),
        phash_mirror=str(imagehash.phash(mirror)),
        dhash_mirror=str(imagehash.dhash(mirror)),
    )


def as_int64(hex_hash: str) -> int:
    """A 64-bit hash as SQLite's signed INTEGER holds it."""
    value = int(hex_hash, 16)
    return value - (1 << 64) if value >= 1 << 63 else value


@dataclass(frozen=True)
class HashIndex:
    """Stored pictures' hashes as arrays, for one vectorised comparison against all."""

    ids: np.ndarray  # int64
    phash: np.ndarray  # uint64
    dhash: np.ndarray

    @classmethod
    def of(cls, rows: list[tuple[int, int, int]]) -> HashIndex:
        """``rows``: (picture id, pHash, dHash) with the hashes as signed 64-bit integers."""
        if not rows:
            empty = np.zeros(0, dtype=np.uint64)
            return cls(np.zeros(0, dtype=np.int64), empty, empty)
        table = np.array(rows, dtype=np.int64)
        return cls(table[:, 0], table[:, 1].view(np.uint64), table[:, 2].view(np.uint64))

    def distances(self, hashes: PictureHashes) -> tuple[np.ndarray, np.ndarray]:
        """Bits apart, for every stored picture: (as it is, mirrored)."""

        def apart(phash: str, dhash: str) -> np.ndarray:
            p = np.uint64(int(phash, 16))
            d = np.uint64(int(dhash, 16))
            bits: np.ndarray = np.bitwise_count(self.phash ^ p).astype(np.int16)
            bits += np.bitwise_count(self.dhash ^ d)
            return bits

        return apart(hashes.phash, hashes.dhash), apart(hashes.phash_mirror, hashes.dhash_mirror)

    def nearest(
        self, hashes: PictureHashes, *, limit: int = 10, within: int = SAME_PICTURE
    ) -> list[tuple[int, int, bool]]:
        """The stored pictures at most ``within`` bits from ``hashes``, nearest first:
        (id, bits apart, whether it is the mirror image that matched)."""
        straight, mirrored = self.distances(hashes)
        flipped = mirrored < straight
        best = np.where(flipped, mirrored, straight)
        close = np.flatnonzero(best <= within)
        order = close[np.lexsort((self.ids[close], best[close]))][:limit]
        return [(int(self.ids[i]), int(best[i]), bool(flipped[i])) for i in order]


def likeness(bits_apart: int) -> float:
    """0–1, as the similar pane shows a score: 1 is the same hashes."""
    return round(1.0 - bits_apart / BITS, 3)


def match_reason(
    query: tuple[int, int, bool], found: tuple[int, int, bool], *, mirrored: bool, bits: int
) -> str:
    """In words, how a match differs from the picture asked about: "same picture, mirrored".
    ``query`` and ``found``: (width, height, grayscale) of each."""
    if bits == 0 and not mirrored and query == found:
        return "same picture"
    changes = []
    if mirrored:
        changes.append("mirrored")
    (qw, qh, qgrey), (fw, fh, fgrey) = query, found
    if qgrey != fgrey:
        changes.append("in grey" if qgrey else "in colour")
    if abs(qw / qh - fw / fh) > 0.02:
        changes.append("cropped or framed")
    elif (qw, qh) != (fw, fh):
        changes.append("resized")
    if not changes:
        changes.append("re-encoded or retouched")
    return "same picture, " + ", ".join(changes)
