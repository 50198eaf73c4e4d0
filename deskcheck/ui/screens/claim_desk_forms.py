"""The claim desk's recording half: each key opens a form, and what the form says is
recorded through the work layer (or one Desk call) in a worker, unless another reviewer
recorded on the claim since the form opened: then their change is shown first.

``ClaimDeskScreen`` (claim_desk.py) adds the layout, loading, selection and movement.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual import work
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from deskcheck.analysis.claim_analysis import Analysis
from deskcheck.data import Desk
from deskcheck.domain.errors import DeskError
from deskcheck.domain.models import ClaimRecord, Evidence, Verdict
from deskcheck.domain.untrusted import make_visible
from deskcheck.domain.vocabulary import ASSESSMENT_MARKS, MARK_MEANING
from deskcheck.ui.dialogs.decision import DecisionForm, DecisionScreen
from deskcheck.ui.dialogs.forms import (
    CustodyHopForm,
    CustodyHopScreen,
    EvidenceForm,
    EvidenceScreen,
    InterpretationForm,
    InterpretationScreen,
    ReasonScreen,
    TriggerForm,
    TriggerScreen,
    WantedForm,
    WantedScreen,
)
from deskcheck.ui.dialogs.revision_note import RevisionNoteForm, RevisionNoteScreen
from deskcheck.ui.messages import ChangedMeanwhile, FetchProgress, Recorded, WriteFailed
from deskcheck.ui.safe import safe
from deskcheck.ui.widgets.interpretation_column import EvidenceList
from deskcheck.work.decisions import confirm, decide
from deskcheck.work.similar import Starting

if TYPE_CHECKING:
    from deskcheck.ui.app import DeskApp

MARK_KEYS = dict(zip("123456", ASSESSMENT_MARKS, strict=True))


def derived_from_fields(choice: str) -> dict[str, int | None]:
    """The form's "derives from" choice ("e12", "h3" or "") as evidence fields."""
    return {
        "derived_from_evidence_id": int(choice[1:]) if choice.startswith("e") else None,
        "derived_from_hop_id": int(choice[1:]) if choice.startswith("h") else None,
    }


