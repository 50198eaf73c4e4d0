"""Publishing and interop: desk notes, ClaimReview, bundles, CSV, backup, serve."""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from deskcheck.analysis.claim_analysis import analyse
from deskcheck.data import Desk
from deskcheck.data.bundle import export_bundle, merge
from deskcheck.data.verify import verify_desk
from deskcheck.export.claimreview import claim_review, lint
from deskcheck.export.markdown import desk_note
from deskcheck.ingest.claimreview import parse_claimreview
from tests.conftest import run_cli, run_process
from tests.processes import python, running, stop_group
from tests.waiting import wait_until, wait_until_async

GOLDEN = Path(__file__).resolve().parent / "golden"


@pytest.mark.parametrize("claim", [1, 2])
def test_the_desk_note_is_pinned(sample_path: Path, claim: int) -> None:
    result = run_cli("export", str(claim), "--desk", str(sample_path))
    assert result.output == (GOLDEN / f"claim_{claim}.md").read_text(encoding="utf-8")


def test_the_desk_note_of_the_worked_case_reads_as_the_desks_account(sample_desk: Desk) -> None:
    record = sample_desk.claim(1)
    note = desk_note(record, analyse(record), sample_desk.verdict_scale())
    assert "**Verdict:** Lead, not a verdict" in note
    assert "> **Warning:** no primary source" in note
    assert "### Heavier reading" in note and "### Procedural reading" in note
    assert "none is eliminated" in note
    assert "## This note will be revised if" in note
    assert "| <https://t.me/s/cointelegraph> |" in note
    assert desk_note(record, analyse(record), sample_desk.verdict_scale()) == note  # stable


def test_outside_text_cannot_write_markdown(empty_desk: Desk) -> None:
    claim = empty_desk.add_claim("[click](javascript:alert(1)) <script>x</script> \x1b[2J *bold*")
    empty_desk.decide(claim, "lead", "A [link](https://evil.example)")
    record = empty_desk.claim(claim)
    note = desk_note(record, analyse(record), empty_desk.verdict_scale())
    assert "\\[click\\]\\(javascript:alert\\(1\\)\\)" in note
    assert "\\<script\\>" in note and "\x1b" not in note and "␛" in note
    assert "\\*bold\\*" in note


@pytest.mark.parametrize("claim", [2, 10])
def test_claimreview_is_pinned_and_valid_json_ld(sample_path: Path, claim: int) -> None:
    result = run_cli("export", str(claim), "--format", "claimreview", "--desk", str(sample_path))
    assert result.exit_code == 0
    golden = (GOLDEN / f"claim_{claim}.claimreview.json").read_text(encoding="utf-8")
    assert result.stdout == golden
    review = json.loads(result.stdout)
    assert review["@context"] == "https://schema.org"
    assert review["@type"] == "ClaimReview"
    assert review["claimReviewed"]
    assert review["url"].startswith("https://desk.example/claims/")
    assert review["datePublished"]
    assert review["author"] == {
        "@type": "Organization",
        "name": "Monexus desk (sample)",
        "url": "https://desk.example/",
    }
    rating = review["reviewRating"]
    assert (rating["bestRating"], rating["worstRating"]) == (5, 1)
    assert (rating["ratingValue"], rating["alternateName"]) == (5, "True")
    item = review["itemReviewed"]
    assert item["@type"] == "Claim"
    assert item["author"]["name"] and item["datePublished"]
    assert item["firstAppearance"]["url"] == item["appearance"][0]["url"]
    # and our own ClaimReview reader takes it back in
    parsed = parse_claimreview([review], "desk", None)
    assert parsed.items[0][1].text == review["claimReviewed"]
    assert parsed.items[0][1].outside_reviews[0]["title"].endswith(": True")


def test_a_lead_is_not_a_claimreview_unless_forced(sample_path: Path) -> None:
    refused = run_process("export", "1", "--format", "claimreview", "--desk", str(sample_path))
    assert refused.returncode == 1
    assert "'lead' has no ClaimReview rating" in refused.stderr
    forced = run_cli(
        "export", "1", "--format", "claimreview", "--force", "--desk", str(sample_path)
    )
    review = json.loads(forced.stdout)
    assert review["reviewRating"] == {"@type": "Rating", "alternateName": "Lead, not a verdict"}


def test_the_lint_flags_a_long_claim_and_a_missing_url(sample_desk: Desk) -> None:
    record = sample_desk.claim(2)
    review = claim_review(record, sample_desk.verdict_scale(), {"name": "Desk"})
    problems = lint(review)
    assert "required: url (set the desk's organisation url)" in problems
    assert "advised: claimReviewed under 75 characters (it has 85)" in problems
    del review["reviewRating"]["alternateName"]
    assert any("alternateName" in p for p in lint(review))


