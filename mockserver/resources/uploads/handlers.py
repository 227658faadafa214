"""POST /v1/uploads, /v1/uploads/{upload_id}/parts, /complete, /cancel."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from ...http import errors
from ...http.body import json_body
from ...http.multipart import form_body
from ...http.params import check, param
from ...state import MockState, mock_state
from ..files import request as file_request
from . import errors as upload_errors
from .backend import StoredPart, StoredUpload, Uploads

# The Uploads API: up to 8 GB in all, parts of up to 64 MB, an hour to complete.
MAX_UPLOAD_BYTES = 8 * 1024**3
MAX_PART_BYTES = 64 * 1024**2
UPLOAD_LIFETIME = 3600

CREATE = {
    "bytes": param("integer", required=True, minimum=0, maximum=MAX_UPLOAD_BYTES),
    "filename": param("string", required=True),
    "mime_type": param("string", required=True),
    "purpose": param("string", required=True),
    "expires_after": param("object"),
}
COMPLETE = {
    "part_ids": param("array", required=True),
    "md5": param("string"),
}


def _check_file(purpose: str, filename: str, data: bytes) -> None:
    file_request.check_content(purpose, filename, data, limit=MAX_UPLOAD_BYTES)


def _uploads(mock: MockState) -> Uploads:
    return mock.backends.uploads


async def create_upload(request: Request) -> Any:
    mock = mock_state(request)
    body = await json_body(request)
    check(body, CREATE)
    purpose = file_request.check_purpose(body["purpose"])
    file_expiry = file_request.expiry_object(purpose, body.get("expires_after"))
    file_request.check_size(purpose, body["bytes"], limit=MAX_UPLOAD_BYTES)
    created = mock.now()
    upload = StoredUpload(
        id=mock.ids.new("upload_"),
        bytes=body["bytes"],
        created_at=created,
        expires_at=created + UPLOAD_LIFETIME,
        filename=body["filename"],
        purpose=purpose,
        mime_type=body["mime_type"],
        file_expires_after=file_expiry,
    )
    _uploads(mock).create(upload)
    return upload.to_api(created)


async def add_upload_part(request: Request) -> Any:
    mock = mock_state(request)
    upload_id = request.path_params["upload_id"]
    _uploads(mock).get(upload_id)  # an unknown Upload is a 404 before its body is read
    form = await form_body(request)
    form.only(("data",))
    data = form.required_file("data")
    if len(data.data) > MAX_PART_BYTES:
        raise upload_errors.part_too_large(len(data.data), MAX_PART_BYTES)
    now = mock.now()
    part = StoredPart(
        id=mock.ids.new("part_"), created_at=now, upload_id=upload_id, size=len(data.data)
    )
    await run_in_threadpool(_uploads(mock).add_part, upload_id, part, data.data, now)
    return part.to_api()


async def complete_upload(request: Request) -> Any:
    mock = mock_state(request)
    upload_id = request.path_params["upload_id"]
    _uploads(mock).get(upload_id)
    body = await json_body(request)
    check(body, COMPLETE)
    part_ids = body["part_ids"]
    for i, part_id in enumerate(part_ids):
        if not isinstance(part_id, str):
            raise errors.invalid_type(f"part_ids[{i}]", "a string", part_id)
    now = mock.now()
    done, file = await run_in_threadpool(
        lambda: _uploads(mock).complete(
            upload_id,
            part_ids,
            body.get("md5"),
            now=now,
            new_file_id=lambda: mock.ids.new("file-"),
            check=_check_file,
        )
    )
    return done.to_api(now, file)


async def cancel_upload(request: Request) -> Any:
    mock = mock_state(request)
    now = mock.now()
    cancelled = _uploads(mock).cancel(request.path_params["upload_id"], now)
    return cancelled.to_api(now)
