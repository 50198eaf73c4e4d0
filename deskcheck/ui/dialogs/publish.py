"""Publishing a claim from the claim desk (the `p` key): where to write the page, the
newsroom's identity when the desk has none yet, the page as a reader will see it before it
is written, and the question asked before a file that is already there is replaced."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Markdown, Static

from deskcheck.ui.dialogs.file_choice import FileChoice, FileChoiceScreen
from deskcheck.ui.dialogs.form_screen import FormError, FormScreen
from deskcheck.ui.keys import bindings
from deskcheck.ui.safe import safe

PublishForm = FileChoice


class PublishScreen(FileChoiceScreen):
    TITLE_TEXT = "Publish the fact-check for readers"
    CHOICES = [
        ("Web page (HTML, with ClaimReview)", "html"),
        ("Markdown, for a CMS", "markdown"),
    ]
    SUFFIXES = {"html": ".html", "markdown": ".md"}
    STEM = "fact-check"


@dataclass(frozen=True)
class OrganisationForm:
    name: str
    url: str
    logo: str

    def as_setting(self) -> dict[str, str]:
        return {"name": self.name, "url": self.url, **({"logo": self.logo} if self.logo else {})}


class OrganisationScreen(FormScreen[OrganisationForm]):
    """Asked at the first publication on a desk that still has the sample's organisation
    (or none): the newsroom that readers will see as the page's publisher."""

    TITLE_TEXT = "Who publishes this desk's fact-checks?"

    def __init__(self, current: dict[str, str] | None) -> None:
        super().__init__()
        self.current = current or {}

    def fields(self) -> ComposeResult:
        sample = self.current.get("name") or "none"
        yield Static(
            safe(
                f"The desk publishes as {sample!r}, the sample's. Readers, search engines and"
                " link previews will show the name, address and logo you give here."
            ),
            classes="form-note",
        )
        yield Label("Newsroom name (required)")
        yield Input(id="name")
        yield Label("Web address (required): where its pages live, https://…")
        yield Input(id="url")
        yield Label("Logo address (optional): shown in link previews, https://…")
        yield Input(id="logo")

    def result(self) -> OrganisationForm:
        from deskcheck.ui.safe import web_link

        name = self.required("name", "the newsroom's name")
        url = self.required("url", "the newsroom's web address")
        if web_link(url) is None:
            raise FormError("the web address is an http(s) URL", field="url")
        logo = self.value("logo")
        if logo and web_link(logo) is None:
            raise FormError("the logo's address is an http(s) URL", field="logo")
        return OrganisationForm(name, url, logo)


class PagePreviewScreen(ModalScreen[bool]):
    """The page as a reader will see it (its Markdown, rendered), with what the publisher
    should know above it. y publishes (for a lead: publishes it anyway), n or escape does
    not; nothing is written until then."""

    BINDINGS = bindings("preview-dialog")

    def __init__(
        self, markdown: str, problems: list[str], *, lead: bool, act: str | None, where: str
    ) -> None:
        super().__init__()
        self.markdown = markdown
        self.problems = problems
        self.lead = lead
        self.act = act
        self.where = where

    def compose(self) -> ComposeResult:
        what = {"first": "first publication", "update": "an update"}.get(
            self.act or "", "the page as published; nothing new is recorded"
        )
        yes = "publish it anyway" if self.lead else "publish"
        with Vertical(classes="form preview"):
            yield Static(
                Content.assemble(
                    Content.styled("The page as readers will see it", "bold"),
                    f" ({what})",
                ),
                classes="form-title",
            )
            if self.problems:
                yield Static(
                    Content("\n").join(safe(f"⚠ {p}", "$warning") for p in self.problems),
                    id="page-problems",
                )
            with VerticalScroll(id="page-scroll"):
                # rendered by Textual from the page's own Markdown, in which every outside
                # string is escaped; its links are not followed from here
                yield Markdown(self.markdown, open_links=False, id="page")
            yield Static(
                Content.assemble(
                    "↑/↓ page up/down: read · ",
                    Content.styled(f"y: {yes}", "bold"),
                    " · n or escape: not now · to ",
                    safe(self.where),
                ),
                classes="form-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#page-scroll").focus()

    def action_answer(self, publish: bool) -> None:
        self.dismiss(publish)


class ReplaceFileScreen(ModalScreen[bool]):
    """Asked before a file is replaced: y replaces it, n or escape keeps it."""

    BINDINGS = bindings("replace-dialog")

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path

    def compose(self) -> ComposeResult:
        with Vertical(classes="form"):
            yield Static(
                Content("\n").join(
                    [
                        Content.styled("The file is already there:", "bold $warning"),
                        safe(self.path),
                        Content(""),
                        Content("y: replace it · n: keep it (nothing is written)"),
                    ]
                )
            )

    def action_answer(self, replace: bool) -> None:
        self.dismiss(replace)
