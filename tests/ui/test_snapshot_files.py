"""The pinned snapshots are kept one way: a folder per snapshot module that exists, and each
picture named by the size it was taken at (``[80x24]``, ``[queue-120x40]``), never by
pytest's ``size0``/``size1``, so a family's pictures read alike whichever file pins them."""

from __future__ import annotations

import re
from pathlib import Path

HERE = Path(__file__).parent
PINNED = HERE / "__snapshots__"
NAMED = re.compile(r"^test_\w+(\[([\w.-]+-)?\d+x\d+\])?\.svg$")


def test_every_snapshot_folder_belongs_to_a_test_module() -> None:
    orphans = [d.name for d in PINNED.iterdir() if not (HERE / f"{d.name}.py").exists()]
    assert not orphans, f"snapshots of no test module: {orphans}"


def test_every_snapshot_is_named_by_its_size() -> None:
    unnamed = [
        f"{svg.parent.name}/{svg.name}"
        for svg in PINNED.rglob("*.svg")
        if not NAMED.match(svg.name)
    ]
    assert not unnamed, f"snapshots not named by their size: {unnamed}"
