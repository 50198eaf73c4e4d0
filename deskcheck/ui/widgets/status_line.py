"""One line at the top of each screen: the desk, the reviewer, the queue, the session."""

from __future__ import annotations

from pathlib import Path

from textual.content import Content
from textual.widgets import Static

from deskcheck.ui.safe import safe


class StatusLine(Static):
    DEFAULT_CSS = """
    StatusLine { height: 1; background: $panel; color: $text; padding: 0 1; }
    """

    def show(
        self,
        *,
        desk_path: Path,
        reviewer: str,
        session_minutes: int,
        counts: dict[str, int] | None = None,
        extra: str = "",
        read_only: bool = False,
        marked: int = 0,
    ) -> None:
        parts: list[Content | str | tuple[str, str]] = [
            (" READ-ONLY ", "bold reverse $warning") if read_only else "",
            # first, so a narrow terminal still shows what the next act applies to
            (f" {marked} marked ", "bold reverse $accent") if marked else "",
            " " if marked else "",
            (desk_path.name, "bold"),
            " · reviewer ",
            safe(reviewer, "bold"),
        ]
        if counts is not None:
            parts.append(" · ")
            parts.append("  ".join(f"{s.replace('_', ' ')} {n}" for s, n in counts.items()))
        hours, minutes = divmod(session_minutes, 60)
        parts.append(f" · session {hours}:{minutes:02d}")
        if extra:
            parts += [" · ", safe(extra, "italic")]
        self.update(Content.assemble(*parts))
