"""Plain text of an HTML fragment (feed summaries, HTML titles, JSON Feed ``content_html``),
laid out as a browser shows it: inscriptis renders the HTML the way a text browser does, so
inline elements join without a space (``10<sup>6</sup>`` is ``106``, ``<b>Un</b>vaccinated``
is ``Unvaccinated``, MathML ``a+b`` stays ``a+b``), block elements start new lines, runs of
white space collapse, entities are decoded, and scripts and styles are dropped.

Two things a reader sees that plain text would lose are kept in words before the layout:

- struck-through text (``<del>``, ``<s>``, ``<strike>``) is shown with a line through it, so
  the reader still reads it, as struck out: ``<del>rose</del> <ins>fell</ins>`` is
  ``[deleted: rose] fell``. Square brackets are how an editor marks their own words inside a
  quotation, in any language's press; Markdown's ``~~rose~~`` would read as the source's own
  tildes in the terminal, and fingerprints fold symbols away, so ``~~rose~~ fell`` would be
  taken for the unedited ``rose fell``. Inserted text (``<ins>``) is the text as it now reads.
- an emoji drawn as a picture (WordPress ``<img class="emoji" alt="🔥">``, Twemoji, a
  ``wp-smiley``) is its ``alt`` text: the image is the character. Other pictures are not text.

Text a feed declares as plain is never passed through here: it is kept as written.
"""

from __future__ import annotations

import re
import unicodedata

from inscriptis import Inscriptis
from inscriptis.css_profiles import CSS_PROFILES
from inscriptis.model.config import ParserConfig
from lxml.etree import ParserError
from lxml.html import HtmlElement, document_fromstring

# "strict" follows the browsers' default style sheet; the "relaxed" default pads every block
# with spaces that no browser shows (``  quoted`` for a blockquote)
BROWSER_LAYOUT = ParserConfig(css=CSS_PROFILES["strict"])

STRUCK = ("del", "s", "strike")
EMOJI_CLASS = re.compile(r"(?:^|[\s_-])(?:emoji|smiley|emoticon)(?:$|[\s_-])", re.IGNORECASE)
XML_DECLARATION = re.compile(r"^<\?xml [^>]+?\?>")
# the characters an emoji's alt text is made of besides symbols: joiners, selectors, tones
EMOJI_PARTS = {"\u200d", "\ufe0e", "\ufe0f", "\u20e3"}


def is_emoji_text(text: str) -> bool:
    """Only emoji (symbols, flags, their joiners and modifiers), and not too long to be one."""
    return 0 < len(text) <= 32 and all(
        unicodedata.category(c) in ("So", "Sk") or c in EMOJI_PARTS or 0x1F1E6 <= ord(c) <= 0x1F1FF
        for c in text
    )


def _emoji_alt(image: HtmlElement) -> str | None:
    alt = (image.get("alt") or "").strip()
    if not alt:
        return None
    if EMOJI_CLASS.search(image.get("class") or "") or is_emoji_text(alt):
        return alt
    return None


def _mark_struck(element: HtmlElement) -> None:
    """``[deleted: …]`` around what the element holds (the outermost one, once)."""
    if not element.text_content().strip():
        return  # nothing a reader could see struck out
    element.text = "[deleted: " + (element.text or "")
    if len(element):
        last = element[-1]
        last.tail = (last.tail or "") + "]"
    else:
        element.text += "]"


def _shown_in_words(tree: HtmlElement) -> None:
    for image in list(tree.iter("img")):
        alt = _emoji_alt(image)
        if alt is not None:
            image.tail = alt + (image.tail or "")
            image.drop_tree()  # keeps the tail, now led by the emoji
    for element in list(tree.iter(*STRUCK)):
        if not any(parent.tag in STRUCK for parent in element.iterancestors()):
            _mark_struck(element)


def _tree(fragment: str) -> HtmlElement | None:
    # as inscriptis reads a fragment: a whole document, so that no wrapper element is styled
    fragment = XML_DECLARATION.sub("", fragment.strip(), count=1)
    if not fragment:
        return None
    try:
        return document_fromstring(fragment)
    except ParserError:
        return document_fromstring("<pre>" + fragment + "</pre>")


def html_to_text(fragment: str) -> str:
    if "<" not in fragment and "&" not in fragment:
        return " ".join(fragment.split())  # HTML collapses white space, as a browser shows it
    tree = _tree(fragment)
    if tree is None:
        return ""
    _shown_in_words(tree)
    text = Inscriptis(tree, BROWSER_LAYOUT).get_text()
    lines = [line.rstrip() for line in text.splitlines()]
    return "\n".join(lines).strip()
