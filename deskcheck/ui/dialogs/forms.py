"""Small modal forms: each returns a dataclass of what the reviewer typed, or None.

Keys in every form: tab and shift+tab between fields, enter in the last one-line field or
ctrl+s to save, escape to cancel. A missing required field is named under the form and
the form stays open.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static, TextArea

from deskcheck.domain import vocabulary
from deskcheck.domain.errors import InvalidValue
from deskcheck.domain.vocabulary import (
    CUSTODY_KINDS,
    EVIDENCE_KINDS,
    PRIORITIES,
    RELEVANCE_LEVELS,
)
from deskcheck.ui.safe import safe

T = TypeVar("T")


class FormError(ValueError):
    """What is wrong with the form, in words for the reviewer."""


class FormScreen(ModalScreen[T | None], Generic[T]):
    """A titled form. Subclasses compose their fields and build the result."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]
    TITLE_TEXT = ""
    HINT = "tab: next field · enter or ctrl+s: save · escape: cancel"

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static(self.TITLE_TEXT, classes="form-title", markup=False)
            yield from self.fields()
            yield Label("", classes="form-error", markup=False)
            yield Static(self.HINT, classes="form-hint", markup=False)

    def fields(self) -> ComposeResult:
        raise NotImplementedError

    def result(self) -> T:
        raise NotImplementedError

    def value(self, field_id: str) -> str:
        widget = self.query_one(f"#{field_id}")
        if isinstance(widget, Input):
            return widget.value.strip()
        if isinstance(widget, TextArea):
            return widget.text.strip()
        if isinstance(widget, Select):
            return "" if widget.value is Select.BLANK else str(widget.value)
        raise TypeError(field_id)

    def required(self, field_id: str, name: str) -> str:
        text = self.value(field_id)
        if not text:
            raise FormError(f"{name} is required")
        return text

    def action_save(self) -> None:
        try:
            outcome = self.result()
        except FormError as error:
            self.query_one(".form-error", Label).update(str(error))
            return
        self.dismiss(outcome)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        inputs = list(self.query(Input))
        if event.input is inputs[-1]:
            self.action_save()
        else:
            self.focus_next()


def parse_grade(text: str) -> tuple[str, int]:
    """The desk's grade rule (``vocabulary.parse_grade``), its refusal shown on the form."""
    try:
        return vocabulary.parse_grade(text)
    except InvalidValue as error:
        raise FormError(str(error)) from None


def _choices(values: tuple[Any, ...]) -> list[tuple[str, Any]]:
    return [(str(v).replace("_", " "), v) for v in values]


# -- a new claim ----------------------------------------------------------------------------


@dataclass(frozen=True)
class NewClaim:
    text: str
    origin_url: str | None
    priority: int
    tags: tuple[str, ...]


class NewClaimScreen(FormScreen[NewClaim]):
    TITLE_TEXT = "New claim"

    def fields(self) -> ComposeResult:
        yield Label("Claim, as it reached the desk")
        yield TextArea(id="text", classes="short-area")
        yield Label("Where it was seen (URL)")
        yield Input(id="origin")
        yield Label("Priority (1 most urgent … 4)")
        yield Input("3", id="priority")
        yield Label("Tags, separated by commas")
        yield Input(id="tags")

    def result(self) -> NewClaim:
        text = self.required("text", "the claim's text")
        priority = self.value("priority") or "3"
        if not priority.isdigit() or int(priority) not in PRIORITIES:
            raise FormError("priority is 1, 2, 3 or 4")
        tags = tuple(t.strip() for t in self.value("tags").split(",") if t.strip())
        return NewClaim(text, self.value("origin") or None, int(priority), tags)


# -- an interpretation ------------------------------------------------------------------------


@dataclass(frozen=True)
class InterpretationForm:
    label: str
    statement: str
    implications: str
    catch_all: bool = False


CATCH_ALL = InterpretationForm(
    "Other / not as reported",
    "Something else happened: the claim is fabricated, mistaken, or not as reported.",
    "",
    catch_all=True,
)


