"""Which format a source is in, from its name, its content type and its first bytes."""

from __future__ import annotations

import re
import zlib

FORMATS = (
    "rss",
    "atom",
    "jsonfeed",
    "jsonl",
    "csv",
    "claimreview",
    "telegram",
    "telegram-export",  # Telegram Desktop's result.json
    "warc",  # web-archive captures: snapshots of evidence already on the desk
    "datafeed",  # published fact-checks (reference records, not queue work)
    "factcheck-api",  # Google Fact Check Tools claims:search answers, likewise
)

# a feed's root element, whatever prefix its namespace has (<r:rss>, <rdf:RDF>, <atom:feed>);
# <channel> at the root is Microsoft's Channel Definition Format, which feedparser reads
FEED_ROOT = re.compile(rb"<(?:[a-z_][\w.-]*:)?(?:rss|rdf|feed|channel)[\s>/]")
# Telegram Desktop's export names the chat's type near its start, then lists its messages
TELEGRAM_EXPORT = re.compile(
    rb'"type"\s*:\s*"(?:public_channel|private_channel|public_supergroup|private_supergroup|'
    rb'private_group|personal_chat|bot_chat|saved_messages)"'
)
TELEGRAM_URL = re.compile(r"^https?://(www\.)?t\.me/s/[\w]+", re.IGNORECASE)


def is_warc(body: bytes) -> bool:
    """A WARC file, plain or gzipped (record by record, as WARC files are)."""
    if body.startswith(b"WARC/"):
        return True
    if body[:2] != b"\x1f\x8b":
        return False
    try:
        head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(body[:65536], 16)
    except zlib.error:
        return False
    return head.startswith(b"WARC/")


def detect_format(name: str, content_type: str | None, body: bytes) -> str | None:
    """A format name, or None when nothing gives it away."""
    if TELEGRAM_URL.match(name):
        return "telegram"
    if is_warc(body):
        return "warc"
    head = body[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    kind = (content_type or "").split(";")[0].strip().lower()
    lowered = name.lower()
    if head.startswith((b"{", b"[")):
        if b"jsonfeed.org" in head:
            return "jsonfeed"
        start = body[:200_000]
        if TELEGRAM_EXPORT.search(start[:4096]) and b'"messages"' in start:
            return "telegram-export"
        if b'"datafeedelement"' in start.lower():
            return "datafeed"
        if b'"claimReview"' in start and b'"textualRating"' in start:
            return "factcheck-api"
        if b"claimreview" in start.lower() or b'"mediareview"' in start.lower():
            # a JSON-LD document, unless it is one review a line (then JSON Lines)
            lines = [line for line in body.splitlines() if line.strip()]
            return "jsonl" if len(lines) > 1 and lowered.endswith(".jsonl") else "claimreview"
        return "jsonl" if lowered.endswith((".jsonl", ".ndjson")) or b"\n{" in body else None
    if head.startswith(b"<"):
        if b"tgme_widget_message" in body[:500_000]:
            return "telegram"
        if FEED_ROOT.search(head):
            return "rss"
        if b"application/ld+json" in body.lower() and (
            b"claimreview" in body.lower() or b"mediareview" in body.lower()
        ):
            return "claimreview"
        if kind in ("application/rss+xml", "application/atom+xml", "application/rdf+xml"):
            return "rss"
        return "rss" if head.startswith(b"<?xml") else None
    if lowered.endswith((".jsonl", ".ndjson")):
        return "jsonl"
    if lowered.endswith(".csv") or kind == "text/csv":
        return "csv"
    first_line = head.split(b"\n", 1)[0]
    if first_line.startswith(b"sep="):  # Excel's line naming the separator
        return "csv"
    return "csv" if b"text" in first_line and any(s in first_line for s in b",;\t|") else None
