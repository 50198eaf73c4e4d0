"""The "already checked?" pane: the claims and published fact-checks most like this one."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from deskcheck.data.read_api import Match
from deskcheck.domain.likeness import says_differently
from deskcheck.ui.safe import safe

SHOWN = 3  # the top match and two more, as the pane's four lines allow
SAYS_OTHERWISE = "similar, but says something else"


def match_head(match: Match, linked: bool) -> Content:
    """Score, which claim or publisher, its verdict or rating, its date."""
    if match.kind == "claim":
        where = f"claim {match.id}"
        verdict = match.verdict or match.status or "no verdict yet"
        if match.status == "lead":  # a lead is not a decision of fact
            verdict = f"{match.verdict or 'lead'}, not decided"
    else:
        where = f"published · {match.publisher}"
        verdict = match.verdict or "no rating"
    style = "bold $warning" if match.likely else "dim"
    return Content.assemble(
        (f"{match.score:>3} ", style),
        safe(where, "bold"),
        " · ",
        # the verdict of a claim that says something else is not this claim's: not in bold
        safe(verdict, "dim" if match.says_otherwise else "bold"),
        (f" · {(match.date or '')[:10]}" if match.date else "", "dim"),
        ("  ↺ linked" if linked else "", "$success"),
    )


def differs(match: Match) -> Content:
    """``differs: raised ≠ cut``, in the claims' own words (empty when nothing differs)."""
    if not match.differs:
        return Content("")
    return safe(says_differently(match.differs), "bold $error")


def match_why(match: Match) -> Content:
    """What differs first (it decides whether the match is this claim), then what they share."""
    if match.differs:
        return differs(match) + safe(f" · {match.reason}", "dim italic")
    return safe(match.reason, "dim italic")  # it names words of the claims


def one_line(text: str) -> Content:
    return safe(" ".join(text.split())[:300])


def match_lines(matches: list[Match], linked: set[tuple[str, int]]) -> list[Content]:
    """The top match in two lines (what differs and why it matched; its words), the others
    in one each; every line is cut at the pane's edge."""
    top, *others = matches[:SHOWN]
    lines = [
        match_head(top, (top.kind, top.id) in linked) + Content("  ") + match_why(top),
        Content("    ") + one_line(top.text),
    ]
    lines += [
        match_head(m, (m.kind, m.id) in linked)
        + Content("  ")
        + (differs(m) + Content(" · ") if m.differs else Content(""))
        + one_line(m.text)
        for m in others
    ]
    return lines


def pane_title(top: Match) -> Content:
    """The pane's first line: says whether the best match says something else."""
    head = Content.styled("Already checked?", "bold")
    if top.says_otherwise:
        head += Content.styled(f"  {SAYS_OTHERWISE}", "bold $error")
    return head + Content.styled("  (=: link one as a repeat)", "dim")


class SimilarClaims(Static):
    """Shows what it is given; the screen finds the matches on a worker."""

    def show(self, matches: list[Match], linked: set[tuple[str, int]]) -> None:
        if not matches:
            self.update(Content.styled("Already checked? nothing on the desk is like it", "dim"))
            return
        self.update(Content("\n").join([pane_title(matches[0]), *match_lines(matches, linked)]))
