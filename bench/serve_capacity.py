"""`python -m bench.serve_capacity`: what each reviewer served by `deskcheck serve` costs.

N scripted browser-equivalent clients (aiohttp websockets speaking textual-serve's protocol,
not Chromium) each open the sample desk, wait for the queue, then move through it with `j`,
one key at a time. For 1, 5 and 20 reviewers it reports:

- memory per served reviewer: the PSS (proportional set size: shared pages split among
  the processes sharing them) and RSS of the app process each websocket starts, and the
  server's own RSS;
- key-to-frame latency: from sending a key to the first screen update that follows, median
  and 95th percentile over every key of every client;

against a single local TUI: the same desk in the terminal (a pseudo-terminal), the same keys.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import pty
import re
import select
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

REPO = Path(__file__).resolve().parent.parent
KEYS = 30


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
    return env


def _kib(pid: int, field: str, path: str = "smaps_rollup") -> int:
    text = Path(f"/proc/{pid}/{path}").read_text()
    return int(re.search(rf"^{field}:\s+(\d+) kB", text, re.M).group(1))


def _children(pid: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


async def _client(origin: str, cookie: str, keys: int, ready: asyncio.Barrier) -> list[float]:
    headers = {"Cookie": f"deskcheck_session={cookie}"}
    async with (
        aiohttp.ClientSession() as session,
        session.ws_connect(f"{origin}/ws", headers=headers, origin=origin) as ws,
    ):
        await ws.send_json(["resize", {"width": 120, "height": 40}])
        drawn = b""
        while b"Port of Halden" not in drawn:
            message = await ws.receive(timeout=60)
            if message.type == aiohttp.WSMsgType.BINARY:
                drawn += message.data
        await _quiet(ws)
        await ready.wait()  # every client is in: now measure memory, then keys
        await ready.wait()
        latencies = []
        for n in range(keys):
            started = time.perf_counter()
            await ws.send_json(["stdin", "j" if n % 10 < 5 else "k"])
            while True:
                message = await ws.receive(timeout=30)
                if message.type == aiohttp.WSMsgType.BINARY:
                    latencies.append(time.perf_counter() - started)
                    break
            await _quiet(ws)
        return latencies


async def _quiet(ws: aiohttp.ClientWebSocketResponse, seconds: float = 0.3) -> None:
    """Read until the app has drawn nothing for ``seconds``."""
    while True:
        try:
            await ws.receive(timeout=seconds)
        except TimeoutError:
            return


def _served_run(desk: Path, reviewers: int) -> dict[str, float]:
    port = 18000 + reviewers
    server = subprocess.Popen(
        [sys.executable, "-m", "deskcheck", "serve", "--port", str(port), "--desk", str(desk)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=_env(),
        start_new_session=True,
        bufsize=0,
    )
    try:
        url = ""
        while not url:
            line = server.stdout.readline().decode()
            if not line:
                raise RuntimeError("deskcheck serve did not start")
            if found := re.search(r"http://\S+token=\S+", line):
                url = found.group(0)
        return asyncio.run(_measure(server, f"http://127.0.0.1:{port}", url, reviewers))
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


async def _measure(
    server: subprocess.Popen[bytes], origin: str, url: str, reviewers: int
) -> dict[str, float]:
    jar = aiohttp.CookieJar(unsafe=True)
    async with aiohttp.ClientSession(cookie_jar=jar) as session:
        for _ in range(200):
            try:
                async with session.get(url, allow_redirects=False):
                    break
            except aiohttp.ClientConnectionError:
                await asyncio.sleep(0.05)
        cookie = next(c.value for c in jar if c.key == "deskcheck_session")
    ready = asyncio.Barrier(reviewers + 1)
    tasks = [asyncio.create_task(_client(origin, cookie, KEYS, ready)) for _ in range(reviewers)]
    await ready.wait()
    apps = _children(server.pid)
    pss = [_kib(pid, "Pss") for pid in apps]
    rss = [_kib(pid, "Rss") for pid in apps]
    server_rss = _kib(server.pid, "Rss")
    await ready.wait()
    latencies = [value for task in tasks for value in await task]
    return {
        "apps": len(apps),
        "pss_mib": statistics.mean(pss) / 1024,
        "rss_mib": statistics.mean(rss) / 1024,
        "server_rss_mib": server_rss / 1024,
        "median_ms": statistics.median(latencies) * 1000,
        "p95_ms": _percentile(latencies, 0.95) * 1000,
    }


def _local_tui(desk: Path) -> dict[str, float]:
    """The same keys to the desk in a terminal (a pseudo-terminal, 120×40)."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the desk in the terminal
        os.environ.update(_env() | {"COLUMNS": "120", "LINES": "40", "TERM": "xterm-256color"})
        os.execv(sys.executable, [sys.executable, "-m", "deskcheck", "--desk", str(desk)])
    import fcntl
    import struct
    import termios

    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))

    def read_until_quiet(seconds: float) -> bytes:
        out = b""
        while select.select([fd], [], [], seconds)[0]:
            try:
                out += os.read(fd, 65536)
            except OSError:
                break
        return out

    try:
        drawn = b""
        deadline = time.monotonic() + 60
        while b"Port of Halden" not in drawn and time.monotonic() < deadline:
            drawn += read_until_quiet(0.5)
        read_until_quiet(0.5)
        rss = _kib(pid, "Rss")
        pss = _kib(pid, "Pss")
        latencies = []
        for n in range(KEYS):
            started = time.perf_counter()
            os.write(fd, b"j" if n % 10 < 5 else b"k")
            if select.select([fd], [], [], 30)[0]:
                os.read(fd, 65536)
                latencies.append(time.perf_counter() - started)
            read_until_quiet(0.3)
    finally:
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
    return {
        "apps": 1,
        "pss_mib": pss / 1024,
        "rss_mib": rss / 1024,
        "server_rss_mib": 0.0,
        "median_ms": statistics.median(latencies) * 1000,
        "p95_ms": _percentile(latencies, 0.95) * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviewers", type=int, nargs="*", default=[1, 5, 20])
    args = parser.parse_args()
    from deskcheck.work.config import sample_desk_file

    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        desk = Path(tmp) / "desk.db"
        shutil.copyfile(sample_desk_file(), desk)
        rows.append(("local TUI (baseline)", _local_tui(desk)))
        for count in args.reviewers:
            rows.append((f"served, {count} reviewers", _served_run(desk, count)))
    print(
        "| run | apps | PSS per app (MiB) | RSS per app (MiB) | server RSS (MiB)"
        " | key→frame median (ms) | p95 (ms) |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name, row in rows:
        print(
            f"| {name} | {row['apps']:.0f} | {row['pss_mib']:.1f} | {row['rss_mib']:.1f}"
            f" | {row['server_rss_mib']:.1f} | {row['median_ms']:.1f} | {row['p95_ms']:.1f} |"
        )


if __name__ == "__main__":
    main()