def test_csv_of_decisions_and_notes(sample_path: Path) -> None:
    decisions = list(
        csv.DictReader(
            io.StringIO(run_cli("export", "--format", "csv", "--desk", str(sample_path)).output)
        )
    )
    assert len(decisions) == 9
    assert decisions[0]["verdict"] == "lead" and decisions[0]["reviewer"] == "mara"
    notes = list(
        csv.DictReader(
            io.StringIO(
                run_cli("export", "--format", "csv", "--notes", "--desk", str(sample_path)).output
            )
        )
    )
    assert {n["kind"] for n in notes} == {
        "clarification",
        "correction",
        "update",
        "refile",
        "withdrawal",
        "outdated",
    }


def test_a_bundle_round_trips_byte_for_byte(sample_path: Path, tmp_path: Path) -> None:
    first = tmp_path / "first.json"
    assert (
        run_cli(
            "export", "--format", "json", "-o", str(first), "--desk", str(sample_path)
        ).exit_code
        == 0
    )
    restored = tmp_path / "restored.db"
    assert run_cli("import", str(first), str(restored)).exit_code == 0
    second = tmp_path / "second.json"
    run_cli("export", "--format", "json", "-o", str(second), "--desk", str(restored))
    assert first.read_bytes() == second.read_bytes()
    assert verify_desk(restored).ok


def test_merging_twice_adds_nothing_and_rewrites_no_decision(sample_path: Path, tmp_path) -> None:
    with Desk.open(sample_path, reviewer="t") as desk:
        bundle = export_bundle(desk)
    target = tmp_path / "target.db"
    with Desk.open(target, reviewer="ana", create=True) as desk:
        mine = desk.add_claim(
            "Amazon raised security concerns about Anthropic's newest AI models shortly before"
            " Washington moved to limit foreign access to frontier AI systems."
        )
        desk.decide(mine, "unverified", "Our own earlier call")
        first = merge(desk, bundle)
        assert first["claims"] == 11  # claim 1 was already here, by its fingerprint
        again = merge(desk, bundle)
        assert sum(again.values()) == 0
        claim = desk.claim(mine)
        assert [d.verdict for d in claim.decisions][-1] == "lead"  # theirs, appended
        assert any(d.rationale == "Our own earlier call" for d in claim.decisions)
        assert desk.queue_count() == 12
    assert verify_desk(target).ok


def test_a_bundle_that_was_altered_is_refused(sample_path: Path, tmp_path: Path) -> None:
    with Desk.open(sample_path, reviewer="t") as desk:
        bundle = json.loads(export_bundle(desk))
    bundle["parts"]["decisions"]["rows"][0][3] = "A rewritten rationale"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bundle))
    result = run_process("import", str(path), str(tmp_path / "x.db"))
    assert result.returncode == 1
    assert "part 'decisions' does not match its SHA-256" in result.stderr


WRITER = """
import sys
from deskcheck.data import Desk
with Desk.open(sys.argv[1], reviewer="busy") as desk:
    for n in range(500):
        desk.decide(1 + n % 12, "lead", f"decision {n}")
"""


def busy_decisions(desk: Path) -> int:
    conn = sqlite3.connect(f"file:{desk}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM decisions WHERE reviewer = 'busy'").fetchone()[0]
    finally:
        conn.close()


def test_a_backup_taken_while_decisions_are_recorded_verifies(sample_path: Path, tmp_path):
    Desk.open(sample_path, reviewer="t").close()  # WAL mode set, as in real use
    copies = []
    with running(python(WRITER, str(sample_path))) as writer:
        # one backup as the writer begins, one a third of the way, one past halfway
        for n, recorded in enumerate((1, 170, 340)):
            wait_until(
                lambda recorded=recorded: busy_decisions(sample_path) >= recorded,
                what=f"the writer to record {recorded} or more decisions (before backup {n})",
                timeout=60,
            )
            copy = tmp_path / f"backup{n}.db"
            assert run_cli("backup", str(copy), "--desk", str(sample_path)).exit_code == 0
            copies.append(copy)
        assert writer.wait(timeout=120) == 0
    for copy in copies:
        report = verify_desk(copy)
        assert report.ok, copy
    with Desk.open(sample_path, reviewer="t") as desk:
        assert (
            desk.db.execute("SELECT count(*) FROM decisions WHERE reviewer = 'busy'").fetchone()[0]
            == 500
        )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def listens(pid: int, port: int) -> bool:
    """Is this process itself listening on the port? (Not merely: does the port answer; a
    server of another test might.) Where there is no Linux /proc: does the port answer."""
    if not Path("/proc/net/tcp").exists():
        with socket.socket() as sock:
            return sock.connect_ex(("127.0.0.1", port)) == 0
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with contextlib.suppress(FileNotFoundError):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                local, state, inode = fields[1], fields[3], fields[9]
                if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:  # 0A: LISTEN
                    inodes.add(f"socket:[{inode}]")
    with contextlib.suppress(FileNotFoundError, ProcessLookupError):
        return any(os.readlink(fd) in inodes for fd in Path(f"/proc/{pid}/fd").iterdir())
    return False


