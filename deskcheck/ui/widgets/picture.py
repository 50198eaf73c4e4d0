"""A picture in the terminal: a thumbnail on the claim desk, the whole picture on a key.

Drawn by ``textual-image``: with the terminal's own graphics (Kitty's protocol or Sixel)
where it has them and the reviewer chose "auto", else with coloured half-blocks, which any
terminal and `serve`'s browser terminal show. "off" draws no picture, only its caption.
The picture arrives decoded (a worker read it): this widget never reads the desk.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Static

from deskcheck.domain.untrusted import make_visible

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

PICTURE_MODES = ("auto", "halfblocks", "off")
PICTURES_ENV = "DESKCHECK_PICTURES"  # auto, halfblocks or off: the reviewer's setting


def served_picture_mode() -> str:
    """How a tab of `serve` draws pictures: half-blocks (the browser's terminal has no Kitty
    or Sixel graphics), or none when the server was started with --no-images or
    DESKCHECK_PICTURES=off."""
    return "off" if os.environ.get(PICTURES_ENV, "").strip().lower() == "off" else "halfblocks"


def image_widget(image: PILImage, mode: str, *, classes: str) -> Widget:
    """The textual-image widget for ``mode``: "auto" lets textual-image pick what the
    terminal supports (it asked the terminal when first imported, before the app ran)."""
    if mode == "auto":
        from textual_image.widget import Image

        return Image(image, classes=classes)
    from textual_image.widget import HalfcellImage

    return HalfcellImage(image, classes=classes)


class PictureThumb(Horizontal):
    """The claim's first picture, small, with a line saying what it is; hidden when the
    claim has no picture."""

    DEFAULT_CSS = """
    PictureThumb { height: auto; max-height: 8; display: none; padding: 0 1; }
    PictureThumb.-shown { display: block; }
    PictureThumb .thumb { width: 24; height: 8; }
    PictureThumb .caption { width: 1fr; height: auto; padding: 0 1; color: $text-muted; }
    """

    def compose(self) -> ComposeResult:
        yield Static(classes="caption")

    async def show(self, image: PILImage | None, caption: str, mode: str) -> None:
        await self.query(".thumb").remove()
        self.set_class(image is not None or bool(caption), "-shown")
        hint = " · I shows it whole" if image is not None else ""
        self.query_one(".caption", Static).update(make_visible(caption) + hint)
        if image is not None and mode != "off":
            await self.mount(image_widget(image, mode, classes="thumb"), before=0)
