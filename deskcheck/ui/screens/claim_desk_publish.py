"""Publishing from the claim desk (`p`): where to write the page; the newsroom's identity
at the first publication on a desk that has only the sample's; the page as a reader will
see it, with what the publisher should know (a lead is offered to publish anyway); then the
file is written and the publication recorded. Every desk call runs in a worker."""

from __future__ import annotations

from typing import Any

from textual import work

from deskcheck.domain.errors import DeskError
from deskcheck.ui.dialogs.publish import (
    OrganisationForm,
    OrganisationScreen,
    PagePreviewScreen,
    PublishForm,
    PublishScreen,
    ReplaceFileScreen,
)
from deskcheck.ui.messages import Recorded, WriteFailed
from deskcheck.ui.screens.desk_screen import DeskScreen


class PublishActs(DeskScreen):
    def action_publish(self) -> None:
        if self.desk_app.refuse_host_files("publishing writes a file"):
            return
        assert self.claim_id is not None
        self._ask(PublishScreen(self.claim_id), self._prepare_page)

    @work(thread=True, group="write", exit_on_error=False)
    def _prepare_page(
        self, form: PublishForm, organisation: OrganisationForm | None = None
    ) -> None:
        from deskcheck.work.publishing import draft_page, organisation_needed, set_organisation

        claim_id = self.claim_id
        assert claim_id is not None
        try:
            if organisation is not None:
                set_organisation(self.desk, organisation.as_setting())
            elif organisation_needed(self.desk):
                current = self.desk.setting("organisation")
                self.app.call_from_thread(self._ask_organisation, form, current)
                return
            # a lead is drafted too: the preview says it is not a finding, and asks
            draft = draft_page(self.desk, claim_id, form.format, force=True)
        except DeskError as error:
            self.post_message(WriteFailed(f"Not published: {error}"))
            return
        self.app.call_from_thread(self._preview, form, draft)

    def _ask_organisation(self, form: PublishForm, current: Any) -> None:
        def answered(organisation: OrganisationForm | None) -> None:
            if organisation is not None:
                self._prepare_page(form, organisation)

        shown = current if isinstance(current, dict) else None
        self.app.push_screen(OrganisationScreen(shown), answered)

    def _preview(self, form: PublishForm, draft: Any) -> None:
        def answered(publish: bool | None) -> None:
            if publish:
                self._write_page(form, draft)

        screen = PagePreviewScreen(
            draft.markdown, draft.problems, lead=draft.lead, act=draft.act, where=form.path
        )
        self.app.push_screen(screen, answered)

    @work(thread=True, group="write", exit_on_error=False)
    def _write_page(self, form: PublishForm, draft: Any, replace: bool = False) -> None:
        from deskcheck.work.exports import FileExists, export_path, write_file
        from deskcheck.work.publishing import publication_words, publish_draft

        try:
            written = write_file(
                export_path(self.desk, form.path, form.path, beside_desk=True),
                draft.text,
                replace=replace,
            )
            publication = publish_draft(self.desk, draft)
        except FileExists:
            self.app.call_from_thread(self._ask_replace_page, form, draft)
            return
        except (DeskError, OSError) as error:
            self.post_message(WriteFailed(f"Not published: {error}"))
            return
        self.post_message(
            Recorded(f"Wrote {written}: {publication_words(publication, draft)}", draft.claim_id)
        )

    def _ask_replace_page(self, form: PublishForm, draft: Any) -> None:
        def answered(replace: bool | None) -> None:
            if replace:
                self._write_page(form, draft, True)

        self.app.push_screen(ReplaceFileScreen(form.path), answered)
