"""A picture on the claim desk: a half-block thumbnail beside what it is, the whole picture
on I, and nothing drawn with pictures off."""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from textual_image.widget import HalfcellImage

from deskcheck.data import Desk
from deskcheck.domain.pictures import read_picture
from deskcheck.ui.screens.claim_desk import ClaimDeskScreen
from deskcheck.ui.screens.picture import PictureScreen
from deskcheck.ui.widgets.picture import PictureThumb
from tests.photos import encoded, photo
from tests.ui.conftest import press, settle, until

HALF_BLOCKS = "▀▄"


def _picture_desk(tmp_path: Path) -> Path:
    path = tmp_path / "pictures.db"
    exif = Image.Exif()
    exif.get_ifd(0x8769)[0x9003] = "2016:04:01 10:00:00"
    body = encoded(photo(61), "JPEG", exif=exif)
    with Desk.open(path, reviewer="mara", create=True) as desk:
        claim = desk.add_claim("Picture without words: https://img.example/61.jpg")
        desk.add_picture(claim, read_picture(body), body, source_url="https://img.example/61.jpg")
    return path


async def _open_first_claim(app, pilot) -> ClaimDeskScreen:
    await settle(pilot)
    await press(pilot, "enter")
    await until(pilot, lambda: isinstance(app.screen, ClaimDeskScreen), what="claim desk")
    await settle(pilot)
    return app.screen


async def test_the_thumbnail_is_drawn_in_half_blocks_at_120x40(tmp_path, make_app):
    app = make_app(_picture_desk(tmp_path), pictures="halfblocks")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_first_claim(app, pilot)
        thumb = screen.query_one(PictureThumb)
        image = await until(
            pilot, lambda: next(iter(thumb.query(HalfcellImage)), None), what="the thumbnail"
        )
        await settle(pilot)
        assert thumb.display and image.region.width == 24 and 0 < image.region.height <= 8
        drawn = "".join(strip.text for strip in image.render_lines(image.region.reset_offset))
        assert set(drawn) <= set(HALF_BLOCKS + " ") and any(c in drawn for c in HALF_BLOCKS)
        assert "taken 2016-04-01T10:00:00" in str(screen.query_one(".caption").render())

        await press(pilot, "I")
        await until(pilot, lambda: isinstance(app.screen, PictureScreen), what="the picture")
        await settle(pilot)
        whole = app.screen.query_one(HalfcellImage)
        assert whole.region.width > 24 and whole.region.height > 8
        await press(pilot, "escape")
        assert isinstance(app.screen, ClaimDeskScreen)


async def test_with_pictures_off_only_the_caption_is_shown(tmp_path, make_app):
    app = make_app(_picture_desk(tmp_path), pictures="off")
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_first_claim(app, pilot)
        thumb = screen.query_one(PictureThumb)
        assert thumb.display and not thumb.query(HalfcellImage)
        assert "JPEG 640×480" in str(screen.query_one(".caption").render())


async def test_a_claim_without_a_picture_shows_no_thumbnail(sample_path, make_app):
    app = make_app(sample_path, pictures="halfblocks")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await _open_first_claim(app, pilot)
        assert not screen.query_one(PictureThumb).display
        await press(pilot, "I")
        assert isinstance(app.screen, ClaimDeskScreen)


async def test_the_queue_preview_names_a_claim_holding_a_copy_of_the_picture(tmp_path, make_app):
    """Two claims with no word in common: the second's picture is a mirrored copy of the
    first's. The preview of either says it was seen before, as the claim desk does."""
    from tests.photos import TRANSFORMS

    path = _picture_desk(tmp_path)
    copy = encoded(TRANSFORMS["mirrored"](photo(61)), "JPEG")
    with Desk.open(path, reviewer="mara") as desk:
        claim = desk.add_claim("Flood waters reach the town square today")
        desk.add_picture(claim, read_picture(copy), copy, source_url="https://img.example/b.jpg")
    app = make_app(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        preview = app.screen.query_one("#preview-text")
        shown = await until(
            pilot,
            lambda: "Already checked?" in str(preview.render()) and str(preview.render()),
            what="the preview's match",
        )
        assert "nothing on the desk is like it" not in shown
        # the first claim, with the earliest date the desk knows for the picture (its EXIF)
        assert "claim 1 · new · 2016-04-01" in shown
