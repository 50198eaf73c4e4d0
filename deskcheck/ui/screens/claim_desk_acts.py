"""The claim desk's acts: each key opens a form, and the form's answer records itself
(``apply``) through the guarded write of ``DeskScreen``; adding evidence by URL is fetched
in the background. Marks (`1`–`6`) are recorded at once, without a form.

``ClaimDeskScreen`` (claim_desk.py) adds the layout, loading, selection and movement.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import work
from textual.content import Content
from textual.widgets import Static

from deskcheck.analysis.claim_analysis import Analysis
from deskcheck.domain.errors import DeskError
from deskcheck.domain.models import ClaimRecord, Evidence, Verdict
from deskcheck.ui.dialogs.custody_hop import CustodyHopScreen
from deskcheck.ui.dialogs.decision import DecisionForm, DecisionScreen
from deskcheck.ui.dialogs.evidence import EvidenceForm, EvidenceScreen, derived_from_fields
from deskcheck.ui.dialogs.interpretation import InterpretationForm, InterpretationScreen
from deskcheck.ui.dialogs.revision_note import RevisionNoteScreen
from deskcheck.ui.dialogs.trigger import TriggerScreen
from deskcheck.ui.dialogs.wanted import WantedScreen
from deskcheck.ui.messages import FetchProgress, Recorded, WriteFailed
from deskcheck.ui.safe import safe
from deskcheck.ui.screens.claim_desk_publish import PublishActs
from deskcheck.ui.widgets.evidence_marks import EvidenceMarks, MarkList
from deskcheck.work.claim_parts import mark_evidence
from deskcheck.work.decisions import confirm, decide
from deskcheck.work.similar import Starting


class ClaimDeskActs(PublishActs):  # publishing (`p`) lives in claim_desk_publish
    def __init__(self, claim_id: int) -> None:
        super().__init__(claim_id)
        self.claim_id: int = claim_id
        self.record: ClaimRecord | None = None
        self.analysis: Analysis | None = None
        self.verdicts: list[Verdict] = []
        self.selected_evidence: int | None = None
        # (claim, URL) → stage: the claim desk is kept and shows one claim after another,
        # while a fetch runs on for the claim it was added to
        self.fetching: dict[tuple[int, str], str] = {}
        self.last_mark: tuple[int, int, str] | None = None  # for `'`: its reason
        self.rating = False  # rating mode: each mark moves on to the next unrated pair

    @property
    def place(self) -> str:
        """Where the claim desk is in the queue, for the status line."""
        return ""

    @property
    def focus_column(self) -> int:
        """The interpretation `h`/`l` moved to: the one marks are given against."""
        return self.query_one(EvidenceMarks).focused

    def _evidence(self, evidence_id: int | None) -> Evidence | None:
        if self.record is None or evidence_id is None:
            return None
        return next((e for e in self.record.evidence if e.id == evidence_id), None)

    # -- decisions ----------------------------------------------------------------------------

    def action_confirm(self) -> None:
        """The second reviewer confirms a decision for publication (the two-person rule)."""
        claim_id = self.claim_id
        self.write_now("Decision confirmed for publication", lambda d: confirm(d, claim_id))

    def action_decide(self) -> None:
        self.offer_decision(None)

    def offer_decision(self, starting: Starting | None) -> None:
        """The decision form; ``starting``: an earlier check's verdict and rationale, filled
        in for the reviewer to change or keep (nothing is recorded until they do)."""
        if self.record is None:
            return
        record = self.record

        def record_decision(form: DecisionForm) -> None:
            # the work layer's decide: it refuses a verdict the analysis does not support
            # unless the form says why (which a dialog could not check on its own)
            self._write(
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

        self._ask(
            DecisionScreen(
                record.text,
                self.verdicts,
                record.verdict,
                self.analysis,
                starting=(starting.verdict, starting.rationale, starting.source)
                if starting
                else None,
            ),
            record_decision,
        )

    def action_revision_note(self) -> None:
        if self.record is not None:
            self.ask_and_apply(RevisionNoteScreen(self.verdicts, self.record.verdict))

    def action_trigger(self) -> None:
        self.ask_and_apply(TriggerScreen())

    # -- interpretations, custody, wanted -------------------------------------------------------

    def action_add_interpretation(self) -> None:
        self.ask_and_apply(InterpretationScreen())

    def action_edit_interpretation(self) -> None:
        if self.record is None or not self.record.interpretations:
            return
        item = self.record.interpretations[self.focus_column]
        current = InterpretationForm(item.label, item.statement, item.implications, editing=item.id)
        self.ask_and_apply(InterpretationScreen(current))

    def action_add_custody_hop(self) -> None:
        self.ask_and_apply(CustodyHopScreen())

    def action_want_evidence(self) -> None:
        self.ask_and_apply(WantedScreen())

    # -- evidence -------------------------------------------------------------------------------

    def action_edit_evidence(self) -> None:
        evidence = self._evidence(self.selected_evidence)
        if evidence is None:
            self.notify("Select an evidence item first.", timeout=2)
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
        self.ask_and_apply(EvidenceScreen(current, self._sources(except_id=evidence.id)))

    def _sources(self, except_id: int | None = None) -> list[tuple[Content, str]]:
        """What an evidence item may derive from: other items, or a hop of the chain.
        Labels are Content: a Select would read a plain string as markup."""
        if self.record is None:
            return []
        items = [
            (safe(f"evidence #{e.id}: {e.title[:50]}"), f"e{e.id}")
            for e in self.record.evidence
            if e.id != except_id
        ]
        hops = [
            (safe(f"custody hop {h.position}: {h.actor[:50]}"), f"h{h.id}")
            for h in self.record.custody
        ]
        return items + hops

    # -- marks: recorded at once, then on to the next pair ---------------------------------------

    def _mark_of(self, evidence: Evidence, interpretation_id: int) -> str | None:
        marked = self.query_one(MarkList).marked
        return marked.get((evidence.id, interpretation_id)) or evidence.mark_for(interpretation_id)

    def action_rate(self, mark: str) -> None:
        """Record ``mark`` for the selected evidence against the focused interpretation,
        show it in place, and move on (across: the same item against the next
        interpretation, then the next item; in rating mode, the next pair not rated yet).
        A reason is optional: `'`."""
        marks = self.query_one(EvidenceMarks)
        evidence = self._evidence(marks.marks.evidence_id)
        if evidence is None or self.record is None or not self.record.interpretations:
            self.notify(
                "Select an evidence item (j/k) and an interpretation (h/l) to mark it.",
                timeout=3,
            )
            return
        interpretation_id = self.record.interpretations[marks.focused].id
        marks.show_mark(evidence, interpretation_id, mark)
        self.last_mark = (evidence.id, interpretation_id, mark)
        self.write_now(
            f"Marked {mark}: {evidence.title[:40]}",
            lambda d: mark_evidence(d, evidence.id, interpretation_id, mark),
            quiet=True,
        )
        self._move_after_mark()

    def _pairs_across(self) -> list[tuple[int, int]]:
        """Every (item row, column) in rating order: each item against every interpretation."""
        assert self.record is not None
        columns = len(self.record.interpretations)
        return [
            (row, column) for row in range(len(self.record.evidence)) for column in range(columns)
        ]

    def _move_after_mark(self) -> None:
        marks = self.query_one(EvidenceMarks)
        row = marks.marks.highlighted
        if row is None or self.record is None:
            return
        pairs = self._pairs_across()
        here = pairs.index((row, marks.focused))
        following = pairs[here + 1 :]
        if self.rating:
            following = [p for p in following + pairs[:here] if self._unrated(*p)]
            if not following:
                self.stop_rating(f"Every pair is rated ({len(pairs)}).")
                return
        if following:
            self._go_to_pair(*following[0])
        self._show_rating_state()

    def _unrated(self, row: int, column: int) -> bool:
        """From the claim as read and the marks given since: no query of the screen per
        pair (a claim of 200 items × 8 interpretations has 1,600)."""
        assert self.record is not None
        interpretation_id = self.record.interpretations[column].id
        return self._mark_of(self.record.evidence[row], interpretation_id) is None

    def _go_to_pair(self, row: int, column: int) -> None:
        """Select the pair now, before the next key is handled."""
        marks = self.query_one(EvidenceMarks)
        moved = column != marks.focused
        marks.go_to(row, column)
        self.set_focus(marks.marks)
        if moved:
            self._show_interpretation()

    def _show_interpretation(self) -> None:
        """The interpretation list and text (the claim desk lays them out)."""

    def action_rating_mode(self) -> None:
        """Walk every evidence × interpretation pair not rated yet."""
        if self.record is None or not self.record.interpretations or not self.record.evidence:
            self.notify("Nothing to rate: add an interpretation and evidence first.", timeout=3)
            return
        unrated = [p for p in self._pairs_across() if self._unrated(*p)]
        if not unrated:
            self.notify("Every pair is rated: 1–6 change the selected mark.", timeout=3)
            return
        self.rating = True
        self._go_to_pair(*unrated[0])
        self._show_rating_state()

    def stop_rating(self, why: str = "Rating mode off.") -> None:
        self.rating = False
        self.notify(why, timeout=3)
        self._show_rating_state()

    def _show_rating_state(self) -> None:
        """Rating mode and what is left, in the status line."""
        if self.record is None:
            return
        state = ""
        if self.rating:  # counted only when shown
            left = sum(self._unrated(*p) for p in self._pairs_across())
            # what stops it first: at 80 columns the line's end is cut
            state = (
                f" · RATING: {left} pair{'s' if left != 1 else ''} left · esc stops"
                " · 1–6 mark it, next · ' why"
            )
        self.show_status(f"claim {self.claim_id}{state}{self.place}")

    def action_reason(self) -> None:
        """`'`: a reason for the mark just given (optional)."""
        if self.last_mark is None or self.record is None:
            self.notify("Mark an item first (1–6); then ' adds why.", timeout=3)
            return
        evidence_id, interpretation_id, mark = self.last_mark
        evidence = self._evidence(evidence_id)
        interpretation = next(
            (i for i in self.record.interpretations if i.id == interpretation_id), None
        )
        if evidence is None or interpretation is None:
            return
        self.ask_mark_reason(evidence, interpretation, mark)

    # -- export ---------------------------------------------------------------------------------

    def action_export(self) -> None:
        from deskcheck.ui.dialogs.export import ExportScreen

        if self.desk_app.refuse_host_files("an export writes a file"):
            return
        self._ask(ExportScreen(self.claim_id), self._export)

    @work(thread=True, group="write", exit_on_error=False)
    def _export(self, form: Any, replace: bool = False) -> None:
        from pathlib import Path

        from deskcheck.work.exports import FileExists, export_to_file

        try:
            made = export_to_file(
                self.desk,
                [self.claim_id],
                form.format,
                Path(form.path),
                force=form.force,
                replace=replace,
                beside_desk=True,
            )
        except FileExists:
            self.app.call_from_thread(self._ask_replace, form, self._export)
            return
        except (DeskError, OSError) as error:
            self.post_message(WriteFailed(f"Export failed: {error}"))
            return
        advice = f" ({'; '.join(made.problems)})" if made.problems else ""
        self.post_message(Recorded(f"Wrote {made.path}{advice}", self.claim_id))

    def _ask_replace(self, form: Any, write: Callable[..., object]) -> None:
        """The file is there already: ask before replacing it (the form's path as typed)."""
        from deskcheck.ui.dialogs.publish import ReplaceFileScreen

        def answered(replace: bool | None) -> None:
            if replace:
                write(form, True)

        self.app.push_screen(ReplaceFileScreen(form.path), answered)

    # -- adding evidence by URL: fetched in the background ----------------------------------------

    def action_add_evidence(self) -> None:
        claim_id = self.claim_id

        def add(form: EvidenceForm) -> None:
            self._add_and_fetch(claim_id, form)

        self._ask(EvidenceScreen(sources=self._sources()), add)

    @work(thread=True, group="fetch", exit_on_error=False)
    def _add_and_fetch(self, claim_id: int, form: EvidenceForm) -> None:
        from deskcheck.work.evidence import NewEvidence, add_evidence

        derived = derived_from_fields(form.derived_from)
        item = NewEvidence(
            form.url,
            form.title,
            form.excerpt,
            form.kind,
            form.reliability,
            form.credibility,
            form.relevance,
            derived_from_evidence_id=derived["derived_from_evidence_id"],
            derived_from_hop_id=derived["derived_from_hop_id"],
        )

        def added(_evidence_id: int) -> None:
            self.post_message(Recorded("Evidence added", claim_id))
            if form.url:
                self.post_message(FetchProgress(form.url, "fetching", claim_id))

        try:
            result = add_evidence(
                self.desk,
                claim_id,
                item,
                added=added,
                base_limits=self.desk_app.fetch_limits,
                typed_here=not self.desk_app.served,
            )
        except DeskError as error:
            self.post_message(WriteFailed(str(error)))
            if form.url:
                self.post_message(FetchProgress(form.url, "refused", claim_id))
            return
        except Exception as error:  # the fetch line must not say "fetching" forever
            from deskcheck.work.errorlog import log_exception

            path = log_exception(error, f"adding evidence {form.url}")
            self.post_message(
                WriteFailed(f"Adding {form.url} failed: {type(error).__name__} (see {path})")
            )
            if form.url:
                self.post_message(FetchProgress(form.url, "failed", claim_id))
            return
        if form.url:
            self.post_message(FetchProgress(form.url, result.outcome, claim_id))
            self.post_message(Recorded(f"Fetched {form.url}: {result.outcome}", claim_id))

    def on_fetch_progress(self, message: FetchProgress) -> None:
        key = (message.claim_id, message.url)
        if message.stage == "fetching":
            self.fetching[key] = message.stage
        else:
            self.fetching.pop(key, None)
        self.show_fetches()

    def show_fetches(self) -> None:
        """The line of the fetches still running for the claim shown (not another's)."""
        urls = [url for claim_id, url in self.fetching if claim_id == self.claim_id]
        line = self.query_one("#fetches", Static)
        line.display = bool(urls)
        line.update(
            safe(
                f"⟳ fetching {len(urls)} URL{'s' if len(urls) > 1 else ''}: " + ", ".join(urls),
                "$accent",
            )
        )
