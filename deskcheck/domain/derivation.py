"""Where evidence comes from: root sources, independent corroboration, circular reporting.

An evidence item may say what it derives from: another item (a blog repeating a report) or
a hop of the claim's custody chain. Following those links gives each item's root source;
an item that derives from nothing is its own root, and every hop of the custody chain goes
back to the chain's origin. Corroboration counts distinct roots, not reports: items that
share a root count once. A derivation that loops back on itself is circular reporting.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from deskcheck.domain.models import ClaimRecord

SINGLE_ROOT = "every piece of evidence traces to a single root"


@dataclass(frozen=True)
class Sources:
    roots: dict[int, str]  # evidence id → root key ("evidence:12", "custody origin", "cycle:…")
    root_names: dict[str, str]
    cycles: tuple[tuple[int, ...], ...]
    warnings: tuple[str, ...]

    @property
    def independent_roots(self) -> int:
        return len(set(self.roots.values()))


@dataclass(frozen=True)
class Derivation:
    """The least an evidence item must say for its root to be found."""

    id: int
    title: str
    derived_from_evidence_id: int | None
    derived_from_hop_id: int | None


def source_warnings(items: list[Derivation]) -> tuple[str, ...]:
    """The warnings alone, for the queue (no custody names needed)."""
    return trace(items, origin_actor="the custody chain's origin").warnings


def trace_sources(record: ClaimRecord) -> Sources:
    items = [
        Derivation(e.id, e.title, e.derived_from_evidence_id, e.derived_from_hop_id)
        for e in record.evidence
    ]
    origin = record.custody[0].actor if record.custody else None
    return trace(items, origin_actor=origin)


def trace(items_in: list[Derivation], origin_actor: str | None) -> Sources:
    items = {e.id: e for e in items_in}
    names: dict[str, str] = {}
    roots: dict[int, str] = {}
    cycles: list[tuple[int, ...]] = []
    for item in items_in:
        roots[item.id] = _root(item, items, origin_actor, names, cycles)
    warnings: list[str] = []
    families: dict[str, list[int]] = defaultdict(list)
    for item_id, key in roots.items():
        families[key].append(item_id)
    if len(roots) >= 2 and len(families) == 1:
        warnings.append(SINGLE_ROOT)
    for key, members in families.items():
        if len(members) >= 2 and not key.startswith("cycle:"):
            warnings.append(
                f"circular reporting: {len(members)} reports collapse to one root ({names[key]})"
            )
    for loop in cycles:
        chain = " → ".join(f"#{i}" for i in (*loop, loop[0]))
        warnings.append(f"circular reporting: a derivation cycle ({chain})")
    return Sources(roots, names, tuple(cycles), tuple(warnings))


def _root(
    item: Derivation,
    items: dict[int, Derivation],
    origin_actor: str | None,
    names: dict[str, str],
    cycles: list[tuple[int, ...]],
) -> str:
    """The key of the root ``item`` derives from, naming it in ``names`` and recording a cycle
    met on the way in ``cycles``."""
    path: list[int] = []
    current = item
    while True:
        if current.id in path:
            loop = tuple(path[path.index(current.id) :])
            key = f"cycle:{min(loop)}"
            if tuple(sorted(loop)) not in {tuple(sorted(c)) for c in cycles}:
                cycles.append(loop)
            names[key] = "a circle of reports citing each other"
            return key
        path.append(current.id)
        parent = current.derived_from_evidence_id
        if parent is not None and parent in items:
            current = items[parent]
            continue
        if current.derived_from_hop_id is not None and origin_actor is not None:
            key = "custody origin"
            names[key] = f"the custody chain's origin ({origin_actor})"
        else:
            key = f"evidence:{current.id}"
            names[key] = current.title
        return key
