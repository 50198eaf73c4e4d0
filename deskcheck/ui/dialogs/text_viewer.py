"""A text in full in a scrolling read-only box: an evidence item's excerpt and its latest
snapshot's text, or any text a pane could not show whole (a claim, its header, a rationale);
`/` searches it, `n` finds the next match, escape closes."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static, TextArea
from textual.widgets.text_area import Selection

from deskcheck.domain.models import Evidence
from deskcheck.domain.untrusted import make_visible
from deskcheck.ui.keys import bindings
from deskcheck.ui.safe import visible_text


def full_text(evidence: Evidence) -> str:
    """What the viewer shows, every outside string made visible (no terminal controls)."""
    parts = [f"# {evidence.title}"]
    if evidence.url:
        parts.append(evidence.url)
    parts += ["", "## Excerpt", "", evidence.excerpt or "(no excerpt)"]
    if evidence.snapshots:
        last = evidence.snapshots[-1]
        parts += ["", f"## Latest snapshot ({last.fetched_at})", ""]
        if last.title:
            parts += [last.title, ""]
        parts.append(last.text or last.error or "(no text)")
    else:
        parts += ["", "## Latest snapshot", "", "No snapshot yet."]
    return visible_text(parts)


class TextViewerScreen(ModalScreen[None]):
    BINDINGS = bindings("viewer")

    def __init__(self, evidence: Evidence | None = None, *, title: str = "", text: str = ""):
        """An evidence item, or a ``title`` and a ``text`` already made visible (see
        ``visible_text``)."""
        super().__init__()
        self.evidence = evidence
        self.title_text = f"Evidence #{evidence.id}: full text" if evidence else title
        self.text = full_text(evidence) if evidence else text
        self.wanted = ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="form viewer"):
            yield Static(make_visible(self.title_text), classes="form-title", markup=False)
            yield TextArea(self.text, read_only=True, soft_wrap=True, id="full-text")
            yield Input(placeholder="find in the text…", id="find")
            yield Static(
                "↑/↓ page up/down: scroll · /: search · n: next match · escape: close",
                classes="form-hint",
                id="viewer-hint",
                markup=False,
            )

    def on_mount(self) -> None:
        self.query_one("#find", Input).display = False
        self.query_one(TextArea).focus()

    def action_search(self) -> None:
        box = self.query_one("#find", Input)
        box.display = True
        box.focus()

    @on(Input.Submitted, "#find")
    def _find(self, event: Input.Submitted) -> None:
        self.wanted = event.value.strip()
        event.input.display = False
        self.query_one(TextArea).focus()
        self.action_find_next()

    def action_find_next(self) -> None:
        area = self.query_one(TextArea)
        if not self.wanted:
            self.action_search()
            return
        lines = area.text.split("\n")
        row, column = area.selection.end
        hit = _find_after(lines, self.wanted, row, column) or _find_after(lines, self.wanted, 0, 0)
        hint = self.query_one("#viewer-hint", Static)
        if hit is None:
            hint.update(make_visible(f"“{self.wanted}” is not in the text."))
            return
        area.selection = Selection(hit, (hit[0], hit[1] + len(self.wanted)))
        area.scroll_cursor_visible(center=True)
        hint.update("n: next match · /: search again · escape: close")

    def action_close(self) -> None:
        if self.query_one("#find", Input).has_focus:
            self.query_one("#find", Input).display = False
            self.query_one(TextArea).focus()
            return
        self.dismiss(None)


def _find_after(lines: list[str], wanted: str, row: int, column: int) -> tuple[int, int] | None:
    needle = wanted.casefold()
    for index in range(row, len(lines)):
        start = column if index == row else 0
        found = lines[index].casefold().find(needle, start)
        if found >= 0:
            return index, found
    return None
