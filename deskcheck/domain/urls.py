"""The one URL rule: every URL from outside is parsed and normalised here, once.

Parsing follows the WHATWG URL Standard, as browsers do, through ada-url (the parser Node.js
uses): tabs and newlines are dropped, hosts are IDNA-mapped (``Bücher.example`` becomes
``xn--bcher-kva.example``, ``①②⑦.0.0.1`` becomes ``127.0.0.1``), octal and hex IPv4 forms are
read as numbers (``0177.0.0.1`` is ``127.0.0.1``), and the path is percent-encoded. So what
the desk stores, shows and fetches is the address a browser would go to, and a look-alike
cannot hide a loopback address from the fetch policy.

Only http and https URLs are accepted as claim origins, evidence and watched pages; anything
else (``javascript:``, ``file:``, ``data:``) is refused with the reason.
"""

from __future__ import annotations

import ada_url

WEB_SCHEMES = ("http", "https")
MAX_URL_CHARS = 8_192  # longer than any URL a browser or server keeps


class BadURL(ValueError):
    """A URL the desk will not take; the message says why, in words."""


def web_url(text: str, base: str | None = None) -> str:
    """``text`` as a normalised http(s) URL, resolved against ``base`` when it is relative.
    Raises BadURL with the reason when it is not one."""
    candidate = text.strip()
    if not candidate:
        raise BadURL("the URL is empty")
    if len(candidate) > MAX_URL_CHARS:
        raise BadURL(f"the URL is longer than {MAX_URL_CHARS:,} characters")
    try:
        # parse_url reads the five parts in one call (the URL object, one call per part)
        parts = (
            _parts(ada_url.URL(candidate, base=base))
            if base
            else ada_url.parse_url(candidate, attributes=PARTS)
        )
    except ValueError:
        # ada says only "Invalid input": name the usual causes so the reviewer can look
        raise BadURL(
            "not a valid URL (a relative address, a space or a bad character in the host,"
            " or a number too large for an address)"
        ) from None
    scheme = parts["protocol"].rstrip(":")
    if scheme not in WEB_SCHEMES:
        raise BadURL(f"only http and https URLs are accepted, not {scheme}:")
    if not parts["hostname"]:
        raise BadURL("the URL names no host")
    if parts["username"] or parts["password"]:
        raise BadURL("URLs with a user name or password are not accepted")
    return str(parts["href"])


PARTS = ("href", "protocol", "hostname", "username", "password")


def _parts(parsed: ada_url.URL) -> dict[str, str]:
    return {part: getattr(parsed, part) for part in PARTS}


def web_url_or_none(text: str | None, base: str | None = None) -> str | None:
    """The normalised URL, or None when there is none or it is not a valid web URL."""
    if not text:
        return None
    try:
        return web_url(text, base)
    except BadURL:
        return None
