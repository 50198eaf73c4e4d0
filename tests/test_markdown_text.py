"""The desk note rendered by a CommonMark parser (markdown-it-py): the headings and links it
means to have, and outside text shown as written: no stray backslash, no heading, link,
image or HTML that the outside text did not have as text."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from deskcheck.analysis.claim_analysis import analyse
from deskcheck.data import Desk
from deskcheck.export.markdown import desk_note
from deskcheck.export.markdown_text import md
from tests.conftest import run_cli

PARSER = MarkdownIt("commonmark")


def inline_text(tokens: list[Token]) -> str:
    """The text a reader sees, from the inline tokens (entities decoded by the parser)."""
    out = []
    for token in tokens:
        for child in token.children or []:
            if child.type in ("text", "code_inline"):
                out.append(child.content)
            elif child.type in ("softbreak", "hardbreak"):
                out.append("\n")
    return "".join(out)


def kinds(tokens: list[Token]) -> list[str]:
    found = [t.type for t in tokens]
    for token in tokens:
        found += [c.type for c in token.children or []]
    return found


def squeeze(text: str) -> str:
    return " ".join(text.split())


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [*"ab1 \n\t#>-+*=_~`[]()!<>&;|\\:/.", "&amp;", "&#65;", "---", "1. ", "    "]
        ),
        max_size=30,
    ).map("".join)
)
def test_any_outside_text_renders_as_itself(text: str) -> None:
    tokens = PARSER.parse(md(text))
    assert [t.type for t in tokens if t.nesting == 1] in ([], ["paragraph_open"])
    assert squeeze(inline_text(tokens)) == squeeze(text)
    assert not {"link_open", "image", "html_inline", "html_block", "em_open", "strong_open"} & set(
        kinds(tokens)
    )


def test_text_needs_no_backslashes_where_markdown_reads_none() -> None:
    assert md("Commerce (B2), 23-9, snake_case, 5 * 3 = 15!") == (
        "Commerce (B2), 23-9, snake_case, 5 \\* 3 = 15!"
    )


HOSTILE = "Says\n---\n# Breaking [x](javascript:alert(1)) ![](http://t.example/p.png) <b>bold</b>"


def rendered_note(desk: Desk, claim: int) -> tuple[str, list[Token]]:
    record = desk.claim(claim)
    note = desk_note(record, analyse(record), desk.verdict_scale())
    return note, PARSER.parse(note)


def headings(tokens: list[Token]) -> list[tuple[str, str]]:
    return [
        (t.tag, tokens[i + 1].content) for i, t in enumerate(tokens) if t.type == "heading_open"
    ]


def links(tokens: list[Token]) -> list[Any]:
    return [c.attrs["href"] for t in tokens for c in t.children or [] if c.type == "link_open"]


def test_hostile_outside_text_is_text_in_the_desk_note(empty_desk: Desk) -> None:
    claim = empty_desk.add_claim(HOSTILE)
    label = "Said it\n---"
    empty_desk.add_interpretation(claim, label, "# Statement <script>x</script>")
    item = empty_desk.add_evidence(claim, "[t](javascript:x) | cell")
    with empty_desk.db.conn:  # as an older desk kept it (the desk refuses it now)
        empty_desk.db.execute(
            "UPDATE evidence SET url = 'javascript:alert(2)' WHERE id = ?", [item]
        )
    empty_desk.add_evidence(claim, "Page", url="https://e.example/a|b")
    empty_desk.decide(claim, "lead", "![img](https://t.example/i.png) *not bold* \\ back")
    note, tokens = rendered_note(empty_desk, claim)
    assert [level for level, _ in headings(tokens)] == ["h1", "h2", "h2", "h3", *["h2"] * 4]
    assert headings(tokens)[0] == ("h1", "Desk note: claim 1")
    assert links(tokens) == []  # neither javascript: nor a URL with | is made a link
    found = set(kinds(tokens))
    assert not {"image", "html_inline", "html_block", "em_open", "hr"} & found
    html = PARSER.render(note)
    assert "<b>" not in html and "<script>" not in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html and "[x](javascript:alert(1))" in html
    assert "# Breaking" in html and "![](http://t.example/p.png)" in html
    # the only backslashes are the source's own (its rationale is shown twice)
    assert html.count("*not bold* \\ back") == html.count("\\") == 2


def test_the_sample_note_has_its_headings_links_and_no_backslash(sample_desk: Desk) -> None:
    note, tokens = rendered_note(sample_desk, 1)
    assert headings(tokens) == [
        ("h1", "Desk note: claim 1"),
        ("h2", "Custody chain"),
        ("h2", "Interpretations"),
        ("h3", "Heavier reading"),
        ("h3", "Procedural reading"),
        ("h2", "Evidence"),
        ("h2", "Evidence wanted"),
        ("h2", "Decision history"),
        ("h2", "This note will be revised if"),
        ("h2", "Provenance"),
    ]
    hrefs = links(tokens)
    for evidence in sample_desk.claim(1).evidence:
        if evidence.url:
            assert evidence.url in hrefs
    html = PARSER.render(note)
    assert "\\" not in html
    assert "Commerce Department" in html and "(our models, our rules" in html


def test_one_evidence_table_with_a_mark_per_interpretation(sample_desk: Desk) -> None:
    note, _tokens = rendered_note(sample_desk, 2)
    header = "| # | Evidence | Grade | Vote taken | Only proposed | Link |"
    assert note.count(header) == 1
    assert "| 8 | Minutes of Kessford council, 18 June 2026, item 7 (record) | A2 | CC | II |" in (
        note
    )
    assert note.count("Kessford Buses passenger notice") == 3  # table, reasons, provenance


def test_provenance_lists_every_evidence_item(sample_desk: Desk) -> None:
    record = sample_desk.claim(1)
    note, _tokens = rendered_note(sample_desk, 1)
    provenance = note.split("## Provenance", 1)[1]
    for evidence in record.evidence:
        assert f"| {evidence.id}. {evidence.title} |" in provenance
    assert "| 6. December 2024 rules, cited in the editorial as the diffusion rule | no URL |" in (
        provenance
    )
    assert provenance.count("no snapshot") == len(record.evidence)


def test_a_failed_fetch_is_not_a_snapshot(sample_desk: Desk) -> None:
    sample_desk.add_snapshot(9, http_status=None, error="could not connect")
    note, _tokens = rendered_note(sample_desk, 2)
    row = next(line for line in note.splitlines() if line.startswith("| 9. "))
    assert "no snapshot (last try" in row and "no answer)" in row


def test_export_says_where_it_went_and_keeps_an_existing_file(
    sample_path: Path, tmp_path: Path
) -> None:
    target = tmp_path / "note.md"
    first = run_cli("export", "2", "-o", str(target), "--desk", str(sample_path))
    assert first.exit_code == 0
    assert first.stdout == f"Wrote {target.absolute()}\n"
    target.write_text("edited by hand", encoding="utf-8")
    again = run_cli("export", "2", "-o", str(target), "--desk", str(sample_path))
    assert again.exit_code == 1
    assert "already exists: use --replace" in again.output
    assert target.read_text(encoding="utf-8") == "edited by hand"
    replaced = run_cli("export", "2", "-o", str(target), "--replace", "--desk", str(sample_path))
    assert replaced.exit_code == 0 and target.read_text(encoding="utf-8").startswith("# Desk")


def test_exports_go_to_the_desks_export_folder(sample_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    setting = run_cli("setting", "export_dir", f'"{folder}"', "--desk", str(sample_path))
    assert setting.exit_code == 0, setting.output
    newsroom = '{"name": "Kessford Courier", "url": "https://desk.example/"}'
    published = run_cli("publish", "10", "--organisation", newsroom, "--desk", str(sample_path))
    assert published.stdout == f"Wrote {folder / 'fact-check-10.html'}\n"
    missing = tmp_path / "missing"
    run_cli("setting", "export_dir", f'"{missing}"', "--desk", str(sample_path))
    refused = run_cli("publish", "10", "--desk", str(sample_path))
    assert refused.exit_code == 1 and f"the folder {missing} does not exist" in refused.output
