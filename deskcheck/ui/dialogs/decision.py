"""Record a decision: a verdict of the desk's scale (number keys), a rationale, the summary
readers get first on the published page, a confidence."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Label, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from deskcheck.analysis.claim_analysis import Analysis
from deskcheck.analysis.score_words import RULED_OUT, scores_in_words
from deskcheck.domain.models import Verdict
from deskcheck.domain.untrusted import make_visible
from deskcheck.domain.vocabulary import CONFIDENCE_LEVELS
from deskcheck.ui.dialogs.form_screen import FormError, FormScreen
from deskcheck.ui.keys import bindings
from deskcheck.ui.safe import label, safe


@dataclass(frozen=True)
class DecisionForm:
    verdict: str
    rationale: str
    confidence: str
    for_publication: bool = False
    despite: str = ""  # why this verdict although the analysis does not support it
    summary: str = ""  # "In short" on the published page: the answer, not the reasoning

    @property
    def what(self) -> str:
        return f"Decision recorded: {self.verdict}"


def analysis_lines(analysis: Analysis) -> Content:
    """Scores and warnings beside the verdict scale."""
    lines = [Content.styled(analysis.matrix.summary, "bold")]
    for name, standing, words in scores_in_words(analysis.matrix):
        lines.append(
            Content.assemble(
                safe(name, "bold"),
                ": ",
                (f"{standing} · ", "bold $error" if standing == RULED_OUT else "bold")
                if standing
                else "",
                words,
            )
        )
    lines += [Content.styled(f"⚠ {w}", "$warning") for w in analysis.warnings]
    return Content("\n").join(lines)


class VerdictList(OptionList):
    """The verdict scale; a number key picks the verdict with that number."""

    def on_key(self, event) -> None:
        if event.character and event.character.isdigit():
            index = int(event.character) - 1
            if 0 <= index < self.option_count:
                self.highlighted = index
                event.stop()

    def action_select(self) -> None:
        """Enter picks the verdict and moves on to the rationale at once, before the next
        key is handled: a reviewer typing straight on must not lose the first letter."""
        super().action_select()
        if self.highlighted is not None:
            self.screen.set_focus(self.screen.query_one("#rationale"))


class DecisionScreen(FormScreen[DecisionForm]):
    TITLE_TEXT = "Record a decision"
    HINT = (
        "1–9: verdict · tab: rationale, confidence, summary · {form.save}: record"
        " · {form.cancel}: cancel"
    )
    BINDINGS = [*FormScreen.BINDINGS, *bindings("form", on="decision")]

    def __init__(
        self,
        claim_text: str,
        verdicts: list[Verdict],
        current: str | None,
        analysis: Analysis | None = None,
        *,
        starting: tuple[str | None, str, str] | None = None,
    ) -> None:
        """``starting``: (verdict, rationale, where from) of an earlier check this claim
        repeats, filled in as a starting point that the reviewer edits and records."""
        super().__init__()
        self.claim_text = claim_text
        self.verdicts = verdicts
        self.current = current
        self.analysis = analysis
        self.starting = starting

    def fields(self) -> ComposeResult:
        yield Static(safe(self.claim_text), classes="form-claim")
        if self.current:
            yield Static(
                label("Current verdict: ", safe(self.current, "bold")), classes="form-note"
            )
        if self.analysis is not None:
            yield Static(analysis_lines(self.analysis), classes="form-note")
        if self.starting is not None:
            yield Static(
                label(
                    "Starting from the earlier check, ",
                    safe(self.starting[2], "bold"),
                    ": change what no longer holds, then record",
                ),
                classes="form-note",
                id="starting",
            )
        yield Label("Verdict")
        yield VerdictList(
            *[
                Option(label(f"{n} ", safe(v.label, "bold"), safe(f"  ({v.name})")), id=v.name)
                for n, v in enumerate(self.verdicts, 1)
            ],
            id="verdict",
        )
        yield Label("Rationale (required): the reasoning a reader will see")
        yield TextArea(id="rationale", classes="short-area")
        yield Static("", id="concerns", classes="form-concern")
        yield TextArea(id="despite", classes="short-area")
        yield Label("Confidence (↑/↓)")
        yield OptionList(*[Option(level, id=level) for level in CONFIDENCE_LEVELS], id="confidence")
        yield Label(
            "For publication? (with the desk's two-person rule, a second reviewer confirms)"
        )
        yield OptionList(
            Option("not for publication yet", id="no"),
            Option("for publication", id="yes"),
            id="publish",
        )
        # last, beside publication: the keys to rationale and confidence stay as they were
        yield Label(
            "Summary for readers: the answer they get first on the published page"
            ' ("In short"), not the reasoning'
        )
        yield TextArea(id="summary", classes="short-area")

    def on_mount(self) -> None:
        verdicts = self.query_one(VerdictList)
        verdicts.highlighted = None
        verdicts.focus()
        if self.starting is not None:
            names = [v.name for v in self.verdicts]
            if self.starting[0] in names:
                verdicts.highlighted = names.index(self.starting[0])
            # an editor shows what it holds as it is: outside text (a publisher's name and
            # rating) comes in visible, never as escapes the reviewer would record unseen
            self.query_one("#rationale", TextArea).text = make_visible(self.starting[1])
        self.query_one("#confidence", OptionList).highlighted = CONFIDENCE_LEVELS.index("medium")
        self.query_one("#publish", OptionList).highlighted = 0
        self.query_one("#despite").display = False

    def _concerns(self) -> list[str]:
        verdicts = self.query_one(VerdictList)
        if self.analysis is None or verdicts.highlighted is None:
            return []
        return self.analysis.verdict_concerns(self.verdicts[verdicts.highlighted])

    @on(OptionList.OptionHighlighted, "#verdict")
    def _verdict_highlighted(self) -> None:
        concerns = self._concerns()
        self.query_one("#despite").display = bool(concerns)
        self.query_one("#concerns", Static).update(
            safe(
                "The analysis does not support this verdict: "
                + "; ".join(concerns)
                + ". Say why you choose it anyway (required):"
            )
            if concerns
            else ""
        )

    def enter_does(self, field: Widget) -> str:
        if isinstance(field, VerdictList):
            return "enter: choose it, on to the rationale"
        return super().enter_does(field)

    def action_next_field(self) -> None:
        self.focus_next()

    @on(OptionList.OptionSelected, "#verdict")
    def _chosen(self) -> None:
        self.query_one("#rationale", TextArea).focus()

    def result(self) -> DecisionForm:
        verdicts = self.query_one(VerdictList)
        if verdicts.highlighted is None:
            raise FormError("choose a verdict (number keys 1–9)", field="verdict")
        verdict = self.verdicts[verdicts.highlighted].name
        rationale = self.required("rationale", "a rationale")
        despite = ""
        if self._concerns():  # deskcheck.work.decisions adds the reason to the rationale
            despite = self.required("despite", "why you choose this verdict despite the analysis")
        level = self.query_one("#confidence", OptionList).highlighted
        confidence = CONFIDENCE_LEVELS[level] if level is not None else "medium"
        publish = self.query_one("#publish", OptionList).highlighted == 1
        return DecisionForm(
            verdict, rationale, confidence, publish, despite, summary=self.value("summary")
        )