class ClaimDeskForms(Screen[None]):
    def __init__(self, claim_id: int) -> None:
        super().__init__()
        self.claim_id = claim_id
        self.record: ClaimRecord | None = None
        self.analysis: Analysis | None = None
        self.verdicts: list[Verdict] = []
        self.selected_evidence: int | None = None
        self.focus_column = 0
        self.fetching: dict[str, str] = {}
        self.loaded_seq = 0  # the head of the event log when the claim was last read
        self._asked_seq = 0  # … when the open form was opened

    @property
    def desk_app(self) -> DeskApp:
        return self.app  # type: ignore[return-value]

    @property
    def desk(self) -> Desk:
        assert self.desk_app.desk is not None
        return self.desk_app.desk

    def load(self) -> None:
        """Read the claim again (the screen's own: see ``ClaimDeskScreen``)."""
        raise NotImplementedError

    def _evidence(self, evidence_id: int | None) -> Evidence | None:
        if self.record is None or evidence_id is None:
            return None
        return next((e for e in self.record.evidence if e.id == evidence_id), None)

    def action_confirm(self) -> None:
        """The second reviewer confirms a decision for publication (the two-person rule)."""
        claim_id = self.claim_id
        self._asked_seq = self.loaded_seq
        self._write("Decision confirmed for publication", lambda d: confirm(d, claim_id))

    def action_export(self) -> None:
        from deskcheck.ui.dialogs.forms import ExportScreen

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
            )
        except FileExists:
            self.app.call_from_thread(self._ask_replace, form, self._export)
            return
        except (DeskError, OSError) as error:
            self.post_message(WriteFailed(f"Export failed: {error}"))
            return
        advice = f" ({'; '.join(made.problems)})" if made.problems else ""
        self.post_message(Recorded(f"Wrote {made.path}{advice}", self.claim_id))

    def action_publish(self) -> None:
        from deskcheck.ui.dialogs.publish import PublishScreen

        if self.desk_app.refuse_host_files("publishing writes a file"):
            return
        self._ask(PublishScreen(self.claim_id), self._publish)

    @work(thread=True, group="write", exit_on_error=False)
    def _publish(self, form: Any, replace: bool = False) -> None:
        from deskcheck.work.exports import FileExists, export_path, publish_claim, write_file

        try:
            path = export_path(self.desk, form.path, form.path)
            made = publish_claim(self.desk, self.claim_id, form.format, force=form.force)
            written = write_file(path, made.text, replace=replace)
        except FileExists:
            self.app.call_from_thread(self._ask_replace, form, self._publish)
            return
        except (DeskError, OSError) as error:
            self.post_message(WriteFailed(f"Not published: {error}"))
            return
        self.post_message(Recorded(f"Published to {written}", self.claim_id))

    def _ask_replace(self, form: Any, write: Callable[..., object]) -> None:
        """The file is there already: ask before replacing it (the form's path as typed)."""
        from deskcheck.ui.dialogs.publish import ReplaceFileScreen

        def answered(replace: bool | None) -> None:
            if replace:
                write(form, True)

        self.app.push_screen(ReplaceFileScreen(form.path), answered)

    # -- writing ------------------------------------------------------------------------------

    def _write(self, what: str, call: Callable[[Desk], Any]) -> None:
        """Record what a form asked for, unless someone else recorded on this claim since the
        form was opened: then their change is shown first and the reviewer chooses."""
        self._write_unless_changed(self._asked_seq, what, call)

    @work(thread=True, group="write", exit_on_error=False)
    def _write_anyway(self, what: str, call: Callable[[Desk], Any]) -> None:
        self._do_write(what, call)

    def _do_write(self, what: str, call: Callable[[Desk], Any]) -> None:
        """The write itself, on a worker thread; the outcome comes back as a message."""
        try:
            call(self.desk)
        except DeskError as error:
            self.post_message(WriteFailed(str(error)))
            return
        self.post_message(Recorded(what, self.claim_id))

    def on_recorded(self, message: Recorded) -> None:
        self.notify(make_visible(message.what), timeout=3, markup=False)
        self.load()

    def on_desk_changed(self) -> None:
        self._refresh_if_touched(self.claim_id, self.loaded_seq)

    @work(thread=True, group="claim-watch", exit_on_error=False)
    def _refresh_if_touched(self, claim_id: int, seen: int) -> None:
        if self.desk.changes_by_others(claim_id, seen):
            self.app.call_from_thread(self.load)

    @work(thread=True, group="write", exit_on_error=False)
    def _write_unless_changed(self, seen: int, what: str, call: Callable[[Desk], Any]) -> None:
        """Write, unless someone else recorded on this claim since the reviewer looked:
        then show what they did first and let the reviewer choose."""
        changes = self.desk.changes_by_others(self.claim_id, seen)
        if changes:
            record = self.desk.claim(self.claim_id)
            self.post_message(ChangedMeanwhile(changes, record, what, call))
            return
        self._do_write(what, call)

    def on_changed_meanwhile(self, message: ChangedMeanwhile) -> None:
        from deskcheck.ui.dialogs.meanwhile import MeanwhileScreen

        def answered(proceed: bool | None) -> None:
            if proceed:
                self._write_anyway(message.what, message.call)
            else:
                self.load()

        self.load()  # the screen beneath shows their change too
        self.app.push_screen(MeanwhileScreen(message.changes, message.record), answered)

    def on_write_failed(self, message: WriteFailed) -> None:
        self.notify(make_visible(message.error), severity="error", markup=False)

    def _ask(self, screen: Any, then: Callable[[Any], object]) -> None:
        self._asked_seq = self.loaded_seq  # what the reviewer had seen when the form opened

        def answered(result: Any) -> None:
            if result is not None:
                then(result)

        self.app.push_screen(screen, answered)

    def action_decide(self) -> None:
        self.offer_decision(None)

    def offer_decision(self, starting: Starting | None) -> None:
        """The decision form; ``starting``: an earlier check's verdict and rationale, filled
        in for the reviewer to change or keep (nothing is recorded until they do)."""
        if self.record is None:
            return
        record = self.record

        def record_decision(form: DecisionForm) -> None:
            self._write(
                f"Decision recorded: {form.verdict}",
                lambda d: decide(
                    d,
                    record.id,
                    form.verdict,
                    form.rationale,
                    confidence=form.confidence,
                    for_publication=form.for_publication,
                    despite=form.despite,
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
        if self.record is None:
            return
        claim_id = self.record.id

        def write_note(form: RevisionNoteForm) -> None:
            self._write(
                f"Revision note recorded: {form.kind}",
                lambda d: d.add_revision_note(
                    claim_id,
                    form.kind,
                    form.what_is_right,
                    what_was_wrong=form.what_was_wrong,
                    new_verdict=form.new_verdict,
                ),
            )

        self._ask(RevisionNoteScreen(self.verdicts, self.record.verdict), write_note)

    def action_trigger(self) -> None:
        claim_id = self.claim_id

        def arm(form: TriggerForm) -> None:
            self._write(
                "Revision trigger armed",
                lambda d: d.add_trigger(claim_id, form.condition, url=form.url),
            )

        self._ask(TriggerScreen(), arm)

    def action_add_interpretation(self) -> None:
        claim_id = self.claim_id

        def add(form: InterpretationForm) -> None:
            self._write(
                f"Interpretation added: {form.label}",
                lambda d: d.add_interpretation(
                    claim_id,
                    form.label,
                    form.statement,
                    implications=form.implications,
                    catch_all=form.catch_all,
                ),
            )

        self._ask(InterpretationScreen(), add)

    def action_edit_interpretation(self) -> None:
        if self.record is None or not self.record.interpretations:
            return
        item = self.record.interpretations[self.focus_column]

        def edit(form: InterpretationForm) -> None:
            self._write(
                f"Interpretation edited: {form.label}",
                lambda d: d.edit_interpretation(
                    item.id,
                    label=form.label,
                    statement=form.statement,
                    implications=form.implications,
                ),
            )

        current = InterpretationForm(item.label, item.statement, item.implications)
        self._ask(InterpretationScreen(current), edit)

    def action_add_custody_hop(self) -> None:
        claim_id = self.claim_id

        def add(form: CustodyHopForm) -> None:
            self._write(
                f"Custody hop added: {form.actor}",
                lambda d: d.add_custody_hop(
                    claim_id,
                    form.actor,
                    form.kind,
                    url=form.url,
                    reliability=form.reliability,
                    credibility=form.credibility,
                ),
            )

        self._ask(CustodyHopScreen(), add)

    def action_want_evidence(self) -> None:
        claim_id = self.claim_id

        def add(form: WantedForm) -> None:
            self._write(
                "Evidence wanted added",
                lambda d: d.want_evidence(
                    claim_id, form.description, would_settle=form.would_settle
                ),
            )

        self._ask(WantedScreen(), add)

    def action_edit_evidence(self) -> None:
        evidence = self._evidence(self.selected_evidence)
        if evidence is None:
            self.notify("Select an evidence item first.", timeout=2)
            return

        def edit(form: EvidenceForm) -> None:
            self._write(
                "Evidence edited",
                lambda d: d.edit_evidence(
                    evidence.id,
                    url=form.url,
                    title=form.title or evidence.title,
                    excerpt=form.excerpt,
                    kind=form.kind,
                    reliability=form.reliability,
                    credibility=form.credibility,
                    relevance=form.relevance,
                    **derived_from_fields(form.derived_from),
                ),
            )

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
        )
        self._ask(EvidenceScreen(current, self._sources(except_id=evidence.id)), edit)

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

    def action_rate(self, mark: str) -> None:
        focused = self.focused
        if (
            not isinstance(focused, EvidenceList)
            or focused.evidence_id is None
            or focused.interpretation_id is None
        ):
            self.notify(
                "Select an evidence item in an interpretation column to rate it.", timeout=3
            )
            return
        evidence = self._evidence(focused.evidence_id)
        interpretation_id = focused.interpretation_id
        record = self.record
        if evidence is None or record is None:
            return
        interpretation = next(i for i in record.interpretations if i.id == interpretation_id)

        def rate(reason: str) -> None:
            self._write(
                f"Rated {mark}: {evidence.title[:40]} against {interpretation.label}",
                lambda d: d.assess(evidence.id, interpretation_id, mark, reason),
            )

        self._ask(
            ReasonScreen(mark, MARK_MEANING[mark], evidence.title, interpretation.label), rate
        )

    # -- adding evidence by URL: fetched in the background ----------------------------------------

    def action_add_evidence(self) -> None:
        claim_id = self.claim_id

        def add(form: EvidenceForm) -> None:
            self._add_and_fetch(claim_id, form)

        self._ask(EvidenceScreen(sources=self._sources()), add)

    @work(thread=True, group="fetch", exit_on_error=False)
    def _add_and_fetch(self, claim_id: int, form: EvidenceForm) -> None:
        from deskcheck.work.evidence import NewEvidence, add_evidence

        item = NewEvidence(
            form.url,
            form.title,
            form.excerpt,
            form.kind,
            form.reliability,
            form.credibility,
            form.relevance,
            **derived_from_fields(form.derived_from),
        )

        def added(_evidence_id: int) -> None:
            self.post_message(Recorded("Evidence added", claim_id))
            if form.url:
                self.post_message(FetchProgress(form.url, "fetching"))

        try:
            result = add_evidence(
                self.desk, claim_id, item, added=added, base_limits=self.desk_app.fetch_limits
            )
        except DeskError as error:
            self.post_message(WriteFailed(str(error)))
            if form.url:
                self.post_message(FetchProgress(form.url, "refused"))
            return
        except Exception as error:  # the fetch line must not say "fetching" forever
            from deskcheck.work.errorlog import log_exception

            path = log_exception(error, f"adding evidence {form.url}")
            self.post_message(
                WriteFailed(f"Adding {form.url} failed: {type(error).__name__} (see {path})")
            )
            if form.url:
                self.post_message(FetchProgress(form.url, "failed"))
            return
        if form.url:
            self.post_message(FetchProgress(form.url, result.outcome))
            self.post_message(Recorded(f"Fetched {form.url}: {result.outcome}", claim_id))

    def on_fetch_progress(self, message: FetchProgress) -> None:
        if message.stage == "fetching":
            self.fetching[message.url] = message.stage
        else:
            self.fetching.pop(message.url, None)
        line = self.query_one("#fetches", Static)
        line.display = bool(self.fetching)
        running = len(self.fetching)
        line.update(
            safe(
                f"⟳ fetching {running} URL{'s' if running > 1 else ''}: "
                + ", ".join(self.fetching),
                "$accent",
            )
        )
