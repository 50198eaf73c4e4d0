"""`python -m bench --only serve` (or `python -m bench.serve_capacity`): what reviewers see
of `deskcheck serve --team`, in real browsers.

Headless Chromium (the system's /usr/bin/chromium, driven by Playwright) logs N reviewers
in, each with its own login, browser context and session, one after another; then one of
them moves through the queue with ``j``/``k`` while the others sit idle. For N = 1, 5, 20
and 50 it reports:

- login → queue painted: from submitting the login form to the animation frame after the
  queue's text reached the page's terminal, for 3 more reviewers logging in (one at a time)
  while the N tabs are open;
- key → paint: from the browser's keydown to the animation frame after the next screen
  update reached the terminal, median and 95th percentile (30 keys);
- PSS of the whole serve tree (server, warm parent, every tab's app) with one tab and with
  N tabs, and the PSS each tab past the first adds;
- idle CPU: the whole tree's CPU time over 10 s with N tabs open and nobody typing.

"Painted" is measured in the page: a hook on the page's WebSocket sees each frame, then
waits for the task the terminal parses in (a zero timeout) and two animation frames (the
frame that drew it, then the next) before taking the time. The first websocket frame, which
the old version of this bench stopped the clock at, arrives tens of milliseconds earlier.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
# as the serve tests launch it (tests/browser.py)
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "a long bench passphrase"
KEYS = 30
EXTRA_LOGINS = 3  # logins measured with all N tabs open
IDLE_SECONDS = 10.0
MARKER = "Port of Halden"  # a claim on the queue's first screen of the sample desk

PAINT_HOOK = r"""
(() => {
  const state = {text: "", lastFrameAt: 0, keyAt: null, keyPaints: [], markerAt: null};
  window.__desk = state;
  const strip = (s) => s.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");
  const decoder = new TextDecoder();
  const afterPaint = (then) => setTimeout(
    () => requestAnimationFrame(() => requestAnimationFrame(then)), 0);
  document.addEventListener("keydown", () => { state.keyAt = performance.now(); }, true);
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        if (!(event.data instanceof ArrayBuffer)) return;
        state.lastFrameAt = performance.now();
        if (state.keyAt !== null) {
          const keyAt = state.keyAt;
          state.keyAt = null;
          afterPaint(() => state.keyPaints.push(performance.now() - keyAt));
        }
        if (state.markerAt === null) {
          state.text += decoder.decode(event.data, {stream: true});
          if (strip(state.text).includes("%s")) {
            state.markerAt = 0;
            afterPaint(() => { state.markerAt = performance.timeOrigin + performance.now(); });
          }
        }
      });
    }
  };
})();
""".replace("%s", MARKER)


@dataclass
class Run:
    reviewers: int
    login_ms: list[float]  # the N logins, the k-th with k - 1 tabs open
    open_login_ms: list[float]  # logins made with all N tabs open
    login_cpu_ms: list[float]  # the serve tree's CPU time for each of those logins
    key_ms: list[float]
    pss_one_mib: float
    pss_all_mib: float
    idle_cpu_percent: float

    @property
    def pss_per_tab_mib(self) -> float:
        if self.reviewers < 2:
            return float("nan")
        return (self.pss_all_mib - self.pss_one_mib) / (self.reviewers - 1)


def chromium_missing() -> str | None:
    """Why the bench cannot run here, or None."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is not installed (Debian: apt install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (pip install playwright)"
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


# -- the serve process tree ---------------------------------------------------------------------


def tree(pid: int) -> list[int]:
    """``pid`` and every process below it."""
    found, queue = [], [pid]
    while queue:
        current = queue.pop()
        found.append(current)
        with contextlib.suppress(FileNotFoundError, ProcessLookupError):
            queue += [
                int(p) for p in Path(f"/proc/{current}/task/{current}/children").read_text().split()
            ]
    return found


def pss_mib(pid: int) -> float:
    total = 0
    for member in tree(pid):
        with contextlib.suppress(FileNotFoundError, ProcessLookupError):
            text = Path(f"/proc/{member}/smaps_rollup").read_text()
            found = re.search(r"^Pss:\s+(\d+) kB", text, re.M)
            total += int(found.group(1)) if found else 0
    return total / 1024


