"""A Telegram Desktop export of a channel or chat (``result.json``, "Export chat history" in
machine-readable JSON): the way channels are archived. One claim a message.

A message's ``text`` is a string, or a list of strings and entities (``{"type": "bold",
"text": "…"}``, links with ``href``): the claim is the text the reader sees, entities joined
as they are shown; struck-through text is marked as the desk marks it in HTML (``[deleted:
…]``). Service messages (a channel created, a message pinned) are no claims and are skipped.

Times: ``date_unixtime`` (seconds, UTC) when the export has it; older exports have only
``date``, the exporting computer's local time without a zone, which is read as UTC.

Pictures: a message's ``photo`` (a path inside the export folder) is recorded in
``Parsed.photos`` by message position and on the item (``picture_files``), for the image
intake to read from the export's folder; a photo with no text is an image claim.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from deskcheck.domain.models import IncomingClaim
from deskcheck.ingest.dates import to_desk_time
from deskcheck.ingest.parsed import Parsed, SourceError, check_text, optional_text
from deskcheck.ingest.pictures import picture_claim_text
from deskcheck.ingest.strict_json import decode_utf8, loads

STRUCK = frozenset({"strikethrough"})
MAX_UNIX_TIME = 253_402_300_799  # 9999-12-31T23:59:59Z: beyond it is no date


def is_telegram_export(document: object) -> bool:
    return (
        isinstance(document, dict)
        and isinstance(document.get("messages"), list)
        and "name" in document
        and "type" in document
    )


def message_text(text: Any) -> str:
    """The text as Telegram shows it: a string as written; a list of parts joined."""
    if isinstance(text, str):
        return text
    if not isinstance(text, list):
        raise ValueError(f"its text is {type(text).__name__}, not text")
    parts: list[str] = []
    for part in text:
        if isinstance(part, str):
            parts.append(part)
        elif isinstance(part, dict) and isinstance(part.get("text"), str):
            shown = part["text"]
            struck = part.get("type") in STRUCK and shown.strip()
            parts.append(f"[deleted: {shown}]" if struck else shown)
        else:
            raise ValueError(f"a part of its text is {type(part).__name__}, not text")
    return "".join(parts)


def _when(message: dict[str, Any]) -> str | None:
    stamp = message.get("date_unixtime")
    try:
        seconds = int(str(stamp)) if stamp is not None else None
    except ValueError:
        seconds = None
    if seconds is not None and 0 <= seconds <= MAX_UNIX_TIME:
        return datetime.fromtimestamp(seconds, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return to_desk_time(optional_text(message.get("date")))


def parse_telegram_export(body: bytes, source_url: str | None) -> Parsed:
    document = loads(decode_utf8(body, "the Telegram export"), "the Telegram export")
    if not is_telegram_export(document):
        raise SourceError("not a Telegram Desktop export (no name, type and messages)")
    channel = optional_text(document.get("name")) or "Telegram export"
    chat_id = optional_text(document.get("id")) or channel
    parsed = Parsed(format="telegram-export", title=f"Telegram: {channel}")
    for position, message in enumerate(document["messages"], 1):
        if not isinstance(message, dict):
            parsed.reject(position, f"message {position} is not an object", message)
            continue
        if message.get("type", "message") != "message":
            continue  # a service message: the channel was created, a message pinned…
        number = optional_text(message.get("id")) or str(position)
        photo = optional_text(message.get("photo"))
        if photo:
            parsed.photos[position] = photo  # for the image intake (issue #28's pictures)
        try:
            words = message_text(message.get("text", ""))
            if photo and not words.strip():  # a photo and no words: an image claim
                words = picture_claim_text(photo)
            text = check_text(words, f"message {number}")
        except ValueError as error:
            why = str(error) if str(error).startswith("message") else f"message {number}: {error}"
            parsed.reject(position, f"{why} (only a photo: {photo})" if photo else why, number)
            continue
        forwarded = optional_text(message.get("forwarded_from"))
        parsed.items.append(
            (
                position,
                IncomingClaim(
                    text=text,
                    external_id=f"telegram:{chat_id}/{number}",
                    published_at=_when(message),
                    context=f"Forwarded from {forwarded}" if forwarded else "",
                    author=optional_text(message.get("author"))
                    or optional_text(message.get("from")),
                    author_kind="social",
                    source=f"{channel} (Telegram export)",
                    source_url=source_url,
                    source_kind="social",
                    picture_files=(photo,) if photo else (),
                ),
            )
        )
    return parsed
