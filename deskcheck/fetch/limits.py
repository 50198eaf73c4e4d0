"""How much a fetch may cost: time, bytes, redirects; and where it may go."""

from __future__ import annotations

from dataclasses import dataclass

from deskcheck import __version__

USER_AGENT = f"deskcheck/{__version__} (fact-check desk; evidence snapshot)"


@dataclass(frozen=True)
class FetchLimits:
    connect_timeout: float = 10.0
    read_timeout: float = 15.0
    deadline: float = 30.0  # wall clock for the whole fetch: a trickling server cannot hold on
    max_wire_bytes: int = 20 * 1024 * 1024  # bytes as sent, before decompression
    max_body_bytes: int = 10 * 1024 * 1024  # bytes after decompression (a gzip bomb stops here)
    max_redirects: int = 5
    concurrency: int = 16  # fetches at once, in all
    per_host: int = 8  # fetches at once to one host: polite to a single server
    attempts: int = 3  # for transient failures: connect errors, 429, 502, 503, 504
    retry_backoff: float = 0.5  # seconds, doubled each attempt
    max_retry_wait: float = 20.0  # the most a Retry-After header may make a fetch wait
    allow_private: bool = False
    """Whether URLs may lead to loopback, private or link-local addresses: no, unless the
    caller says so (deskcheck.work.policy decides it for the desk's acts)."""
