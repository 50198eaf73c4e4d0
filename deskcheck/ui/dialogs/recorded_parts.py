"""Forms that edit or settle what was recorded on a claim: an evidence-wanted item (edit,
resolve by the evidence that settled it, drop with a reason), a revision trigger (edit,
disarm, arm again, retire with a reason) and a custody hop (edit, move, remove with a
reason). Each form picks the item, then the act; the fields show the item as it stands."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Input, Label, Select, Static

from deskcheck.domain.models import ClaimRecord
from deskcheck.domain.urls import BadURL, web_url
from deskcheck.domain.vocabulary import CUSTODY_KINDS
from deskcheck.ui.dialogs.forms import FormError, FormScreen, parse_grade
from deskcheck.ui.safe import safe


@dataclass(frozen=True)
class PartAct:
    """What the reviewer asked: which item, which act, and the act's fields."""

    item_id: int
    act: str
    fields: dict[str, Any]


class PartScreen(FormScreen[PartAct]):
    # the fields scroll inside the form, so a small terminal (80×24) reaches every one
    DEFAULT_CSS = """
    PartScreen .form { height: 90%; }
    PartScreen .part-fields { height: 1fr; }
    PartScreen .part-fields Input, PartScreen .part-fields Select { margin: 0; }
    """
    ACTS: tuple[tuple[str, str], ...] = ()
    ITEM_LABEL = ""
    # the form opens on a list to choose from, where enter opens the list: saving is ctrl+s
    HINT = "tab: next field · {form.save}: save · {form.cancel}: cancel"

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static(self.TITLE_TEXT, classes="form-title", markup=False)
            with VerticalScroll(classes="part-fields", can_focus=False):
                yield from self.fields()
            yield Label("", classes="form-error", markup=False)
            yield self.keys_line()

    def __init__(self, record: ClaimRecord) -> None:
        super().__init__()
        self.record = record

    def items(self) -> list[tuple[Any, int]]:
        raise NotImplementedError

    def current(self, item_id: int) -> dict[str, str]:
        """The item's fields as the form shows them."""
        raise NotImplementedError

    def act_fields(self) -> ComposeResult:
        raise NotImplementedError

    def fields(self) -> ComposeResult:
        items = self.items()
        yield Label(self.ITEM_LABEL)
        yield Select(items, id="item", value=items[0][1], allow_blank=False)
        yield Label("Act")
        yield Select(self.ACTS, id="act", value=self.ACTS[0][1], allow_blank=False)
        yield from self.act_fields()

    def on_mount(self) -> None:
        self._fill(self.items()[0][1])

    @on(Select.Changed, "#item")
    def _item_chosen(self, event: Select.Changed) -> None:
        if isinstance(event.value, int):
            self._fill(event.value)

    def _fill(self, item_id: int) -> None:
        for field, value in self.current(item_id).items():
            widget = self.query_one(f"#{field}")
            if isinstance(widget, Input | Select):
                widget.value = value

    def url(self, field_id: str) -> str | None:
        """A typed URL by the one URL rule (empty: none)."""
        text = self.value(field_id)
        if not text:
            return None
        try:
            return web_url(text)
        except BadURL as error:
            raise FormError(f"the URL: {error}", field=field_id) from None

    def chosen(self) -> tuple[int, str]:
        return int(self.value("item")), self.value("act")


# -- evidence wanted ------------------------------------------------------------------------


class WantedPartScreen(PartScreen):
    TITLE_TEXT = "Evidence wanted: edit, resolve or drop"
    ITEM_LABEL = "Which evidence wanted"
    ACTS = (
        ("resolve: obtained, settled by an evidence item", "resolve"),
        ("edit what is wanted", "edit"),
        ("drop it, with the reason", "drop"),
    )

    def items(self) -> list[tuple[Any, int]]:
        return [
            (safe(f"{w.description[:60]} [{w.state}]"), w.id) for w in self.record.evidence_wanted
        ]

    def current(self, item_id: int) -> dict[str, str]:
        item = next(w for w in self.record.evidence_wanted if w.id == item_id)
        return {"description": item.description, "would_settle": item.would_settle}

    def act_fields(self) -> ComposeResult:
        evidence = [(safe(f"#{e.id} {e.title[:60]}"), e.id) for e in self.record.evidence]
        yield Label("Resolve: the evidence that settled it")
        yield Select(evidence, id="evidence", prompt="choose the evidence item")
        yield Label("Edit: what is wanted · what it would settle")
        yield Input(id="description")
        yield Input(id="would_settle")
        yield Label("Drop: why (a note, for resolve)")
        yield Input(id="reason")

    def result(self) -> PartAct:
        item_id, act = self.chosen()
        if act == "resolve":
            evidence = self.value("evidence")
            if not evidence:
                raise FormError("choose the evidence item that settled it", field="evidence")
            return PartAct(
                item_id, act, {"evidence_id": int(evidence), "reason": self.value("reason")}
            )
        if act == "drop":
            return PartAct(item_id, act, {"reason": self.required("reason", "the reason")})
        return PartAct(
            item_id,
            act,
            {
                "description": self.required("description", "what is wanted"),
                "would_settle": self.value("would_settle"),
            },
        )


