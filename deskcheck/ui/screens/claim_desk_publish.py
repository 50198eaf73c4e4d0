"""Publishing from the claim desk (`p`): where to write the page; the newsroom's identity
at the first publication on a desk that has only the sample's; the page as a reader will
see it, with what the publisher should know (a lead is offered to publish anyway); then the
file is written and the publication recorded. Every desk call runs in a worker.

``Publishing`` is held by the claim desk, whose `p` forwards to it."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

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

if TYPE_CHECKING:
    from deskcheck.ui.screens.desk_screen import DeskScreen


class Publishing:
    def __init__(self, screen: DeskScreen) -> None:
        self.screen = screen

    def _in_worker(self, name: str, call: Callable[[], None]) -> None:
        self.screen.run_worker(call, name=name, group="write", thread=True, exit_on_error=False)

    def publish(self) -> None:
        screen = self.screen
        if screen.desk_app.refuse_host_files("publishing writes a file"):
            return
        assert screen.claim_id is not None
        screen.ask(PublishScreen(screen.claim_id), self._prepare_page)

    def _prepare_page(
        self, form: PublishForm, organisation: OrganisationForm | None = None
    ) -> None:
        claim_id = self.screen.claim_id
        assert claim_id is not None
        self._in_worker("_prepare_page", lambda: self._draft(claim_id, form, organisation))

    def _draft(
        self, claim_id: int, form: PublishForm, organisation: OrganisationForm | None
    ) -> None:
        from deskcheck.work.publishing import draft_page, organisation_needed, set_organisation

        screen = self.screen
        try:
            if organisation is not None:
                set_organisation(screen.desk, organisation.as_setting())
            elif organisation_needed(screen.desk):
                current = screen.desk.setting("organisation")
                screen.app.call_from_thread(self._ask_organisation, form, current)
                return
            # a lead is drafted too: the preview says it is not a finding, and asks
            draft = draft_page(screen.desk, claim_id, form.format, force=True)
        except DeskError as error:
            screen.post_message(WriteFailed(f"Not published: {error}"))
            return
        screen.app.call_from_thread(self._preview, form, draft)

    def _ask_organisation(self, form: PublishForm, current: Any) -> None:
        def answered(organisation: OrganisationForm | None) -> None:
            if organisation is not None:
                self._prepare_page(form, organisation)

        shown = current if isinstance(current, dict) else None
        self.screen.app.push_screen(OrganisationScreen(shown), answered)

    def _preview(self, form: PublishForm, draft: Any) -> None:
        def answered(publish: bool | None) -> None:
            if publish:
                self._write_page(form, draft)

        screen = PagePreviewScreen(
            draft.markdown, draft.problems, lead=draft.lead, act=draft.act, where=form.path
        )
        self.screen.app.push_screen(screen, answered)

    def _write_page(self, form: PublishForm, draft: Any, replace: bool = False) -> None:
        self._in_worker("_write_page", lambda: self._write_file(form, draft, replace))

    def _write_file(self, form: PublishForm, draft: Any, replace: bool) -> None:
        from deskcheck.work.exports import FileExists, export_path, write_file
        from deskcheck.work.publishing import publication_words, publish_draft

        screen = self.screen
        try:
            written = write_file(
                export_path(screen.desk, form.path, form.path, beside_desk=True),
                draft.text,
                replace=replace,
            )
            publication = publish_draft(screen.desk, draft)
        except FileExists:
            screen.app.call_from_thread(self._ask_replace_page, form, draft)
            return
        except (DeskError, OSError) as error:
            screen.post_message(WriteFailed(f"Not published: {error}"))
            return
        screen.post_message(
            Recorded(f"Wrote {written}: {publication_words(publication, draft)}", draft.claim_id)
        )

    def _ask_replace_page(self, form: PublishForm, draft: Any) -> None:
        def answered(replace: bool | None) -> None:
            if replace:
                self._write_page(form, draft, True)

        self.screen.app.push_screen(ReplaceFileScreen(form.path), answered)
