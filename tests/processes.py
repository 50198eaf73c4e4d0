"""Child processes that a test starts, and stops (the whole process group) even when it fails."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator


def stop_group(process: subprocess.Popen, grace: float = 0.0) -> None:
    """End the process and everything it started: SIGTERM to its group first when ``grace``
    is given (time to clean up), then SIGKILL to whatever is left; reap it; close its pipes."""
    if grace > 0 and process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=grace)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)  # the group outlives its leader's exit
    process.wait(timeout=30)
    for pipe in (process.stdin, process.stdout, process.stderr):
        if pipe is not None:
            with contextlib.suppress(OSError):
                pipe.close()


@contextlib.contextmanager
def running(args: list[str], **popen: object) -> Iterator[subprocess.Popen]:
    """Start ``args`` in a process group of its own; on leaving the block, pass or fail, stop
    the group. A test that wants the process's own outcome waits for it inside the block."""
    process = subprocess.Popen(args, start_new_session=True, **popen)  # type: ignore[call-overload]
    try:
        yield process
    finally:
        stop_group(process)


def python(code: str, *args: str) -> list[str]:
    """The command line that runs ``code`` in a fresh interpreter, as a separate program."""
    return [sys.executable, "-c", code, *args]
