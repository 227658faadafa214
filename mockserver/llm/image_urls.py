"""The one check of an image given by URL to a model (chat's ``image_url`` parts, multimodal
moderation inputs): looked at, never fetched, so the mock stays offline. A data URL must carry
an image MIME type and bytes that really are a PNG, JPEG, GIF or WebP image (Pillow reads
only the header); anything else must be an http(s) URL."""

from __future__ import annotations

import base64
import binascii
import io
import re
from collections.abc import Mapping
from typing import Any

from ..http import errors
from ..http.errors import APIError
from ..http.params import check_value, param

DATA_IMAGE_RE = re.compile(r"^data:(image/(?:png|jpeg|jpg|gif|webp));base64,", re.IGNORECASE)
_WEB_URL_RE = re.compile(r"^https?://[^\s/]+")
FORMATS = ("PNG", "JPEG", "GIF", "WEBP")


def unsupported_image() -> APIError:
    return APIError(
        400,
        "You uploaded an unsupported image. Please make sure your image has of one the "
        "following formats: ['png', 'jpeg', 'gif', 'webp'].",
        code="invalid_image_format",
    )


def _check_image_bytes(encoded: str) -> None:
    from PIL import Image, UnidentifiedImageError  # on first use: Pillow is not loaded at start-up

    try:
        data = base64.b64decode(encoded, validate=True)
        with Image.open(io.BytesIO(data)) as image:
            known = image.format in FORMATS
    except (binascii.Error, ValueError, UnidentifiedImageError, OSError):
        known = False
    if not known:
        raise unsupported_image()


def check_image_url(where: str, url: str) -> None:
    """``url`` (the value at ``where``, e.g. ``messages[0].content[1].image_url.url``) as the
    real API checks it, with its 400 naming ``where``."""
    if url.startswith("data:"):
        if not DATA_IMAGE_RE.match(url):
            mime = url[5:].split(";", 1)[0].split(",", 1)[0]
            raise errors.invalid_value(
                where,
                f"Invalid '{where}'. Expected a base64-encoded data URL with an image MIME "
                "type (e.g. 'data:image/png;base64,aW1nIGJ5dGVzIGhlcmU='), but got unsupported "
                f"MIME type '{mime}'.",
            )
        _check_image_bytes(url.split(",", 1)[1])
    elif not _WEB_URL_RE.match(url):
        raise errors.malformed_url(where)


def check_image_reference(where: str, given: Mapping[str, Any]) -> None:
    """An image given as ``image_url`` or ``file_id`` (Responses' ``input_image`` part, a
    computer screenshot): one of them, each a string, the URL checked as above."""
    url, file_id = given.get("image_url"), given.get("file_id")
    if url is None and file_id is None:
        raise errors.missing_parameter(f"{where}.image_url")
    if url is not None:
        check_value(f"{where}.image_url", param("string"), url)
        check_image_url(f"{where}.image_url", url)
    if file_id is not None:
        check_value(f"{where}.file_id", param("string"), file_id)
