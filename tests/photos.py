"""Synthetic photo-like pictures for the picture tests: made here, never downloaded.

A "photo" is a smooth sky-to-ground gradient, a few soft shapes (sun, hills, a house, trees)
and sensor-like noise, laid out from a seed, so two seeds give two different scenes and the
same seed always the same one. ``TRANSFORMS`` are the ten ways a picture is copied on its way
round the internet (issue #28).
"""

from __future__ import annotations

import io
from collections.abc import Callable

import numpy as np
from PIL import Image, ImageDraw, ImageEnhance, ImageFilter, ImageOps


def photo(seed: int, size: tuple[int, int] = (640, 480)) -> Image.Image:
    rng = np.random.default_rng(seed)
    width, height = size
    top = rng.integers(40, 220, 3)
    bottom = rng.integers(20, 200, 3)
    t = np.linspace(0.0, 1.0, height)[:, None, None]
    x = np.linspace(0.0, 1.0, width)[None, :, None]
    tilt = rng.uniform(-0.4, 0.4)
    mix = np.clip(t + tilt * (x - 0.5), 0, 1)
    pixels = top * (1 - mix) + bottom * mix
    image = Image.fromarray(pixels.astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(image)
    for _ in range(int(rng.integers(5, 10))):
        colour = tuple(int(c) for c in rng.integers(0, 256, 3))
        x0, y0 = int(rng.integers(-width // 4, width)), int(rng.integers(-height // 4, height))
        w, h = (
            int(rng.integers(width // 10, width // 2)),
            int(rng.integers(height // 10, height // 2)),
        )
        shape = int(rng.integers(0, 3))
        if shape == 0:
            draw.ellipse((x0, y0, x0 + w, y0 + h), fill=colour)
        elif shape == 1:
            draw.rectangle((x0, y0, x0 + w, y0 + h), fill=colour)
        else:
            draw.polygon([(x0, y0 + h), (x0 + w // 2, y0), (x0 + w, y0 + h)], fill=colour)
    image = image.filter(ImageFilter.GaussianBlur(2))
    noise = rng.normal(0, 6, (height, width, 3))
    noisy = np.clip(np.asarray(image, dtype=np.float64) + noise, 0, 255).astype(np.uint8)
    return Image.fromarray(noisy, "RGB")


def encoded(image: Image.Image, fmt: str = "JPEG", **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def _jpeg_q30(image: Image.Image) -> Image.Image:
    return Image.open(io.BytesIO(encoded(image, "JPEG", quality=30)))


def _crop5(image: Image.Image) -> Image.Image:
    w, h = image.size
    dx, dy = int(w * 0.05), int(h * 0.05)
    return image.crop((dx, dy, w, h))  # 5% off the left and top: a cut, not a frame


def _border(image: Image.Image) -> Image.Image:
    # a phone screenshot: a white status bar above, a grey bar below, margins at the sides
    w, h = image.size
    page = Image.new("RGB", (w + 40, h + 160), (250, 250, 250))
    page.paste(image, (20, 90))
    draw = ImageDraw.Draw(page)
    draw.rectangle((0, h + 100, w + 40, h + 160), fill=(230, 230, 230))
    draw.text((30, 30), "12:41  4G  87%", fill=(20, 20, 20))
    return page


def _png_to_jpeg(image: Image.Image) -> Image.Image:
    png = Image.open(io.BytesIO(encoded(image, "PNG")))
    return Image.open(io.BytesIO(encoded(png.convert("RGB"), "JPEG", quality=85)))


def _overlay(image: Image.Image) -> Image.Image:
    copy = image.copy()
    draw = ImageDraw.Draw(copy)
    w, h = copy.size
    draw.rectangle((0, h - h // 8, w, h), fill=(0, 0, 0))
    draw.text((10, h - h // 10), "BREAKING: this happened TODAY", fill=(255, 255, 0))
    return copy


TRANSFORMS: dict[str, Callable[[Image.Image], Image.Image]] = {
    "resized": lambda im: im.resize((im.width // 2, im.height // 2), Image.Resampling.LANCZOS),
    "jpeg q30": _jpeg_q30,
    "cropped 5%": _crop5,
    "mirrored": ImageOps.mirror,
    "grayscale": lambda im: ImageOps.grayscale(im).convert("RGB"),
    "brighter 10%": lambda im: ImageEnhance.Brightness(im).enhance(1.1),
    "screenshot border": _border,
    "png to jpeg": _png_to_jpeg,
    "rotated 2°": lambda im: im.rotate(2, resample=Image.Resampling.BICUBIC, expand=False),
    "text overlay": _overlay,
}
