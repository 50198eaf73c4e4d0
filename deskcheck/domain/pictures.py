"""A *picture*: an image that is a claim or evidence, read from its bytes with limits.

``read_picture`` is the one door from outside bytes to a ``Picture``: it names the format
from the bytes themselves (never from a declared content type or a file name), refuses a
decompression bomb from its header before decoding a pixel, refuses SVG (a document that can
carry scripts and fetch other files, not a photograph), reads an animated image's first
frame, and keeps the EXIF capture date and camera where present. Every refusal is a
``PictureRefused`` with one line that says what was wrong.

The perceptual hashes (``deskcheck.domain.picture_hashes``) are computed here too, from the
decoded picture, so a picture and its hashes are always made together.
"""

from __future__ import annotations

import hashlib
import io
import re
import warnings
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from PIL import Image, ImageOps, UnidentifiedImageError

from deskcheck.domain.errors import DeskError

if TYPE_CHECKING:  # the hashes need numpy and imagehash: imported when a picture comes in
    from deskcheck.domain.picture_hashes import PictureHashes

MAX_PIXELS = 40_000_000  # a 40-megapixel photo decodes in ~120 MB: past that, a bomb
MAX_SIDE = 20_000  # a panorama may be long; a 1 x 10^6 strip is a trick
MAX_BYTES = 30 * 1024 * 1024
MAX_EXIF_TEXT = 120  # a camera's make and model are short; the rest is not a camera

# held low for the whole process: whatever else opens an image is refused past this too
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}
"""The formats a picture may be in: what cameras, phones and the web send. Others (TIFF with
its many codecs, PSD, ICO, EPS that Pillow hands to Ghostscript) are refused by name."""

_SVG = re.compile(
    rb"^\s*(<\?xml[^>]*>\s*)?(<!--.*?-->\s*)*(<!DOCTYPE svg[^>]*>\s*)?<svg\b", re.S | re.I
)
_HTML = re.compile(rb"^\s*(<!doctype html|<html\b|<head\b|<body\b)", re.I)
_EXIF_DATE = re.compile(r"^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})")
_EXIF_OFFSET = re.compile(r"^[+-]\d{2}:\d{2}$")

EXIF_IFD = 0x8769
TAG_MAKE, TAG_MODEL, TAG_DATETIME = 0x010F, 0x0110, 0x0132
TAG_DATETIME_ORIGINAL, TAG_OFFSET_ORIGINAL = 0x9003, 0x9011


class PictureRefused(DeskError):
    """These bytes are not a picture the desk will keep (one line says why)."""


@dataclass(frozen=True)
class Picture:
    sha256: str
    content_type: str  # from the bytes, e.g. image/jpeg
    byte_size: int
    width: int
    height: int
    frames: int  # more than 1: an animation, of which the first frame is hashed
    captured_at: str | None  # EXIF DateTimeOriginal as ISO 8601 (local time unless an offset)
    camera: str | None  # EXIF make and model, as the file says them (untrusted text)
    grayscale: bool
    hashes: PictureHashes

    def fields(self) -> dict[str, Any]:
        """The picture as a row's columns (hashes flattened)."""
        row = asdict(self)
        row.pop("hashes")
        row["grayscale"] = int(self.grayscale)
        return {**row, **asdict(self.hashes)}


def _sniffed_refusal(data: bytes) -> str | None:
    head = data[:2048]
    if _SVG.match(head) or b"<svg" in head[:512].lower():
        return "an SVG drawing is not accepted as a picture (it can carry scripts and links)"
    if _HTML.match(head):
        return "this is a web page (HTML), not an image"
    return None


def _exif_text(value: object) -> str | None:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        return None
    text = value.replace("\x00", "").strip()
    return text[:MAX_EXIF_TEXT] or None


