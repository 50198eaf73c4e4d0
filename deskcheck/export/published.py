"""The published fact-check: the page readers see, as HTML (with ClaimReview JSON-LD for
search engines) or Markdown for a CMS.

Laid out the way fact-checking organisations publish: the claim as it circulated and who
spread it, the rating on its scale, a short summary, the reasoning, the sources as titled
links with dates and an archived copy, what could not be established, and corrections and
updates in newsroom style. Unlike the desk note (``export/markdown.py``) it leaves out the
desk's working: grades, marks, scores, reviewers' confidence, open triggers and internal
revision notes.

The page's dates are the desk's record of publishing it (``PageDates``, from the
``publications`` the work layer keeps), never the claim's arrival or a decision's time.

Rendered by Jinja2 templates (``templates/``): HTML with autoescaping on, so outside text
is always text; Markdown through the ``md`` filters of ``markdown_text``. Every outside
string passes ``make_visible`` first (in ``published_page``), so neither format can carry
controls or bidi overrides. Deterministic: the same desk gives the same bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from deskcheck.analysis.claim_analysis import Analysis
from deskcheck.domain.models import ClaimRecord, Decision, Evidence, Verdict
from deskcheck.domain.untrusted import make_visible, safe_json
from deskcheck.export.claimreview import PageDates
from deskcheck.export.markdown_text import is_plain_url, link, md, md_line

FORMATS = ("html", "markdown")
SAID_WRONG = ("correction", "clarification")  # revision notes that quote the earlier text


def v(text: str | None) -> str:
    return make_visible(text or "")


def long_date(timestamp: str | None) -> str:
    """``2026-06-20T…`` as ``20 June 2026``: how a newsroom dates a page."""
    if not timestamp:
        return ""
    try:
        if re.fullmatch(r"\d{4}-\d{2}", timestamp[:10]):  # a month is as precise as it gets
            return f"{date.fromisoformat(timestamp[:7] + '-01'):%B %Y}"
        if re.fullmatch(r"\d{4}", timestamp[:10]):
            return timestamp[:4]
        day = date.fromisoformat(timestamp[:10])
    except ValueError:
        return v(timestamp)
    return f"{day.day} {day:%B %Y}"


SENTENCE = re.compile(r"(.+?[.!?])(\s+|$)")


def first_sentence(text: str) -> str:
    """A text's first sentence (the whole text when it has no sentence end)."""
    match = SENTENCE.match(" ".join(text.split()))
    return match.group(1) if match else " ".join(text.split())


def paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if p.strip()]


def _plain(text: str) -> str:
    return " ".join(text.split()).casefold().rstrip(".!?")


def _repeats(opening: str, summary: str) -> bool:
    """Whether the reasoning's opening sentence says what "In short" said: the same
    sentence, or the summary's own first sentence."""
    return _plain(opening) == _plain(summary) or _plain(opening) == _plain(first_sentence(summary))


def summary_and_reasoning(decision: Decision) -> tuple[str, list[str], list[str]]:
    """ "In short" and "Our reasoning", never saying the same sentence twice, and what the
    desk should know: a decision with no summary falls back to the rationale's first
    sentence (and the reasoning starts after it)."""
    reasoning = paragraphs(decision.rationale)
    notices = []
    summary = " ".join(decision.summary.split())
    if not summary:
        summary = first_sentence(decision.rationale)
        notices.append(
            'the decision has no summary: "In short" is the rationale\'s first sentence'
            " (record a summary with the decision: the decision form, or `deskcheck decide"
            " --summary`)"
        )
    while reasoning:  # the same sentence twice at the start is said once
        opening = first_sentence(reasoning[0])
        if not _repeats(opening, summary):
            break
        rest = reasoning[0][len(opening) :].strip()
        reasoning = [rest, *reasoning[1:]] if rest else reasoning[1:]
    return summary, reasoning, notices


@dataclass(frozen=True)
class Source:
    title: str
    url: str | None  # a plain http(s) URL, or None (then shown as text, never linked)
    shown_url: str
    dated: str  # "published 3 May 2026" or "accessed 20 June 2026"
    archived: str  # the date of the desk's archived copy, or ""
    archive_url: str | None
    unreached: str = ""  # why the desk could not see it: "on 20 June 2026 (HTTP 404)"


@dataclass(frozen=True)
class Correction:
    kind: str
    dated: str
    was: str
    now: str
    rating_change: str


