"""Run in a fresh process: time from process start to the first painted queue.

`python -m bench.probe desk PATH LAUNCHED` or `python -m bench.probe minimal - LAUNCHED`,
LAUNCHED being the parent's time.time() just before it started this process. Prints the
seconds to first paint and the probe's own peak resident memory in MiB.
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path


def main() -> None:
    mode, path, launched = sys.argv[1], sys.argv[2], float(sys.argv[3])
    if mode == "desk":
        from deskcheck.cli import desk_app  # the real command's path to the desk
        from deskcheck.ui.widgets.claim_table import ClaimTable

        app = desk_app(Path(path), "bench")

        def painted() -> bool:
            tables = app.screen.query(ClaimTable)
            return bool(tables) and tables.first().row_at(0) is not None
    else:
        from textual.widgets import DataTable

        from bench.minimal_app import MinimalApp

        app = MinimalApp()

        def painted() -> bool:
            tables = app.screen.query(DataTable)
            return bool(tables) and tables.first().row_count == 40

    result: dict[str, float] = {}

    async def auto(pilot) -> None:
        while not painted():
            await pilot.pause(0.002)
        await pilot.pause()  # one refresh: the rows are on screen
        result["seconds"] = time.time() - launched
        app.exit()

    app.run(headless=True, auto_pilot=auto, size=(120, 40))
    print(f"{result['seconds']:.4f} {peak_mib():.1f}")


def peak_mib() -> float:
    """This process's own peak resident memory. Not ``ru_maxrss``: Linux carries it over
    ``exec`` from the process that forked us, so a probe started by a big bench reported the
    bench's peak (594 MiB). ``VmHWM`` belongs to the memory this program image mapped."""
    try:
        status = Path("/proc/self/status").read_text()
    except OSError:  # not Linux: ru_maxrss (bytes on macOS) is all there is
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return rss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    line = next(line for line in status.splitlines() if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024


if __name__ == "__main__":
    main()
