"""The README's layout section names only what is in the tree: each folder and module it
names, at the head of a line or in a description, exists where it says."""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import REPO

ENTRY = re.compile(r"^( *)([\w.]+/|[\w.]+\.(?:py|tcss|md|toml|svg))(?=\s|$)")
NAMED = re.compile(r"(?<![\w./-])([a-z_]+(?:\.py|\.tcss|/))(?=[\s,;:)]|$)")


def layout_block() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Layout\n", 1)[1]
    return section.split("```", 2)[1].splitlines()[1:]


def named_paths() -> list[tuple[Path, str]]:
    """(where to look, what is named), line by line, folders nesting by indentation."""
    stack: list[tuple[int, Path]] = [(-1, REPO)]
    found: list[tuple[Path, str]] = []
    for line in layout_block():
        entry = ENTRY.match(line)
        description = line
        if entry:
            indent, name = len(entry.group(1)), entry.group(2)
            while stack[-1][0] >= indent:
                stack.pop()
            found.append((stack[-1][1], name))
            if name.endswith("/"):
                stack.append((indent, stack[-1][1] / name.rstrip("/")))
            description = line[entry.end() :]
        here = stack[-1][1]
        found += [(here, name) for name in NAMED.findall(description)]
    return found


def test_every_path_the_layout_names_exists() -> None:
    named = named_paths()
    assert len(named) > 20, "the layout section could not be read"
    missing = [
        f"{where.relative_to(REPO)}/{name}"
        for where, name in named
        if not (where / name.rstrip("/")).exists() and not list(where.rglob(name.rstrip("/")))
    ]
    assert not missing, f"the README's layout names what is not in the tree: {missing}"
