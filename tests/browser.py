"""A served desk in headless Chromium (Playwright): one tab, what it drew, keys to type."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from tests.conftest import run_process
from tests.serving import plain


def chromium_or_skip():
    import shutil

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        pytest.skip("Chromium is not installed (Debian: apt install chromium; .ci/run does)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    return chromium, sync_api


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class Screen:
    """One browser tab on the served desk: what its websocket drew, and keys to type."""

    def __init__(self, page) -> None:
        self.page = page
        self.drawn: list[str] = []
        page.on(
            "websocket",
            lambda ws: ws.on(
                "framereceived",
                lambda frame: self.drawn.append(
                    frame if isinstance(frame, str) else frame.decode("utf-8", "replace")
                ),
            ),
        )

    def mark(self) -> int:
        return len(self.drawn)

    def shown(self, since: int) -> str:
        """What was drawn since ``since``, without colour and cursor sequences (a line drawn
        in styled pieces is then one text)."""
        return plain("".join(self.drawn[since:]).encode("utf-8"))

    def wait_for(self, text: str, since: int = 0, seconds: float = 30) -> None:
        deadline = time.monotonic() + seconds
        while text not in self.shown(since):
            if time.monotonic() > deadline:
                self.page.screenshot(path="/tmp/failed-screen.png")
                raise AssertionError(f"{text!r} was not drawn in {seconds} s")
            self.page.wait_for_timeout(50)

    def wait_for_any(self, *texts: str, since: int = 0, seconds: float = 30) -> str:
        deadline = time.monotonic() + seconds
        while not (found := [t for t in texts if t in self.shown(since)]):
            if time.monotonic() > deadline:
                raise AssertionError(f"none of {texts} was drawn in {seconds} s")
            self.page.wait_for_timeout(50)
        return found[0]

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.page.keyboard.press(key)


def log_in(browser, origin: str, name: str, password: str) -> Screen:
    context = browser.new_context(viewport={"width": 1800, "height": 900})
    page = context.new_page()
    screen = Screen(page)
    page.goto(f"{origin}/")
    assert page.url == f"{origin}/login"
    page.fill("input[name=name]", name)
    page.fill("input[name=password]", password)
    page.click("button[type=submit]")
    screen.wait_for("Port of Halden")
    page.click("#terminal")
    return screen


def open_claim_one(screen: Screen) -> None:
    """Search the queue for the worked case and open it, with the keyboard."""
    mark = screen.mark()
    screen.keys("/")
    screen.wait_for("search claims", since=mark)  # the search box is open and focused
    screen.page.keyboard.type("Anthropic")
    mark = screen.mark()
    screen.keys("Enter")
    screen.wait_for("1 shown", since=mark)
    mark = screen.mark()
    screen.keys("Enter")
    screen.wait_for("heavier", since=mark)


def record_lead(
    screen: Screen, rationale: str, *, publish: bool = False, after_another: bool = False
) -> None:
    mark = screen.mark()
    screen.keys("d")
    screen.wait_for("Record a decision", since=mark)
    screen.keys("1", "Enter")  # verdict 1 (lead), then on to the rationale
    screen.page.keyboard.type(rationale)
    if publish:
        screen.keys("Tab", "Tab", "ArrowDown")  # confidence stays; "for publication"
    mark = screen.mark()
    screen.keys("Control+s")
    if after_another:
        # the other reviewer's decision is shown first, unless this screen already reloaded
        # with it (the desk notices another reviewer's write within a second or two)
        seen = screen.wait_for_any("record mine anyway", "Decision recorded", since=mark)
        if seen == "record mine anyway":
            mark = screen.mark()
            screen.keys("y")
    screen.wait_for("Decision recorded", since=mark)


def decisions_shown(desk: Path) -> list[tuple[str, str]]:
    shown = run_process("show", "1", "--json", "--desk", str(desk))
    assert shown.returncode == 0, shown.stderr
    return [(d["reviewer"], d["rationale"]) for d in json.loads(shown.stdout)["decisions"]]
