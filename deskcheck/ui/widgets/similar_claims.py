"""The "already checked?" pane: the claims and published fact-checks most like this one."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from deskcheck.data.matching import Match
from deskcheck.ui.safe import safe

SHOWN = 3  # the top match and two more, as the pane's four lines allow


def match_head(match: Match, linked: bool) -> Content:
    """Score, which claim or publisher, its verdict or rating, its date."""
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
    )


def one_line(text: str) -> Content:
    return safe(" ".join(text.split())[:300])


def match_lines(matches: list[Match], linked: set[tuple[str, int]]) -> list[Content]:
    """The top match in two lines (why it matched; its words), the others in one each; every
    line is cut at the pane's edge."""
    top, *others = matches[:SHOWN]
    lines = [
        match_head(top, (top.kind, top.id) in linked)
        + safe(f"  {top.reason}", "dim italic"),  # it names words of the claims
        Content("    ") + one_line(top.text),
    ]
    lines += [
        match_head(m, (m.kind, m.id) in linked) + Content("  ") + one_line(m.text) for m in others
    ]
    return lines


class SimilarClaims(Static):
    """Shows what it is given; the screen finds the matches on a worker."""

    def show(self, matches: list[Match], linked: set[tuple[str, int]]) -> None:
        if not matches:
            self.update(Content.styled("Already checked? nothing on the desk is like it", "dim"))
            return
        head = Content.styled("Already checked?  (=: link one as a repeat)", "bold")
        self.update(Content("\n").join([head, *match_lines(matches, linked)]))
