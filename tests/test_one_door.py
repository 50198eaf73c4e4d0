"""One door for every act: the command line and the terminal UI record through the work
layer only. No module under deskcheck/cli or deskcheck/ui calls a write method of ``Desk``
(the data-layer functions ``Desk`` records with ``_recorded``) or opens a recording of its
own; the import contracts in pyproject.toml keep them off the data layer's write modules."""

from __future__ import annotations

import ast
import re

from tests.conftest import REPO

FRONT_ENDS = ("deskcheck/cli", "deskcheck/ui")


def desk_write_methods() -> set[str]:
    source = (REPO / "deskcheck" / "data" / "desk.py").read_text(encoding="utf-8")
    names = set(re.findall(r"^    (\w+) = _recorded\(", source, re.MULTILINE))
    assert len(names) > 30, "desk.py's recorded methods could not be read"
    return names | {"recording", "rebuild_matching_index"}


def calls_in(path_text: str, names: set[str]) -> list[tuple[int, str]]:
    tree = ast.parse(path_text)
    return [
        (node.lineno, node.func.attr)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in names
        and not (
            isinstance(node.func.value, ast.Name)
            and node.func.value.id != "desk"
            and node.func.value.id not in ("d", "self")
        )
    ]


def test_the_front_ends_call_no_write_method_of_the_desk() -> None:
    names = desk_write_methods()
    found = [
        f"{path.relative_to(REPO)}:{line} {name}"
        for folder in FRONT_ENDS
        for path in sorted((REPO / folder).rglob("*.py"))
        for line, name in calls_in(path.read_text(encoding="utf-8"), names)
    ]
    assert not found, "write through the work layer, not Desk:\n" + "\n".join(found)
