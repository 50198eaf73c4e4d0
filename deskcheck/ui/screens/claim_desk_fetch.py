"""Adding evidence on the claim desk (`a`): the item is recorded, and its URL fetched in the
background while the reviewer works on; the fetch line says which fetches are still running
for the claim shown. The claim desk is kept and shows one claim after another, while a fetch
runs on for the claim it was added to: its outcome is said as about that claim.

``EvidenceFetches`` owns the fetches still running; the claim desk holds one, forwards `a`
and the ``FetchProgress`` messages to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import Static

from deskcheck.domain.errors import DeskError
from deskcheck.ui.dialogs.evidence import EvidenceForm, EvidenceScreen, derived_from_fields
from deskcheck.ui.messages import FetchProgress, Recorded, WriteFailed
from deskcheck.ui.safe import safe

if TYPE_CHECKING:
    from deskcheck.ui.screens.claim_desk import ClaimDeskScreen


class EvidenceFetches:
    def __init__(self, screen: ClaimDeskScreen) -> None:
        self.screen = screen
        self.fetching: dict[tuple[int, str], str] = {}  # (claim, URL) → stage

    def add(self) -> None:
        screen = self.screen
        claim_id = screen.claim_id

        def add(form: EvidenceForm) -> None:
            screen.run_worker(
                lambda: self._add_and_fetch(claim_id, form),
                name="_add_and_fetch",
                group="fetch",
                thread=True,
                exit_on_error=False,
            )

        screen.ask(EvidenceScreen(sources=screen.forms.sources()), add)

    def _add_and_fetch(self, claim_id: int, form: EvidenceForm) -> None:
        """On a worker thread: the item added, then its URL fetched; each step a message."""
        from deskcheck.work.evidence import NewEvidence, add_evidence

        screen = self.screen
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
            screen.post_message(Recorded("Evidence added", claim_id))
            if form.url:
                screen.post_message(FetchProgress(form.url, "fetching", claim_id))

        try:
            result = add_evidence(
                screen.desk,
                claim_id,
                item,
                added=added,
                base_limits=screen.desk_app.fetch_limits,
                typed_here=not screen.desk_app.served,
            )
        except DeskError as error:
            screen.post_message(WriteFailed(str(error)))
            if form.url:
                screen.post_message(FetchProgress(form.url, "refused", claim_id))
            return
        except Exception as error:  # the fetch line must not say "fetching" forever
            from deskcheck.work.errorlog import log_exception

            path = log_exception(error, f"adding evidence {form.url}")
            screen.post_message(
                WriteFailed(f"Adding {form.url} failed: {type(error).__name__} (see {path})")
            )
            if form.url:
                screen.post_message(FetchProgress(form.url, "failed", claim_id))
            return
        if form.url:
            screen.post_message(FetchProgress(form.url, result.outcome, claim_id))
            screen.post_message(Recorded(f"Fetched {form.url}: {result.outcome}", claim_id))

    def progress(self, message: FetchProgress) -> None:
        key = (message.claim_id, message.url)
        if message.stage == "fetching":
            self.fetching[key] = message.stage
        else:
            self.fetching.pop(key, None)
        self.show()

    def show(self) -> None:
        """The line of the fetches still running for the claim shown (not another's)."""
        urls = [url for claim_id, url in self.fetching if claim_id == self.screen.claim_id]
        line = self.screen.query_one("#fetches", Static)
        line.display = bool(urls)
        line.update(
            safe(
                f"⟳ fetching {len(urls)} URL{'s' if len(urls) > 1 else ''}: " + ", ".join(urls),
                "$accent",
            )
        )
