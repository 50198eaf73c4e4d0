"""Plain text of an HTML fragment (feed summaries, HTML titles, JSON Feed ``content_html``),
laid out as a browser shows it: inscriptis renders the HTML the way a text browser does, so
inline elements join without a space (``10<sup>6</sup>`` is ``106``, ``<b>Un</b>vaccinated``
is ``Unvaccinated``, MathML ``a+b`` stays ``a+b``), block elements start new lines, runs of
white space collapse, entities are decoded, and scripts and styles are dropped.

Text a feed declares as plain is never passed through here: it is kept as written.
"""

from __future__ import annotations

from inscriptis import get_text
from inscriptis.css_profiles import CSS_PROFILES
from inscriptis.model.config import ParserConfig

# "strict" follows the browsers' default style sheet; the "relaxed" default pads every block
# with spaces that no browser shows (``  quoted`` for a blockquote)
BROWSER_LAYOUT = ParserConfig(css=CSS_PROFILES["strict"])


def html_to_text(fragment: str) -> str:
    if "<" not in fragment and "&" not in fragment:
        return " ".join(fragment.split())  # HTML collapses white space, as a browser shows it
    text = get_text(fragment, BROWSER_LAYOUT)
    lines = [line.rstrip() for line in text.splitlines()]
    return "\n".join(lines).strip()
