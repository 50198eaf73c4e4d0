"""Which character encoding a source is in, found from its bytes as a browser finds it, and
the source re-encoded as UTF-8 before any parser sees it.

The rules, in order (the first that applies chooses; ``Decoded.rule`` says which):

1. a byte order mark (UTF-8, UTF-16 or UTF-32);
2. for a source with no mark, the pattern of zero bytes around its first character, which
   gives UTF-16 or UTF-32 away (XML 1.0, appendix F; the same holds for JSON);
3. the charset of the HTTP ``Content-Type`` header;
4. the XML declaration's ``encoding``, or an HTML ``<meta charset>``;
5. valid UTF-8;
6. charset-normalizer's detection from the bytes, among the encodings browsers know.

Detection needs some text to go on: a few sentences are read right, a feed of a few words in
a legacy encoding may not be (declare its encoding then).

A declaration (3, 4) is followed only when the bytes decode under it without error and give
no C1 control characters (U+0080–U+009F, which no real text holds and which a legacy
encoding read as Latin-1 produces): a feed that says UTF-8 but is KOI8-R is detected, not
garbled. Encoding names are read as the WHATWG Encoding Standard reads them (w3lib), so
``iso-8859-1`` means windows-1252, as in every browser.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes
from w3lib.encoding import html_body_declared_encoding, http_content_type_encoding

C1_CONTROLS = re.compile("[\x80-\x9f]")
XML_DECLARATION_ENCODING = re.compile(
    r"""\A(\s*<\?xml[^>]*?\sencoding\s*=\s*)(["'])[^"']*\2""", re.IGNORECASE
)
BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE: its mark starts the same way
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
WIDE = ("utf-16", "utf-32")
# the legacy encodings of the WHATWG Encoding Standard, the only ones a browser decodes with:
# the detector chooses among these, never an exotic codec no page is written in (hp_roman8)
BROWSER_ENCODINGS = [
    "utf_8", "cp866", "iso8859_2", "iso8859_3", "iso8859_4", "iso8859_5", "iso8859_6",
    "iso8859_7", "iso8859_8", "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15",
    "iso8859_16", "koi8_r", "koi8_u", "mac_roman", "mac_cyrillic", "cp874", "cp1250",
    "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258",
    "gb18030", "big5", "euc_jp", "iso2022_jp", "cp932", "cp949",
]  # fmt: skip


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # Python's codec name
    rule: str  # which rule chose it, in words

    @property
    def note(self) -> str:
        """What the ingest summary says about it (nothing for plain UTF-8)."""
        if self.encoding == "utf-8" and self.rule != "detected":
            return ""
        return f"read as {self.encoding} ({self.rule})"


def _codec(label: str | None) -> str | None:
    """A Python codec name for an encoding label, or None when it names none."""
    if not label:
        return None
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _wide_by_zero_bytes(head: bytes) -> str | None:
    """UTF-16 or UTF-32 without a mark: ASCII markup has a zero byte beside each character."""
    if len(head) < 4:
        return None
    a, b, c, d = head[:4]
    if a == b == c == 0 and d:
        return "utf-32-be"
    if a and b == c == d == 0:
        return "utf-32-le"
    if a == 0 and b and c == 0:
        return "utf-16-be"
    if a and b == 0 and d == 0 and c:
        return "utf-16-le"
    return None


def _strict(body: bytes, encoding: str) -> str | None:
    try:
        return body.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _declared(body: bytes, content_type: str | None) -> list[tuple[str, str]]:
    """(codec, rule) for each declaration, the HTTP header first."""
    found: list[tuple[str, str]] = []
    header = _codec(http_content_type_encoding(content_type or ""))
    if header:
        found.append((header, "HTTP header"))
    in_body = _codec(html_body_declared_encoding(body[:4096]))
    if in_body:
        found.append((in_body, "declared"))
    return found


def by_mark(body: bytes) -> Decoded | None:
    """Rules 1 and 2, which hold for every format (JSON and CSV too): the text when a byte
    order mark or the zero bytes of UTF-16 or UTF-32 say what it is, else None."""
    for mark, encoding in BOMS:
        if body.startswith(mark):
            text = body[len(mark) :].decode(encoding, errors="replace")
            return Decoded(text, codecs.lookup(encoding).name, "byte order mark")
    wide = _wide_by_zero_bytes(body[:4])
    if wide:
        return Decoded(body.decode(wide, errors="replace"), wide, "zero-byte pattern")
    return None


def decode_bytes(body: bytes, content_type: str | None = None) -> Decoded:
    """The text of ``body`` by all the rules above. Never raises: the last resort decodes
    with replacement characters, which the parsers then report."""
    marked = by_mark(body)
    if marked is not None:
        return marked
    for encoding, rule in _declared(body, content_type):
        if encoding.startswith(WIDE):
            continue  # an ASCII-compatible body cannot be UTF-16: browsers ignore the label
        text = _strict(body, encoding)
        if text is not None and not C1_CONTROLS.search(text):
            return Decoded(text, encoding, rule)
    text = _strict(body, "utf-8")
    if text is not None:
        return Decoded(text, "utf-8", "valid UTF-8")
    best = from_bytes(body[:200_000], cp_isolation=BROWSER_ENCODINGS).best()
    if best is not None:
        encoding = _codec(best.encoding) or "utf-8"
        return Decoded(body.decode(encoding, errors="replace"), encoding, "detected")
    return Decoded(body.decode("windows-1252", errors="replace"), "cp1252", "fallback")


def as_utf8(decoded: Decoded) -> bytes:
    """The text as UTF-8 bytes, its XML declaration saying so (a parser that reads the
    declaration must not decode the bytes a second time as something else)."""
    text = XML_DECLARATION_ENCODING.sub(r"\1\2utf-8\2", decoded.text, count=1)
    return text.encode("utf-8", errors="surrogatepass")
