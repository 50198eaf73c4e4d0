"""What the last fetch of an evidence URL found, in the words a reviewer reads: "404 not
found", "could not connect", "refused: private address".

Only a 404 or a 410 says a page is *gone*: the server answered that it is not there. A host
that could not be reached, or an address the desk's fetch policy refused, says nothing about
the page: the link keeps its state and the reason is the last snapshot's error, told here.
"""

from __future__ import annotations

from http import HTTPStatus

GONE_STATUSES = frozenset({404, 410})

STATE_WORDS = {
    "unchecked": "not fetched yet",
    "ok": "as last fetched",
    "changed": "changed since an earlier snapshot",
    "gone": "gone",
}
MAX_REASON = 60


def status_words(status: int) -> str:
    """``404 not found``; a number no standard names is only the number."""
    try:
        return f"{status} {HTTPStatus(status).phrase.lower()}"
    except ValueError:
        return f"HTTP {status}"


def refusal_words(error: str) -> str:
    """A fetch the policy refused, shortly: why, without the host and address it named."""
    reason = error.removeprefix("refused: ")
    if "non-public address" in reason or "private address" in reason:
        return "refused: private address"
    return "refused: " + reason[:MAX_REASON].rstrip()


def failure_words(status: int | None, error: str | None) -> str | None:
    """Why the last fetch found no page, in words; None when it found one."""
    if status is not None:  # the server answered: a page (cut short, maybe), or why not
        return status_words(status) if status >= 400 else None
    if not error:
        return None
    if error.startswith("could not connect"):
        return "could not connect"
    if error.startswith("refused: "):
        return refusal_words(error)
    return error[:MAX_REASON].rstrip()


def link_words(link_state: str, status: int | None, error: str | None) -> str:
    """The link's state, or what its last fetch (``status``, ``error``) ran into. A page a
    server said was gone stays gone when a later check reaches no server: both are said."""
    trouble = failure_words(status, error)
    if trouble and _gone_then_unreached(link_state, status):
        return f"gone when a server last answered; the last check: {trouble}"
    return trouble or STATE_WORDS.get(link_state, link_state)


def link_mark(link_state: str, status: int | None, error: str | None) -> str:
    """The mark before an evidence item's title in a list: empty while the link is fine,
    else what is wrong in words ("✗could not connect ", "≠changed "), led by "gone" when a
    server said so earlier (as the queue's ~ column does)."""
    trouble = failure_words(status, error)
    if trouble and _gone_then_unreached(link_state, status):
        return f"✗gone · {trouble} "
    if trouble:
        return f"✗{trouble} "
    return {"changed": "≠changed ", "gone": "✗gone "}.get(link_state, "")


def _gone_then_unreached(link_state: str, status: int | None) -> bool:
    return link_state == "gone" and status is None