class InterpretationScreen(FormScreen[InterpretationForm]):
    TITLE_TEXT = "Interpretation"

    def __init__(self, current: InterpretationForm | None = None) -> None:
        super().__init__()
        self.current = current

    def fields(self) -> ComposeResult:
        current = self.current or InterpretationForm("", "", "")
        yield Label("Short name (column heading)")
        yield Input(current.label, id="label")
        yield Label("What this interpretation says happened or means")
        yield TextArea(current.statement, id="statement", classes="short-area")
        yield Label("Implications, one per line")
        yield TextArea(current.implications, id="implications", classes="short-area")
        yield Label("Kind (the catch-all keeps the set of interpretations complete)")
        yield Select(
            [
                ("an interpretation", "interpretation"),
                ("the catch-all: other / fabricated / not as reported", "catch-all"),
            ],
            id="catch_all",
            value="catch-all" if current.catch_all else "interpretation",
            allow_blank=False,
        )

    @on(Select.Changed, "#catch_all")
    def _offer_catch_all(self, event: Select.Changed) -> None:
        if event.value == "catch-all" and not self.value("label"):
            self.query_one("#label", Input).value = CATCH_ALL.label
            self.query_one("#statement", TextArea).text = CATCH_ALL.statement

    def result(self) -> InterpretationForm:
        return InterpretationForm(
            self.required("label", "a short name"),
            self.required("statement", "the statement"),
            self.value("implications"),
            catch_all=self.value("catch_all") == "catch-all",
        )


# -- a custody hop ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CustodyHopForm:
    actor: str
    kind: str
    url: str | None
    reliability: str
    credibility: int


class CustodyHopScreen(FormScreen[CustodyHopForm]):
    TITLE_TEXT = "Custody hop (added after the last one)"

    def fields(self) -> ComposeResult:
        yield Label("Who passed the claim on")
        yield Input(id="actor")
        yield Label("Kind")
        yield Select(_choices(CUSTODY_KINDS), id="kind", value="outlet", allow_blank=False)
        yield Label("URL where it was seen")
        yield Input(id="url")
        yield Label("Grade: source reliability A–F, information credibility 1–6 (e.g. C3)")
        yield Input("F6", id="grade")

    def result(self) -> CustodyHopForm:
        reliability, credibility = parse_grade(self.value("grade"))
        return CustodyHopForm(
            self.required("actor", "who passed it on"),
            self.value("kind"),
            self.value("url") or None,
            reliability,
            credibility,
        )


# -- evidence ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class EvidenceForm:
    url: str | None
    title: str
    excerpt: str
    kind: str
    reliability: str
    credibility: int
    relevance: str = "medium"
    derived_from: str = ""  # "e12": evidence 12; "h3": custody hop 3; "": its own source


class EvidenceScreen(FormScreen[EvidenceForm]):
    """Add evidence (fetched in the background when it has a URL) or edit one item."""

    TITLE_TEXT = "Evidence"

    def __init__(
        self,
        current: EvidenceForm | None = None,
        sources: list[tuple[Content, str]] = (),  # type: ignore[assignment]
    ) -> None:
        """``sources``: what the item may derive from, as (label, "e12" or "h3")."""
        super().__init__()
        self.current = current
        self.sources = list(sources)

    def fields(self) -> ComposeResult:
        current = self.current or EvidenceForm(None, "", "", "document", "F", 6)
        yield Label("URL (fetched and kept as a snapshot)")
        yield Input(current.url or "", id="url")
        yield Label("Title (empty: the page's own title)")
        yield Input(current.title, id="title")
        yield Label("Excerpt: the part that bears on the claim")
        yield TextArea(current.excerpt, id="excerpt", classes="short-area")
        yield Label("Kind")
        yield Select(_choices(EVIDENCE_KINDS), id="kind", value=current.kind, allow_blank=False)
        yield Label("Grade: source reliability A–F, information credibility 1–6")
        yield Input(f"{current.reliability}{current.credibility}", id="grade")
        yield Label("Relevance to the claim")
        yield Select(
            _choices(RELEVANCE_LEVELS), id="relevance", value=current.relevance, allow_blank=False
        )
        yield Label("Derives from (repeats or reports): corroboration counts independent roots")
        yield Select(
            [("nothing: it is its own source", ""), *self.sources],
            id="derived_from",
            value=current.derived_from
            if current.derived_from in {v for _, v in self.sources}
            else "",
            allow_blank=False,
        )

    def result(self) -> EvidenceForm:
        url = self.value("url") or None
        title = self.value("title")
        if not url and not title:
            raise FormError("give a URL, a title, or both")
        reliability, credibility = parse_grade(self.value("grade"))
        return EvidenceForm(
            url,
            title,
            self.value("excerpt"),
            self.value("kind"),
            reliability,
            credibility,
            relevance=self.value("relevance"),
            derived_from=self.value("derived_from"),
        )


