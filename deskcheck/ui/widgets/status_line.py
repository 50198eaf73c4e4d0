"""One line at the top of each screen: the desk, the reviewer, the queue, the session.

When the line is too long for the terminal, the statuses no claim has go first, then the
session time, then the counts, then the desk's and the reviewer's names are shortened:
the search and filter state (the ``extra`` part) stays whole, since it says what the
screen is showing.
"""

from __future__ import annotations

from pathlib import Path

from textual.content import Content
from textual.widgets import Static

from deskcheck.ui.safe import safe


def shortened(text: str, width: int) -> str:
    return text if len(text) <= width else text[: max(1, width - 1)] + "…"


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
        room = (self.size.width or self.app.size.width) - 2
        hours, minutes = divmod(session_minutes, 60)
        desk, who = desk_path.name, reviewer
        count_text = (
            "  ".join(f"{s.replace('_', ' ')} {n}" for s, n in counts.items()) if counts else ""
        )
        session = f"session {hours}:{minutes:02d}"

        def length() -> int:
            parts = [desk, "reviewer " + who, count_text, session, extra]
            return (
                len(" · ".join(p for p in parts if p))
                + (11 if read_only else 0)
                + (len(f" {marked} marked  ") if marked else 0)
            )

        if length() > room and counts:  # first the statuses no claim has
            count_text = "  ".join(f"{s.replace('_', ' ')} {n}" for s, n in counts.items() if n)
        if length() > room:
            session = ""
        if length() > room:
            count_text = ""
        for width in (24, 16, 10):
            if length() > room:
                desk, who = shortened(desk, width), shortened(who, width)
        parts: list[Content | str | tuple[str, str]] = [
            (" READ-ONLY ", "bold reverse $warning") if read_only else "",
            # first, so a narrow terminal still shows what the next act applies to
            (f" {marked} marked ", "bold reverse $accent") if marked else "",
            " " if marked else "",
            safe(desk, "bold"),
            " · reviewer ",
            safe(who, "bold"),
        ]
        if count_text:
            parts += [" · ", count_text]
        if session:
            parts.append(f" · {session}")
        if extra:
            parts += [" · ", safe(extra, "italic")]
        self.update(Content.assemble(*parts))
