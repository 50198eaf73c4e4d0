"""The first line of a claim, for one-line places (the queue, `deskcheck list`).

A claim's lines are broken by a line feed (``\\n``, or ``\\r\\n`` from Windows), which is how
every format the desk reads writes a line break. Python's ``str.splitlines`` also breaks at
a lone ``\\r``, U+0085, U+2028, U+2029, VT, FF and the file separators: characters that arrive
inside a title (a JavaScript string, a copy from a PDF) without meaning a new line. Cutting
there would show only the words before them; they stay, and the one sanitiser makes them
visible (``␍``, ``⟨LS⟩``).
"""

from __future__ import annotations


def first_line(text: str) -> str:
    """The text up to its first line feed (a ``\\r`` before it dropped), outer spaces trimmed."""
    line = text.strip().split("\n", 1)[0]
    return line.removesuffix("\r").strip()
