"""An evidence item: added by URL (fetched in the background) or edited (`e`)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Input, Label, Select, TextArea

from deskcheck.domain.vocabulary import EVIDENCE_KINDS, RELEVANCE_LEVELS
from deskcheck.ui.dialogs.custody_hop import GRADE_LABEL
from deskcheck.ui.dialogs.form_screen import FormError, FormScreen, choices, parse_grade


def derived_from_fields(choice: str) -> dict[str, int | None]:
    """The form's "derives from" choice ("e12", "h3" or "") as evidence fields."""
    return {
        "derived_from_evidence_id": int(choice[1:]) if choice.startswith("e") else None,
        "derived_from_hop_id": int(choice[1:]) if choice.startswith("h") else None,
    }


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
    editing: int | None = None  # the evidence item being edited; None: a new one

    @property
    def what(self) -> str:
        return "Evidence edited"


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
        yield Select(choices(EVIDENCE_KINDS), id="kind", value=current.kind, allow_blank=False)
        yield Label(GRADE_LABEL)
        yield Input(f"{current.reliability}{current.credibility}", id="grade")
        yield Label("Relevance to the claim")
        yield Select(
            choices(RELEVANCE_LEVELS), id="relevance", value=current.relevance, allow_blank=False
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
            raise FormError("give a URL, a title, or both", field="url")
        reliability, credibility = parse_grade(self.value("grade"))
        editing = self.current.editing if self.current else None
        return EvidenceForm(
            url,
            title or (self.current.title if self.current else ""),
            self.value("excerpt"),
            self.value("kind"),
            reliability,
            credibility,
            relevance=self.value("relevance"),
            derived_from=self.value("derived_from"),
            editing=editing,
        )
