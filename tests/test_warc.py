"""Evidence as WARC: claim 1's evidence checked against a real local server, archived, and
read back with warcio record by record against the desk; then taken into another desk by
`deskcheck ingest`."""

from __future__ import annotations

import base64
import gzip
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from warcio.archiveiterator import ArchiveIterator

from deskcheck.data import Desk
from deskcheck.data.verify import verify_desk
from deskcheck.fetch.check import run_check
from deskcheck.fetch.fetcher import Fetcher
from deskcheck.fetch.limits import FetchLimits
from tests.conftest import run_cli

LOCAL = FetchLimits(allow_private=True, attempts=1, read_timeout=3)
PAGES = {
    "/channel": ("<html><head><title>Channel</title></head><body><main>Summary</main></body>", 200),
    "/guidance": ("<html><head><title>BIS</title></head><body><main>Rules</main></body>", 200),
    "/wiki": ("<html><head><title>Wiki</title></head><body><main>Export of AI</main></body>", 200),
    "/rule-2022": ("<p>Interim final rule</p>", 200),
    "/rule-2023": ("gone", 404),
}


def serve_claim_1(desk: Desk, server: HTTPServer) -> None:
    """Claim 1's evidence URLs moved to the local server: one page sent gzipped, one gone."""
    paths = iter(PAGES)
    for evidence in desk.claim(1).evidence:
        if evidence.url:
            desk.edit_evidence(evidence.id, url=server.url_for(next(paths)))
    for path, (body, status) in PAGES.items():
        if path == "/wiki":
            server.expect_request(path).respond_with_data(
                gzip.compress(body.encode()),
                headers={"Content-Encoding": "gzip"},
                content_type="text/html; charset=utf-8",
            )
        else:
            server.expect_request(path).respond_with_data(
                body, status=status, content_type="text/html"
            )


def check_claim_1(desk: Desk) -> None:
    targets = [t for t in desk.check_targets() if t.kind == "evidence" and t.claim_id == 1]
    with Fetcher(LOCAL) as fetcher:
        report = run_check(desk, fetcher, targets=targets)
    assert report.checked == 5


def records(path: Path) -> list[dict[str, Any]]:
    """Every record of the archive, read (so its digests are checked) with warcio."""
    out = []
    with path.open("rb") as stream:
        for record in ArchiveIterator(stream, check_digests=True):
            content = record.content_stream().read()
            record.raw_stream.read()
            out.append(
                {
                    "type": record.rec_type,
                    "version": record.rec_headers.protocol,
                    "headers": dict(record.rec_headers.headers),
                    "http": record.http_headers,
                    "content": content,
                    "digests_ok": record.digest_checker.passed,
                }
            )
    return out


@pytest.fixture
def archived(sample_desk: Desk, httpserver: HTTPServer, tmp_path: Path) -> Path:
    serve_claim_1(sample_desk, httpserver)
    check_claim_1(sample_desk)
    target = tmp_path / "claim-1.warc.gz"
    result = run_cli("archive", "1", "-o", str(target), "--desk", str(sample_desk.path))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Wrote {target}\n"
    return target


def test_every_record_matches_the_desk(sample_desk: Desk, archived: Path) -> None:
    read = records(archived)
    assert {r["version"] for r in read} == {"WARC/1.1"}
    assert read[0]["type"] == "warcinfo"
    snapshots = {s["id"]: s for s in sample_desk.snapshot_exchanges([1])}
    assert len(snapshots) == 5
    responses = [r for r in read if r["type"] == "response"]
    requests = [r for r in read if r["type"] == "request"]
    assert len(responses) == len(requests) == 5
    for response in responses:
        snapshot = snapshots[int(response["headers"]["WARC-Deskcheck-Snapshot"])]
        algorithm, value = response["headers"]["WARC-Payload-Digest"].split(":")
        assert algorithm == "sha256"
        assert base64.b32decode(value).hex() == snapshot["sha256"]
        assert response["digests_ok"] is True  # warcio recomputed both digests
        assert response["content"] == snapshot["body"]
        assert response["headers"]["WARC-Target-URI"] == snapshot["final_url"]
        assert response["headers"]["WARC-Date"] == snapshot["fetched_at"]
        assert int(response["http"].get_statuscode()) == snapshot["http_status"]
        assert "WARC-Deskcheck-Headers" not in response["headers"]  # headers were kept
    by_id = {r["headers"]["WARC-Record-ID"]: r for r in responses}
    for request in requests:
        response = by_id[request["headers"]["WARC-Concurrent-To"]]
        assert request["headers"]["WARC-Target-URI"] == response["headers"]["WARC-Target-URI"]
        assert request["http"].protocol == "GET" and request["http"].statusline.startswith("/")
        assert request["http"].get_header("User-Agent").startswith("deskcheck/")
        assert request["digests_ok"] is True


