"""A capture's WARC-Date is read strictly and may not be later than now: a capture dated
9999 became the evidence item's "last snapshot" for good."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from deskcheck.data import Desk
from deskcheck.data.verify import verify_desk
from tests.conftest import run_cli

MINUTES = "https://kessford.example/council/minutes/2026-06-18"


def _warc(path: Path, date: str) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=True)
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], "HTTP/1.1")
        record = writer.create_warc_record(
            MINUTES,
            "response",
            payload=io.BytesIO(b"<title>Minutes</title><p>forged</p>"),
            http_headers=headers,
            warc_headers_dict={"WARC-Date": date},
        )
        writer.write_record(record)


@pytest.mark.parametrize(
    "date", ["9999-12-31T00:00:00Z", "9999-12-31T00:00:00z", "2026-01-01T24:00:00Z", "soon"]
)
def test_a_capture_dated_in_the_future_or_wrongly_is_not_taken_in(
    sample_path: Path, tmp_path: Path, date: str
) -> None:
    capture = tmp_path / "capture.warc.gz"
    _warc(capture, date)
    with Desk.open(sample_path, reviewer="mara") as desk:
        before = [s.fetched_at for e in desk.claim(2).evidence for s in e.snapshots]
    result = run_cli("ingest", str(capture), "--claim", "2", "--desk", str(sample_path))
    assert result.exit_code == 1 and "rejected response 1: its WARC-Date" in result.output
    assert "nothing taken in" in result.output
    with Desk.open(sample_path, reviewer="mara") as desk:
        after = [s.fetched_at for e in desk.claim(2).evidence for s in e.snapshots]
    assert after == before and not any(a.startswith("9999") for a in after)
    assert verify_desk(sample_path).ok
