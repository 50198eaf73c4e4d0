"""Adding to a claim from the command line: `claim add`, `interpretation add|edit|relate`,
`rate`, `note add` (`hop add`, `wanted add` and `trigger add` sit with their groups in
``recorded_parts``). Each calls the work layer's act, as the claim desk's forms do."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import click

from deskcheck.cli.base import CLAIM_ID, cli, echo_record, with_desk
from deskcheck.domain.vocabulary import PRIORITIES, REVISION_NOTE_KINDS

if TYPE_CHECKING:
    from deskcheck.data import Desk

ROW_ID = CLAIM_ID  # any row number SQLite can hold
JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print the record as JSON.")


def _lines(text: str) -> str:
    """Implications typed on one line as `a; b` or given with --implication, one a line."""
    return "\n".join(line.strip() for line in text.splitlines() if line.strip())


@cli.group()
def claim() -> None:
    """Claims: add one by hand (feeds and files come in through `ingest`)."""


@claim.command("add")
@click.argument("text")
@click.option("--origin-url", help="Where the claim was seen.")
@click.option("--priority", type=click.Choice([str(p) for p in PRIORITIES]), default="3")
@click.option("--tag", "tags", multiple=True, help="A tag (repeat for more).")
@JSON_OPTION
@with_desk
def claim_add(
    desk: Desk,
    text: str,
    origin_url: str | None,
    priority: str,
    tags: tuple[str, ...],
    as_json: bool,
) -> None:
    """Add a claim, kept exactly as given."""
    from deskcheck.work.claim_parts import add_claim

    claim_id = add_claim(desk, text, origin_url=origin_url, priority=int(priority), tags=tags)
    record = desk.claim(claim_id)
    echo_record(
        f"Added claim {claim_id}",
        {
            "id": claim_id,
            "text": record.text,
            "origin_url": record.origin_url,
            "priority": record.priority,
            "tags": list(record.tags),
            "received_at": record.received_at,
        },
        as_json,
    )


@cli.group()
def interpretation() -> None:
    """Interpretations of a claim: add, edit, and say how two relate."""


@interpretation.command("add")
@click.argument("claim_id", metavar="CLAIM", type=CLAIM_ID)
@click.option("--label", required=True, help="A short name, such as 'Procedural reading'.")
@click.option("--statement", required=True, help="What this interpretation says happened.")
@click.option(
    "--implication", "implications", multiple=True, help="What follows if it holds (repeat)."
)
@click.option("--catch-all", is_flag=True, help="'Something else': none of the others.")
@JSON_OPTION
@with_desk
def interpretation_add(
    desk: Desk,
    claim_id: int,
    label: str,
    statement: str,
    implications: tuple[str, ...],
    catch_all: bool,
    as_json: bool,
) -> None:
    """Add an interpretation to CLAIM (after its last one)."""
    from deskcheck.domain.claim_parts import NewInterpretation
    from deskcheck.work.claim_parts import add_interpretation

    new = NewInterpretation(label, statement, _lines("\n".join(implications)), catch_all)
    row_id = add_interpretation(desk, claim_id, new)
    echo_record(
        f"Added interpretation {row_id} to claim {claim_id}: {label}",
        {"id": row_id, "claim_id": claim_id, **vars(new)},
        as_json,
    )


@interpretation.command("edit")
@click.argument("interpretation_id", metavar="ID", type=ROW_ID)
@click.option("--label")
@click.option("--statement")
@click.option("--implication", "implications", multiple=True, help="Replaces them all (repeat).")
@click.option("--catch-all/--not-catch-all", default=None)
@with_desk
def interpretation_edit(
    desk: Desk,
    interpretation_id: int,
    label: str | None,
    statement: str | None,
    implications: tuple[str, ...],
    catch_all: bool | None,
) -> None:
    """Change an interpretation (the history keeps what it replaced)."""
    from deskcheck.work.claim_parts import edit_interpretation

    edit_interpretation(
        desk,
        interpretation_id,
        label=label,
        statement=statement,
        implications=_lines("\n".join(implications)) if implications else None,
        catch_all=catch_all,
    )
    click.echo(f"Edited interpretation {interpretation_id}")


@interpretation.command("relate")
@click.argument("first_id", metavar="ID", type=ROW_ID)
@click.argument("second_id", metavar="OTHER", type=ROW_ID)
@click.argument("relation", type=click.Choice(["exclusive", "compatible", "unsaid"]))
@with_desk
def interpretation_relate(desk: Desk, first_id: int, second_id: int, relation: str) -> None:
    """Whether two interpretations exclude each other or can both hold ('unsaid' clears)."""
    from deskcheck.work.claim_parts import relate

    relate(desk, first_id, second_id, None if relation == "unsaid" else relation)
    click.echo(f"Interpretations {first_id} and {second_id}: {relation}")


@cli.command()
@click.argument("claim_id", metavar="CLAIM", type=CLAIM_ID)
@click.argument("evidence_id", metavar="EVIDENCE", type=ROW_ID)
@click.argument("interpretation_id", metavar="INTERPRETATION", type=ROW_ID)
@click.argument("mark", metavar="MARK")
@click.option("--reason", default="", help="Why this mark (optional).")
@JSON_OPTION
@with_desk
def rate(
    desk: Desk,
    claim_id: int,
    evidence_id: int,
    interpretation_id: int,
    mark: str,
    reason: str,
    as_json: bool,
) -> None:
    """Mark how EVIDENCE bears on INTERPRETATION (both of CLAIM): CC C N I II or NA
    (strongly consistent, consistent, neutral, inconsistent, strongly inconsistent, not
    applicable). Rating again replaces the mark; the history keeps the old one."""
    from deskcheck.work.claim_parts import rate as rate_evidence

    stored = rate_evidence(desk, claim_id, evidence_id, interpretation_id, mark, reason)
    echo_record(
        f"Evidence {evidence_id} against interpretation {interpretation_id}: {stored}",
        {
            "claim_id": claim_id,
            "evidence_id": evidence_id,
            "interpretation_id": interpretation_id,
            "mark": stored,
            "reason": reason,
        },
        as_json,
    )


@cli.group()
def note() -> None:
    """Revision notes: a later change to the desk's account of a claim."""


@note.command("add")
@click.argument("claim_id", metavar="CLAIM", type=CLAIM_ID)
@click.option("--kind", required=True, type=click.Choice(REVISION_NOTE_KINDS))
@click.option("--right", "what_is_right", required=True, help="What is right now.")
@click.option("--wrong", "what_was_wrong", default="", help="What was wrong or missing.")
@click.option("--verdict", help="The verdict after the note [default: unchanged].")
@JSON_OPTION
@with_desk
def note_add(
    desk: Desk,
    claim_id: int,
    kind: str,
    what_is_right: str,
    what_was_wrong: str,
    verdict: str | None,
    as_json: bool,
) -> None:
    """Write a revision note on CLAIM (appended; notes are never edited)."""
    from deskcheck.domain.claim_parts import NewRevisionNote
    from deskcheck.work.claim_parts import add_revision_note

    new = NewRevisionNote(kind, what_is_right, what_was_wrong, verdict)
    row_id = add_revision_note(desk, claim_id, new)
    record: dict[str, Any] = {"id": row_id, "claim_id": claim_id, **vars(new)}
    echo_record(f"Revision note {row_id} recorded on claim {claim_id}: {kind}", record, as_json)
