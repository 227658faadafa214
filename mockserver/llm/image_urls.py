"""The one check of an image given by URL to a model (chat's ``image_url`` parts, multimodal
moderation inputs): looked at, never fetched, so the mock stays offline. A data URL must carry
an image MIME type; anything else must be an http(s) URL."""

from __future__ import annotations

import re

from ..http import errors

DATA_IMAGE_RE = re.compile(r"^data:(image/(?:png|jpeg|jpg|gif|webp));base64,", re.IGNORECASE)
_WEB_URL_RE = re.compile(r"^https?://[^\s/]+")


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
    elif not _WEB_URL_RE.match(url):
        raise errors.invalid_value(
            where,
            f"Invalid '{where}'. Expected a valid URL, but got a value with an invalid format.",
        )
