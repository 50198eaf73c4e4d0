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
import zlib
from dataclasses import dataclass, field
from datetime import UTC
from typing import Any

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from deskcheck.data import Desk
from deskcheck.domain.clock import future_time, parsed_time
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


@dataclass
class WarcContents:
    captures: list[Capture] = field(default_factory=list)
    rejects: list[tuple[int | None, str, str]] = field(default_factory=list)  # position, why, URL


def desk_time(warc_date: str) -> str:
    """A WARC-Date as the desk writes times (UTC, to the second). A date that is not one
    strictly, or is later than now, is refused: a capture dated 9999 would be the item's
    "last snapshot" for good."""
    when = parsed_time(warc_date)
    if when is None:
        raise ValueError(f"its WARC-Date {warc_date[:40]!r} is not a time")
    if future_time(warc_date):
        raise ValueError(f"its WARC-Date {warc_date[:40]!r} is in the future")
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _pairs(headers: list[tuple[str, str]]) -> str:
    return json.dumps([[name, value] for name, value in headers])


def _capture(record: Any, position: int) -> Capture:
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
    return Capture(position, url, fields, kind, title, record_id)


def read_warc(body: bytes) -> WarcContents:
    """The responses of a WARC file, with the headers of the requests that asked for them."""
    contents = WarcContents()
    requests: dict[str, str] = {}  # response record id → its request's headers
    records = ArchiveIterator(io.BytesIO(body), check_digests=True)
    position = 0
    try:
        for record in records:
            kind = record.rec_type
            if kind == "request" and record.http_headers is not None:
                to = record.rec_headers.get_header("WARC-Concurrent-To")
                if to:
                    requests[to] = _pairs(record.http_headers.headers)
                continue
            if kind != "response":
                continue  # warcinfo, metadata, revisit, resource: no response to keep
            position += 1
            uri = record.rec_headers.get_header("WARC-Target-URI") or ""
            if record.http_headers is None:  # warcio reads HTTP only for http(s) URIs
                reason = f"response {position}: not an HTTP response, at {uri[:200]!r}"
                contents.rejects.append((position, reason, uri))
                continue
            try:
                contents.captures.append(_capture(record, position))
            except (BadURL, ValueError) as error:
                contents.rejects.append((position, f"response {position}: {error}", uri))
    except (ArchiveLoadFailed, ValueError, OverflowError) as error:
        # warcio takes a record's Content-Length as given: one out of range is no WARC
        raise SourceError(
            f"not a readable WARC file after {position} responses ({error})"
        ) from None
    for capture in contents.captures:  # a request may come before or after its response
        capture.fields["request_headers"] = requests.get(capture.record_id)
    if not position:
        raise SourceError("the WARC file holds no HTTP response")
    return contents


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
