"""The claim desk's forms: each key opens a form, and the form's answer records itself
(``apply``) through the guarded write of ``DeskScreen``: the decision and its
confirmation, a revision note, a trigger, an interpretation (added or edited), a custody
hop, evidence wanted, an evidence item edited, and the export (`x`).

``ClaimForms`` is held by the claim desk (claim_desk.py), whose keys forward to it; it
reads the claim as the screen last read it and writes only through the screen.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.content import Content

from deskcheck.domain.errors import DeskError
from deskcheck.ui.dialogs.custody_hop import CustodyHopScreen
from deskcheck.ui.dialogs.decision import DecisionForm, DecisionScreen
from deskcheck.ui.dialogs.evidence import EvidenceForm, EvidenceScreen
from deskcheck.ui.dialogs.interpretation import InterpretationForm, InterpretationScreen
from deskcheck.ui.dialogs.revision_note import RevisionNoteScreen
from deskcheck.ui.dialogs.trigger import TriggerScreen
from deskcheck.ui.dialogs.wanted import WantedScreen
from deskcheck.ui.messages import Recorded, WriteFailed
from deskcheck.ui.safe import safe
from deskcheck.work.decisions import confirm, decide

if TYPE_CHECKING:
    from deskcheck.ui.screens.claim_desk import ClaimDeskScreen
    from deskcheck.work.similar import Starting


class ClaimForms:
    def __init__(self, screen: ClaimDeskScreen) -> None:
        self.screen = screen

    # -- decisions ----------------------------------------------------------------------------

    def confirm(self) -> None:
        """The second reviewer confirms a decision for publication (the two-person rule)."""
        claim_id = self.screen.claim_id
        self.screen.write_now("Decision confirmed for publication", lambda d: confirm(d, claim_id))

    def offer_decision(self, starting: Starting | None) -> None:
        """The decision form; ``starting``: an earlier check's verdict and rationale, filled
        in for the reviewer to change or keep (nothing is recorded until they do)."""
        screen = self.screen
        if screen.record is None:
            return
        record = screen.record

        def record_decision(form: DecisionForm) -> None:
            # the work layer's decide: it refuses a verdict the analysis does not support
            # unless the form says why (which a dialog could not check on its own)
            screen.write(
                form.what,
                lambda d: decide(
                    d,
                    record.id,
                    form.verdict,
                    form.rationale,
                    confidence=form.confidence,
                    for_publication=form.for_publication,
                    despite=form.despite,
                    summary=form.summary,
                ),
            )

        screen.ask(
            DecisionScreen(
                record.text,
                screen.verdicts,
                record.verdict,
                screen.analysis,
                starting=(starting.verdict, starting.rationale, starting.source)
                if starting
                else None,
            ),
            record_decision,
        )

    def revision_note(self) -> None:
        if self.screen.record is not None:
            self.screen.ask_and_apply(
                RevisionNoteScreen(self.screen.verdicts, self.screen.record.verdict)
            )

    def trigger(self) -> None:
        self.screen.ask_and_apply(TriggerScreen())

    # -- interpretations, custody, wanted -------------------------------------------------------

    def add_interpretation(self) -> None:
        self.screen.ask_and_apply(InterpretationScreen())

    def edit_interpretation(self) -> None:
        record = self.screen.record
        if record is None or not record.interpretations:
            return
        item = record.interpretations[self.screen.focus_column]
        current = InterpretationForm(item.label, item.statement, item.implications, editing=item.id)
        self.screen.ask_and_apply(InterpretationScreen(current))

    def add_custody_hop(self) -> None:
        self.screen.ask_and_apply(CustodyHopScreen())

    def want_evidence(self) -> None:
        self.screen.ask_and_apply(WantedScreen())

    # -- evidence -------------------------------------------------------------------------------

    def edit_evidence(self) -> None:
        evidence = self.screen.evidence_item(self.screen.selected_evidence)
        if evidence is None:
            self.screen.notify("Select an evidence item first.", timeout=2)
            return
        derived = (
            f"e{evidence.derived_from_evidence_id}"
            if evidence.derived_from_evidence_id
            else f"h{evidence.derived_from_hop_id}"
            if evidence.derived_from_hop_id
            else ""
        )
        current = EvidenceForm(
            evidence.url,
            evidence.title,
            evidence.excerpt,
            evidence.kind,
            evidence.reliability,
            evidence.credibility,
            evidence.relevance,
            derived,
            editing=evidence.id,
        )
        self.screen.ask_and_apply(EvidenceScreen(current, self.sources(except_id=evidence.id)))

    def sources(self, except_id: int | None = None) -> list[tuple[Content, str]]:
        """What an evidence item may derive from: other items, or a hop of the chain.
        Labels are Content: a Select would read a plain string as markup."""
        record = self.screen.record
        if record is None:
            return []
        items = [
            (safe(f"evidence #{e.id}: {e.title[:50]}"), f"e{e.id}")
            for e in record.evidence
            if e.id != except_id
        ]
        hops = [
            (safe(f"custody hop {h.position}: {h.actor[:50]}"), f"h{h.id}") for h in record.custody
        ]
        return items + hops

    # -- export ---------------------------------------------------------------------------------

    def export(self) -> None:
        from deskcheck.ui.dialogs.export import ExportScreen

        if self.screen.desk_app.refuse_host_files("an export writes a file"):
            return
        self.screen.ask(ExportScreen(self.screen.claim_id), self._export)

    def _export(self, form: Any, replace: bool = False) -> None:
        claim_id = self.screen.claim_id
        self.screen.run_worker(
            lambda: self._write_export(claim_id, form, replace),
            name="_export",
            group="write",
            thread=True,
            exit_on_error=False,
        )

    def _write_export(self, claim_id: int, form: Any, replace: bool) -> None:
        """On a worker thread: the file written, or the reason it was not."""
        from pathlib import Path

        from deskcheck.work.exports import FileExists, export_to_file

        screen = self.screen
        try:
            made = export_to_file(
                screen.desk,
                [claim_id],
                form.format,
                Path(form.path),
                force=form.force,
                replace=replace,
                beside_desk=True,
            )
        except FileExists:
            screen.app.call_from_thread(self._ask_replace, form)
            return
        except (DeskError, OSError) as error:
            screen.post_message(WriteFailed(f"Export failed: {error}"))
            return
        advice = f" ({'; '.join(made.problems)})" if made.problems else ""
        screen.post_message(Recorded(f"Wrote {made.path}{advice}", claim_id))

    def _ask_replace(self, form: Any) -> None:
        """The file is there already: ask before replacing it (the form's path as typed)."""
        from deskcheck.ui.dialogs.publish import ReplaceFileScreen

        def answered(replace: bool | None) -> None:
            if replace:
                self._export(form, True)

        self.screen.app.push_screen(ReplaceFileScreen(form.path), answered)
