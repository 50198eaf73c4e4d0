"""The README's keys tables, made from the registry (`deskcheck keys --markdown`); a test
holds the README to them."""

from __future__ import annotations

from collections.abc import Mapping

from deskcheck.ui.keys import SECTIONS, Key, Section, rows

BEGIN = "<!-- keys: made by `deskcheck keys --markdown`; edit deskcheck/ui/keys, not here -->"
END = "<!-- keys: end -->"


def cell(text: str) -> str:
    return text.replace("|", "\\|")


def key_cell(typed: list[str]) -> str:
    return " ".join(f"`{cell(key)}`" for key in typed)


def id_cell(entries: list[Key]) -> str:
    """The ids a keymap may name; "—" for keys that cannot move."""
    ids = [f"`{k.id}`" for k in entries if k.action is not None and not k.fixed]
    return " ".join(ids) or "—"


def table_rows(section: Section, keymap: Mapping[str, str] | None = None) -> list[str]:
    return [
        f"| {key_cell(typed)} | {cell(entries[0].words)} | {id_cell(entries)} |"
        for entries, typed in rows(section, keymap)
    ]


def markdown_tables(keymap: Mapping[str, str] | None = None) -> str:
    """One table a screen (the forms and dialogs in one), as the README has them."""
    tables: dict[str, list[str]] = {}
    for section in SECTIONS:
        tables.setdefault(section.table or section.heading, []).extend(table_rows(section, keymap))
    parts = [BEGIN]
    for heading, lines in tables.items():
        parts += [
            "",
            f"**{heading}**",
            "",
            "| key | action | keymap id |",
            "| --- | --- | --- |",
            *lines,
        ]
    parts += ["", END]
    return "\n".join(parts) + "\n"


def in_readme(readme: str) -> str:
    """The README's tables as they stand, between the markers."""
    start = readme.index(BEGIN)
    return readme[start : readme.index(END, start) + len(END)] + "\n"


def with_tables(readme: str) -> str:
    """The README with its tables made again from the registry."""
    return readme.replace(in_readme(readme).rstrip("\n"), markdown_tables().rstrip("\n"))
