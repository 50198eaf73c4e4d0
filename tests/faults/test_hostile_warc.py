"""Hostile WARC files given to `deskcheck ingest`: a body that decompresses to far more than the
file, a record whose Content-Length is out of every range. A bad record is one line and the
others are taken in; a bad file is one line and a non-zero exit, never a traceback."""

from __future__ import annotations

import gzip
import io
import subprocess
import sys
from pathlib import Path

from deskcheck.data import Desk
from deskcheck.data.verify import verify_desk
from tests.conftest import run_cli
from tests.serving import worktree_env

MINUTES = "https://kessford.example/council/minutes/2026-06-18"


def _warc(path: Path, responses: list[tuple[str, bytes, list[tuple[str, str]]]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for uri, body, headers in responses:
            http = StatusAndHeaders("200 OK", headers, "HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    uri, "response", payload=io.BytesIO(body), http_headers=http
                )
            )


def test_a_gzip_bomb_in_a_capture_is_refused_and_the_rest_taken_in(
    sample_path: Path, tmp_path: Path
) -> None:
    """A 1 KB file whose page decompresses to 100 MB: before, the desk read all of it into
    memory (a 300 MB page took 2.5 GB at peak) and kept it as a snapshot."""
    bomb = gzip.compress(b"<p>" + b"A" * (100 * 1024 * 1024) + b"</p>", 9)
    capture = tmp_path / "bomb.warc.gz"
    _warc(
        capture,
        [
            (
                "https://kessford.example/bomb",
                bomb,
                [("Content-Type", "text/html"), ("Content-Encoding", "gzip")],
            ),
            (
                MINUTES,
                b"<title>Minutes</title><p>Item 7: cash</p>",
                [("Content-Type", "text/html")],
            ),
        ],
    )
    assert capture.stat().st_size < 10_000
    # deskcheck as a user runs it, saying its peak memory as it exits (VmHWM: ru_maxrss
    # would count this test's own peak, which a child inherits across exec)
    ingest = (
        "import atexit, runpy, sys\n"
        "hwm = lambda: open('/proc/self/status').read().split('VmHWM:')[1].split()[0]\n"
        "atexit.register(lambda: print('peak', hwm(), file=sys.stderr))\n"
        "sys.argv = ['deskcheck', *sys.argv[1:]]\n"
        "runpy.run_module('deskcheck', run_name='__main__')\n"
    )
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            ingest,
            f"--desk={sample_path}",
            "ingest",
            str(capture),
            "--claim=2",
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=worktree_env(),
    )
    assert "Traceback" not in done.stderr, done.stderr
    assert "1 new evidence snapshots" in done.stdout, done.stdout
    assert "response 1: its body is larger than 10 MB once decoded" in done.stdout
    peak_kb = int(done.stderr.rsplit("peak", 1)[1].split()[0])
    assert peak_kb < 200 * 1024, f"{peak_kb} KB at peak"
    with Desk.open(sample_path, reviewer="mara") as desk:
        # (a fetch that failed kept no body: no size)
        sizes = [s.byte_size or 0 for e in desk.claim(2).evidence for s in e.snapshots]
        assert max(sizes) < 10 * 1024 * 1024
    assert verify_desk(sample_path).ok


RAW_RECORD = (
    b"WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: " + MINUTES.encode() + b"\r\n"
    b"WARC-Date: 2026-06-19T00:00:00Z\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
    b"Content-Type: application/http; msgtype=response\r\nContent-Length: %s\r\n\r\n"
    b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>x</p>\r\n\r\n"
)


def test_a_content_length_out_of_range_is_one_line_not_a_crash(
    sample_path: Path, tmp_path: Path
) -> None:
    for length in (b"99999999999999999999", b"-5", b"1e400", b"0x10"):
        warc = tmp_path / "odd.warc"
        warc.write_bytes(RAW_RECORD % length)
        result = run_cli("ingest", str(warc), "--claim", "2", "--desk", str(sample_path))
        assert result.exit_code == 1, (length, result.output)
        assert "unexpected error" not in result.output, (length, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            length,
            result.exception,
        )
        assert "warc" in result.output.lower(), (length, result.output)
