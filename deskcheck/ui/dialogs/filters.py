"""Filter the queue by status, verdict, tag and assignee."""

from __future__ import annotations

from dataclasses import replace

from textual.app import ComposeResult
from textual.widgets import Input, Label, SelectionList
from textual.widgets.selection_list import Selection

from deskcheck.data.read_api import NO_VERDICT, QueueQuery
from deskcheck.domain.vocabulary import CLAIM_STATUSES
from deskcheck.ui.dialogs.form_screen import FormError, FormScreen
from deskcheck.ui.keys import bindings
from deskcheck.ui.safe import safe


class FilterScreen(FormScreen[QueueQuery]):
    TITLE_TEXT = "Filter the queue"
    HINT = (
        "tab: next · {form.save}: apply · {filters.save-named}: apply and save as a named queue"
        " · {form.cancel}: cancel"
    )
    SAVE_WORD = "apply"
    BINDINGS = bindings("form", on="filters")

    def __init__(self, query: QueueQuery, verdicts: list[str]) -> None:
        super().__init__()
        self.current = query
        self.verdicts = verdicts
        self.save_as: str | None = None  # a name to save the queue under, when asked

    def action_save_named(self) -> None:
        from deskcheck.ui.dialogs.workflow import QueueNameScreen

        try:
            query = self.result()
        except FormError as error:
            self.query_one(".form-error", Label).update(str(error))
            return

        def named(name: str | None) -> None:
            if name:
                self.save_as = name
                self.dismiss(query)

        self.app.push_screen(QueueNameScreen(), named)

    def fields(self) -> ComposeResult:
        yield Label("Keep only claims with a ticked status (none ticked: every status)")
        yield SelectionList[str](
            *[
                Selection(safe(s.replace("_", " ")), s, s in self.current.statuses)
                for s in CLAIM_STATUSES
            ],
            id="statuses",
        )
        yield Label("Keep only claims whose latest verdict is ticked (none ticked: any)")
        yield SelectionList[str](
            *[
                Selection(safe(v), v, v in self.current.verdicts)
                for v in [*self.verdicts, NO_VERDICT]
            ],
            id="verdicts",
        )
        yield Label("Keep only claims with this tag (empty: any)")
        yield Input(self.current.tag or "", id="tag")
        yield Label("Keep only claims assigned to (empty: anyone)")
        yield Input(self.current.assignee or "", id="assignee")

    def result(self) -> QueueQuery:
        return replace(
            self.current,
            statuses=tuple(self.query_one("#statuses", SelectionList).selected),
            verdicts=tuple(self.query_one("#verdicts", SelectionList).selected),
            tag=self.value("tag") or None,
            assignee=self.value("assignee") or None,
        )
