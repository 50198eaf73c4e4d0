"""The queue's preview of the claim under the cursor: its whole text, what came with it,
its custody, the best "already checked?" match, who has it.

It follows the cursor without reading anything itself: the queue row it is given shows at
once (the claim's words, who has it); for the rest it posts ``Wanted`` and the screen's
worker answers with ``found``. One read at a time: while one is out, a cursor moving on only
notes the claim it stopped at, read when the answer comes, so holding `j` through a queue
of 100,000 claims reads a few claims, not every one passed. A preview longer than its box
says how much more there is, and `H` reads it all (``plain_text``)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.widgets import Static

from deskcheck.data.read_api import Match
from deskcheck.domain.models import QueueRow
from deskcheck.domain.preview import ClaimPreview
from deskcheck.ui.safe import safe, visible_text
from deskcheck.ui.widgets.claim_table import FROM_PEER
from deskcheck.ui.widgets.custody_chain import hop_content
from deskcheck.ui.widgets.similar_claims import match_head

READ_KEY = "H"  # as on the claim desk: the claim in full


def _who(assignee: str | None) -> Content:
    if not assignee:
        return Content.styled("unassigned", "dim")
    return Content.assemble("assigned ", safe(assignee, "bold"))


def verdict_from_lines(row: QueueRow | None) -> list[Content]:
    """A verdict decided on another desk and merged here says so, and names that desk."""
    if row is None or not row.verdict_from:
        return []
    return [
        Content.assemble(
            (f"{FROM_PEER} verdict ", "bold $accent"),
            safe(row.verdict or "none", "bold"),
            " from ",
            safe(row.verdict_from, "bold"),
            (": decided on that desk and merged here", "dim"),
        )
    ]


def row_lines(row: QueueRow) -> list[Content]:
    """What the queue row already holds: shown while the rest is read."""
    return [
        safe(row.text, "bold"),
        _who(row.assignee),
        *verdict_from_lines(row),
        Content.styled("…", "dim"),
    ]


def custody_line(preview: ClaimPreview) -> Content:
    if not preview.custody:
        return Content.styled("Custody: none recorded", "italic $warning")
    arrow = Content.styled(" → ", "$accent")
    line = Content.assemble(
        ("Custody ", "bold"), arrow.join(hop_content(h) for h in preview.custody)
    )
    for warning in preview.warnings:
        line += Content.styled(f"  ⚠ {warning}", "bold $warning")
    return line


def match_line(match: Match | None) -> Content:
    if match is None:
        return Content.styled("Already checked? nothing on the desk is like it", "dim")
    return Content.assemble(
        ("Already checked? ", "bold"),
        match_head(match, False),
        "  ",
        safe(" ".join(match.text.split()), "italic"),
    )


def preview_lines(
    preview: ClaimPreview, match: Match | None, row: QueueRow | None = None
) -> list[Content]:
    """The claim, who has it, a verdict from another desk, its custody, its best match, what
    came with it and where it was seen, in that order (a short box shows the first): every
    line whole (they wrap)."""
    meta = [_who(preview.assignee)]
    if preview.tags:
        meta += [Content(" · tags "), safe(", ".join(preview.tags))]
    lines = [safe(preview.text, "bold"), Content.assemble(*meta), *verdict_from_lines(row)]
    lines += [custody_line(preview), match_line(match)]
    if preview.context.strip():
        context = " ".join(preview.context.split())
        lines.append(Content.assemble(("context: ", "dim"), safe(context, "italic")))
    if preview.origin_url:
        lines.append(Content.assemble(("origin ", "dim"), safe(preview.origin_url, "underline")))
    return lines


def plain_text(preview: ClaimPreview, match: Match | None) -> str:
    """The preview for the text viewer (`H`): every outside string made visible."""
    parts = [f"# Claim {preview.id}", "", preview.text]
    if preview.context.strip():
        parts += ["", "## Context", "", preview.context]
    parts += ["", "## Custody", ""]
    parts += [
        f"{h.position}. {h.actor} ({h.kind.replace('_', ' ')}) {h.grade}"
        + (f" {h.url}" if h.url else "")
        for h in preview.custody
    ] or ["none recorded"]
    parts += [f"⚠ {w}" for w in preview.warnings]
    parts += ["", "## Already checked?", ""]
    if match is None:
        parts.append("nothing on the desk is like it")
    else:
        where = f"claim {match.id}" if match.kind == "claim" else f"published · {match.publisher}"
        parts += [f"{where} · {match.verdict or match.status or 'no verdict yet'}", match.text]
    parts += ["", f"assigned: {preview.assignee or 'nobody'}"]
    parts += [f"tags: {', '.join(preview.tags) or 'none'}"]
    parts += [f"origin: {preview.origin_url or 'none'}"]
    return visible_text(parts)


class ClaimPreviewPane(VerticalScroll, can_focus=False):
    """Under the queue's table; the screen's worker answers ``Wanted`` with ``Found``."""

    @dataclass
    class Wanted(Message):
        claim_id: int

    @dataclass
    class Found(Message):
        """The screen's worker's answer (None: the claim could not be read)."""

        claim_id: int
        preview: ClaimPreview | None
        match: Match | None

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.claim_id: int | None = None  # the claim shown (from its row, or read)
        self.preview: ClaimPreview | None = None  # read, for this claim
        self.match: Match | None = None
        self._reading: int | None = None  # the claim whose read is out
        self._row: QueueRow | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="preview-text")

    def follow(self, row: QueueRow | None, *, again: bool = False) -> None:
        """The claim under the cursor (None: no claim, or its page is not loaded yet);
        ``again``: read it even if shown (the desk changed)."""
        if row is None:
            self.display = self.claim_id is not None  # keep the last until the row comes
            return
        self.display = True
        if row.id == self.claim_id and row == self._row and not again:
            return
        if row.id != self.claim_id:
            self.preview, self.match = None, None
            self._show(row_lines(row))
            self.scroll_home(animate=False, immediate=True)
        self.claim_id, self._row = row.id, row
        if self._reading is None:
            self._reading = row.id
            self.post_message(self.Wanted(row.id))

    def on_claim_preview_pane_found(self, message: Found) -> None:
        message.stop()
        self.found(message.claim_id, message.preview, message.match)

    def found(self, claim_id: int, preview: ClaimPreview | None, match: Match | None) -> None:
        """The read came back; read the claim the cursor has reached meanwhile."""
        self._reading = None
        if claim_id == self.claim_id and preview is not None:
            self.preview, self.match = preview, match
            self._show(preview_lines(preview, match, self._row))
        elif claim_id == self.claim_id:
            self._show([Content.styled("Could not read this claim's preview.", "$warning")])
        if self.claim_id is not None and claim_id != self.claim_id:
            self._reading = self.claim_id
            self.post_message(self.Wanted(self.claim_id))

    def _show(self, lines: list[Content]) -> None:
        self.query_one("#preview-text", Static).update(Content("\n").join(lines))
        self.call_after_refresh(self.mark_overflow)

    def mark_overflow(self) -> None:
        more = self.max_scroll_y - round(self.scroll_y)
        self.border_title = f"claim {self.claim_id}" if self.claim_id is not None else ""
        lines = "line" if more == 1 else "lines"
        self.border_subtitle = f"↓ {more} more {lines} · {READ_KEY} reads it all" if more else ""

    def on_resize(self) -> None:
        self.call_after_refresh(self.mark_overflow)

    def plain_text(self) -> str | None:
        if self.preview is None or self.preview.id != self.claim_id:
            return None
        return plain_text(self.preview, self.match)
