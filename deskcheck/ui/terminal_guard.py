"""The last guard between the desk and the terminal: no drawn line carries a control.

Every outside string reaches a widget through ``make_visible`` (``deskcheck.ui.safe``), but
a field that edits recorded text must hold the text as recorded: Textual's ``Input`` and
``TextArea`` draw their value as it is, so an ESC in an evidence title or a hop's actor
went to the terminal (``ESC[2J`` cleared it, OSC 52 wrote the reviewer's clipboard; through
`serve`, the browser's). This line filter, applied by Textual to every line of every
widget, replaces what is left with one visible character each (``␛``, ``�``), then keeps
the line to the width Textual laid out (those characters counted no cells there), so a
line that held one can never wrap and break the screen. The value in the field is untouched.
"""

from __future__ import annotations

from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from deskcheck.domain.untrusted import make_visible_in_place


class TerminalGuard(LineFilter):
    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if all(segment.control or segment.text.isprintable() for segment in segments):
            return segments  # nearly every line: nothing to replace
        width = Segment.get_line_length(segments)
        shown = [
            segment
            if segment.control or segment.text.isprintable()
            else Segment(make_visible_in_place(segment.text), segment.style)
            for segment in segments
        ]
        return Segment.adjust_line_length(shown, width)
