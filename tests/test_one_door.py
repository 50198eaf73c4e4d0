"""One door: the command line and the UI record through the work layer, never by calling the
data layer's writes themselves, so every rule the work layer applies (the URL rule, grades,
times, marks) holds whichever way a reviewer acts. Read from the source (an AST walk): a
call of a ``Desk`` write, by name, from ``deskcheck/cli`` or ``deskcheck/ui``, fails here."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DESK = ROOT / "deskcheck" / "data" / "desk.py"


def desk_writes() -> set[str]:
    """The names of the ``Desk``'s recorded writes (``name = _recorded(...)``)."""
    names = set(re.findall(r"^\s+(\w+) = _recorded\(", DESK.read_text(), re.M))
    assert len(names) > 40, "the writes are no longer declared as `name = _recorded(...)`"
    return names | {"recording", "rebuild_matching_index"}


def is_a_desk(receiver: ast.expr) -> bool:
    """``desk.x``, ``d.x``, ``self.desk.x``, ``app.desk.x``: the work layer's functions of the
    same names (``recorded_parts.edit_wanted(desk, …)``) are called on their module."""
    text = ast.unparse(receiver)
    return text in {"d", "desk", "other"} or text.endswith(".desk")


def calls_of(names: set[str], folder: str) -> list[str]:
    found = []
    for path in sorted((ROOT / "deskcheck" / folder).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in names
                and is_a_desk(node.func.value)
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} .{node.func.attr}(…)")
    return found


def test_the_ui_records_only_through_the_work_layer() -> None:
    assert calls_of(desk_writes(), "ui") == []


def test_the_command_line_records_only_through_the_work_layer() -> None:
    assert calls_of(desk_writes(), "cli") == []


def test_the_check_sees_a_direct_write(tmp_path: Path) -> None:
    """The walk itself: a direct call is found (a test that could not fail proves nothing)."""
    source = "def act(desk):\n    desk.add_trigger(1, 'when', url='javascript:x')\n"
    tree = ast.parse(source)
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    assert any(
        isinstance(c.func, ast.Attribute)
        and c.func.attr in desk_writes()
        and is_a_desk(c.func.value)
        for c in calls
    )
