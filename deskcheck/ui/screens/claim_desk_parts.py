"""The claim desk's keys for editing and settling what was recorded: evidence wanted (W),
revision triggers (T), custody hops (K); the claim's history (L) and the claim in full (H).
Each act is recorded through one Desk call in a worker, like the other forms (see
``claim_desk_acts``), through the screen's one write path.

``PartSettling`` is held by the claim desk, whose keys forward to it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from deskcheck.domain.errors import DeskError
from deskcheck.ui.dialogs.recorded_parts import (
    HopPartScreen,
    PartAct,
    TriggerPartScreen,
    WantedPartScreen,
)
from deskcheck.ui.messages import WriteFailed
from deskcheck.work import recorded_parts as parts

if TYPE_CHECKING:
    from deskcheck.data import Desk
    from deskcheck.ui.screens.claim_desk import ClaimDeskScreen


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


class PartSettling:
    def __init__(self, screen: ClaimDeskScreen) -> None:
        self.screen = screen

    def _settle(self, screen_type: Any, parts: tuple[Any, ...], what: str, call: Any) -> None:
        screen = self.screen
        if screen.record is None:
            return
        if not parts:
            screen.notify(f"No {what} on this claim yet.", timeout=3)
            return

        def answered(act: PartAct) -> None:
            done, write = call(act)
            screen.write(done, write)

        screen.ask(screen_type(screen.record), answered)

    def settle_wanted(self) -> None:
        record = self.screen.record
        parts = record.evidence_wanted if record else ()
        self._settle(WantedPartScreen, parts, "evidence wanted", wanted_call)

    def settle_trigger(self) -> None:
        record = self.screen.record
        parts = record.triggers if record else ()
        self._settle(TriggerPartScreen, parts, "revision trigger", trigger_call)

    def settle_hop(self) -> None:
        record = self.screen.record
        parts = record.custody if record else ()
        self._settle(HopPartScreen, parts, "custody hop", hop_call)

    def read_all(self) -> None:
        """Everything recorded on the claim, in words, every line whole, searchable: what
        a short terminal cuts with "… H: all" (the header, custody, the evidence wanted)
        and what the bottom panes hold (every rationale, note, trigger and comment)."""
        from deskcheck.export.plain_text import claim_text
        from deskcheck.ui.dialogs.text_viewer import TextViewerScreen

        screen, record = self.screen, self.screen.record
        if record is None:
            return
        text = claim_text(record, screen.desk, screen.analysis)
        screen.app.push_screen(TextViewerScreen(title=f"Claim {record.id} in full", text=text))

    def history(self) -> None:
        claim_id = self.screen.claim_id
        self.screen.run_worker(
            lambda: self._show_history(claim_id),
            name="_show_history",
            group="claim-history",
            thread=True,
            exit_on_error=False,
        )

    def _show_history(self, claim_id: int) -> None:
        from deskcheck.export.history_words import history_lines
        from deskcheck.ui.dialogs.claim_history import ClaimHistoryScreen

        screen = self.screen
        try:
            labels = {i.id: i.label for i in screen.desk.claim(claim_id).interpretations}
            lines = history_lines(screen.desk.claim_history(claim_id), labels)
        except DeskError as error:
            screen.post_message(WriteFailed(str(error)))
            return
        screen.app.call_from_thread(screen.app.push_screen, ClaimHistoryScreen(claim_id, lines))
