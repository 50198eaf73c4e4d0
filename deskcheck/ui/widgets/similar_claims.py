"""The "already checked?" pane: the claims and published fact-checks most like this one."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from deskcheck.data.matching import Match
from deskcheck.ui.safe import safe

SHOWN = 3


def match_line(match: Match, linked: bool) -> Content:
    if match.kind == "claim":
        where = f"claim {match.id}"
        verdict = match.verdict or match.status or "no verdict yet"
    else:
        where = f"published · {match.publisher}"
        verdict = match.verdict or "no rating"
    style = "bold $warning" if match.likely else "dim"
    return Content.assemble(
        (f"{match.score:>3} ", style),
        safe(where, "bold"),
        " · ",
        safe(verdict, "bold"),
        (f" · {(match.date or '')[:10]}" if match.date else "", "dim"),
        ("  ↺ linked" if linked else "", "$success"),
        "  ",
        safe(" ".join(match.text.split())[:160]),
        Content.styled(f"  ({match.reason})", "dim italic"),
    )


class SimilarClaims(Static):
    """Shows what it is given; the screen finds the matches on a worker."""

    def show(self, matches: list[Match], linked: set[tuple[str, int]]) -> None:
        if not matches:
            self.update(Content.styled("Already checked? nothing on the desk is like it", "dim"))
            return
        head = Content.styled("Already checked?  (R: link the top match as a repeat)", "bold")
        lines = [match_line(m, (m.kind, m.id) in linked) for m in matches[:SHOWN]]
        self.update(Content("\n").join([head, *lines]))
