"""Items that carry pictures: RSS enclosures, Media RSS, <img> in the item's HTML, and items
that are only a picture (once rejected as "title and summary is empty")."""

from __future__ import annotations

import json

import pytest

from deskcheck.data import Desk
from deskcheck.data.verify import verify_desk
from deskcheck.ingest.rss import parse_feed
from tests.conftest import run_cli
from tests.photos import encoded, photo


def _feed(base: str, items: str) -> bytes:
    return f"""<?xml version="1.0"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"
     xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Photo wire</title><link>{base}/</link>
{items}
</channel></rss>""".encode()


def _desk(tmp_path, *, intranet: bool = True):
    """A desk whose setting lets fetches reach the test server on 127.0.0.1 (its intranet)."""
    desk_path = tmp_path / "desk.db"
    with Desk.open(desk_path, reviewer="mara", create=True) as desk:
        if intranet:
            desk.set_setting("allow_private_addresses", True)
    return desk_path


def _serve_photos(httpserver, seeds):
    for seed in seeds:
        httpserver.expect_request(f"/img/{seed}.jpg").respond_with_data(
            encoded(photo(seed), "JPEG"), content_type="image/jpeg"
        )


def test_an_enclosure_only_item_becomes_an_image_claim_with_its_picture(tmp_path, httpserver):
    base = httpserver.url_for("").rstrip("/")
    _serve_photos(httpserver, [41, 42])
    feed = _feed(
        base,
        f"""<item><guid>p1</guid><enclosure url="{base}/img/41.jpg" type="image/jpeg"
             length="1"/></item>
        <item><title>Crowds at the square today</title><guid>p2</guid>
             <media:content url="{base}/img/42.jpg" medium="image"/></item>""",
    )
    httpserver.expect_request("/feed.xml").respond_with_data(
        feed, content_type="application/rss+xml"
    )
    desk_path = _desk(tmp_path)
    result = run_cli(
        "ingest", httpserver.url_for("/feed.xml"), "--desk", str(desk_path), "--reviewer", "mara"
    )
    assert result.exit_code == 0, result.output
    assert "2 new" in result.output and "2 pictures kept" in result.output
    with Desk.open(desk_path, reviewer="mara") as desk:
        texts = {row[0]: row[1] for row in desk.db.execute("SELECT external_id, text FROM claims")}
        assert texts["p1"] == f"Picture without words: {base}/img/41.jpg"
        assert texts["p2"] == "Crowds at the square today"  # the words are quoted as they are
        claim = desk.db.execute("SELECT id FROM claims WHERE external_id = 'p1'").fetchone()[0]
        (picture,) = desk.pictures_of_claim(claim)
        assert picture["evidence_id"] is None and picture["source_url"] == f"{base}/img/41.jpg"
    assert verify_desk(desk_path).ok


def test_pictures_found_in_an_items_html_and_thumbnails(tmp_path):
    feed = _feed(
        "https://wire.example",
        """<item><title>t</title><guid>a</guid>
        <description><![CDATA[<p>Look <img src="/up/flood.jpg" alt="flood">
          <img class="wp-smiley emoji" src="https://s.w.org/1f525.svg" alt="🔥">
          <img src="https://t.example/px.gif" width="1" height="1">
          <img src="data:image/png;base64,AAAA"></p>]]></description>
        <media:thumbnail url="https://wire.example/thumb.jpg"/></item>""",
    )
    ((_, item),) = parse_feed(feed, "application/rss+xml", "https://wire.example/feed").items
    # enclosures and media first, then the HTML's: the emoji, the pixel and data: are none
    assert item.pictures == ("https://wire.example/thumb.jpg", "/up/flood.jpg")


