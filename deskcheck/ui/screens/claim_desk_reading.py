"""Reading on the claim desk, beyond what its panes show: the focused pane zoomed to the
whole screen and back (`z`), the claim's picture (`P`), the selected evidence's whole text,
and a link opened in the browser (http and https only).

``PaneReading`` owns what zoom must give back (the widget focused before) and the picture
of the claim shown; the claim desk holds one and forwards these keys to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from deskcheck.domain.untrusted import make_visible
from deskcheck.ui.safe import web_link
from deskcheck.ui.screens.picture import PictureScreen
from deskcheck.ui.widgets.cut import Cut
from deskcheck.ui.widgets.evidence_marks import MarkList
from deskcheck.ui.widgets.interpretations import InterpretationText

if TYPE_CHECKING:
    from textual.widget import Widget

    from deskcheck.ui.screens.claim_desk import ClaimDeskScreen


class PaneReading:
    def __init__(self, screen: ClaimDeskScreen) -> None:
        self.screen = screen
        self.before_zoom: Widget | None = None  # focus goes back there after a zoom
        self.picture: tuple[Any, str] = (None, "")  # the claim's picture and its caption

    @property
    def picture_mode(self) -> str:
        return str(getattr(self.screen.app, "pictures", "halfblocks"))

    def show_picture(self) -> None:
        image, caption = self.picture
        if image is None:
            self.screen.notify("This claim has no picture.")
            return
        self.screen.app.push_screen(PictureScreen(image, caption, self.picture_mode))

    def view_text(self) -> None:
        from deskcheck.ui.dialogs.text_viewer import TextViewerScreen

        screen = self.screen
        evidence = screen.evidence_item(screen.selected_evidence)
        if evidence is None:
            screen.notify("Select an evidence item first (tab, j/k).", timeout=2)
            return
        screen.app.push_screen(TextViewerScreen(evidence))

    def open_url(self) -> None:
        screen = self.screen
        evidence = screen.evidence_item(screen.selected_evidence)
        url = evidence.url if evidence else (screen.record.origin_url if screen.record else None)
        if url and web_link(url) is None:
            screen.notify(
                "Not opened: only http and https links open in the browser"
                f" ({make_visible(url[:80])})",
                severity="warning",
                markup=False,
                timeout=5,
            )
        elif url:
            screen.app.open_url(url)
            screen.notify(f"Opening {make_visible(url)}", markup=False, timeout=3)

    # -- zoom -----------------------------------------------------------------------------------

    def zoom(self) -> None:
        """The focused pane to the whole screen, and back: from the evidence, the focused
        interpretation's text (every implication); the detail, header or a bottom pane."""
        screen = self.screen
        if screen.maximized is not None:
            self.unzoom()
            return
        focused = screen.focused
        pane: Widget | None = screen.query_one(InterpretationText)
        if focused is not None and not isinstance(focused, MarkList):
            pane = next(
                (
                    node
                    for node in focused.ancestors_with_self
                    if isinstance(node, (Cut, InterpretationText))
                ),
                None,
            )
        if pane is None:
            screen.notify("Focus a pane (tab) to zoom it.", timeout=2)
            return
        self.before_zoom = focused
        screen.maximize(pane, container=False)
        screen.set_focus(pane)  # its keys scroll it; the widget hidden behind would lose focus

    def unzoom(self) -> None:
        """Back to the desk, the focus where it was (when zoomed: the caller checks)."""
        self.screen.minimize()
        before, self.before_zoom = self.before_zoom, None
        if before is not None and before.is_attached:
            self.screen.set_focus(before, scroll_visible=False)
