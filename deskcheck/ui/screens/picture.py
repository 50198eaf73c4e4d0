"""The whole picture, over the claim desk, with what the desk knows of it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from deskcheck.domain.untrusted import make_visible
from deskcheck.ui.keys import bindings
from deskcheck.ui.widgets.picture import image_widget

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage


class PictureScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    PictureScreen { align: center middle; }
    PictureScreen > Vertical { width: 100%; height: 100%; background: $surface; }
    PictureScreen .whole { width: 1fr; height: 1fr; }
    PictureScreen .caption { height: auto; padding: 0 1; }
    """
    BINDINGS = bindings("picture-dialog")

    def __init__(self, image: PILImage, caption: str, mode: str) -> None:
        super().__init__()
        self.image, self.caption, self.mode = image, caption, mode

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(make_visible(self.caption), classes="caption")
            if self.mode == "off":
                yield Static("Pictures are off (--no-images or DESKCHECK_PICTURES=off).")
            else:
                yield image_widget(self.image, self.mode, classes="whole")
        yield Footer()
