"""Everything the analysis says about one claim, for the screens and `show --json`."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from deskcheck.analysis.matrix import Matrix, build_matrix
from deskcheck.domain.derivation import Sources, trace_sources
from deskcheck.domain.models import ClaimRecord, Verdict

FINDINGS = ("verified", "false", "misleading")
"""Verdicts that state what is true; a lead or "unverified" states what is not known."""


@dataclass(frozen=True)
class Analysis:
    matrix: Matrix
    sources: Sources
    warnings: tuple[str, ...]  # the claim's own (custody) and the analysis's

    def verdict_concerns(self, verdict: Verdict | str) -> list[str]:
        """Why the analysis does not support this verdict (empty: it does)."""
        name = verdict if isinstance(verdict, str) else verdict.name
        if name not in FINDINGS:
            return []
        concerns = []
        if self.matrix.interpretations and self.matrix.none_eliminated:
            concerns.append("no interpretation is eliminated")
        concerns += [w for w in self.warnings if w == "no primary source"]
        concerns += [w for w in self.sources.warnings if w.startswith("every piece")]
        return concerns

    def to_dict(self) -> dict[str, Any]:
        matrix = self.matrix
        return {
            "summary": matrix.summary,
            "none_eliminated": matrix.none_eliminated,
            "leaders": list(matrix.leaders),
            "scores": [asdict(s) for s in matrix.scores],
            "evidence": [
                {
                    "evidence_id": c.evidence_id,
                    "marks": {str(k): v for k, v in c.marks.items()},
                    "weight": round(c.weight, 4),
                    "diagnosticity": round(c.diagnosticity, 4),
                    "linchpin": c.linchpin,
                    "root": self.sources.roots[c.evidence_id],
                }
                for c in matrix.evidence
            ],
            "independent_roots": self.sources.independent_roots,
            "root_names": self.sources.root_names,
            "warnings": list(self.warnings),
        }


def analyse(record: ClaimRecord) -> Analysis:
    sources = trace_sources(record)
    return Analysis(build_matrix(record), sources, record.warnings + sources.warnings)
