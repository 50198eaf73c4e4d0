"""From a fetch result to the fields of a desk snapshot."""

from __future__ import annotations

import json
import zlib
from typing import Any

from deskcheck.domain.link_words import GONE_STATUSES
from deskcheck.fetch.extract import extract
from deskcheck.fetch.fetcher import FetchResult


def snapshot_fields(result: FetchResult) -> dict[str, Any]:
    title, text = extract(result.body, result.content_type) if result.body else ("", "")
    return {
        "final_url": result.final_url,
        "http_status": result.http_status,
        "content_type": result.content_type,
        "byte_size": result.byte_size if result.http_status else None,
        "sha256": result.sha256,
        "title": title,
        "text": text,
        "error": result.error,
        "etag": result.etag,
        "last_modified": result.last_modified,
        "redirects": json.dumps(result.redirects) if result.redirects else None,
        "body_zlib": zlib.compress(result.body, 6) if result.body else None,
        "body_truncated": int(result.truncated),
        "http_version": result.http_version,
        "request_headers": json.dumps(result.request_headers) if result.request_headers else None,
        "response_headers": (
            json.dumps(result.response_headers) if result.response_headers else None
        ),
    }


def link_state(result: FetchResult, previous_sha256: str | None) -> str | None:
    """ok, changed or gone, from what this fetch found and what the last snapshot held;
    None when no server answered (the reason is the snapshot's error, not "gone")."""
    if result.http_status in GONE_STATUSES:
        return "gone"
    if result.http_status is None:
        return None
    if previous_sha256 and result.sha256 and result.sha256 != previous_sha256:
        return "changed"
    return "ok"
