"""``POST /v1/files`` as a typed request: the multipart form checked as the real API checks it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from starlette.requests import Request

from ...http import errors
from ...http.multipart import form_body
from ...http.params import check_value, param
from . import errors as file_errors
from .jsonl import check_upload

PURPOSES = ("assistants", "batch", "fine-tune", "vision", "user_data", "evals")
MAX_FILE_BYTES = 512 * 1024 * 1024
# Batch input files have a lower limit (the Batch guide: 200 MB).
MAX_BYTES_BY_PURPOSE = {"batch": 200 * 1024 * 1024}
FIELDS = ("file", "purpose", "expires_after[anchor]", "expires_after[seconds]")
# expires_after.seconds: from an hour to 30 days; batch files expire after 30 days by default.
MIN_EXPIRY = 3600
MAX_EXPIRY = 2_592_000
DEFAULT_EXPIRY = {"batch": MAX_EXPIRY}


@dataclass(frozen=True)
class FileUpload:
    filename: str
    purpose: str
    data: bytes
    expires_after: int | None  # seconds after created_at; None: never


def check_purpose(purpose: object) -> str:
    if purpose is None:
        raise errors.missing_parameter("purpose")
    if not isinstance(purpose, str):
        raise errors.invalid_type("purpose", "a string", purpose)
    if purpose not in PURPOSES:
        raise file_errors.invalid_purpose(purpose, PURPOSES)
    return purpose


def expiry(
    purpose: str, anchor: object, seconds: object, *, where: str = "expires_after"
) -> int | None:
    """``expires_after`` (anchor ``created_at``, 3600-2592000 seconds) as seconds, or the
    purpose's default when it was not given. ``where`` names it in errors (a batch's
    ``output_expires_after`` is the same policy)."""
    if anchor is None and seconds is None:
        return DEFAULT_EXPIRY.get(purpose)
    if anchor is None:
        raise errors.missing_parameter(f"{where}.anchor")
    if anchor != "created_at":
        raise errors.invalid_enum(f"{where}.anchor", anchor, ("created_at",))
    if seconds is None:
        raise errors.missing_parameter(f"{where}.seconds")
    if isinstance(seconds, str):
        try:
            seconds = int(seconds)
        except ValueError:
            raise errors.invalid_type(f"{where}.seconds", "an integer", seconds) from None
    spec = param("integer", minimum=MIN_EXPIRY, maximum=MAX_EXPIRY)
    check_value(f"{where}.seconds", spec, seconds)
    assert isinstance(seconds, int)
    return seconds


def expiry_object(purpose: str, value: Any, *, where: str = "expires_after") -> int | None:
    """A JSON body's ``expires_after`` object (an Upload's, a batch's ``output_expires_after``):
    absent or null, the purpose's default; given, its ``anchor`` and ``seconds`` are required
    (``{}`` is no policy) and ``seconds`` is a JSON integer, not a form's text."""
    if value is None:
        return DEFAULT_EXPIRY.get(purpose)
    check_value(where, param("object"), value)
    anchor, seconds = value.get("anchor"), value.get("seconds")
    if anchor is None:
        raise errors.missing_parameter(f"{where}.anchor")
    if seconds is not None:
        check_value(f"{where}.seconds", param("integer"), seconds)
    return expiry(purpose, anchor, seconds, where=where)


def check_size(purpose: str, size: int, *, limit: int = MAX_FILE_BYTES) -> None:
    if size > MAX_BYTES_BY_PURPOSE.get(purpose, limit):
        raise file_errors.file_too_large()


def check_content(purpose: str, filename: str, data: bytes, *, limit: int = MAX_FILE_BYTES) -> None:
    """Size, then (batch, fine-tune) the JSONL format: what the real API checks at upload."""
    check_size(purpose, len(data), limit=limit)
    check_upload(purpose, filename, data)


async def parse(request: Request) -> FileUpload:
    form = await form_body(request)
    form.only(FIELDS)
    upload = form.required_file("file")
    purpose = check_purpose(form.text("purpose"))
    expires_after = expiry(
        purpose, form.text("expires_after[anchor]"), form.text("expires_after[seconds]")
    )
    check_content(purpose, upload.filename, upload.data)
    return FileUpload(upload.filename, purpose, upload.data, expires_after)
