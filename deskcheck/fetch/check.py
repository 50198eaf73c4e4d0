"""`deskcheck check`: re-fetch every evidence URL and every watched trigger URL.

Evidence whose text changed gets a new snapshot and is marked *changed*; a 404 or a 410 marks
it *gone* (its earlier snapshots stay). A host that could not be reached, an address the fetch
policy refused, a server error or a timeout says nothing about the page: the link keeps its
state, and a snapshot of the failure records the reason ("could not connect", "refused:
private address"; see ``domain.link_words``). A watched trigger
fires when its page appears (was missing, now answers 200) or its text changes; the first
check only records what the page says. A fired trigger marks the claim due for revision and
never touches the verdict. Fetches run in a thread pool within the fetch limits; results are
written as they arrive, those that arrive together in one transaction (at most
``WRITE_BATCH``: one commit, one fsync), so an interrupted check keeps what it wrote so far.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from contextlib import nullcontext
from dataclasses import dataclass, field

from deskcheck.data import Desk
from deskcheck.data.queries import text_digest
from deskcheck.domain.link_words import GONE_STATUSES
from deskcheck.domain.models import CheckTarget
from deskcheck.fetch.fetcher import Fetcher, FetchResult
from deskcheck.fetch.snapshot import snapshot_fields

CANCEL_POLL = 0.2  # seconds between asking whether the check was stopped
WRITE_BATCH = 25  # results per transaction: fewer commits, yet a short hold of the write lock


@dataclass
class CheckReport:
    outcomes: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    interrupted: bool = False

    @property
    def checked(self) -> int:
        return sum(self.outcomes.values())

    @property
    def learnt_nothing(self) -> bool:
        """Every URL it checked failed: no server answered any of them (a 404 is an
        answer). The command then exits non-zero."""
        return bool(self.checked) and all(name in FAILURES for name in self.outcomes)

    def summary(self) -> str:
        parts = [f"{name} {count}" for name, count in sorted(self.outcomes.items())]
        text = f"checked {self.checked} URLs: " + (", ".join(parts) or "nothing to check")
        return text + (" (interrupted: the rest were not checked)" if self.interrupted else "")


# outcomes of a fetch that got no answer about the page
FAILURES = frozenset({"failed", "could not connect", "refused", "not checked"})


def is_gone(result: FetchResult) -> bool:
    """The server answered that the page is not there: 404 or 410, nothing else."""
    return result.http_status in GONE_STATUSES


def failure(result: FetchResult) -> str:
    """The outcome of a fetch that found no page: why, in a word or two."""
    if result.refused:
        return "refused"
    if result.unreachable:
        return "could not connect"
    return "failed"


def has_content(result: FetchResult) -> bool:
    """A page came back: complete, or cut at the size or time limit (kept, with the reason)."""
    return result.http_status is not None and result.http_status < 400 and bool(result.body)


def record_evidence(desk: Desk, target: CheckTarget, result: FetchResult) -> str:
    if result.not_modified:
        desk.record_evidence_check(target.id, None, "ok")
        return "unchanged"
    if is_gone(result):
        desk.record_evidence_check(target.id, snapshot_fields(result), "gone")
        return "gone"
    if not (result.ok or has_content(result)):
        # the reason is kept as a snapshot of the failure; the link keeps its state
        desk.record_evidence_check(target.id, snapshot_fields(result), None)
        return failure(result)
    fields = snapshot_fields(result)
    digest = text_digest(fields["text"]) or result.sha256
    if target.checked_before and digest == target.text_sha256:
        desk.record_evidence_check(target.id, None, "ok")
        return "unchanged"
    state = "changed" if target.checked_before else "ok"
    desk.record_evidence_check(target.id, fields, state)
    return state if state == "changed" else "first snapshot"


def record_trigger(desk: Desk, target: CheckTarget, result: FetchResult) -> str:
    status = result.http_status
    digest = None
    if result.ok:
        digest = text_digest(snapshot_fields(result)["text"]) or result.sha256
    reason = None
    if target.checked_before and result.ok:
        if target.last_status is None or target.last_status >= 400:
            was = f"HTTP {target.last_status}" if target.last_status else "unreachable"
            reason = f"the watched page appeared ({was}, now HTTP {status}): {target.url}"
        elif digest != target.text_sha256:
            reason = f"the watched page changed: {target.url}"
    desk.record_trigger_check(target.id, status=status, text_sha256=digest, fire=reason)
    return "trigger fired" if reason else "trigger watched"


def record_result(desk: Desk, target: CheckTarget, result: FetchResult) -> str:
    record = record_evidence if target.kind == "evidence" else record_trigger
    return record(desk, target, result)


def _result_of(future: Future[FetchResult], target: CheckTarget) -> FetchResult:
    """What one fetch gave; an error the fetcher did not foresee is that URL's failure."""
    try:
        return future.result()
    except Exception as error:  # one URL must never stop the check of the others
        return FetchResult(target.url, error=f"{type(error).__name__}: {error}")


def run_check(
    desk: Desk,
    fetcher: Fetcher,
    *,
    progress: Callable[[CheckTarget, str], None] | None = None,
    targets: list[CheckTarget] | None = None,
    cancelled: Callable[[], bool] = lambda: False,
    record_refused: bool = True,
) -> CheckReport:
    """Fetch every target and record what it found. ``record_refused`` False: a URL the
    fetch policy refused is reported, not recorded (the page was not asked, so it is not
    gone; a check from afar may not reach what the desk's own check may)."""
    targets = desk.check_targets() if targets is None else targets
    report = CheckReport()
    pool = ThreadPoolExecutor(max_workers=fetcher.limits.concurrency)
    futures: dict[Future[FetchResult], CheckTarget] = {}
    try:
        for target in targets:
            etag = target.etag if target.kind == "evidence" else None
            modified = target.last_modified if target.kind == "evidence" else None
            futures[pool.submit(fetcher.fetch, target.url, etag=etag, last_modified=modified)] = (
                target
            )
        pending = set(futures)
        while pending and not report.interrupted:
            # wake up now and then, so a stop is heard while a slow fetch is still running
            done, pending = wait(pending, timeout=CANCEL_POLL, return_when=FIRST_COMPLETED)
            if not done:
                report.interrupted = cancelled()
                continue
            finished = list(done)
            for start in range(0, len(finished), WRITE_BATCH):
                if cancelled():
                    report.interrupted = True
                    break
                batch = [
                    (futures[f], _result_of(f, futures[f]))
                    for f in finished[start : start + WRITE_BATCH]
                ]
                # a read-only desk refuses writes one by one, as it does outside a check
                with nullcontext() if desk.read_only else desk.recording():
                    outcomes = [
                        "not checked"
                        if result.refused and not record_refused
                        else record_result(desk, target, result)
                        for target, result in batch
                    ]
                for (target, result), outcome in zip(batch, outcomes, strict=True):
                    report.outcomes[outcome] += 1
                    if result.error and (outcome in FAILURES or outcome == "gone"):
                        report.errors.append(
                            f"{target.kind} {target.id} {target.url}: {result.error}"
                        )
                    if progress:
                        progress(target, outcome)
    except KeyboardInterrupt:
        report.interrupted = True
    finally:
        pool.shutdown(wait=not report.interrupted, cancel_futures=True)
    return report
