"""The claim desk's keys for editing and settling what was recorded: evidence wanted (W),
revision triggers (T), custody hops (K), and the claim's history (L). Each act is recorded
through one Desk call in a worker, like the other forms (see ``claim_desk_acts``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import work

from deskcheck.domain.errors import DeskError
from deskcheck.ui.dialogs.recorded_parts import (
    HopPartScreen,
    PartAct,
    TriggerPartScreen,
    WantedPartScreen,
)
from deskcheck.ui.keys import bindings
from deskcheck.ui.messages import WriteFailed
from deskcheck.ui.screens.claim_desk_acts import ClaimDeskActs
from deskcheck.work import recorded_parts as parts

if TYPE_CHECKING:
    from deskcheck.data import Desk


def wanted_call(act: PartAct) -> tuple[str, Callable[[Desk], Any]]:
    f = act.fields
    if act.act == "resolve":
        return "Evidence wanted resolved", lambda d: parts.resolve_wanted(
            d, act.item_id, f["evidence_id"], f["reason"]
        )
    if act.act == "drop":
        return "Evidence wanted dropped", lambda d: parts.drop_wanted(d, act.item_id, f["reason"])
    return "Evidence wanted edited", lambda d: parts.edit_wanted(d, act.item_id, **f)


def trigger_call(act: PartAct) -> tuple[str, Callable[[Desk], Any]]:
    if act.act == "edit":
        return "Trigger edited", lambda d: parts.edit_trigger(d, act.item_id, **act.fields)
    done = {"disarm": "Trigger disarmed", "arm": "Trigger armed again"}
    return done.get(act.act, "Trigger retired"), lambda d: parts.move_trigger(
        d, act.item_id, act.act, act.fields["reason"]
    )


def hop_call(act: PartAct) -> tuple[str, Callable[[Desk], Any]]:
    if act.act == "remove":
        return "Custody hop removed", lambda d: parts.remove_hop(
            d, act.item_id, act.fields["reason"]
        )
    if act.act == "move":
        return "Custody hop moved", lambda d: parts.move_hop(d, act.item_id, act.fields["position"])
    return "Custody hop edited", lambda d: parts.edit_hop(d, act.item_id, **act.fields)


class ClaimDeskParts(ClaimDeskActs):
    BINDINGS = bindings("desk", on="parts")

    def _settle(self, screen_type: Any, parts: tuple[Any, ...], what: str, call: Any) -> None:
        if self.record is None:
            return
        if not parts:
            self.notify(f"No {what} on this claim yet.", timeout=3)
            return

        def answered(act: PartAct) -> None:
            done, write = call(act)
            self._write(done, write)

        self._ask(screen_type(self.record), answered)

    def action_settle_wanted(self) -> None:
        parts = self.record.evidence_wanted if self.record else ()
        self._settle(WantedPartScreen, parts, "evidence wanted", wanted_call)

    def action_settle_trigger(self) -> None:
        parts = self.record.triggers if self.record else ()
        self._settle(TriggerPartScreen, parts, "revision trigger", trigger_call)

    def action_settle_hop(self) -> None:
        parts = self.record.custody if self.record else ()
        self._settle(HopPartScreen, parts, "custody hop", hop_call)

    def action_read_all(self) -> None:
        """Everything recorded on the claim, in words, every line whole, searchable: what
        a short terminal cuts with "… H: all" (the header, custody, the evidence wanted)
        and what the bottom panes hold (every rationale, note, trigger and comment)."""
        from deskcheck.export.plain_text import claim_text
        from deskcheck.ui.dialogs.text_viewer import TextViewerScreen

        if self.record is None:
            return
        text = claim_text(self.record, self.desk, self.analysis)
        self.app.push_screen(TextViewerScreen(title=f"Claim {self.record.id} in full", text=text))

    def action_history(self) -> None:
        self._show_history(self.claim_id)

    @work(thread=True, group="claim-history", exit_on_error=False)
    def _show_history(self, claim_id: int) -> None:
        from deskcheck.export.history_words import history_lines
        from deskcheck.ui.dialogs.claim_history import ClaimHistoryScreen

        try:
            labels = {i.id: i.label for i in self.desk.claim(claim_id).interpretations}
            lines = history_lines(self.desk.claim_history(claim_id), labels)
        except DeskError as error:
            self.post_message(WriteFailed(str(error)))
            return
        self.app.call_from_thread(self.app.push_screen, ClaimHistoryScreen(claim_id, lines))
