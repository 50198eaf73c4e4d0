"""Where an unexpected error goes: its full traceback to a log file in the user's state
directory (platformdirs), so the terminal shows one line that names the file."""

from __future__ import annotations

import os
import traceback
from datetime import UTC, datetime
from pathlib import Path

LOG_ENV = "DESKCHECK_LOG"


def log_path() -> Path:
    """``$DESKCHECK_LOG``, else ``deskcheck.log`` in the user's log directory."""
    if os.environ.get(LOG_ENV):
        return Path(os.environ[LOG_ENV]).expanduser()
    from platformdirs import user_log_path

    return user_log_path("deskcheck", appauthor=False) / "deskcheck.log"


def log_exception(error: BaseException, context: str = "") -> Path:
    """Append the error's traceback to the log; the log's path (even when it could not be
    written, so the message still says where to look)."""
    path = log_path()
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    text = "".join(traceback.format_exception(error))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8", errors="backslashreplace") as log:
            log.write(f"--- {stamp} {context}\n{text}\n")
    except OSError:
        pass  # a log that cannot be written must not hide the error it was meant to keep
    return path


def one_line(error: BaseException, path: Path) -> str:
    """The message a user sees: what kind of error, its first line, and where the rest is."""
    first = (str(error).splitlines() or [""])[0][:200]
    return (
        f"deskcheck stopped on an unexpected error: {type(error).__name__}: {first}"
        f" (the details are in {path})"
    )
