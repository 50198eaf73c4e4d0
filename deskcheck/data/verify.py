"""`deskcheck verify`: is the desk file sound, and is its event log the one that was written?"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from deskcheck.data.connection import APPLICATION_ID, connect, desk_identity
from deskcheck.data.events import ChainReport, chain_contains, verify_chain
from deskcheck.domain.errors import NotADesk


@dataclass
class VerifyReport:
    integrity: list[str] = field(default_factory=list)  # ['ok'] when sound
    foreign_key_problems: list[tuple[object, ...]] = field(default_factory=list)
    chain: ChainReport | None = None
    expected_head_found: bool | None = None

    @property
    def ok(self) -> bool:
        return (
            self.integrity == ["ok"]
            and not self.foreign_key_problems
            and self.chain is not None
            and self.chain.ok
            and self.expected_head_found is not False
        )


def verify_desk(path: Path, *, expect_head: str | None = None) -> VerifyReport:
    """Check a desk without changing it: integrity, foreign keys, and the hash chain."""
    conn = connect(path)
    try:
        application_id, _version, _objects = desk_identity(conn, path)
        if application_id != APPLICATION_ID:
            raise NotADesk(f"{path} is not a deskcheck desk")
        report = VerifyReport()
        report.integrity = [row[0] for row in conn.execute("PRAGMA integrity_check")]
        report.foreign_key_problems = [tuple(r) for r in conn.execute("PRAGMA foreign_key_check")]
        report.chain = verify_chain(conn)
        if expect_head is not None:
            report.expected_head_found = chain_contains(conn, expect_head)
        return report
    finally:
        conn.close()
