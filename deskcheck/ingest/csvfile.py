"""CSV with a header row naming the same fields as JSON Lines (``text`` required; ``id``,
``url``, ``published``, ``author``, ``source``, ``tags`` separated by commas, ``priority``).

Fields may be quoted and hold newlines. The file should be UTF-8; a row with bytes that are
not UTF-8 is rejected on its own, the other rows are kept.
"""

from __future__ import annotations

import csv
import io

from deskcheck.ingest.jsonfeed import item_from_record
from deskcheck.ingest.parsed import Parsed, SourceError

csv.field_size_limit(1_000_000)


def parse_csv(body: bytes, source: str, source_url: str | None) -> Parsed:
    # surrogateescape keeps undecodable bytes as lone surrogates, which check_text refuses
    # row by row instead of failing the whole file
    text = body.decode("utf-8-sig", errors="surrogateescape")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    fields = [f.strip().lower() for f in reader.fieldnames or []]
    if "text" not in fields:
        raise SourceError(f"the CSV header has no 'text' column (found: {', '.join(fields)})")
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