@dataclass
class Page:
    organisation: str
    organisation_url: str | None
    claim: str
    claim_number: int
    first_seen: str
    seen_at: str | None
    spread_by: list[dict[str, str | None]]
    rating: str
    rating_name: str
    scale: list[dict[str, Any]]
    summary: str
    reasoning: list[str]
    rating_note: str  # an unrated outcome (a lead) explained in one sentence, or ""
    scale_title: str
    readings: list[dict[str, str]]
    sources: list[Source]
    not_established: list[dict[str, str]]
    corrections: list[Correction]
    published: str
    updated: str
    checked_by: str
    confirmed_by: str
    url: str | None
    description: str = ""  # what a link preview says: the rating and the summary
    image: str | None = None  # the organisation's logo, for link previews
    json_ld: str = ""
    notices: list[str] = field(default_factory=list)  # for the desk, never on the page


def archive_link(base: str, url: str, fetched_at: str) -> str:
    """Where the archived copy is replayed: ``BASE/archive/YYYYMMDDhhmmss/URL``, the address
    form of the standard replay tools (pywb, OpenWayback) serving the desk's WARC file."""
    stamp = re.sub(r"\D", "", fetched_at)[:14]
    return f"{base}/archive/{stamp}/{url}"


def source_of(evidence: Evidence, base: str) -> Source:
    good = [
        s
        for s in evidence.snapshots
        if s.http_status is not None and s.http_status < 400 and s.sha256
    ]
    last = max(good, key=lambda s: (s.fetched_at, s.id)) if good else None
    latest = max(evidence.snapshots, key=lambda s: (s.fetched_at, s.id), default=None)
    unreached = ""
    if latest is not None and latest not in good:
        why = f"HTTP {latest.http_status}" if latest.http_status else (latest.error or "")
        why = " ".join(v(why).split())[:120] or "no answer"
        unreached = f"on {long_date(latest.fetched_at)} ({why})"
    url = evidence.url if is_plain_url(evidence.url) else None
    if evidence.published_at:
        dated = f"published {long_date(evidence.published_at)}"
    elif last is not None:
        dated = f"accessed {long_date(last.fetched_at)}"
    else:
        dated = ""
    archive = archive_link(base, url, last.fetched_at) if (url and last and base) else None
    return Source(
        title=v(evidence.title),
        url=url,
        shown_url=v(evidence.url),
        dated=dated,
        archived=long_date(last.fetched_at) if last else "",
        archive_url=archive,
        unreached=unreached,
    )


def readings(record: ClaimRecord, analysis: Analysis) -> list[dict[str, str]]:
    scores = {s.interpretation_id: s for s in analysis.matrix.scores}
    out = []
    for item in record.interpretations:
        score = scores.get(item.id)
        if score is not None and score.eliminated:
            standing = "ruled out by the evidence"
        elif score is not None and score.leads and not analysis.matrix.none_eliminated:
            standing = "best supported by the evidence"
        else:
            standing = "not ruled out"
        out.append({"label": v(item.label), "statement": v(item.statement), "standing": standing})
    return out


def corrections(record: ClaimRecord, labels: dict[str, str]) -> list[Correction]:
    """The public revision notes; internal ones stay on the desk and in the desk note."""
    out = []
    for note in record.revision_notes:  # newest first, as newsrooms list them
        if not note.public:
            continue
        change = ""
        if note.verdict_changed:
            before = labels.get(note.verdict_before or "", note.verdict_before or "none")
            after = labels.get(note.verdict_after or "", note.verdict_after or "none")
            change = f"Our rating changed from {v(before)} to {v(after)}."
        out.append(
            Correction(
                kind=note.kind.capitalize(),
                dated=long_date(note.written_at),
                # an update or an outdated check says what changed, not what was wrong
                was=v(note.what_was_wrong) if note.kind in SAID_WRONG else "",
                now=v(note.what_is_right),
                rating_change=change,
            )
        )
    return out


SCALE_TITLE = "Our ratings, from highest to lowest"
DESCRIPTION_LIMIT = 200  # what link previews show of a description before cutting it


def rating_note(label: str, rated: bool) -> str:
    """One sentence that places an outcome with no rating (a lead) beside the scale."""
    if rated:
        return ""
    return (
        f"This is not a rating on our scale: we publish the claim as “{label}” because the"
        " evidence we have does not yet settle it."
    )


