"""Write a revision note: its newsroom kind, what was wrong, what is right, whether the
verdict changes (a change records a new decision with the note as its rationale), and
whether readers see it on the published page (public) or it stays on the desk (internal,
the default: nothing reaches readers unless the reviewer says so)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.widgets import Input, Label, Select, TextArea

from deskcheck.domain.models import Verdict
from deskcheck.domain.vocabulary import PUBLIC_NOTE_KINDS, REVISION_NOTE_KINDS
from deskcheck.ui.dialogs.form_screen import FormError, FormScreen
from deskcheck.ui.safe import safe

KIND_HELP = {
    "correction": "correction: a factual error",
    "clarification": "clarification: accurate but unclear",
    "update": "update: new information",
    "refile": "refile: a minor fix (typo, wording)",
    "withdrawal": "withdrawal: the check cannot stand",
    "outdated": "outdated: later events overtook it",
}


@dataclass(frozen=True)
class RevisionNoteForm:
    kind: str
    what_was_wrong: str
    what_is_right: str
    new_verdict: str | None
    public: bool = False

    @property
    def what(self) -> str:
        shown = "public" if self.public else "internal"
        return f"Revision note recorded: {self.kind} ({shown})"


class RevisionNoteScreen(FormScreen[RevisionNoteForm]):
    TITLE_TEXT = "Revision note"

    def __init__(self, verdicts: list[Verdict], current: str | None) -> None:
        super().__init__()
        self.verdicts = verdicts
        self.current = current

    def fields(self) -> ComposeResult:
        yield Label("Kind")
        yield Select(
            [(KIND_HELP[k], k) for k in REVISION_NOTE_KINDS],
            id="kind",
            value="update",
            allow_blank=False,
        )
        yield Label("What was wrong (or missing)")
        yield Input(id="wrong")
        yield Label("What is right now (required)")
        yield TextArea(id="right", classes="short-area")
        yield Label(safe(f"Verdict after the note (now: {self.current or 'none'})"))
        yield Select(
            [(safe(f"unchanged ({self.current or 'none'})"), "")]
            + [(safe(f"{v.label} ({v.name})"), v.name) for v in self.verdicts],
            id="verdict",
            value="",
            allow_blank=False,
        )
        yield Label("Who sees it")
        yield Select(
            [
                ("internal: on the desk and in the desk note only", "internal"),
                ("public: readers see it on the published page, with its date", "public"),
            ],
            id="audience",
            value="internal",
            allow_blank=False,
        )

    def result(self) -> RevisionNoteForm:
        kind, public = self.value("kind"), self.value("audience") == "public"
        if public and kind not in PUBLIC_NOTE_KINDS:
            raise FormError(
                f"a {kind} note stays on the desk: make it internal, or choose another kind",
                field="audience",
            )
        return RevisionNoteForm(
            kind,
            self.value("wrong"),
            self.required("right", "what is right"),
            self.value("verdict") or None,
            public,
        )
