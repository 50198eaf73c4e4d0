"""The custody chain as one row of hops, origin first, each with its kind and grade."""

from __future__ import annotations

from textual.content import Content

from deskcheck.domain.models import CustodyHop
from deskcheck.ui.safe import safe
from deskcheck.ui.widgets.cut import Fitted

WEAK_RELIABILITY = {"D", "E", "F"}


def hop_content(hop: CustodyHop) -> Content:
    grade_style = "bold $warning" if hop.reliability in WEAK_RELIABILITY else "bold $success"
    return Content.assemble(
        (f"{hop.position} ", "dim"),
        safe(hop.actor, "bold"),
        f" ({hop.kind.replace('_', ' ')}) ",
        (hop.grade, grade_style),
    )


class CustodyChain(Fitted):
    def show(self, custody: tuple[CustodyHop, ...]) -> None:
        if not custody:
            self.update(Content.styled("Custody: none recorded (c adds a hop)", "italic"))
            return
        arrow = Content.styled("  →  ", "$accent")
        self.update(
            Content.assemble(("Custody  ", "bold"), arrow.join(hop_content(h) for h in custody))
        )
