"""Shown before a write when another reviewer recorded on the same claim meanwhile."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

from deskcheck.domain.event_kinds import in_words
from deskcheck.domain.models import ClaimRecord
from deskcheck.ui.keys import bindings
from deskcheck.ui.safe import safe


class MeanwhileScreen(ModalScreen[bool]):
    BINDINGS = bindings("meanwhile-dialog")

    def __init__(self, changes: list[dict], record: ClaimRecord) -> None:
        super().__init__()
        self.changes = changes
        self.record = record

    def compose(self) -> ComposeResult:
        lines = [Content.styled("Since you opened this claim, another reviewer:", "bold $warning")]
        seen: set[tuple[str, str]] = set()
        for change in self.changes:
            words = in_words(change["kind"])
            if (change["actor"], words) in seen:
                continue
            seen.add((change["actor"], words))
            lines.append(
                Content.assemble(
                    "• ",
                    safe(change["actor"], "bold"),
                    f" {words} at",
                    f" {change['at'].replace('T', ' ')}",
                )
            )
        latest = self.record.latest_decision
        if latest is not None:
            lines += [
                Content(""),
                Content.assemble(
                    "Latest decision now: ",
                    safe(latest.verdict, "bold"),
                    " by ",
                    safe(latest.reviewer, "bold"),
                ),
                safe(latest.rationale, "italic"),
            ]
        lines += [Content(""), Content("y: record mine anyway (theirs stays) · n: look first")]
        with Vertical(classes="form"):
            yield Static(Content("\n").join(lines))

    def on_mount(self, event: events.Mount) -> None:
        self.opened_at = event.time

    def on_key(self, event: events.Key) -> None:
        """A key typed before this appeared is no answer: it was typed at the form beneath
        (the reviewer typing on), and goes there."""
        if event.time >= getattr(self, "opened_at", event.time):
            return
        event.stop()
        event.prevent_default()
        stack = self.app.screen_stack
        beneath = stack[-2] if len(stack) >= 2 and stack[-1] is self else None
        if beneath is None or not beneath.is_modal:
            return  # a desk screen beneath: a key typed at it before this is no answer
        fields = beneath.query("TextArea, Input")
        target = beneath.focused or (fields.first() if fields else None)
        if target is not None:
            target.post_message(events.Key(event.key, event.character))

    def action_answer(self, proceed: bool) -> None:
        self.dismiss(proceed)
