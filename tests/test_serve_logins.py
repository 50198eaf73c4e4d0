"""`deskcheck serve --team`: reviewer logins, the limit on failed ones, and sessions that
end when the login changes or its reviewer logs out."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

import aiohttp
import pytest
from yarl import URL

from deskcheck.data import Desk
from deskcheck.work.logins import log_in
from tests.serving import (
    PASSWORD,
    add_logins,
    browser_session,
    cli_with_stdin,
    closed_within,
    events_of,
    first_frames,
    logged_in,
    serving,
)

# -- team logins -----------------------------------------------------------------------------


def test_reviewer_logins_keep_hashes_only_and_refuse_look_alike_names(sample_path: Path) -> None:
    add_logins(sample_path, "mara")
    again = cli_with_stdin(sample_path, ["reviewer", "add", "Mara"], "another long one\n")
    look_alike = cli_with_stdin(sample_path, ["reviewer", "add", "mаra"], "x" * 12 + "\n")
    short = cli_with_stdin(sample_path, ["reviewer", "add", "ines"], "short\n")
    huge = cli_with_stdin(sample_path, ["reviewer", "add", "ines"], "y" * 100_000 + "\n")
    assert again.returncode == 1 and "already has a login" in again.stderr
    assert look_alike.returncode == 1 and "only letters a–z" in look_alike.stderr
    assert short.returncode == 1 and "at least 10" in short.stderr
    assert huge.returncode == 1 and "at most 1024" in huge.stderr
    for result in (again, look_alike, short, huge):
        assert "Traceback" not in result.stderr
    changed = cli_with_stdin(sample_path, ["reviewer", "passwd", "MARA"], "a new passphrase\n")
    disabled = cli_with_stdin(sample_path, ["reviewer", "disable", "mara"], "")
    assert changed.returncode == 0 and disabled.returncode == 0
    listed = cli_with_stdin(sample_path, ["reviewer", "list"], "")
    assert listed.stdout.startswith("mara\tdisabled")
    raw = b"".join(p.read_bytes() for p in sample_path.parent.glob("sample.db*"))
    for password in (PASSWORD["mara"], "a new passphrase"):
        assert password.encode() not in raw
    with Desk.open(sample_path, reviewer="check") as desk:
        kinds = [
            row[0]
            for row in desk.db.execute(
                "SELECT kind FROM events WHERE subject = 'reviewer:mara' ORDER BY seq"
            )
        ]
        bodies = " ".join(r[0] for r in desk.db.execute("SELECT body FROM events"))
    assert kinds[-3:] == ["login.added", "login.password_changed", "login.disabled"]
    assert "scrypt$" not in bodies  # not even the hash goes into the event log


def test_team_login_refuses_wrong_passwords_records_them_and_slows_an_address_down(
    sample_path: Path,
) -> None:
    add_logins(sample_path, "mara")
    with serving(sample_path, "--team") as served:

        async def log_in(password: str, origin: str | None = None) -> int:
            async with (
                browser_session() as session,
                session.post(
                    f"{served.origin}/login",
                    data={"name": "mara", "password": password},
                    headers={"Origin": origin or served.origin},
                    allow_redirects=False,
                ) as response,
            ):
                return response.status

        foreign = asyncio.run(log_in(PASSWORD["mara"], origin="http://evil.example"))
        right_first = asyncio.run(log_in(PASSWORD["mara"]))
        wrong = [asyncio.run(log_in(f"guess number {n}")) for n in range(5)]
        right_after = asyncio.run(log_in(PASSWORD["mara"]))
    assert foreign == 403
    assert right_first == 303
    assert wrong == [401] * 5
    assert right_after == 429  # five failures from this address: it must wait
    with Desk.open(sample_path, reviewer="check") as desk:
        failures = list(desk.db["login_failures"].rows)
        kinds = [r[0] for r in desk.db.execute("SELECT kind FROM events ORDER BY seq")]
    assert [(f["name"], f["address"], f["reason"]) for f in failures] == [
        ("mara", "127.0.0.1", "wrong password")
    ] * 5
    assert kinds.count("login.failed") == 5 and kinds.count("login.succeeded") == 1


def test_a_new_password_or_a_disabled_login_ends_the_session(sample_path: Path) -> None:
    add_logins(sample_path, "mara")
    with serving(sample_path, "--team") as served:

        async def logged_in() -> aiohttp.ClientSession:
            session = browser_session()
            async with session.post(
                f"{served.origin}/login",
                data={"name": "Mara", "password": PASSWORD["mara"]},
                headers={"Origin": served.origin},
            ) as response:
                assert response.status == 200 and "websocket" in await response.text()
            return session

        async def page_status(session: aiohttp.ClientSession) -> int:
            async with session.get(f"{served.origin}/", allow_redirects=False) as response:
                return response.status

        async def scenario() -> list[int]:
            statuses = []
            session = await logged_in()
            async with session:
                statuses.append(await page_status(session))
                cli_with_stdin(sample_path, ["reviewer", "passwd", "mara"], "changed phrase\n")
                statuses.append(await page_status(session))
            PASSWORD["mara"], saved = "changed phrase", PASSWORD["mara"]
            try:
                session = await logged_in()
                async with session:
                    cli_with_stdin(sample_path, ["reviewer", "disable", "mara"], "")
                    statuses.append(await page_status(session))
            finally:
                PASSWORD["mara"] = saved
            return statuses

        statuses = asyncio.run(scenario())
    assert statuses == [200, 303, 303]  # 303: back to the login page


def test_a_session_ended_by_logout_or_disable_ends_its_open_tab_and_its_cookie(
    sample_path: Path,
) -> None:
    """Logging out, or the operator disabling a login, ends the session: the cookie copied
    before logout no longer opens the desk, and a tab already open stops recording (it
    went on as the disabled reviewer until its browser closed it)."""
    add_logins(sample_path, "mara")
    with serving(sample_path, "--team") as served:

        async def logged_in() -> aiohttp.ClientSession:
            session = browser_session()
            async with session.post(
                f"{served.origin}/login",
                data={"name": "mara", "password": PASSWORD["mara"]},
                headers={"Origin": served.origin},
            ) as response:
                assert response.status == 200
            return session

        async def scenario() -> tuple[bool, int, bool]:
            async with await logged_in() as session:
                copied = {c.key: c.value for c in session.cookie_jar}
                async with session.ws_connect(f"{served.origin}/ws", origin=served.origin) as ws:
                    await first_frames(ws, b"Halden")
                    async with session.post(
                        f"{served.origin}/logout",
                        headers={"Origin": served.origin},
                        allow_redirects=False,
                    ) as response:
                        assert response.status == 303
                    tab_ended_by_logout = await closed_within(ws, 15)
            async with browser_session() as thief:  # the cookie as it was before logout
                thief.cookie_jar.update_cookies(copied, response_url=URL(served.origin))
                async with thief.get(f"{served.origin}/", allow_redirects=False) as response:
                    reused = response.status
            async with (
                await logged_in() as session,
                session.ws_connect(f"{served.origin}/ws", origin=served.origin) as ws,
            ):
                await first_frames(ws, b"Halden")
                cli_with_stdin(sample_path, ["reviewer", "disable", "mara"], "")
                tab_ended_by_disable = await closed_within(ws, 15)
            return tab_ended_by_logout, reused, tab_ended_by_disable

        by_logout, reused, by_disable = asyncio.run(scenario())
    assert reused == 303  # back to the login page, not the desk
    assert by_logout and by_disable


# -- failed logins: counted and refused in one transaction ------------------------------------


def test_150_simultaneous_wrong_passwords_get_five_checked_and_the_rest_429(
    sample_path: Path,
) -> None:
    """The limit read the failure count before any failure was written: 150 guesses sent
    at once were all checked (401) and each appended an event. Now at most five are
    checked; the rest are refused unchecked and leave nothing in the log."""
    add_logins(sample_path, "mara")
    with serving(sample_path, "--team") as served:

        async def guess(session: aiohttp.ClientSession, n: int) -> int:
            async with session.post(
                f"{served.origin}/login",
                data={"name": "mara", "password": f"guess number {n}"},
                headers={"Origin": served.origin},
                allow_redirects=False,
            ) as response:
                return response.status

        async def at_once() -> list[int]:
            connector = aiohttp.TCPConnector(limit=0)
            async with aiohttp.ClientSession(connector=connector) as session:
                return await asyncio.gather(*(guess(session, n) for n in range(150)))

        statuses = asyncio.run(at_once())

        async def the_right_password() -> int:
            async with (
                browser_session() as session,
                session.post(
                    f"{served.origin}/login",
                    data={"name": "mara", "password": PASSWORD["mara"]},
                    headers={"Origin": served.origin},
                    allow_redirects=False,
                ) as response,
            ):
                return response.status

        right_after = asyncio.run(the_right_password())
    assert Counter(statuses) == {401: 5, 429: 145}
    assert right_after == 429  # the address (and the login) must wait out the window
    assert len(events_of(sample_path, "login.failed")) == 5


def test_failed_logins_are_limited_per_login_from_any_address(tmp_path: Path) -> None:
    """Guesses spread over many addresses still stop after five for one login; other
    logins are not held up by them."""
    path = tmp_path / "desk.db"
    with Desk.open(path, reviewer="operator", create=True) as desk:
        desk.add_login("mara", PASSWORD["mara"])
        desk.add_login("tomas", PASSWORD["tomas"])
        limited = [log_in(desk, "Mara", "a wrong guess", f"192.0.2.{n}").limited for n in range(8)]
        right_but_waiting = log_in(desk, "mara", PASSWORD["mara"], "198.51.100.7")
        tomas = log_in(desk, "tomas", PASSWORD["tomas"], "198.51.100.7")
        failures = desk.db.execute("SELECT count(*) FROM login_failures").fetchone()[0]
    assert limited == [False] * 5 + [True] * 3
    assert right_but_waiting.limited and right_but_waiting.login is None
    assert tomas.login is not None and tomas.login.name == "tomas"
    assert failures == 5


@pytest.mark.parametrize(
    "typed",
    [
        "correct-horse-battery",  # shaped like a login name, but no login
        "Tr0ub4dor&3 harbour",  # no login name at all
        "mаra's passphrase",  # a look-alike letter in it
    ],
)
def test_a_password_typed_in_the_name_field_is_counted_not_kept(
    sample_path: Path, typed: str
) -> None:
    """A reviewer who types the password one field too soon: the failure is counted (the
    limit still applies) but what was typed is not stored, so it never leaves in a
    bundle or a backup."""
    add_logins(sample_path, "mara")
    with serving(sample_path, "--team") as served:

        async def attempt() -> int:
            async with (
                browser_session() as session,
                session.post(
                    f"{served.origin}/login",
                    data={"name": typed, "password": "whatever was typed next"},
                    headers={"Origin": served.origin},
                    allow_redirects=False,
                ) as response,
            ):
                return response.status

        status = asyncio.run(attempt())
        served.process.send_signal(2)
        served.process.wait(timeout=10)
        log = served.process.stderr.read().decode()
    assert status == 401
    with Desk.open(sample_path, reviewer="check") as desk:
        failures = [(r["name"], r["address"]) for r in desk.db["login_failures"].rows]
        desk.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert failures == [("", "127.0.0.1")]
    raw = b"".join(p.read_bytes() for p in sample_path.parent.glob("sample.db*"))
    assert typed.encode() not in raw and typed.split()[0].encode() not in raw
    assert typed not in log


def test_a_login_is_recorded_as_the_reviewers_own_act(sample_path: Path) -> None:
    """The login event named whoever started `serve` as its actor; it is mara's act."""
    add_logins(sample_path, "mara")
    with serving(sample_path, "--team", reviewer="operator") as served:

        async def log_in_and_leave() -> None:
            async with await logged_in(served, "Mara", PASSWORD["mara"]):
                pass

        asyncio.run(log_in_and_leave())
    logins = events_of(sample_path, "login.succeeded")
    assert [(actor, body["name"]) for actor, body in logins] == [("mara", "mara")]


def test_re_enabling_a_login_does_not_revive_its_old_cookies(sample_path: Path) -> None:
    """Disable, then enable again: the cookie from before works no more (it did, since
    it was bound to the password hash only); a new login works."""
    add_logins(sample_path, "mara")
    with serving(sample_path, "--team") as served:

        async def page_status(session: aiohttp.ClientSession) -> int:
            async with session.get(f"{served.origin}/", allow_redirects=False) as response:
                return response.status

        async def scenario() -> list[int]:
            async with await logged_in(served, "mara", PASSWORD["mara"]) as session:
                before = await page_status(session)
                for act in (["disable", "mara"], ["disable", "mara", "--enable"]):
                    done = cli_with_stdin(sample_path, ["reviewer", *act], "")
                    assert done.returncode == 0, done.stderr
                old_cookie = await page_status(session)
            async with await logged_in(served, "mara", PASSWORD["mara"]) as session:
                fresh = await page_status(session)
            return [before, old_cookie, fresh]

        statuses = asyncio.run(scenario())
    assert statuses == [200, 303, 200]
