"""Pictures read from bytes: what is kept, what is refused, and "seen before?" by hashes."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from deskcheck.domain.picture_hashes import SAME_PICTURE, HashIndex, as_int64, match_reason
from deskcheck.domain.pictures import MAX_PIXELS, PictureRefused, read_picture
from tests.photos import TRANSFORMS, encoded, photo

ORIGINAL_SEED = 7
OTHER_SEEDS = range(200, 210)


@pytest.fixture(scope="module")
def desk_pictures():
    """The original, ten different photos, each read as the desk reads a picture."""
    pictures = {0: read_picture(encoded(photo(ORIGINAL_SEED), "JPEG", quality=90))}
    for n, seed in enumerate(OTHER_SEEDS, start=1):
        pictures[n] = read_picture(encoded(photo(seed), "JPEG", quality=90))
    index = HashIndex.of(
        [(pid, as_int64(p.hashes.phash), as_int64(p.hashes.dhash)) for pid, p in pictures.items()]
    )
    return pictures, index


@pytest.mark.parametrize("name", list(TRANSFORMS))
def test_a_copy_ranks_the_original_first(desk_pictures, name):
    _pictures, index = desk_pictures
    copy = TRANSFORMS[name](photo(ORIGINAL_SEED))
    found = index.nearest(read_picture(encoded(copy.convert("RGB"), "JPEG", quality=85)).hashes)
    assert found, f"a copy ({name}) is not seen before"
    assert found[0][0] == 0, f"a copy ({name}) ranks picture {found[0][0]} first"
    assert found[0][1] <= SAME_PICTURE


@pytest.mark.parametrize("seed", range(300, 310))
def test_a_different_photo_is_not_seen_before(desk_pictures, seed):
    _pictures, index = desk_pictures
    assert index.nearest(read_picture(encoded(photo(seed), "PNG")).hashes) == []


def test_a_mirrored_copy_is_named_so(desk_pictures):
    pictures, index = desk_pictures
    original = pictures[0]
    flipped = read_picture(encoded(TRANSFORMS["mirrored"](photo(ORIGINAL_SEED)), "JPEG"))
    (pid, bits, mirrored), *_ = index.nearest(flipped.hashes)
    assert (pid, mirrored) == (0, True)
    reason = match_reason(
        (flipped.width, flipped.height, flipped.grayscale),
        (original.width, original.height, original.grayscale),
        mirrored=mirrored,
        bits=bits,
    )
    assert reason == "same picture, mirrored"


def test_a_grey_half_size_copy_is_named_so():
    original = read_picture(encoded(photo(3), "JPEG"))
    grey = TRANSFORMS["grayscale"](TRANSFORMS["resized"](photo(3)))
    copy = read_picture(encoded(grey, "JPEG"))
    reason = match_reason(
        (copy.width, copy.height, copy.grayscale),
        (original.width, original.height, original.grayscale),
        mirrored=False,
        bits=4,
    )
    assert reason == "same picture, in grey, resized"


def test_what_a_picture_keeps():
    exif = Image.Exif()
    exif[0x010F] = "Canon"
    exif[0x0110] = "Canon EOS 5D"
    exif.get_ifd(0x8769)[0x9003] = "2019:03:15 08:30:00"
    data = encoded(photo(1), "JPEG", exif=exif)
    picture = read_picture(data)
    assert picture.content_type == "image/jpeg"
    assert (picture.width, picture.height, picture.byte_size) == (640, 480, len(data))
    assert picture.captured_at == "2019-03-15T08:30:00"
    assert picture.camera == "Canon EOS 5D"
    assert len(picture.sha256) == 64 and len(picture.hashes.phash) == 16


def test_exif_text_with_markup_and_escapes_is_kept_as_text_not_obeyed():
    exif = Image.Exif()
    exif[0x010F] = "[bold red]Evil[/] \x1b]8;;http://x\x1b\\<script>"
    exif.get_ifd(0x8769)[0x9003] = "2019:03:15 08:30:00\x1b[2J"
    picture = read_picture(encoded(photo(1), "JPEG", exif=exif))
    # kept as the file says it (it is evidence); shown only through the one sanitiser
    assert picture.camera is not None and "\x1b" in picture.camera
    assert picture.captured_at == "2019-03-15T08:30:00"


@pytest.mark.parametrize(
    "raw", ["0000:00:00 00:00:00", "2019:13:40 25:61:00", "yesterday", "", "    "]
)
def test_a_capture_date_that_is_no_date_is_not_kept(raw):
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = raw
    assert read_picture(encoded(photo(1), "JPEG", exif=exif)).captured_at is None


def _png_header_only(width: int, height: int) -> bytes:
    """A PNG that claims ``width`` x ``height`` with a few bytes of data: a bomb's header."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("size", [(50_000, 50_000), (100_000, 1), (8_000, 6_000)])
def test_a_decompression_bomb_is_refused_in_one_line(size):
    with pytest.raises(PictureRefused) as refused:
        read_picture(_png_header_only(*size))
    line = str(refused.value)
    assert "\n" not in line and "decompression bomb" in line
    assert f"{MAX_PIXELS:,}" in line


@pytest.mark.parametrize(
    ("data", "said"),
    [
        (b"", "empty"),
        (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>', "SVG"),
        (b"  <svg onload=alert(1)>", "SVG"),
        (b"<!DOCTYPE html><html><img src=x>", "web page"),
        (b"GIF89a" + b"\x00" * 3, "format the desk keeps"),  # a cut header: no image
        (b"%PDF-1.7\n", "format the desk keeps"),
        (b"II*\x00" + b"\x00" * 64, "format the desk keeps"),  # TIFF: not a kept format
    ],
)
def test_what_is_not_a_picture_is_refused_by_name(data, said):
    with pytest.raises(PictureRefused, match=said):
        read_picture(data)


def test_a_truncated_jpeg_is_refused_not_half_kept():
    data = encoded(photo(2), "JPEG")
    with pytest.raises(PictureRefused, match="cannot be"):
        read_picture(data[: len(data) // 2])


def test_an_animated_gif_is_judged_by_its_first_frame():
    frames = [photo(5).convert("P"), photo(6).convert("P"), photo(7).convert("P")]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    animated = read_picture(out.getvalue())
    still = read_picture(encoded(photo(5), "PNG"))
    assert (animated.frames, animated.content_type) == (3, "image/gif")
    index = HashIndex.of([(1, as_int64(still.hashes.phash), as_int64(still.hashes.dhash))])
    assert index.nearest(animated.hashes)[0][0] == 1


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=600))
def test_any_bytes_are_a_picture_or_one_refusal(data):
    refusal = ""
    try:
        read_picture(data)
    except PictureRefused as refused:
        refusal = str(refused)
    assert "\n" not in refusal
