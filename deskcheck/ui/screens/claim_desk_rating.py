"""Marks on the claim desk (`1`–`6`): recorded at once and shown in place, then on to the
next pair ("across": the same item against the next interpretation, then the next item);
rating mode (`r`) walks only the pairs not rated yet; `'` gives the last mark its reason.

``RatingWalk`` owns that state (rating mode, the last mark); the claim desk holds one and
forwards its keys to it. The marks record through the screen's one write path.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from deskcheck.ui.widgets.evidence_marks import EvidenceMarks, MarkList
from deskcheck.work.claim_parts import mark_evidence

if TYPE_CHECKING:
    from deskcheck.domain.models import Evidence
    from deskcheck.ui.screens.claim_desk import ClaimDeskScreen


class RatingWalk:
    def __init__(self, screen: ClaimDeskScreen) -> None:
        self.screen = screen
        self.last_mark: tuple[int, int, str] | None = None  # for `'`: its reason
        self.rating = False  # rating mode: each mark moves on to the next unrated pair

    def reset(self) -> None:
        """Another claim: no mark given on it yet, not in rating mode."""
        self.last_mark = None
        self.rating = False

    def _mark_of(self, evidence: Evidence, interpretation_id: int) -> str | None:
        marked = self.screen.query_one(MarkList).marked
        return marked.get((evidence.id, interpretation_id)) or evidence.mark_for(interpretation_id)

    def rate(self, mark: str) -> None:
        """Record ``mark`` for the selected evidence against the focused interpretation,
        show it in place, and move on (across: the same item against the next
        interpretation, then the next item; in rating mode, the next pair not rated yet).
        A reason is optional: `'`."""
        screen, record = self.screen, self.screen.record
        marks = screen.query_one(EvidenceMarks)
        evidence = screen.evidence_item(marks.marks.evidence_id)
        if evidence is None or record is None or not record.interpretations:
            screen.notify(
                "Select an evidence item (j/k) and an interpretation (h/l) to mark it.",
                timeout=3,
            )
            return
        interpretation_id = record.interpretations[marks.focused].id
        marks.show_mark(evidence, interpretation_id, mark)
        self.last_mark = (evidence.id, interpretation_id, mark)
        screen.write_now(
            f"Marked {mark}: {evidence.title[:40]}",
            lambda d: mark_evidence(d, evidence.id, interpretation_id, mark),
            quiet=True,
        )
        self._move_after_mark()

    def _pairs_across(self) -> list[tuple[int, int]]:
        """Every (item row, column) in rating order: each item against every interpretation."""
        record = self.screen.record
        assert record is not None
        columns = len(record.interpretations)
        return [(row, column) for row in range(len(record.evidence)) for column in range(columns)]

    def _move_after_mark(self) -> None:
        marks = self.screen.query_one(EvidenceMarks)
        row = marks.marks.highlighted
        if row is None or self.screen.record is None:
            return
        pairs = self._pairs_across()
        here = pairs.index((row, marks.focused))
        following = pairs[here + 1 :]
        if self.rating:
            following = [p for p in following + pairs[:here] if self._unrated(*p)]
            if not following:
                self.stop(f"Every pair is rated ({len(pairs)}).")
                return
        if following:
            self._go_to_pair(*following[0])
        self.show_state()

    def _unrated(self, row: int, column: int) -> bool:
        """From the claim as read and the marks given since: no query of the screen per
        pair (a claim of 200 items × 8 interpretations has 1,600)."""
        record = self.screen.record
        assert record is not None
        interpretation_id = record.interpretations[column].id
        return self._mark_of(record.evidence[row], interpretation_id) is None

    def _go_to_pair(self, row: int, column: int) -> None:
        """Select the pair now, before the next key is handled."""
        marks = self.screen.query_one(EvidenceMarks)
        moved = column != marks.focused
        marks.go_to(row, column)
        self.screen.set_focus(marks.marks)
        if moved:
            self.screen.show_interpretation()

    def start(self) -> None:
        """Walk every evidence × interpretation pair not rated yet."""
        record = self.screen.record
        if record is None or not record.interpretations or not record.evidence:
            self.screen.notify(
                "Nothing to rate: add an interpretation and evidence first.", timeout=3
            )
            return
        unrated = [p for p in self._pairs_across() if self._unrated(*p)]
        if not unrated:
            self.screen.notify("Every pair is rated: 1–6 change the selected mark.", timeout=3)
            return
        self.rating = True
        self._go_to_pair(*unrated[0])
        self.show_state()

    def stop(self, why: str = "Rating mode off.") -> None:
        self.rating = False
        self.screen.notify(why, timeout=3)
        self.show_state()

    def show_state(self) -> None:
        """Rating mode and what is left, in the status line."""
        screen = self.screen
        if screen.record is None:
            return
        state = ""
        if self.rating:  # counted only when shown
            left = sum(self._unrated(*p) for p in self._pairs_across())
            # what stops it first: at 80 columns the line's end is cut
            state = (
                f" · RATING: {left} pair{'s' if left != 1 else ''} left · esc stops"
                " · 1–6 mark it, next · ' why"
            )
        screen.show_status(f"claim {screen.claim_id}{state}{screen.place}")

    def reason(self) -> None:
        """`'`: a reason for the mark just given (optional)."""
        screen, record = self.screen, self.screen.record
        if self.last_mark is None or record is None:
            screen.notify("Mark an item first (1–6); then ' adds why.", timeout=3)
            return
        evidence_id, interpretation_id, mark = self.last_mark
        evidence = screen.evidence_item(evidence_id)
        interpretation = next(
            (i for i in record.interpretations if i.id == interpretation_id), None
        )
        if evidence is None or interpretation is None:
            return
        screen.ask_mark_reason(evidence, interpretation, mark)
