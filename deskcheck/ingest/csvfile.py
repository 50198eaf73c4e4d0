"""CSV with a header row naming the same fields as JSON Lines (``text`` required; ``id``,
``url``, ``published``, ``author``, ``source``, ``tags`` separated by commas, ``priority``).

Fields may be quoted and hold newlines. The file should be UTF-8; a row with bytes that are
not UTF-8 is rejected on its own, the other rows are kept.

Spreadsheets in French, German and most of Europe, where the comma is the decimal mark, save
CSV with ``;`` between fields, and Excel's "CSV UTF-8" starts with a byte order mark (and
sometimes an Excel ``sep=;`` line naming the separator). The separator is found by the
standard library's ``csv.Sniffer`` and then proved on the header: it must split the header
into a ``text`` column, or the next likely one (``;``, tab, ``|``, ``,``) that does is used.
"""

from __future__ import annotations

import csv
import io
import re

from deskcheck.ingest.jsonfeed import item_from_record
from deskcheck.ingest.parsed import Parsed, SourceError

csv.field_size_limit(1_000_000)

SEPARATORS = ",;\t|"
# the Sniffer's regular expressions take time that grows steeply with the sample (a line of
# quotes and separators: 0.2 s at 4 KB, 40 s at 64 KB): a few lines are enough
SNIFF_CHARS = 4096
EXCEL_SEP = re.compile(r"^\s*sep=(.)\s*$", re.IGNORECASE)


def _header(text: str, separator: str) -> list[str]:
    """The first row's names as split by ``separator`` (quotes and newlines in them read)."""
    row = next(csv.reader(io.StringIO(text, newline=""), delimiter=separator), [])
    return [name.strip().lstrip("\ufeff").lower() for name in row]


def separator_of(text: str) -> str:
    """The field separator: the sniffed one when it gives a header with a ``text`` column,
    else the first that does; the sniffed one when none does (the error names the header's
    columns as that separator splits them)."""
    sample = text[:SNIFF_CHARS]
    if len(text) > SNIFF_CHARS and "\n" in sample:
        sample = sample[: sample.rindex("\n")]  # whole lines only
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=SEPARATORS).delimiter
    except csv.Error:  # too little text, or no separator stands out
        sniffed = ","
    for separator in (sniffed, ";", "\t", "|", ","):
        if "text" in _header(text, separator):
            return separator
    return sniffed


def parse_csv(body: bytes, source: str, source_url: str | None) -> Parsed:
    # surrogateescape keeps undecodable bytes as lone surrogates, which check_text refuses
    # row by row instead of failing the whole file
    text = body.decode("utf-8-sig", errors="surrogateescape")
    first, _, rest = text.partition("\n")
    declared = EXCEL_SEP.match(first)
    if declared:  # Excel's own line naming the separator: not a header
        text = rest
    separator = declared.group(1) if declared else separator_of(text)
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=separator)
    fields = [f.strip().lstrip("\ufeff").lower() for f in reader.fieldnames or []]
    if "text" not in fields:
        shown = ", ".join(fields)[:300]
        raise SourceError(f"the CSV header has no 'text' column (found: {shown})")
    reader.fieldnames = fields
    parsed = Parsed(format="csv", title=source)
    try:
        for position, row in enumerate(reader, 1):
            if None in row:
                extra = row.pop(None)
                parsed.reject(
                    position, f"row {position} has {len(extra)} more fields than the header"
                )
                continue
            try:
                parsed.items.append((position, item_from_record(row, source, source_url)))
            except ValueError as error:
                reason = str(error).replace("the text field", f"row {position}'s text")
                parsed.reject(position, reason, row.get("text", ""))
    except csv.Error as error:
        parsed.reject(reader.line_num, f"the CSV is malformed at line {reader.line_num}: {error}")
    return parsed
