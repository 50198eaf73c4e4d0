"""The top of the claim desk: the claim, its status, where and when it came in, warnings."""

from __future__ import annotations

from textual.content import Content

from deskcheck.domain.models import ClaimRecord
from deskcheck.domain.untrusted import HIDDEN_TEXT_WARNING, has_bidi_or_hidden
from deskcheck.ui.safe import safe
from deskcheck.ui.widgets.cut import CUT_MARK, Fitted


def claim_warnings(record: ClaimRecord, warnings_in: tuple[str, ...] = ()) -> list[str]:
    warnings = list(warnings_in or record.warnings)
    if has_bidi_or_hidden(record.text):
        warnings.append(HIDDEN_TEXT_WARNING)
    return warnings


CONTEXT_LINES = 2  # a preview: the header stays short (7 lines, 4 on a small terminal)
CONTEXT_CHARS = 240


def context_content(context: str) -> Content:
    """What the item said besides the claim, under it: its first lines (all of it with
    `H`, in `deskcheck show` and in the desk note)."""
    lines = [line for line in context.splitlines() if line.strip()]
    shown = "\n".join(lines[:CONTEXT_LINES])
    if len(lines) > CONTEXT_LINES or len(shown) > CONTEXT_CHARS:
        return Content.assemble(
            ("context: ", "dim"), safe(shown[:CONTEXT_CHARS].rstrip(), "italic"), CUT_MARK
        )
    return Content.assemble(("context: ", "dim"), safe(shown, "italic"))


class ClaimHeader(Fitted):
    """Fitted to its pane: on a short terminal what does not fit ends in "… H: all"."""

    def show(self, record: ClaimRecord, warnings: tuple[str, ...] = ()) -> None:
        verdict = record.verdict or "no decision yet"
        # which claim, where it stands and its warnings first on their line, so a short
        # terminal shows them (the details after them there end in "… H: all")
        meta: list[Content | str | tuple[str, str]] = [
            (f"Claim {record.id}", "bold"),
            f" · {record.status.replace('_', ' ')} · P{record.priority} · verdict ",
            safe(verdict, "bold"),
        ]
        meta += [
            Content.styled(f" · ⚠ {w}", "bold $warning") for w in claim_warnings(record, warnings)
        ]
        meta.append(f" · received {record.received_at}")
        if record.published_at:
            meta.append(f" · published {record.published_at}")
        if record.origin_url:
            meta += [" · origin ", safe(record.origin_url, "underline")]
        if record.tags:
            meta += [" · tags ", safe(", ".join(record.tags))]
        if record.assignee:
            meta += [" · assigned ", safe(record.assignee, "bold")]
        if record.due_at:
            meta.append(f" · due {record.due_at[:16].replace('T', ' ')}")
        lines = [safe(record.text, "bold")]
        # what the item said, under the claim; left out first on a short terminal, where
        # the line of status and warnings matters more (H shows the context)
        self.optional = frozenset()
        if record.context:
            context = context_content(record.context)
            self.optional = frozenset(range(1, 2 + str(context).count("\n")))
            lines.append(context)
        lines.append(Content.assemble(*meta))
        self.update(Content("\n").join(lines))
