"""What each claim-desk form's answer records, through the work layer (one door).

The forms (``ui.dialogs``) return plain answers and never touch the desk; the claim desk
hands an answer here, in its write worker, and this says which act of the work layer
records it. The work layer applies the rules a reviewer's input must pass (the URL rule,
grades, times) whether the act came from here or from the command line.
"""

from __future__ import annotations

from functools import singledispatch
from typing import TYPE_CHECKING

from deskcheck.domain.claim_parts import (
    NewHop,
    NewInterpretation,
    NewRevisionNote,
    NewTrigger,
    NewWanted,
)
from deskcheck.ui.dialogs.custody_hop import CustodyHopForm
from deskcheck.ui.dialogs.evidence import EvidenceForm, derived_from_fields
from deskcheck.ui.dialogs.interpretation import InterpretationForm
from deskcheck.ui.dialogs.revision_note import RevisionNoteForm
from deskcheck.ui.dialogs.trigger import TriggerForm
from deskcheck.ui.dialogs.wanted import WantedForm
from deskcheck.work import claim_parts

if TYPE_CHECKING:
    from deskcheck.data import Desk


# each act is registered by its form's class, not read from the annotations: those name the
# Desk, which this module imports only for the type checker
@singledispatch
def record_form(form: object, desk: Desk, claim_id: int) -> object:
    raise TypeError(f"no act records a {type(form).__name__} on a claim")


@record_form.register(CustodyHopForm)
def _(form: CustodyHopForm, desk: Desk, claim_id: int) -> object:
    grade = f"{form.reliability}{form.credibility}"
    return claim_parts.add_hop(desk, claim_id, NewHop(form.actor, form.kind, form.url, grade=grade))


@record_form.register(EvidenceForm)
def _(form: EvidenceForm, desk: Desk, claim_id: int) -> object:
    """An edit (a new item is added and fetched by the claim desk's own worker)."""
    from deskcheck.work.evidence import edit_evidence  # the fetch stack: in the write worker

    assert form.editing is not None
    edit_evidence(
        desk,
        form.editing,
        url=form.url,
        title=form.title,
        excerpt=form.excerpt,
        kind=form.kind,
        reliability=form.reliability,
        credibility=form.credibility,
        relevance=form.relevance,
        **derived_from_fields(form.derived_from),
    )
    return None


@record_form.register(InterpretationForm)
def _(form: InterpretationForm, desk: Desk, claim_id: int) -> object:
    if form.editing is not None:
        claim_parts.edit_interpretation(
            desk,
            form.editing,
            label=form.label,
            statement=form.statement,
            implications=form.implications,
        )
        return None
    new = NewInterpretation(form.label, form.statement, form.implications, form.catch_all)
    return claim_parts.add_interpretation(desk, claim_id, new)


@record_form.register(RevisionNoteForm)
def _(form: RevisionNoteForm, desk: Desk, claim_id: int) -> object:
    note = NewRevisionNote(
        form.kind,
        form.what_is_right,
        what_was_wrong=form.what_was_wrong,
        new_verdict=form.new_verdict,
        public=form.public,
    )
    return claim_parts.add_revision_note(desk, claim_id, note)


@record_form.register(TriggerForm)
def _(form: TriggerForm, desk: Desk, claim_id: int) -> object:
    return claim_parts.arm_trigger(desk, claim_id, NewTrigger(form.condition, form.url))


@record_form.register(WantedForm)
def _(form: WantedForm, desk: Desk, claim_id: int) -> object:
    return claim_parts.want_evidence(desk, claim_id, NewWanted(form.description, form.would_settle))