def _capture_date(exif: Image.Exif) -> str | None:
    sub = exif.get_ifd(EXIF_IFD)
    raw = _exif_text(sub.get(TAG_DATETIME_ORIGINAL) or exif.get(TAG_DATETIME))
    if raw is None:
        return None
    match = _EXIF_DATE.match(raw)
    if match is None:
        return None
    year, month, day, hour, minute, second = (int(g) for g in match.groups())
    if not (1826 <= year <= 2200 and 1 <= month <= 12 and 1 <= day <= 31):
        return None  # "0000:00:00 00:00:00" is what a camera without a clock writes
    if hour > 23 or minute > 59 or second > 60:
        return None
    iso = f"{year:04d}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}:{second:02d}"
    offset = _exif_text(sub.get(TAG_OFFSET_ORIGINAL))
    return iso + offset if offset and _EXIF_OFFSET.match(offset) else iso


def _camera(exif: Image.Exif) -> str | None:
    make, model = _exif_text(exif.get(TAG_MAKE)), _exif_text(exif.get(TAG_MODEL))
    if make and model and model.lower().startswith(make.lower()):
        return model  # "Canon" and "Canon EOS 5D": said once
    found = " ".join(part for part in (make, model) if part)
    return found[:MAX_EXIF_TEXT] or None


def read_picture(data: bytes) -> Picture:
    """The picture these bytes hold, or ``PictureRefused`` naming what is wrong."""
    if not data:
        raise PictureRefused("the file is empty")
    if len(data) > MAX_BYTES:
        raise PictureRefused(f"the image is {len(data):,} bytes, over the limit of {MAX_BYTES:,}")
    if (refusal := _sniffed_refusal(data)) is not None:
        raise PictureRefused(refusal)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data), formats=list(FORMATS))
        except UnidentifiedImageError:
            raise PictureRefused(
                "not an image in a format the desk keeps (JPEG, PNG, GIF, WebP)"
            ) from None
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise PictureRefused(_bomb_line(None)) from None
        except (OSError, SyntaxError, ValueError) as error:
            raise PictureRefused(f"the image cannot be read ({error})") from None
        with image:
            width, height = image.size  # from the header: nothing decoded yet
            if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
                raise PictureRefused(_bomb_line((width, height)))
            if width < 1 or height < 1:
                raise PictureRefused("the image has no pixels")
            fmt = image.format or ""
            frames = int(getattr(image, "n_frames", 1) or 1)
            try:
                exif = image.getexif()
                captured_at, camera = _capture_date(exif), _camera(exif)
            except Exception:  # a malformed EXIF block costs the date, not the picture
                captured_at, camera = None, None
            try:
                image.seek(0)
                image.load()  # the first frame only: an animation is judged by its first picture
                upright = ImageOps.exif_transpose(image) or image
                rgb = _as_rgb(upright)
            except (Image.DecompressionBombError, Image.DecompressionBombWarning):
                raise PictureRefused(_bomb_line((width, height))) from None
            except (OSError, SyntaxError, ValueError, EOFError) as error:
                raise PictureRefused(f"the image cannot be decoded ({error})") from None
    return Picture(
        sha256=hashlib.sha256(data).hexdigest(),
        content_type=FORMATS[fmt],
        byte_size=len(data),
        width=width,
        height=height,
        frames=frames,
        captured_at=captured_at,
        camera=camera,
        grayscale=_is_grayscale(rgb),
        hashes=_hashes_of(rgb),
    )


def _bomb_line(size: tuple[int, int] | None) -> str:
    said = f" of {size[0]:,} x {size[1]:,} pixels" if size else ""
    return (
        f"refused: an image{said} is past the limit of {MAX_PIXELS:,} pixels"
        f" ({MAX_SIDE:,} a side): a decompression bomb, not a photo"
    )


def _as_rgb(image: Image.Image) -> Image.Image:
    """RGB, with transparency laid on white as a page shows it."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        page = Image.new("RGB", rgba.size, (255, 255, 255))
        page.paste(rgba, mask=rgba.getchannel("A"))
        return page
    return image.convert("RGB")


def _is_grayscale(rgb: Image.Image) -> bool:
    small = rgb.resize((32, 32))
    r, g, b = (small.getchannel(c).tobytes() for c in "RGB")
    return all(abs(x - y) <= 6 and abs(y - z) <= 6 for x, y, z in zip(r, g, b, strict=True))


def _hashes_of(rgb: Image.Image) -> PictureHashes:
    # numpy and imagehash cost a fifth of a second to import: not on the way to the queue
    from deskcheck.domain.picture_hashes import hashes_of

    return hashes_of(rgb)
