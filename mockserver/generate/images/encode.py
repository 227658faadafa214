"""A picture as the bytes of the format the API returns: PNG (the default), JPEG or WebP, with
``output_compression`` as the lossy formats' quality."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # Pillow loads where a picture is read or made, not at start-up
    from PIL import Image

MEDIA_TYPES = {"png": "image/png", "jpeg": "image/jpeg", "webp": "image/webp"}
# zlib level 1: a drawn scene compresses nearly as well as at level 6, in a third of the time.
PNG_LEVEL = 1
# Pillow's JPEG quality stops helping above 95.
MAX_JPEG_QUALITY = 95


def encode(image: Image.Image, output_format: str = "png", compression: int = 100) -> bytes:
    out = io.BytesIO()
    if output_format == "png":
        image.save(out, "PNG", compress_level=PNG_LEVEL)
    elif output_format == "jpeg":
        rgb = image.convert("RGB") if image.mode != "RGB" else image
        rgb.save(out, "JPEG", quality=max(1, min(MAX_JPEG_QUALITY, compression)))
    elif output_format == "webp":
        image.save(out, "WEBP", quality=max(0, min(100, compression)), method=0)
    else:
        raise ValueError(f"unknown image format {output_format!r}")
    return out.getvalue()
