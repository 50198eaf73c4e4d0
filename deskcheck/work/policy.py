"""Which addresses a fetch may reach: decided here once, for the command line and the desk.

URLs that arrive from outside (in feeds, on evidence another reviewer added, in watched
triggers) may not reach loopback, private, link-local or metadata addresses: a feed must not
be able to make the desk probe the newsroom's network. A URL the reviewer typed (a source to
ingest, evidence added by hand) may, because evidence can live on a newsroom intranet. The
desk's ``allow_private_addresses`` setting, or ``--allow-private``, lifts the rule, except
for what a reviewer types through `serve`: they are at another machine, and the host's
loopback, cloud metadata and network are not theirs to reach.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from deskcheck.fetch.addresses import is_public
from deskcheck.fetch.limits import FetchLimits

if TYPE_CHECKING:
    from deskcheck.data import Desk


def fetch_limits(
    desk: Desk,
    *,
    typed_by_reviewer: bool,
    from_afar: bool = False,
    allow_private: bool = False,
    concurrency: int | None = None,
    per_host: int | None = None,
    base: FetchLimits | None = None,
) -> FetchLimits:
    """The limits for fetching on this desk. ``base`` tunes times and sizes (tests use
    short ones); where a URL may go is this policy's alone. ``from_afar``: typed through
    `serve`, at another machine; nothing, not even the desk's setting, lets that reach the
    host's network."""
    allowed = not from_afar and (
        typed_by_reviewer or allow_private or bool(desk.setting("allow_private_addresses", False))
    )
    limits = replace(base or FetchLimits(), allow_private=allowed)
    if concurrency:
        limits = replace(
            limits, concurrency=concurrency, per_host=min(limits.per_host, concurrency)
        )
    if per_host:
        limits = replace(limits, per_host=per_host)
    return limits


def names_private_host(url: str) -> bool:
    """Whether a normalised URL's host is, as written, loopback or a private, link-local or
    metadata address (a host name is checked again at every connection by the fetcher,
    after it resolves)."""
    host = (urlsplit(url).hostname or "").strip("[]")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    return (host[:1].isdigit() or ":" in host) and not is_public(host)
