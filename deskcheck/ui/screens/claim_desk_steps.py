"""`]` and `[` on the claim desk: the next and previous claim in the queue's order (as the
queue the desk was opened from sorts and filters it), found and read in one worker, so one
message goes from the key to the new claim on screen.

``QueueSteps`` is held by the claim desk; the screen handles what it posts
(``NeighbourFound``, then ``ClaimLoaded``), as for any claim it reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from deskcheck.domain.errors import DeskError
from deskcheck.ui.messages import ClaimLoaded, NeighbourFound, WriteFailed
from deskcheck.work.claim_view import view_claim

if TYPE_CHECKING:
    from deskcheck.data.read_api import QueueQuery
    from deskcheck.ui.screens.claim_desk import ClaimDeskScreen


class QueueSteps:
    def __init__(self, screen: ClaimDeskScreen) -> None:
        self.screen = screen

    def step(self, direction: str) -> None:
        """``direction``: "next" or "previous"."""
        claim_id, queue = self.screen.claim_id, self.screen.queue
        self.screen.run_worker(
            lambda: self._find(claim_id, queue, direction),
            name="_find_neighbour",
            group="claim-neighbour",
            exclusive=True,
            thread=True,
            exit_on_error=False,
        )

    def _find(self, claim_id: int, queue: QueueQuery, direction: str) -> None:
        screen = self.screen
        here = screen.desk.queue_row(claim_id)
        rows = screen.desk.queue_page(
            queue,
            after=queue.key_of(here),
            limit=1,
            backwards=direction == "previous",
        )
        if not rows:
            screen.post_message(NeighbourFound(None, direction))
            return
        try:  # read it here too: one worker, one message, from the key to the new claim
            view = view_claim(screen.desk, rows[0].id)
        except DeskError as error:
            screen.post_message(WriteFailed(str(error)))
            return
        screen.post_message(NeighbourFound(rows[0].id, direction))
        screen.post_message(ClaimLoaded(view))
