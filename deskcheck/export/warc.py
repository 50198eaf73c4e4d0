"""The desk's evidence snapshots as a WARC 1.1 file (ISO 28500), the web archive standard.

Each snapshot becomes a request record and a response record (written by warcio, a maintained
WARC library), so that the archive replays in the standard tools (pywb, ReplayWeb.page) and
can be checked with them. The response's payload is the body the desk kept, byte for byte,
and its WARC-Payload-Digest is the SHA-256 the desk stored for it.

The desk keeps a body as it arrived after content decoding (gzip, deflate) and transfer
decoding (chunks): the archive therefore drops Content-Encoding, Transfer-Encoding and the
wire Content-Length from the response headers, keeps them as X-Archive-Orig-* headers (the
convention replay tools know), and states the body's own length.

Snapshots taken before the desk kept HTTP headers (schema version 9) have only the content
type, ETag and Last-Modified: their records say so in a ``WARC-Deskcheck-Headers:
reconstructed`` field. A fetch that got no answer (nothing to replay) is left out and counted.
"""

from __future__ import annotations

import base64
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from deskcheck import __version__

# headers that describe the bytes on the wire, not the body the desk kept
WIRE_HEADERS = ("content-encoding", "transfer-encoding", "content-length")
REASONS = {200: "OK", 301: "Moved Permanently", 302: "Found", 304: "Not Modified"}


@dataclass
class ArchiveReport:
    records: int = 0
    responses: int = 0
    skipped: list[str] = field(default_factory=list)
    reconstructed: int = 0  # snapshots from before the desk kept HTTP headers
    path: Path | None = None  # where the archive was written

    def summary(self) -> str:
        text = f"{self.responses} snapshots archived ({self.records} WARC records)"
        if self.reconstructed:
            text += (
                f"; {self.reconstructed} were taken before the desk kept HTTP headers: their"
                " records carry only the content type, ETag and Last-Modified"
            )
        if self.skipped:
            text += f"; {len(self.skipped)} left out (no response to archive)"
        return text


def warc_date(desk_time: str) -> str:
    """A desk time (ISO 8601, UTC) as a WARC-Date: seconds, or finer when the desk has them."""
    return desk_time if desk_time.endswith("Z") else desk_time + "Z"


def sha256_label(hex_digest: str) -> str:
    """The desk's hexadecimal SHA-256 as a WARC digest (Base32, as WARC tools write it)."""
    return "sha256:" + base64.b32encode(bytes.fromhex(hex_digest)).decode("ascii")


def _pairs(stored: str | None) -> list[tuple[str, str]]:
    return [(str(n), str(v)) for n, v in json.loads(stored)] if stored else []


def response_headers(snapshot: dict[str, Any], body: bytes) -> list[tuple[str, str]]:
    """The response headers as the desk received them, adjusted to the decoded body."""
    stored = _pairs(snapshot.get("response_headers"))
    if not stored:
        stored = [
            (name, value)
            for name, value in (
                ("Content-Type", snapshot.get("content_type")),
                ("ETag", snapshot.get("etag")),
                ("Last-Modified", snapshot.get("last_modified")),
            )
            if value
        ]
    headers = []
    for name, value in stored:
        if name.lower() in WIRE_HEADERS:
            headers.append((f"X-Archive-Orig-{name}", value))
        else:
            headers.append((name, value))
    headers.append(("Content-Length", str(len(body))))
    return headers


def request_headers(snapshot: dict[str, Any], url: str) -> list[tuple[str, str]]:
    stored = _pairs(snapshot.get("request_headers"))
    return stored or [("Host", urlsplit(url).netloc), ("User-Agent", f"deskcheck/{__version__}")]


def target_path(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def write_snapshot(writer: WARCWriter, snapshot: dict[str, Any], report: ArchiveReport) -> None:
    body: bytes | None = snapshot["body"]
    status = snapshot.get("http_status")
    url = snapshot.get("final_url") or snapshot["evidence_url"]
    if status is None or body is None or not snapshot.get("sha256"):
        reason = snapshot.get("error") or "no body was kept"
        report.skipped.append(f"snapshot {snapshot['id']} of {url}: {reason}")
        return
    version = snapshot.get("http_version") or "HTTP/1.1"
    when = warc_date(snapshot["fetched_at"])
    common = {
        "WARC-Date": when,
        "WARC-Deskcheck-Snapshot": str(snapshot["id"]),
        "WARC-Deskcheck-Evidence": str(snapshot["evidence_id"]),
    }
    if not snapshot.get("response_headers"):
        common["WARC-Deskcheck-Headers"] = "reconstructed"
        report.reconstructed += 1
    reason = REASONS.get(status, "")
    response = writer.create_warc_record(
        url,
        "response",
        payload=io.BytesIO(body),
        length=len(body),
        http_headers=StatusAndHeaders(
            f"{status} {reason}".strip(), response_headers(snapshot, body), protocol=version
        ),
        warc_headers_dict=common | {"WARC-Payload-Digest": sha256_label(snapshot["sha256"])},
    )
    if snapshot.get("body_truncated"):
        response.rec_headers.add_header("WARC-Truncated", "length")
    request = writer.create_warc_record(
        url,
        "request",
        http_headers=StatusAndHeaders(
            f"GET {target_path(url)} {version}",
            request_headers(snapshot, url),
            is_http_request=True,
        ),
        warc_headers_dict=common,
    )
    request.rec_headers.add_header(
        "WARC-Concurrent-To", response.rec_headers.get_header("WARC-Record-ID")
    )
    writer.write_record(response)
    writer.write_record(request)
    report.records += 2
    report.responses += 1


def write_archive(out: IO[bytes], snapshots: Iterable[dict[str, Any]]) -> ArchiveReport:
    """Write a gzipped WARC 1.1 file of ``snapshots`` (as ``Desk.snapshot_exchanges`` gives)."""
    report = ArchiveReport()
    writer = WARCWriter(out, gzip=True, warc_version="WARC/1.1")
    info = writer.create_warcinfo_record(
        "deskcheck-evidence.warc.gz",
        {
            "software": f"deskcheck/{__version__}",
            "format": "WARC File Format 1.1",
            "description": "Evidence snapshots of a fact-check desk, as fetched",
        },
    )
    writer.write_record(info)
    report.records += 1
    for snapshot in snapshots:
        write_snapshot(writer, snapshot, report)
    return report
