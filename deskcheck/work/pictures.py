"""Pictures onto the desk: from a file or a URL, read within limits, kept with their hashes.

A picture is read whole before anything is recorded: bytes that are not a picture the desk
keeps (a bomb, an SVG, a truncated file, a web page served as image/jpeg) are refused with
one line and leave the desk as it was.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from deskcheck.domain.pictures import FORMATS, MAX_BYTES, Picture, PictureRefused, read_picture
from deskcheck.domain.urls import BadURL, web_url
from deskcheck.fetch.limits import FetchLimits
from deskcheck.work.policy import fetch_limits

if TYPE_CHECKING:
    from PIL.Image import Image as PILImage

    from deskcheck.data import Desk
    from deskcheck.data.pictures import PictureMatch
    from deskcheck.fetch.fetcher import Fetcher
    from deskcheck.ingest.pipeline import IngestReport


@dataclass(frozen=True)
class LoadedPicture:
    picture: Picture
    body: bytes
    source_url: str | None  # where it was fetched from
    file_name: str | None  # the file it was read from


def _looks_like_url(source: str) -> bool:
    return "://" in source[:16] or source.lower().startswith(("http:", "https:"))


def read_picture_file(path: Path) -> LoadedPicture:
    """A picture from a file on this machine: a regular file of at most ``MAX_BYTES``."""
    try:
        info = os.stat(path)
    except OSError as error:
        raise PictureRefused(f"cannot read {path}: {error.strerror or error}") from None
    if not stat.S_ISREG(info.st_mode):
        raise PictureRefused(f"{path} is not a regular file")
    if info.st_size > MAX_BYTES:
        raise PictureRefused(f"{path} is {info.st_size:,} bytes, over the limit of {MAX_BYTES:,}")
    try:
        with open(path, "rb") as handle:
            body = handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise PictureRefused(f"cannot read {path}: {error.strerror or error}") from None
    return LoadedPicture(read_picture(body), body, None, path.name)


def fetch_picture(url: str, limits: FetchLimits) -> LoadedPicture:
    """A picture from the web, fetched within ``limits`` (the desk's fetch rules)."""
    from deskcheck.fetch.fetcher import Fetcher  # httpx only when fetching

    with Fetcher(limits) as fetcher:
        result = fetcher.fetch(url)
    if result.error or not result.ok:
        raise PictureRefused(f"{url}: {result.error or f'HTTP {result.http_status}'}")
    if result.truncated:
        raise PictureRefused(f"{url}: the image is larger than the fetch limit")
    return LoadedPicture(read_picture(result.body), result.body, result.final_url or url, None)


def load_picture(
    desk: Desk, source: str, *, typed_here: bool = True, base_limits: FetchLimits | None = None
) -> LoadedPicture:
    """A picture from ``source``: a web URL (fetched within the desk's rules for a URL the
    reviewer typed) or a path on this machine."""
    if _looks_like_url(source):
        try:
            url = web_url(source)
        except BadURL as error:
            raise PictureRefused(f"picture URL {source!r}: {error}") from None
        limits = fetch_limits(
            desk, typed_by_reviewer=typed_here, from_afar=not typed_here, base=base_limits
        )
        return fetch_picture(url, limits)
    if not typed_here:
        raise PictureRefused("a file on the desk's host cannot be named from afar")
    return read_picture_file(Path(source))


@dataclass(frozen=True)
class PictureAdded:
    evidence_id: int
    picture_id: int
    picture: Picture
    seen_before: list[PictureMatch]


def add_picture_evidence(
    desk: Desk,
    claim_id: int,
    source: str,
    *,
    title: str = "",
    excerpt: str = "",
    typed_here: bool = True,
    base_limits: FetchLimits | None = None,
) -> PictureAdded:
    """Add a picture as evidence to a claim; say where the desk saw it before."""
    desk.claim(claim_id)  # an unknown claim is refused before anything is fetched
    loaded = load_picture(desk, source, typed_here=typed_here, base_limits=base_limits)
    picture = loaded.picture
    seen = desk.pictures_seen_before(
        picture.hashes, (picture.width, picture.height, picture.grayscale)
    )
    name = title or loaded.source_url or loaded.file_name or "picture"
    evidence_id, picture_id = desk.add_picture_evidence(
        claim_id,
        name,
        picture,
        loaded.body,
        source_url=loaded.source_url,
        file_name=loaded.file_name,
        excerpt=excerpt,
    )
    return PictureAdded(evidence_id, picture_id, picture, seen)


def picture_line(picture: Picture) -> str:
    """A picture in one line of words (outside text in it: show through the sanitiser)."""
    kind = picture.content_type.removeprefix("image/").upper()
    parts = [f"{kind} {picture.width}×{picture.height}, {picture.byte_size:,} bytes"]
    if picture.frames > 1:
        parts.append(f"{picture.frames} frames (the first is compared)")
    if picture.captured_at:
        parts.append(f"taken {picture.captured_at}")
    if picture.camera:
        parts.append(f"camera {picture.camera}")
    return ", ".join(parts)


def seen_before_line(match: PictureMatch) -> str:
    earliest = f"; earliest known {match.earliest[:10]}" if match.earliest else ""
    return (
        f"  seen before: claim {match.claim_id} (picture {match.picture_id}):"
        f" {match.reason}, {round(match.score * 100)}%{earliest}"
    )


def picture_summary(row: dict[str, Any]) -> str:
    """A stored picture (``pictures_of_claim``'s row) in one line."""
    where = f"evidence {row['evidence_id']}" if row["evidence_id"] else "the claim itself"
    kind = str(row["content_type"]).removeprefix("image/").upper()
    parts = [f"Picture {row['id']} ({where}): {kind} {row['width']}×{row['height']}"]
    if row["captured_at"]:
        parts.append(f"taken {row['captured_at']}")
    if row["camera"]:
        parts.append(f"camera {row['camera']}")
    parts.append(f"sha256 {row['sha256'][:16]}…, phash {row['phash']}")
    return ", ".join(parts)


MAX_PICTURES_PER_RUN = 200  # one ingest fetches at most this many pictures


def _in_folder(folder: Path | None, name: str) -> Path:
    """A picture a file source names (a Telegram export's ``photos/…``), inside its folder."""
    if folder is None:
        raise PictureRefused("a picture named by a path is read only from a file on this machine")
    root = folder.resolve()
    path = (root / name).resolve()
    if not path.is_relative_to(root):
        raise PictureRefused("the path leads out of the source's folder")
    return path


def keep_item_pictures(
    desk: Desk,
    pending: list[tuple[int, tuple[str, ...]]],
    report: IngestReport,
    fetcher: Fetcher,
    *,
    folder: Path | None = None,
) -> None:
    """Fetch the pictures new claims' items carried (or read them from ``folder``, the
    source file's own, for a path) and keep each with its claim; a picture that cannot be
    had or is no picture is a line in ``report.picture_problems``, and the claim stays."""
    budget = MAX_PICTURES_PER_RUN
    for claim_id, urls in pending:
        for url in urls:
            if budget == 0:
                report.picture_problems.append(
                    f"more pictures than {MAX_PICTURES_PER_RUN} in one run: the rest not fetched"
                )
                return
            budget -= 1
            try:
                if not _looks_like_url(url):
                    loaded = read_picture_file(_in_folder(folder, url))
                    desk.add_picture(
                        claim_id, loaded.picture, loaded.body, file_name=loaded.file_name
                    )
                    report.pictures += 1
                    continue
                result = fetcher.fetch(url)
                if result.error or not result.ok:
                    raise PictureRefused(result.error or f"HTTP {result.http_status}")
                if result.truncated:
                    raise PictureRefused("larger than the fetch limit")
                picture = read_picture(result.body)
                desk.add_picture(claim_id, picture, result.body, source_url=result.final_url or url)
                report.pictures += 1
            except PictureRefused as refused:
                report.picture_problems.append(f"claim {claim_id}: picture {url}: {refused}")


SHOWN_SIDE = 1600  # the most a terminal can show of a picture, even in Kitty's graphics


def decoded_picture(body: bytes) -> PILImage | None:
    """A stored picture decoded for the screen: its first frame, upright, in RGB, at most
    ``SHOWN_SIDE`` a side. None when it cannot be decoded (it was read once on the way in,
    under the same limits, so that is a damaged desk)."""
    import io

    from PIL import Image, ImageOps

    try:
        with Image.open(io.BytesIO(body), formats=list(FORMATS)) as image:
            image.seek(0)
            upright = ImageOps.exif_transpose(image) or image
            rgb = upright.convert("RGB")
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None
    rgb.thumbnail((SHOWN_SIDE, SHOWN_SIDE))
    return rgb