def test_a_picture_that_is_no_picture_is_said_and_the_claim_stays(tmp_path, httpserver):
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/img/x.jpg").respond_with_data(
        '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        content_type="image/jpeg",
    )
    feed = _feed(
        base, f'<item><guid>q</guid><enclosure url="{base}/img/x.jpg" type="image/jpeg"/></item>'
    )
    httpserver.expect_request("/f.xml").respond_with_data(feed, content_type="application/rss+xml")
    desk_path = _desk(tmp_path)
    result = run_cli(
        "ingest", httpserver.url_for("/f.xml"), "--desk", str(desk_path), "--reviewer", "mara"
    )
    assert "1 new" in result.output and "0 pictures kept, 1 not" in result.output
    assert "picture not kept: claim 1: picture" in result.output and "SVG" in result.output


def test_a_feed_cannot_make_the_desk_fetch_a_picture_on_the_hosts_network(tmp_path, httpserver):
    """The feed is typed by the reviewer (it may be on the intranet), its pictures are not."""
    base = httpserver.url_for("").rstrip("/")
    _serve_photos(httpserver, [43])
    feed = _feed(
        base, f'<item><guid>r</guid><enclosure url="{base}/img/43.jpg" type="image/jpeg"/></item>'
    )
    httpserver.expect_request("/f.xml").respond_with_data(feed, content_type="application/rss+xml")
    desk_path = _desk(tmp_path, intranet=False)
    result = run_cli(
        "ingest", httpserver.url_for("/f.xml"), "--desk", str(desk_path), "--reviewer", "mara"
    )
    assert "1 new" in result.output and "refused" in result.output
    with Desk.open(desk_path, reviewer="mara") as desk:
        assert desk.db.execute("SELECT count(*) FROM pictures").fetchone()[0] == 0


@pytest.mark.parametrize("url", ["javascript:alert(1)", "file:///etc/passwd", "http://"])
def test_a_picture_url_that_is_no_web_url_is_dropped_not_the_item(tmp_path, url):
    feed = _feed(
        "https://w.example",
        f'<item><title>words</title><guid>s</guid><enclosure url="{url}" type="image/png"/></item>',
    )
    source = tmp_path / "f.xml"
    source.write_bytes(feed)
    desk_path = _desk(tmp_path)
    result = run_cli(
        "ingest",
        str(source),
        "--desk",
        str(desk_path),
        "--reviewer",
        "mara",
    )
    assert result.exit_code == 0 and "1 new" in result.output
    assert "pictures kept" not in result.output and "not kept" not in result.output
    shown = json.loads(run_cli("show", "1", "--json", "--desk", str(desk_path)).output)
    assert shown["pictures"] == []


def _telegram_page(base: str) -> str:
    def photo_wrap(seed: int) -> str:
        return (
            '<a class="tgme_widget_message_photo_wrap" href="https://t.me/floodwatch/7"'
            f" style=\"width:800px;background-image:url('{base}/img/{seed}.jpg')\"></a>"
        )

    return f"""<html><body><section class="tgme_channel_history">
  <div class="tgme_channel_info_header_title">Flood watch</div>
  <div class="tgme_widget_message" data-post="floodwatch/7">{photo_wrap(44)}
    <div class="tgme_widget_message_footer"><time datetime="2026-06-14T09:30:00Z">x</time></div>
  </div>
  <div class="tgme_widget_message" data-post="floodwatch/8">
    <div class="tgme_widget_message_grouped_wrap">{photo_wrap(45)}{photo_wrap(46)}</div>
    <div class="tgme_widget_message_text">The dam, <b>this morning</b></div>
  </div>
  <div class="tgme_widget_message" data-post="floodwatch/9">
    <div class="tgme_widget_message_poll">A poll</div>
  </div>
</section></body></html>"""