# -- evidence wanted, a trigger, a rating reason ------------------------------------------------


@dataclass(frozen=True)
class WantedForm:
    description: str
    would_settle: str


class WantedScreen(FormScreen[WantedForm]):
    TITLE_TEXT = "Evidence wanted"

    def fields(self) -> ComposeResult:
        yield Label("What would settle it (not in hand yet)")
        yield Input(id="description")
        yield Label("How it would settle it")
        yield Input(id="would_settle")

    def result(self) -> WantedForm:
        return WantedForm(
            self.required("description", "what is wanted"), self.value("would_settle")
        )


@dataclass(frozen=True)
class TriggerForm:
    condition: str
    url: str | None


class TriggerScreen(FormScreen[TriggerForm]):
    TITLE_TEXT = "Revision trigger"

    def fields(self) -> ComposeResult:
        yield Label("Revisit the claim when…")
        yield Input(id="condition")
        yield Label("URL to watch (optional): `deskcheck check` fires the trigger when it changes")
        yield Input(id="url")

    def result(self) -> TriggerForm:
        return TriggerForm(self.required("condition", "the condition"), self.value("url") or None)


class ReasonScreen(FormScreen[str]):
    """The one-line reason for an assessment mark."""

    def __init__(self, mark: str, meaning: str, evidence_title: str, interpretation: str) -> None:
        super().__init__()
        self.mark, self.meaning = mark, meaning
        self.evidence_title, self.interpretation = evidence_title, interpretation

    def fields(self) -> ComposeResult:
        yield Static(
            safe(
                f"{self.mark} ({self.meaning}): “{self.evidence_title}” against "
                f"“{self.interpretation}”"
            ),
            classes="form-title",
        )
        yield Label("Why, in one line")
        yield Input(id="reason")

    def result(self) -> str:
        return self.value("reason")


# -- export -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ExportForm:
    format: str
    path: str
    force: bool


class ExportScreen(FormScreen[ExportForm]):
    TITLE_TEXT = "Export this claim"

    def __init__(self, claim_id: int) -> None:
        super().__init__()
        self.claim_id = claim_id

    def fields(self) -> ComposeResult:
        yield Label("Format")
        yield Select(
            [
                ("Markdown desk note", "markdown"),
                ("ClaimReview JSON-LD", "claimreview"),
                ("ClaimReview, even for a verdict with no rating", "claimreview-force"),
            ],
            id="format",
            value="markdown",
            allow_blank=False,
        )
        yield Label("Write to (a name alone goes in the desk's export folder)")
        yield Input(f"claim-{self.claim_id}.md", id="path")

    @on(Select.Changed, "#format")
    def _suffix(self, event: Select.Changed) -> None:
        box = self.query_one("#path", Input)
        stem = box.value.rsplit(".md", 1)[0].rsplit(".claimreview.json", 1)[0]
        box.value = stem + (".md" if event.value == "markdown" else ".claimreview.json")

    def result(self) -> ExportForm:
        chosen = self.value("format")
        return ExportForm(
            chosen.split("-")[0], self.required("path", "a file path"), chosen.endswith("-force")
        )


# -- ingest -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class IngestForm:
    source: str
    format: str | None


class IngestScreen(FormScreen[IngestForm]):
    TITLE_TEXT = "Ingest claims from a feed or file"

    FORMATS = ("rss", "atom", "jsonfeed", "jsonl", "csv", "claimreview", "telegram")

    def fields(self) -> ComposeResult:
        yield Label("URL or file (RSS, Atom, JSON Feed, JSON Lines, CSV, ClaimReview, t.me/s/…)")
        yield Input(id="source")
        yield Label("Format")
        yield Select(
            [("detect it", ""), *[(f, f) for f in self.FORMATS]],
            id="format",
            value="",
            allow_blank=False,
        )

    def result(self) -> IngestForm:
        return IngestForm(self.required("source", "a URL or file"), self.value("format") or None)
