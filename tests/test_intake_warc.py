"""WARC files as they arrive from other tools: a response without WARC-Target-URI, a record
whose Content-Length is wrong, a .warc.gz cut short by a failed download (issue #28)."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from deskcheck.data import Desk
from deskcheck.data.verify import verify_desk
from deskcheck.ingest.parsed import SourceError
from deskcheck.ingest.warc import read_warc
from tests.conftest import run_process

INTAKE = Path(__file__).resolve().parent / "fixtures" / "intake"
PAGES = ("fees", "tariffs", "minutes")


@pytest.fixture
def desk_path(tmp_path: Path) -> Path:
    path = tmp_path / "desk.db"
    with Desk.open(path, reviewer="mara", create=True) as desk:
        claim = desk.add_claim("Harbour fees doubled")
        for name in PAGES:
            desk.add_evidence(claim, name, url=f"https://harbour.example/{name}")
    return path


def snapshots(desk_path: Path) -> dict[str, int]:
    with Desk.open(desk_path, reviewer="mara") as desk:
        return {e.title: len(e.snapshots) for e in desk.claim(1).evidence}


def ingest(desk_path: Path, name: str):
    return run_process("ingest", str(INTAKE / name), "--desk", str(desk_path))


def test_a_response_without_target_uri_is_one_line_and_the_rest_goes_on(desk_path: Path):
    took = ingest(desk_path, "warc_missing_uri.warc")
    assert took.returncode == 0, took.stdout + took.stderr
    assert "2 new evidence snapshots" in took.stdout
    assert "rejected response 2: it has no WARC-Target-URI" in took.stdout
    assert "Traceback" not in took.stderr and took.stderr == ""
    assert snapshots(desk_path) == {"fees": 1, "tariffs": 1, "minutes": 0}


def test_a_bad_content_length_is_that_records_error(desk_path: Path):
    took = ingest(desk_path, "warc_bad_length.warc")
    assert took.returncode == 0, took.stdout + took.stderr
    assert "rejected response 2: its Content-Length '12abc' is not a length" in took.stdout
    assert "cannot be read" in took.stdout  # the one of 10^23 bytes
    assert took.stderr == ""  # warcio's own warning is not written on the terminal
    assert snapshots(desk_path) == {"fees": 1, "tariffs": 1, "minutes": 1}
    assert verify_desk(desk_path).ok


def test_a_cut_warc_gz_keeps_what_came_before_and_says_it_was_cut(desk_path: Path):
    took = ingest(desk_path, "warc_cut.warc.gz")
    assert took.returncode == 1, took.stdout
    first = took.stdout.splitlines()[0]
    assert "2 new evidence snapshots" in first and "the file is cut short" in first
    assert "rejected response 3: the file ends inside it" in took.stdout
    assert snapshots(desk_path) == {"fees": 1, "tariffs": 1, "minutes": 0}
    with Desk.open(desk_path, reviewer="mara") as desk:
        assert "cut short" in (desk.ingest_runs()[0]["error"] or "")


def test_a_whole_file_is_not_called_cut() -> None:
    contents = read_warc((INTAKE / "warc_missing_uri.warc").read_bytes())
    assert contents.cut is None and len(contents.captures) == 2


@pytest.mark.parametrize("keep", [0.25, 0.5, 0.75, 0.9, 0.99])
def test_any_cut_of_a_plain_or_gzipped_warc_is_said(keep: float) -> None:
    records = (INTAKE / "warc_missing_uri.warc").read_bytes()
    members = gzip.compress(records[:400]) + gzip.compress(records[400:])
    for body in (records, members):
        cut = body[: int(len(body) * keep)]
        try:
            contents = read_warc(cut)
        except SourceError as error:  # nothing before the cut: the source's error says so
            said = str(error)
        else:
            said = contents.cut or ""
            assert all(c.fields["byte_size"] for c in contents.captures)
        assert "cut short" in said