def test_a_telegram_photo_post_becomes_an_image_claim(tmp_path, httpserver):
    base = httpserver.url_for("").rstrip("/")
    _serve_photos(httpserver, [44, 45, 46])
    httpserver.expect_request("/s/floodwatch").respond_with_data(
        _telegram_page(base), content_type="text/html; charset=utf-8"
    )
    desk_path = _desk(tmp_path)
    result = run_cli(
        "ingest", httpserver.url_for("/s/floodwatch"), "--desk", str(desk_path),
        "--reviewer", "mara",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "2 new" in result.output and "1 rejected" in result.output  # the poll: said
    assert "3 pictures kept" in result.output
    with Desk.open(desk_path, reviewer="mara") as desk:
        rows = dict(desk.db.execute("SELECT external_id, id FROM claims").fetchall())
        photo_only = desk.claim(rows["https://t.me/floodwatch/7"])
        assert photo_only.text == f"Picture without words: {base}/img/44.jpg"
        album = desk.pictures_of_claim(rows["https://t.me/floodwatch/8"])
        assert [p["source_url"] for p in album] == [f"{base}/img/45.jpg", f"{base}/img/46.jpg"]
    assert verify_desk(desk_path).ok


def test_a_telegram_desktop_export_brings_its_photos_and_no_file_outside(tmp_path):
    export = tmp_path / "ChatExport"
    (export / "photos").mkdir(parents=True)
    (export / "photos" / "photo_1.jpg").write_bytes(encoded(photo(81), "JPEG"))
    secret = tmp_path / "secret.jpg"
    secret.write_bytes(encoded(photo(82), "JPEG"))
    (export / "photos" / "link.jpg").symlink_to(secret)
    messages = [
        {"id": 1, "type": "message", "date_unixtime": "1761991200", "text": "",
         "photo": "photos/photo_1.jpg"},
        {"id": 2, "type": "message", "date_unixtime": "1761991300", "text": "",
         "photo": "../secret.jpg"},
        {"id": 3, "type": "message", "date_unixtime": "1761991400", "text": "",
         "photo": "photos/link.jpg"},
        {"id": 4, "type": "message", "date_unixtime": "1761991500", "text": "",
         "photo": str(secret)},
    ]  # fmt: skip
    document = {"name": "Harbour watch", "type": "public_channel", "id": 77, "messages": messages}
    (export / "result.json").write_text(json.dumps(document), encoding="utf-8")
    desk_path = _desk(tmp_path, intranet=False)
    result = run_cli(
        "ingest", str(export / "result.json"), "--desk", str(desk_path), "--reviewer", "mara"
    )
    assert "4 new" in result.output and "1 picture kept, 3 not" in result.output
    assert result.output.count("leads out of the source's folder") == 3
    with Desk.open(desk_path, reviewer="mara") as desk:
        rows = desk.db.execute("SELECT claim_id, file_name, body FROM pictures").fetchall()
    assert len(rows) == 1 and rows[0][1] == "photo_1.jpg"
    assert bytes(rows[0][2]) == (export / "photos" / "photo_1.jpg").read_bytes()


def test_a_json_feed_item_of_a_picture_alone_is_an_image_claim(tmp_path, httpserver):
    base = httpserver.url_for("").rstrip("/")
    _serve_photos(httpserver, [91])
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Pictures",
        "items": [
            {"id": "j1", "attachments": [{"url": f"{base}/img/91.jpg", "mime_type": "image/jpeg"}]},
            {"id": "j2", "content_html": "<p></p>", "image": "javascript:alert(1)"},
        ],
    }
    source = tmp_path / "feed.json"
    source.write_text(json.dumps(feed), encoding="utf-8")
    desk_path = _desk(tmp_path)
    result = run_cli("ingest", str(source), "--desk", str(desk_path), "--reviewer", "mara")
    # j1 is a picture; j2 only a javascript: "image", which is no picture: an item with
    # neither words nor picture is rejected
    assert "1 picture kept" in result.output, result.output
    with Desk.open(desk_path, reviewer="mara") as desk:
        texts = [r[0] for r in desk.db.execute("SELECT text FROM claims ORDER BY id")]
    assert texts == [f"Picture without words: {base}/img/91.jpg"]
    assert "1 rejected" in result.output