# -- revision triggers ------------------------------------------------------------------------


class TriggerPartScreen(PartScreen):
    TITLE_TEXT = "Revision trigger: edit, disarm, arm or retire"
    ITEM_LABEL = "Which trigger"
    # the act that cannot be undone comes last: the form opens on one that can
    ACTS = (
        ("disarm: keep it, stop watching", "disarm"),
        ("arm it again", "arm"),
        ("edit the condition or the URL watched", "edit"),
        ("retire it for good, with the reason", "retire"),
    )

    def items(self) -> list[tuple[Any, int]]:
        return [(safe(f"{t.condition[:60]} [{t.state}]"), t.id) for t in self.record.triggers]

    def current(self, item_id: int) -> dict[str, str]:
        item = next(t for t in self.record.triggers if t.id == item_id)
        return {"condition": item.condition, "url": item.url or ""}

    def act_fields(self) -> ComposeResult:
        yield Label("Edit: condition · URL to watch (empty: none)")
        yield Input(id="condition")
        yield Input(id="url")
        yield Label("Reason (required to retire)")
        yield Input(id="reason")

    def result(self) -> PartAct:
        item_id, act = self.chosen()
        if act == "edit":
            return PartAct(
                item_id,
                act,
                {
                    "condition": self.required("condition", "the condition"),
                    "url": self.url("url") or "",
                },
            )
        reason = self.required("reason", "the reason") if act == "retire" else self.value("reason")
        return PartAct(item_id, act, {"reason": reason})


# -- custody hops ------------------------------------------------------------------------------


class HopPartScreen(PartScreen):
    TITLE_TEXT = "Custody hop: edit, move or remove"
    ITEM_LABEL = "Which hop"
    ACTS = (
        ("edit the hop", "edit"),
        ("move it to another place in the chain", "move"),
        ("remove it, with the reason", "remove"),
    )

    def items(self) -> list[tuple[Any, int]]:
        return [
            (safe(f"{h.position}. {h.actor[:50]} ({h.kind.replace('_', ' ')})"), h.id)
            for h in self.record.custody
        ]

    def current(self, item_id: int) -> dict[str, Any]:
        hop = next(h for h in self.record.custody if h.id == item_id)
        return {
            "actor": hop.actor,
            "kind": hop.kind,
            "url": hop.url or "",
            "grade": hop.grade,
            "position": str(hop.position),
        }

    def act_fields(self) -> ComposeResult:
        yield Label("Edit: actor · kind · URL · grade (C3)")
        yield Input(id="actor")
        yield Select(
            [(k.replace("_", " "), k) for k in CUSTODY_KINDS], id="kind", allow_blank=False
        )
        yield Input(id="url")
        yield Input(id="grade")
        yield Label("Move: to position (1 is the origin) · Remove: why")
        yield Input(id="position")
        yield Input(id="reason")

    def result(self) -> PartAct:
        item_id, act = self.chosen()
        if act == "remove":
            return PartAct(item_id, act, {"reason": self.required("reason", "the reason")})
        if act == "move":
            position = self.value("position")
            if not position.isdecimal() or not 1 <= int(position) <= len(self.record.custody):
                raise FormError(
                    f"the position is a number from 1 to {len(self.record.custody)}",
                    field="position",
                )
            return PartAct(item_id, act, {"position": int(position)})
        parse_grade(self.value("grade"))  # refused here, where the reviewer can fix it
        return PartAct(
            item_id,
            act,
            {
                "actor": self.required("actor", "the actor"),
                "kind": self.value("kind"),
                "url": self.url("url") or "",  # empty: the hop has no URL
                "grade": self.value("grade") or "F6",
            },
        )
