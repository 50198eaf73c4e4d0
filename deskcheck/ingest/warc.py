"""Evidence captured elsewhere, from a WARC file (a browser extension such as ArchiveWeb.page,
a crawler, or another desk's `deskcheck archive`): each response becomes a snapshot of the
evidence item at its URL.

Read with warcio, with digests checked: a record whose content does not match its
WARC-Block-Digest or WARC-Payload-Digest is refused, never stored. A response is matched to
evidence by the item's URL, or a URL one of its snapshots reached; with a claim named, a page
at a URL no item has becomes a new evidence item of that claim. The same capture taken in
twice (same time, same SHA-256) is one snapshot.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecordLoader

from deskcheck.data import Desk
from deskcheck.domain.models import IngestCounts
from deskcheck.domain.urls import BadURL, web_url
from deskcheck.fetch.extract import extract
from deskcheck.fetch.limits import FetchLimits
from deskcheck.ingest.parsed import SourceError

PAGE_TYPES = ("text/html", "application/xhtml+xml", "application/pdf", "text/plain")
# a capture is held to the limit of a page the desk fetches itself: a few KB of gzip in a
# WARC can decode to gigabytes, which would be read into memory and kept as a snapshot
MAX_BODY_BYTES = FetchLimits().max_body_bytes
CHUNK = 1 << 16


@dataclass
class Capture:
    position: int
    url: str
    fields: dict[str, Any]
    content_type: str
    title: str
    record_id: str = ""
    offset: int = 0  # where its record starts in the file


@dataclass
class WarcContents:
    captures: list[Capture] = field(default_factory=list)
    rejects: list[tuple[int | None, str, str]] = field(default_factory=list)  # position, why, URL
    cut: str | None = None  # the file ends inside a record: what was read before it is kept
    offsets: dict[int, int] = field(default_factory=dict)  # response position → its byte
    lost_place: int | None = None  # a record whose length is wrong starts here


def desk_time(warc_date: str) -> str:
    """A WARC-Date as the desk writes times (UTC, to the second)."""
    when = datetime.fromisoformat(warc_date.replace("Z", "+00:00"))
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _pairs(headers: list[tuple[str, str]]) -> str:
    return json.dumps([[name, value] for name, value in headers])


def _capture(record: Any, position: int, offset: int) -> Capture:
    url = web_url(record.rec_headers.get_header("WARC-Target-URI") or "")
    http = record.http_headers
    body = record.content_stream().read(MAX_BODY_BYTES + 1)
    if len(body) > MAX_BODY_BYTES:
        raise ValueError(f"its body is larger than {MAX_BODY_BYTES // 2**20} MB once decoded")
    while record.raw_stream.read(CHUNK):  # the rest of the record, so its digests are checked
        pass
    if record.digest_checker.passed is False:
        problems = "; ".join(str(p) for p in record.digest_checker.problems)
        raise ValueError(f"its content does not match its digest ({problems})")
    status = int(http.get_statuscode())
    content_type = http.get_header("Content-Type") or ""
    title, text = extract(body, content_type) if body else ("", "")
    fields = {
        "final_url": url,
        "http_status": status,
        "content_type": content_type or None,
        "byte_size": len(body),
        "sha256": hashlib.sha256(body).hexdigest(),
        "title": title,
        "text": text,
        "error": f"HTTP {status}" if status >= 400 else None,
        "fetched_at": desk_time(record.rec_headers.get_header("WARC-Date") or ""),
        "etag": http.get_header("ETag"),
        "last_modified": http.get_header("Last-Modified"),
        "body_zlib": zlib.compress(body, 6) if body else None,
        "body_truncated": int(bool(record.rec_headers.get_header("WARC-Truncated"))),
        "http_version": http.protocol or None,
        "request_headers": None,  # filled in from its request record (often after it)
        "response_headers": _pairs(http.headers),
    }
    kind = content_type.split(";")[0].strip().lower()
    record_id = record.rec_headers.get_header("WARC-Record-ID") or ""
    return Capture(position, url, fields, kind, title, record_id, offset)


class _Loader(ArcWarcRecordLoader):
    """warcio's record loader, except that a record without a WARC-Target-URI is read as one
    without HTTP headers (warcio 1.8 calls ``startswith`` on the missing URI)."""

    def load_http_headers(self, rec_type: str, uri: str | None, stream: Any, length: Any) -> Any:
        if uri is None:
            return None
        return super().load_http_headers(rec_type, uri, stream, length)


class _Records(ArchiveIterator):
    """warcio's iterator, without its warning written straight to standard error when a
    record's length was wrong (the desk says so in the run's rejects instead)."""

    INC_RECORD = ""


GZIP_MEMBER = b"\x1f\x8b\x08"
WARC_START = re.compile(rb"(?:^|\n)WARC/[01]\.\d+\r?\n")


def next_record_at(body: bytes, failed_at: int) -> int | None:
    """Where the record after an unreadable one starts: the next gzip member in a
    compressed file (one record a member, as WARC writers make them), else the next line
    that opens a record. None when there is no further record."""
    if body[:2] == b"\x1f\x8b":
        found = body.find(GZIP_MEMBER, failed_at + 1)
        return found if found > 0 else None
    match = WARC_START.search(body, failed_at + 1)
    if match is None:
        return None
    return match.start() + (1 if body[match.start() : match.start() + 1] == b"\n" else 0)


def cut_at(body: bytes) -> int | None:
    """Where the record the file ends inside starts: a gzip member without its end, or a
    last record shorter than its Content-Length says; None when the file is whole."""
    if body[:2] == b"\x1f\x8b":
        rest = body
        while rest[:2] == b"\x1f\x8b":  # bytes after the last member are no record
            member_at = len(body) - len(rest)
            member = zlib.decompressobj(16 + zlib.MAX_WBITS)
            data = rest
            try:
                while not member.eof:
                    member.decompress(data, CHUNK)  # output held to CHUNK: no bomb
                    if not member.unconsumed_tail and not member.eof:
                        return member_at  # the input ended inside this member
                    data = member.unconsumed_tail
            except zlib.error:
                return member_at
            rest = member.unused_data
        return None
    start = body.rfind(b"WARC/1.")
    head_end = body.find(b"\r\n\r\n", start)
    if start < 0:
        return None
    if head_end < 0:
        return start  # the file ends inside the record's header
    declared = re.search(rb"(?im)^Content-Length:[ \t]*(\d{1,15})[ \t]*\r?$", body[start:head_end])
    if declared is None:
        return None
    return start if head_end + 4 + int(declared.group(1)) > len(body) else None


def read_warc(body: bytes) -> WarcContents:
    """The responses of a WARC file, with the headers of the requests that asked for them.
    A record that cannot be read is that record's error and reading goes on at the next;
    a file cut short keeps what comes before the cut and says so (``cut``)."""
    contents = WarcContents()
    requests: dict[str, str] = {}  # response record id → its request's headers
    position = 0
    start: int | None = 0
    while start is not None:
        at, start = start, None
        records = _Records(io.BytesIO(body[at:]), check_digests=True)
        records.loader = _Loader()
        try:
            for record in records:
                offset = at + _record_offset(records)
                plain = 0 if body[:2] == b"\x1f\x8b" else len(body)
                position = _read_record(record, position, offset, plain, requests, contents)
                if contents.lost_place is not None:
                    start, contents.lost_place = next_record_at(body, offset), None
                    break
        except (ArchiveLoadFailed, ValueError, OverflowError, EOFError, zlib.error) as error:
            # warcio takes a record's Content-Length as given: a wrong one loses the place
            failed_at = at + _record_offset(records)
            reason = (str(error).splitlines() or [type(error).__name__])[0][:200]
            contents.rejects.append(
                (None, f"the record at byte {failed_at} cannot be read ({reason})", "")
            )
            start = next_record_at(body, failed_at)
    for capture in contents.captures:  # a request may come before or after its response
        capture.fields["request_headers"] = requests.get(capture.record_id)
    cut = cut_at(body)
    if cut is not None:
        contents.cut = (
            f"the file is cut short (it ends at byte {len(body):,}, inside a record): the"
            " responses before the cut are taken in"
        )
        inside = {p for p, offset in contents.offsets.items() if offset >= cut}
        for capture in [c for c in contents.captures if c.position in inside]:
            contents.captures.remove(capture)  # its body stops at the cut: not a capture
            contents.rejects.append((capture.position, "", capture.url))
        contents.rejects = [
            (p, f"response {p}: the file ends inside it", url) if p in inside else (p, why, url)
            for p, why, url in contents.rejects
        ]
    if not position:
        raise SourceError(
            "the WARC file holds no HTTP response" + (f" ({contents.cut})" if contents.cut else "")
        )
    return contents


def _record_offset(records: ArchiveIterator) -> int:
    """Where the record being read (or failing to be read) starts, in the bytes the
    iterator was given: warcio moves ``offset`` on when it has read a record to its end."""
    return int(records.offset)


def _read_record(
    record: Any,
    position: int,
    offset: int,
    size: int,
    requests: dict[str, str],
    contents: WarcContents,
) -> int:
    """Take one record in; the count of responses so far."""
    kind = record.rec_type
    if kind == "request" and record.http_headers is not None:
        to = record.rec_headers.get_header("WARC-Concurrent-To")
        if to:
            requests[to] = _pairs(record.http_headers.headers)
        return position
    if kind != "response":
        return position  # warcinfo, metadata, revisit, resource: no response to keep
    position += 1
    contents.offsets[position] = offset
    length = (record.rec_headers.get_header("Content-Length") or "").strip()
    plain = size > 0  # in a gzipped file offsets count compressed bytes: no length to compare
    if not (length.isascii() and length.isdigit()) or (plain and int(length) > size - offset):
        # warcio takes the length as given: the record swallows or loses the next ones
        shown = length[:40].encode("ascii", "backslashreplace").decode()
        why = "is not a length" if not length.isdigit() else "is longer than the rest of the file"
        contents.rejects.append(
            (position, f"response {position}: its Content-Length {shown!r} {why}", "")
        )
        contents.lost_place = offset
        return position
    uri = record.rec_headers.get_header("WARC-Target-URI")
    if not uri:
        reason = f"response {position}: it has no WARC-Target-URI, so no evidence URL to match"
        contents.rejects.append((position, reason, ""))
        return position
    if record.http_headers is None:  # warcio reads HTTP only for http(s) URIs
        reason = f"response {position}: not an HTTP response, at {uri[:200]!r}"
        contents.rejects.append((position, reason, uri))
        return position
    try:
        contents.captures.append(_capture(record, position, offset))
    except (BadURL, ValueError) as error:
        contents.rejects.append((position, f"response {position}: {error}", uri))
    return position


def is_new_page(capture: Capture) -> bool:
    """A page worth its own evidence item (not a 404, nor a page's image or script)."""
    return capture.content_type in PAGE_TYPES and capture.fields["http_status"] < 400


def take_in(
    desk: Desk, contents: WarcContents, claim_id: int | None
) -> tuple[IngestCounts, list[tuple[int | None, str, str]]]:
    """Store the captures as snapshots; (counts, rejects)."""
    counts = IngestCounts()
    rejects = list(contents.rejects)
    if claim_id is not None:
        desk.claim(claim_id)  # an unknown claim is named before anything is stored
    known = desk.evidence_by_url(sorted({c.url for c in contents.captures}))
    for capture in contents.captures:
        items = [e for e, c in known.get(capture.url, []) if claim_id in (None, c)]
        if not items and claim_id is not None and is_new_page(capture):
            title = capture.title or capture.url
            items = [desk.add_evidence(claim_id, title, url=capture.url, kind="page")]
            known.setdefault(capture.url, []).append((items[0], claim_id))
        if not items:
            where = f" of claim {claim_id}" if claim_id is not None else ""
            hint = " (name a claim to add it as new evidence)"
            if claim_id is not None:
                status = capture.fields["http_status"]
                hint = f", and it is no page to add ({capture.content_type or '?'}, HTTP {status})"
            rejects.append(
                (
                    capture.position,
                    f"response {capture.position}: no evidence item{where} has this URL{hint}",
                    capture.url,
                )
            )
            continue
        for evidence_id in items:
            key = (capture.fields["fetched_at"], capture.fields["sha256"])
            if key in desk.snapshot_keys(evidence_id):
                counts.duplicate += 1
                continue
            desk.add_snapshot(evidence_id, **capture.fields)
            counts.new += 1
    counts.rejected = len(rejects)
    return counts, rejects
