"""Already checked? The claim desk looks up earlier claims and published fact-checks like
the claim shown, once it is on screen, and shows them in its "similar" pane; `=` links the
claim as a repeat of one of them once the reviewer has chosen and confirmed it, and offers
the earlier check's verdict and rationale as the start of a decision.

``RepeatLinks`` owns the matches found and those already linked; the claim desk holds one
and forwards `=` and the ``SimilarFound`` and ``RepeatLinked`` messages to it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from deskcheck.domain.errors import DeskError
from deskcheck.domain.untrusted import make_visible
from deskcheck.ui.dialogs.repeat_choice import RepeatChoiceScreen
from deskcheck.ui.messages import RepeatLinked, SimilarFound, WriteFailed
from deskcheck.ui.widgets.similar_claims import SimilarClaims
from deskcheck.work.similar import link_as_repeat, similar_to_claim

if TYPE_CHECKING:
    from deskcheck.data.read_api import Match
    from deskcheck.ui.screens.claim_desk import ClaimDeskScreen


class RepeatLinks:
    def __init__(self, screen: ClaimDeskScreen) -> None:
        self.screen = screen
        self.matches: list[Match] = []
        self.linked: set[tuple[str, int]] = set()  # the matches already linked as repeated

    def reset(self) -> None:
        """Another claim: nothing found for it until its lookup answers."""
        self.matches = []
        self.linked = set()
        self.screen.query_one(SimilarClaims).set_class(False, "-found")

    def find(self, claim_id: int, text: str) -> None:
        self.screen.run_worker(
            lambda: self._find(claim_id, text),
            name="_find_similar",
            group="similar",
            exclusive=True,
            thread=True,
            exit_on_error=False,
        )

    def _find(self, claim_id: int, text: str) -> None:
        screen = self.screen
        try:
            matches = similar_to_claim(screen.desk, claim_id, text)
            linked = {
                ("claim", r["repeat_of_claim_id"])
                if r["repeat_of_claim_id"] is not None
                else ("published", r["repeat_of_published_id"])
                for r in screen.desk.repeats_of(claim_id)
            }
        except DeskError as error:
            screen.post_message(WriteFailed(str(error)))
            return
        screen.post_message(SimilarFound(claim_id, matches, linked))

    def found(self, message: SimilarFound) -> None:
        if message.claim_id != self.screen.claim_id:
            return  # the reviewer moved on to another claim
        self.matches = message.matches
        self.linked = message.linked
        pane = self.screen.query_one(SimilarClaims)
        pane.show(message.matches, message.linked)
        pane.set_class(bool(message.matches), "-found")

    def link(self) -> None:
        """Link this claim as a repeat of one of its matches once the reviewer has chosen
        and confirmed it (enter); a match already linked is not recorded again."""
        screen = self.screen
        if screen.record is None or not self.matches:
            screen.notify("No earlier claim or published fact-check is like this one", timeout=3)
            return
        claim_id, matches, linked = screen.record.id, list(self.matches), set(self.linked)

        def chosen(index: int | None) -> None:
            if index is None:
                return
            match = matches[index]
            if (match.kind, match.id) in linked:
                where = f"claim {match.id}" if match.kind == "claim" else match.publisher
                screen.notify(
                    make_visible(f"Already linked as a repeat of {where}"), markup=False, timeout=3
                )
                return
            screen.run_worker(
                lambda: self._link(claim_id, match),
                name="_link_repeat",
                group="write",
                thread=True,
                exit_on_error=False,
            )

        # asked even when there is one: `=` is a key typed on the way to another, and a link
        # once recorded is in the log for good
        screen.app.push_screen(RepeatChoiceScreen(matches, linked), chosen)

    def _link(self, claim_id: int, match: Match) -> None:
        try:
            starting = link_as_repeat(self.screen.desk, claim_id, match)
        except DeskError as error:
            self.screen.post_message(WriteFailed(str(error)))
            return
        self.screen.post_message(RepeatLinked(claim_id, match, starting))

    def linked_now(self, message: RepeatLinked) -> None:
        screen = self.screen
        said = make_visible(f"Linked as a repeat of {message.starting.source}")
        screen.notify(said, markup=False)
        screen.load()
        if message.claim_id == screen.claim_id and message.starting.rationale:
            screen.forms.offer_decision(message.starting)