def cpu_seconds(pid: int) -> dict[int, float]:
    """CPU time (user + system) of each process of the tree."""
    found = {}
    for member in tree(pid):
        with contextlib.suppress(FileNotFoundError, ProcessLookupError):
            fields = Path(f"/proc/{member}/stat").read_text().rsplit(")", 1)[1].split()
            found[member] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return found


def cpu_used(before: dict[int, float], after: dict[int, float], *, new: bool = False) -> float:
    """CPU seconds used between two readings by the processes present at both (and, with
    ``new``, all the CPU of those started in between)."""
    pids = after.keys() if new else before.keys() & after.keys()
    return sum(after[pid] - before.get(pid, 0.0) for pid in pids)


# -- one run: N reviewers ------------------------------------------------------------------------


def desk_with_logins(folder: Path, count: int) -> Path:
    from deskcheck.data import Desk
    from deskcheck.work.config import sample_desk_file

    path = folder / "desk.db"
    shutil.copyfile(sample_desk_file(), path)
    with Desk.open(path, reviewer="operator") as desk:
        for n in range(count):
            desk.add_login(f"reviewer{n:02d}", PASSWORD)
    return path


@contextlib.contextmanager
def serving(desk: Path, tabs: int) -> Any:
    port = free_port()
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    server = subprocess.Popen(
        [sys.executable, "-m", "deskcheck", "serve", "--team", "--port", str(port),
         "--desk", str(desk), "--reviewer", "operator", "--tabs-per-session", str(tabs)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, start_new_session=True,
    )  # fmt: skip
    try:
        assert server.stdout is not None
        while "http://" not in (line := server.stdout.readline().decode()):
            if not line:
                raise RuntimeError("deskcheck serve did not start")
        for _ in range(600):
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.05)
        yield server, f"http://127.0.0.1:{port}"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def log_in(browser: Any, origin: str, name: str) -> tuple[Any, float]:
    """A new browser context logs ``name`` in; (its page, ms from submit to painted queue)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.add_init_script(PAINT_HOOK)
    page = context.new_page()
    page.goto(f"{origin}/login")
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", PASSWORD)
    submitted = time.time() * 1000
    page.click("button[type=submit]")
    page.wait_for_function("window.__desk && window.__desk.markerAt > 0", timeout=120_000)
    painted = float(page.evaluate("window.__desk.markerAt"))
    return page, painted - submitted


def quiet(page: Any, ms: int = 300) -> None:
    """Until the tab has drawn nothing for ``ms``."""
    page.wait_for_function(
        f"performance.now() - window.__desk.lastFrameAt > {ms}", timeout=60_000, polling=50
    )


def type_keys(page: Any, keys: int) -> list[float]:
    page.click("#terminal")  # the terminal takes the keys
    quiet(page, 500)
    for n in range(keys):
        page.keyboard.press("j" if n % 10 < 5 else "k")
        page.wait_for_function(
            f"window.__desk.keyPaints.length > {n}", timeout=60_000, polling="raf"
        )
        quiet(page)
    return [float(v) for v in page.evaluate("window.__desk.keyPaints")]


def run(browser: Any, desk: Path, reviewers: int, keys: int, idle: float) -> Run:
    with serving(desk, tabs=4) as (server, origin):
        pages, logins = [], []
        for n in range(reviewers):
            page, ms = log_in(browser, origin, f"reviewer{n:02d}")
            pages.append(page)
            logins.append(ms)
            if n == 0:
                quiet(page, 1000)
                pss_one = pss_mib(server.pid)
        for page in pages:
            quiet(page, 1000)
        pss_all = pss_mib(server.pid)
        open_logins, login_cpu = [], []
        for n in range(reviewers, reviewers + EXTRA_LOGINS):
            cpu_before = cpu_seconds(server.pid)
            page, ms = log_in(browser, origin, f"reviewer{n:02d}")
            login_cpu.append(1000 * cpu_used(cpu_before, cpu_seconds(server.pid), new=True))
            open_logins.append(ms)
            page.context.close()  # its tab closes: N open again
            quiet(pages[0], 1000)
        before, started = cpu_seconds(server.pid), time.monotonic()
        time.sleep(idle)  # nobody types: what the open tabs cost by themselves
        idle_cpu = 100 * cpu_used(before, cpu_seconds(server.pid)) / (time.monotonic() - started)
        key_ms = type_keys(pages[0], keys)
        for page in pages:
            page.context.close()
    return Run(reviewers, logins, open_logins, login_cpu, key_ms, pss_one, pss_all, idle_cpu)


def measure(counts: list[int], keys: int = KEYS, idle: float = IDLE_SECONDS) -> list[Run]:
    from playwright.sync_api import sync_playwright

    runs = []
    with tempfile.TemporaryDirectory() as folder, sync_playwright() as playwright:
        desk = desk_with_logins(Path(folder), max(counts) + EXTRA_LOGINS)
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for count in counts:
                load = os.getloadavg()[0]
                found = run(browser, desk, count, keys, idle)
                runs.append(found)
                print(f"    {describe(found)}; load {load:.1f}", flush=True)
        finally:
            browser.close()
    return runs


def describe(found: Run) -> str:
    return (
        f"{found.reviewers} reviewers: login → painted median"
        f" {statistics.median(found.open_login_ms):.0f} ms with all open"
        f" ({statistics.median(found.login_ms):.0f} ms while they logged in;"
        f" serve CPU {statistics.median(found.login_cpu_ms):.0f} ms a login),"
        f" key → paint median {statistics.median(found.key_ms):.0f} ms"
        f" p95 {percentile(found.key_ms, 0.95):.0f} ms, PSS {found.pss_all_mib:.0f} MiB"
        f" ({found.pss_per_tab_mib:.1f} per added tab), idle CPU {found.idle_cpu_percent:.1f}%"
    )


def record_figures(counts: list[int], record: Any) -> None:
    """The figures `python -m bench` reports, each with its target."""
    if why := chromium_missing():
        record("serve in a browser", f"skipped: {why}", "—", None)
        return
    load = os.getloadavg()[0]
    runs = {found.reviewers: found for found in measure(counts)}
    loads = f"load {load:.1f}→{os.getloadavg()[0]:.1f}"
    for count, found in runs.items():
        login = statistics.median(found.open_login_ms)
        record(
            f"serve: login → queue painted, {count} tabs open",
            f"{login:.0f} ms median, serve CPU"
            f" {statistics.median(found.login_cpu_ms):.0f} ms a login ({loads})",
            "≤ 1000 ms with 20 tabs" if count == 20 else "reported",
            login <= 1000 if count == 20 else None,
        )
        record(
            f"serve: key → paint, {count} tabs",
            f"median {statistics.median(found.key_ms):.0f} ms,"
            f" p95 {percentile(found.key_ms, 0.95):.0f} ms",
            "reported",
            None,
        )
        if count > 1:
            record(
                f"serve: PSS per added tab, {count} tabs",
                f"{found.pss_per_tab_mib:.1f} MiB (tree {found.pss_all_mib:.0f} MiB)",
                "≤ 15 MiB",
                found.pss_per_tab_mib <= 15,
            )
        record(
            f"serve: idle CPU, {count} tabs",
            f"{found.idle_cpu_percent:.1f}% of a core",
            "reported",
            None,
        )
    if 1 in runs and len(runs) > 1:
        most = max(runs)
        ratio = statistics.median(runs[most].key_ms) / statistics.median(runs[1].key_ms)
        record(
            f"serve: key → paint, {most} tabs vs 1",
            f"{ratio:.2f}×",
            "≤ 1.5×",
            ratio <= 1.5,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--reviewers", type=int, nargs="*", default=[1, 5, 20, 50])
    parser.add_argument("--keys", type=int, default=KEYS)
    args = parser.parse_args()
    if why := chromium_missing():
        print(f"skipped: {why}")
        return
    for found in measure(args.reviewers, args.keys):
        print(describe(found))


if __name__ == "__main__":
    main()