def description(rating: str, summary: str) -> str:
    text = f"{rating}: {summary}"
    if len(text) <= DESCRIPTION_LIMIT:
        return text
    return text[: DESCRIPTION_LIMIT - 1].rsplit(" ", 1)[0] + "…"


def published_page(
    record: ClaimRecord,
    analysis: Analysis,
    verdicts: list[Verdict],
    organisation: dict[str, str] | None,
    review: dict[str, Any] | None,
    dates: PageDates,
) -> Page:
    """What the page says, every outside string made visible (the templates lay it out)."""
    decision = record.latest_decision
    if decision is None:
        raise ValueError(f"claim {record.id} has no decision to publish")
    organisation = organisation or {}
    base = (organisation.get("url") or "").rstrip("/")
    base = base if is_plain_url(base) else ""
    logo = organisation.get("logo") or ""
    labels = {x.name: x.label for x in verdicts}
    verdict = next((x for x in verdicts if x.name == record.verdict), None)
    rated = sorted(
        (x for x in verdicts if x.rating_value is not None),
        key=lambda x: -(x.rating_value or 0),
    )
    summary, reasoning, notices = summary_and_reasoning(decision)
    rating = v(verdict.label if verdict else record.verdict)
    updated = dates.updated_at if dates.updated_at and dates.updated_at > dates.published_at else ""
    pair = record.confirmation  # the two-person rule as this desk counts it
    confirmed = pair is not None
    checker = pair[0] if pair else None
    return Page(
        organisation=v(organisation.get("name")) or "Fact check",
        organisation_url=base + "/" if base else None,
        claim=v(record.text),
        claim_number=record.id,
        first_seen=long_date(record.received_at),
        seen_at=record.origin_url if is_plain_url(record.origin_url) else None,
        spread_by=[
            {
                "actor": v(hop.actor),
                "kind": hop.kind.replace("_", " "),
                "url": hop.url if is_plain_url(hop.url) else None,
                "seen": long_date(hop.seen_at),
            }
            for hop in record.custody
        ],
        rating=rating,
        rating_name=v((verdict.rating_name if verdict else None) or ""),
        scale=[
            {"label": v(x.label), "name": v(x.rating_name or ""), "this": x.name == record.verdict}
            for x in rated
        ],
        summary=v(summary),
        reasoning=[v(p) for p in reasoning],
        rating_note=rating_note(rating, verdict is not None and verdict.rating_value is not None),
        scale_title=SCALE_TITLE,
        readings=readings(record, analysis),
        sources=[source_of(e, base) for e in record.evidence],
        not_established=[
            {"what": v(w.description), "why": v(w.would_settle)}
            for w in record.evidence_wanted
            if w.state == "wanted"
        ],
        corrections=corrections(record, labels),
        published=long_date(dates.published_at),
        updated=long_date(updated) if updated else "",
        checked_by=v(
            checker.reviewer + checker.origin if checker else decision.reviewer + decision.origin
        ),
        confirmed_by=v(decision.reviewer + decision.origin) if confirmed else "",
        url=dates.url if is_plain_url(dates.url) else None,
        description=description(rating, v(summary)),
        image=logo if is_plain_url(logo) else None,
        json_ld=script_json(review) if review else "",
        notices=notices,
    )


def script_json(review: dict[str, Any]) -> str:
    """JSON-LD that can sit inside a <script> element: ``<``, ``>`` and ``&`` escaped as
    JSON escapes, so no outside text can close the element (the JSON means the same)."""
    text = safe_json(review)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _environment(autoescape: bool) -> Environment:
    env = Environment(
        loader=PackageLoader("deskcheck.export", "templates"),
        autoescape=select_autoescape(["html"]) if autoescape else False,
        undefined=StrictUndefined,  # a misspelt field fails the export, never prints blank
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = md
    env.filters["md_line"] = md_line
    env.filters["md_link"] = link
    return env


def render(page: Page, format: str) -> str:
    if format == "html":
        template = _environment(True).get_template("published.html")
        return template.render(page=page, json_ld=Markup(page.json_ld))
    if format == "markdown":
        text = _environment(False).get_template("published.md").render(page=page)
        return text.rstrip("\n") + "\n"
    raise ValueError(f"cannot publish as {format!r}: one of {', '.join(FORMATS)}")