@contextlib.contextmanager
def served(desk: Path) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    """`deskcheck serve` in its own process group, as a colleague would start it, listening
    on a free port; on leaving, pass or fail, the server and every app it started are
    stopped. (A served app once outlived its server here, orphaned and spinning at 100% CPU
    for the rest of the session.) Another test may take the free port before the server
    binds it: then the server exits at once, and it is started again on another port."""
    for _ in range(3):
        port = free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "deskcheck",
                "serve",
                "--port",
                str(port),
                "--desk",
                str(desk),
                "--reviewer",
                "web",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        try:
            wait_until(
                lambda server=server, port=port: (
                    server.poll() is not None or listens(server.pid, port)
                ),
                what=f"deskcheck serve to listen on 127.0.0.1:{port}",
                timeout=30,
            )
            if server.poll() is None:
                yield server, port
                return
            error = server.stderr.read().decode(errors="replace") if server.stderr else ""
            if "address already in use" not in error:
                raise AssertionError(f"deskcheck serve exited at once:\n{error}")
        finally:
            stop_group(server, grace=10)
    raise AssertionError("deskcheck serve found no free port in three tries")


def test_serve_answers_with_the_app_page_and_its_websocket(sample_path: Path) -> None:
    import asyncio

    import aiohttp

    async def visit(port: int) -> tuple[int, str, bool]:
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{port}/") as response:
                page = await response.text()
            async with session.ws_connect(f"http://127.0.0.1:{port}/ws") as ws:
                await ws.send_json(["resize", {"width": 100, "height": 30}])
                message = await ws.receive(timeout=20)
                return (
                    response.status,
                    page,
                    message.type in (aiohttp.WSMsgType.TEXT, aiohttp.WSMsgType.BINARY),
                )

    with served(sample_path) as (_server, port):
        status, page, answered = asyncio.run(visit(port))
    assert status == 200
    assert "deskcheck" in page
    assert answered


def test_a_browser_sees_the_queue(sample_path: Path, tmp_path: Path) -> None:
    """Where Chromium and Playwright are installed (`apt install chromium`,
    `pip install playwright`), a headless browser opens the served desk and the queue arrives
    over its websocket and is drawn; skipped with the reason otherwise."""
    import shutil

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("Chromium is not installed (Debian: apt install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    received: list[str] = []
    with served(sample_path) as (_server, port), sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.on(
            "websocket",
            lambda ws: ws.on(
                "framereceived",
                lambda frame: received.append(
                    frame if isinstance(frame, str) else frame.decode("utf-8", "replace")
                ),
            ),
        )
        page.goto(f"http://127.0.0.1:{port}/")  # served() waited until it listens
        deadline = time.monotonic() + 20
        # Playwright delivers frames only while it runs: poll with its own wait
        while time.monotonic() < deadline and "Port of Halden" not in "".join(received):
            page.wait_for_timeout(200)
        page.screenshot(path=str(tmp_path / "browser.png"))
        browser.close()
    stream = "".join(received)
    assert "Port of Halden will double its container fees" in stream
    assert "reviewer" in stream and "web" in stream
    assert (tmp_path / "browser.png").stat().st_size > 10_000  # a drawn page, not a blank one


def web_sessions(desk: Path) -> int:
    conn = sqlite3.connect(f"file:{desk}?mode=ro", uri=True)
    try:
        return conn.execute(
            "SELECT count(*) FROM review_sessions WHERE reviewer = 'web'"
        ).fetchone()[0]
    finally:
        conn.close()


def children_of(pid: int) -> list[int]:
    return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def process_gone(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return True
    return "State:\tZ" in status  # exited, waiting to be reaped by init


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
def test_a_served_desk_ends_its_session_when_its_server_dies(sample_path: Path) -> None:
    """Killed without a chance to clean up, the server leaves the app it started for a browser
    behind; that app must notice, end its review session and exit, not hold the desk."""
    import asyncio

    import aiohttp

    async def open_in_browser(server: subprocess.Popen[bytes], port: int) -> None:
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{port}/"):
                pass
            async with session.ws_connect(f"http://127.0.0.1:{port}/ws") as ws:
                await ws.send_json(["resize", {"width": 100, "height": 30}])
                await ws.receive(timeout=20)
                apps.extend(children_of(server.pid))
                await wait_until_async(
                    lambda: web_sessions(sample_path) > 0,
                    what="the served app to begin its review session",
                    timeout=20,
                )
                server.kill()  # only the server: its app is left behind

    apps: list[int] = []
    with served(sample_path) as (server, port):
        with contextlib.suppress(aiohttp.ClientError, asyncio.TimeoutError):
            asyncio.run(open_in_browser(server, port))
        assert len(apps) == 1, "the server should have started one app"
        wait_until(
            lambda: process_gone(apps[0]),
            what="the orphaned app to end its session and exit",
            timeout=15,
        )
    with Desk.open(sample_path, reviewer="check") as desk:
        sessions = list(desk.db["review_sessions"].rows_where("reviewer = ?", ["web"]))
    assert sessions and all(s["ended_at"] is not None for s in sessions)
