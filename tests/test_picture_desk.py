"""Pictures on the desk: added as evidence from a file or a URL, recorded with their event,
verified, and found again as "seen before" on another claim."""

from __future__ import annotations

import hashlib
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


def _add(desk_path: Path, claim: int, data: bytes, name: str, tmp_path: Path) -> None:
    image = tmp_path / name
    image.write_bytes(data)
    result = run_cli(
        "add-evidence", str(claim), "--image", str(image), "--desk", str(desk_path),
        "--reviewer", "mara",
    )  # fmt: skip
    assert result.exit_code == 0, result.output


def test_similar_finds_the_claim_with_a_copy_of_the_picture_and_says_how(tmp_path):
    desk_path = tmp_path / "desk.db"
    with Desk.open(desk_path, reviewer="mara", create=True) as desk:
        old = desk.add_claim("Hurricane floods the harbour of Port Elsewhere")
        new = desk.add_claim("Dam collapse today: this is the valley right now")
        other = desk.add_claim("Parliament votes the budget after a long night")
    _add(desk_path, old, _taken(21, "2015:10:02 09:00:00"), "old.jpg", tmp_path)
    grey = TRANSFORMS["grayscale"](photo(21))
    _add(desk_path, new, encoded(grey, "JPEG", quality=60), "new.jpg", tmp_path)
    _add(desk_path, other, encoded(photo(22), "JPEG"), "other.jpg", tmp_path)

    result = run_cli("similar", str(new), "--json", "--desk", str(desk_path))
    assert result.exit_code == 0, result.output
    matches = json.loads(result.output)["matches"]
    assert [m["id"] for m in matches] == [old]
    assert matches[0]["reason"].startswith("same picture, in grey")
    assert "earliest known 2015-10-02" in matches[0]["reason"]
    assert matches[0]["likely"] is True

    nothing = run_cli("similar", str(other), "--desk", str(desk_path))
    assert nothing.exit_code == 1


def test_show_json_lists_the_pictures_hashes_and_exif_date(tmp_path):
    desk_path = tmp_path / "desk.db"
    (claim,) = _desk_with_claims(desk_path, 1)
    data = _taken(31, "2020:02:29 23:59:59")
    _add(desk_path, claim, data, "a.jpg", tmp_path)
    shown = json.loads(run_cli("show", str(claim), "--json", "--desk", str(desk_path)).output)
    (picture,) = shown["pictures"]
    assert picture["captured_at"] == "2020-02-29T23:59:59"
    assert picture["sha256"] == hashlib.sha256(data).hexdigest()
    assert all(len(picture[h]) == 16 for h in ("phash", "dhash", "phash_mirror", "dhash_mirror"))
    plain = run_cli("show", str(claim), "--desk", str(desk_path)).output
    assert "taken 2020-02-29T23:59:59" in plain and "camera NIKON D750" in plain


def test_a_camera_name_with_escape_sequences_is_shown_harmless(tmp_path):
    desk_path = tmp_path / "desk.db"
    (claim,) = _desk_with_claims(desk_path, 1)
    exif = Image.Exif()
    exif[0x010F] = "\x1b[31mRED\x1b]0;pwned\x07"
    _add(desk_path, claim, encoded(photo(2), "JPEG", exif=exif), "e.jpg", tmp_path)
    for args in (("show", str(claim)), ("show", str(claim), "--json")):
        out = run_cli(*args, "--desk", str(desk_path)).output
        assert "\x1b" not in out and "\x07" not in out
        assert "RED" in out