def test_warcio_check_passes_the_archive(archived: Path) -> None:
    """warcio's own checker (`warcio check`), as a user would run it."""
    run_warcio = "import sys; from warcio.cli import main; main(sys.argv[1:])"
    checked = subprocess.run(
        [sys.executable, "-c", run_warcio, "check", "-v", str(archived)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert checked.stdout.count("digest pass") == 11  # warcinfo, 5 responses, 5 requests
    assert "fail" not in checked.stdout


def test_a_gzipped_response_is_archived_as_the_body_the_desk_kept(archived: Path) -> None:
    wiki = next(
        r
        for r in records(archived)
        if r["type"] == "response" and r["headers"]["WARC-Target-URI"].endswith("/wiki")
    )
    assert wiki["content"] == PAGES["/wiki"][0].encode()
    assert wiki["http"].get_header("Content-Encoding") is None
    assert wiki["http"].get_header("X-Archive-Orig-Content-Encoding") == "gzip"
    assert wiki["http"].get_header("Content-Length") == str(len(PAGES["/wiki"][0]))


def test_a_snapshot_from_before_headers_were_kept_says_so(sample_path: Path, tmp_path: Path):
    with Desk.open(sample_path, reviewer="mara") as desk:
        desk.add_snapshot(
            9,
            http_status=200,
            sha256=_sha(b"notice"),
            body_zlib=_z(b"notice"),
            content_type="text/html",
            final_url="https://kessfordbuses.example/n",
        )
    target = tmp_path / "claim-2.warc.gz"
    result = run_cli("archive", "2", "-o", str(target), "--desk", str(sample_path))
    assert result.exit_code == 0
    assert "left out snapshot 1" in result.output  # the sample's snapshot has no body
    assert "taken before the desk kept HTTP headers" in result.output
    (response,) = [r for r in records(target) if r["type"] == "response"]
    assert response["headers"]["WARC-Deskcheck-Headers"] == "reconstructed"
    assert response["content"] == b"notice" and response["digests_ok"] is True


def _sha(body: bytes) -> str:
    import hashlib

    return hashlib.sha256(body).hexdigest()


def _z(body: bytes) -> bytes:
    import zlib

    return zlib.compress(body)


def test_nothing_to_archive_is_said_and_writes_nothing(sample_path: Path, tmp_path: Path):
    target = tmp_path / "none.warc.gz"
    result = run_cli("archive", "3", "-o", str(target), "--desk", str(sample_path))
    assert result.exit_code == 1
    assert "nothing to archive" in result.output
    assert not target.exists()


def test_an_archive_is_not_overwritten_without_replace(archived: Path, sample_desk: Desk):
    before = archived.read_bytes()
    again = run_cli("archive", "1", "-o", str(archived), "--desk", str(sample_desk.path))
    assert again.exit_code == 1 and "already exists: use --replace" in again.output
    assert archived.read_bytes() == before


def test_ingesting_the_archive_adds_its_responses_as_snapshots(
    archived: Path, sample_desk: Desk, tmp_path: Path
) -> None:
    other = tmp_path / "other.db"
    with Desk.open(other, reviewer="ana", create=True) as desk:
        claim = desk.add_claim("Amazon raised security concerns")
    first = run_cli("ingest", str(archived), "--claim", str(claim), "--desk", str(other))
    assert first.exit_code == 0, first.output
    # the 404 is no page to add as new evidence; the other four are
    assert (
        "(warc): 4 new evidence snapshots, 0 already on the desk, 1 response not taken in"
        in first.output
    )
    again = run_cli("ingest", str(archived), "--claim", str(claim), "--desk", str(other))
    assert "0 new evidence snapshots, 4 already on the desk" in again.output
    theirs = {s["final_url"]: s for s in sample_desk.snapshot_exchanges([1])}
    with Desk.open(other, reviewer="ana") as desk:
        ours = desk.snapshot_exchanges([claim])
        titles = sorted(e.title for e in desk.claim(claim).evidence)
    assert titles == ["BIS", "Channel", "Wiki", sorted(titles)[3]]
    for snapshot in ours:
        original = theirs[snapshot["final_url"]]
        for key in ("sha256", "body", "fetched_at", "http_status", "text", "http_version"):
            assert snapshot[key] == original[key], key
        assert json.loads(snapshot["request_headers"]) == json.loads(original["request_headers"])
    assert verify_desk(other).ok


def test_without_a_claim_only_known_evidence_takes_snapshots(
    archived: Path, tmp_path: Path
) -> None:
    other = tmp_path / "other.db"
    with Desk.open(other, reviewer="ana", create=True) as desk:
        desk.add_claim("Amazon raised security concerns")
    result = run_cli("ingest", str(archived), "--desk", str(other))
    assert result.exit_code == 1
    assert "no evidence item has this URL (name a claim" in result.output
    assert "none of its 5 responses is evidence on this desk" in result.output


def test_a_tampered_record_is_refused(archived: Path, sample_desk: Desk, tmp_path: Path):
    plain = gzip.decompress(archived.read_bytes())
    tampered = tmp_path / "tampered.warc"
    tampered.write_bytes(plain.replace(b"<main>Rules</main>", b"<main>Rulez</main>"))
    result = run_cli("ingest", str(tampered), "--claim", "1", "--desk", str(sample_desk.path))
    assert "does not match its digest" in result.output
    assert "(warc): 0 new evidence snapshots, 4 already on the desk, 1 response not" in (
        result.output
    )


def test_a_file_that_is_not_a_warc_is_not_read_as_one(tmp_path: Path, sample_path: Path):
    fake = tmp_path / "fake.warc.gz"
    fake.write_bytes(gzip.compress(b"WARC/1.1\r\nnonsense"))
    result = run_cli("ingest", str(fake), "--desk", str(sample_path))
    assert result.exit_code == 1
    assert "the WARC file holds no HTTP response" in result.output


def _warc(path: Path, responses: list[tuple[str, bytes, str]]) -> None:
    """A WARC file as another tool would write it (warcio's own defaults: SHA-1 digests)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        for uri, body, content_type in responses:
            headers = StatusAndHeaders("200 OK", [("Content-Type", content_type)], "HTTP/1.1")
            writer.write_record(
                writer.create_warc_record(
                    uri, "response", payload=io.BytesIO(body), http_headers=headers
                )
            )


def test_hostile_captures_are_refused_or_kept_as_text(sample_path: Path, tmp_path: Path):
    hostile = "<title>\x1b]8;;https://evil.example\x07Minutes\u202e</title>"
    capture = tmp_path / "capture.warc.gz"
    _warc(
        capture,
        [
            ("javascript:alert(1)", b"<p>x</p>", "text/html"),
            ("https://user:pw@kessford.example/x", b"<p>x</p>", "text/html"),
            ("https://kessford.example/council/minutes/2026-06-18", hostile.encode(), "text/html"),
            ("https://kessford.example/logo.png", b"\x89PNG", "image/png"),
        ],
    )
    result = run_cli("ingest", str(capture), "--claim", "2", "--desk", str(sample_path))
    assert result.exit_code == 0, result.output
    assert "1 new evidence snapshots, 0 already on the desk, 3 responses not taken in" in (
        result.output
    )
    assert "\x1b" not in result.output and "\u202e" not in result.output
    with Desk.open(sample_path, reviewer="mara") as desk:
        minutes = next(e for e in desk.claim(2).evidence if e.id == 8)
        assert minutes.snapshots[-1].title == "\x1b]8;;https://evil.example\x07Minutes\u202e"
        assert minutes.title == "Minutes of Kessford council, 18 June 2026, item 7"  # kept
        assert len(desk.claim(2).evidence) == 2  # no evidence made of an image
    shown = run_cli("show", "2", "--desk", str(sample_path)).output
    assert "\x1b" not in shown
    assert verify_desk(sample_path).ok  # every snapshot written with its event
