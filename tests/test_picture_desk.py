"""Pictures on the desk: added as evidence from a file or a URL, recorded with their event,
verified, and found again as "seen before" on another claim."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from PIL import Image

from deskcheck.data import Desk
from deskcheck.data.verify import verify_desk
from tests.conftest import run_cli, run_process
from tests.photos import TRANSFORMS, encoded, photo
from tests.test_pictures import _png_header_only


def _desk_with_claims(path: Path, count: int = 2) -> list[int]:
    with Desk.open(path, reviewer="mara", create=True) as desk:
        return [desk.add_claim(f"A photo shows the flood, number {n}") for n in range(count)]


def _taken(seed: int, when: str) -> bytes:
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "NIKON", "D750"
    exif.get_ifd(0x8769)[0x9003] = when
    return encoded(photo(seed), "JPEG", quality=90, exif=exif)


def test_a_picture_file_becomes_evidence_and_a_mirrored_copy_is_seen_before(tmp_path):
    desk_path = tmp_path / "desk.db"
    first, second = _desk_with_claims(desk_path)
    original = tmp_path / "flood.jpg"
    original.write_bytes(_taken(11, "2017:08:27 14:02:10"))
    copy = tmp_path / "today.png"
    copy.write_bytes(encoded(TRANSFORMS["mirrored"](photo(11)), "PNG"))

    added = run_process(
        "add-evidence", str(first), "--image", str(original), "--desk", str(desk_path),
        "--reviewer", "mara", "--json",
    )  # fmt: skip
    assert added.returncode == 0, added.stderr
    record = json.loads(added.stdout)
    assert record["captured_at"] == "2017-08-27T14:02:10"
    assert record["camera"] == "NIKON D750"
    assert (record["width"], record["height"], record["content_type"]) == (640, 480, "image/jpeg")
    assert len(record["phash"]) == 16 and record["seen_before"] == []

    again = run_process(
        "add-evidence", str(second), "--image", str(copy), "--desk", str(desk_path),
        "--reviewer", "mara",
    )  # fmt: skip
    assert again.returncode == 0, again.stderr
    assert f"seen before: claim {first}" in again.stdout
    assert "same picture, mirrored" in again.stdout
    assert "earliest known 2017-08-27" in again.stdout

    report = verify_desk(desk_path)
    assert report.ok, [str(r) for r in report.rows] + [str(s) for s in report.schema]


def test_a_decompression_bomb_is_refused_in_one_line_and_nothing_is_recorded(tmp_path):
    desk_path = tmp_path / "desk.db"
    (claim,) = _desk_with_claims(desk_path, 1)
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(_png_header_only(60_000, 60_000))
    with Desk.open(desk_path, reviewer="mara") as desk:
        before = desk.db.execute("SELECT count(*) FROM events").fetchone()[0]
    refused = run_process(
        "add-evidence", str(claim), "--image", str(bomb), "--desk", str(desk_path),
        "--reviewer", "mara",
    )  # fmt: skip
    assert refused.returncode != 0
    lines = refused.stderr.strip().splitlines()
    assert len(lines) == 1 and "decompression bomb" in lines[0], refused.stderr
    assert "Traceback" not in refused.stderr
    with Desk.open(desk_path, reviewer="mara") as desk:
        assert desk.db.execute("SELECT count(*) FROM events").fetchone()[0] == before
        assert desk.db.execute("SELECT count(*) FROM evidence").fetchone()[0] == 0


@pytest.mark.parametrize(
    ("body", "content_type", "said"),
    [
        (b"<html><body>not found</body></html>", "image/jpeg", "web page"),
        (b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "image/svg+xml", "SVG"),
    ],
)
def test_a_url_that_is_no_picture_is_refused_whatever_its_content_type(
    tmp_path, httpserver, body, content_type, said
):
    desk_path = tmp_path / "desk.db"
    (claim,) = _desk_with_claims(desk_path, 1)
    httpserver.expect_request("/p.jpg").respond_with_data(body, content_type=content_type)
    result = run_cli(
        "add-evidence", str(claim), "--image", httpserver.url_for("/p.jpg"),
        "--desk", str(desk_path), "--reviewer", "mara",
    )  # fmt: skip
    assert result.exit_code != 0 and said in result.output


def test_a_picture_url_is_fetched_and_its_final_url_kept(tmp_path, httpserver):
    desk_path = tmp_path / "desk.db"
    (claim,) = _desk_with_claims(desk_path, 1)
    body = encoded(photo(4), "JPEG")
    # served as octet-stream: the desk names the format from the bytes
    httpserver.expect_request("/img").respond_with_data(
        body, content_type="application/octet-stream"
    )
    url = httpserver.url_for("/img")
    result = run_cli(
        "add-evidence", str(claim), "--image", url, "--desk", str(desk_path),
        "--reviewer", "mara", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["source_url"] == url and record["content_type"] == "image/jpeg"
    with Desk.open(desk_path, reviewer="mara") as desk:
        (shown,) = desk.pictures_of_claim(claim)
        assert desk.picture_body(shown["id"]) == body


def test_verify_names_a_picture_row_added_outside_deskcheck(tmp_path):
    desk_path = tmp_path / "desk.db"
    (claim,) = _desk_with_claims(desk_path, 1)
    image = tmp_path / "a.jpg"
    image.write_bytes(encoded(photo(9), "JPEG"))
    assert run_cli(
        "add-evidence", str(claim), "--image", str(image), "--desk", str(desk_path),
        "--reviewer", "mara",
    ).exit_code == 0  # fmt: skip
    conn = sqlite3.connect(desk_path)
    conn.execute(
        "INSERT INTO pictures (claim_id, sha256, content_type, byte_size, width, height,"
        " phash, dhash, phash_mirror, dhash_mirror, body, added_by, added_at)"
        " SELECT claim_id, sha256, content_type, byte_size, width, height, phash, dhash,"
        " phash_mirror, dhash_mirror, body, added_by, added_at FROM pictures"
    )
    conn.commit()
    conn.close()
    report = verify_desk(desk_path)
    assert not report.ok
    assert any("pictures row 2 has no event" in str(row) for row in report.rows)


def test_a_picture_may_not_be_changed_once_kept(tmp_path):
    desk_path = tmp_path / "desk.db"
    (claim,) = _desk_with_claims(desk_path, 1)
    image = tmp_path / "a.jpg"
    image.write_bytes(encoded(photo(9), "JPEG"))
    run_cli("add-evidence", str(claim), "--image", str(image), "--desk", str(desk_path),
            "--reviewer", "mara")  # fmt: skip
    conn = sqlite3.connect(desk_path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE pictures SET captured_at = '1999-01-01T00:00:00'")
    conn.close()
