"""POST/GET /v1/files, GET/DELETE /v1/files/{file_id}, GET /v1/files/{file_id}/content."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from ...http.pagination import page_query, paginate
from ...state import MockState, mock_state
from . import errors as file_errors
from . import request as file_request
from .backend import Files, StoredFile

# The real API keeps these files' bytes to itself (file search, model inputs): their content is
# a 400. Batch and fine-tune files, and the files the API writes, can be downloaded.
NOT_DOWNLOADABLE = frozenset({"assistants", "user_data"})
# GET /v1/files: up to 10,000 per page, and that many by default (the API reference).
LIST_LIMIT = 10_000


def _files(mock: MockState) -> Files:
    return mock.backends.files


def _live(mock: MockState, file_id: str) -> StoredFile:
    record = _files(mock).get(file_id)
    if record is None or _files(mock).expire(record, mock.now()):
        raise file_errors.file_not_found(file_id)
    return record


async def create_file(request: Request) -> Any:
    mock = mock_state(request)
    upload = await file_request.parse(request)
    created = mock.now()
    record = StoredFile(
        id=mock.ids.new("file-"),
        bytes=len(upload.data),
        created_at=created,
        filename=upload.filename,
        purpose=upload.purpose,
        expires_at=None if upload.expires_after is None else created + upload.expires_after,
    )
    # Writing (and, with --state-dir, fsyncing) a large file is kept off the event loop.
    await run_in_threadpool(_files(mock).create, record, upload.data)
    return record.to_api()


async def list_files(request: Request) -> Any:
    mock = mock_state(request)
    query = page_query(request, with_before=False, default_limit=LIST_LIMIT, max_limit=LIST_LIMIT)
    now = mock.now()
    files = _files(mock)
    records = [
        f for f in files.list(request.query_params.get("purpose")) if not files.expire(f, now)
    ]
    return paginate([f.to_api() for f in records], query, key="created_at")


async def retrieve_file(request: Request) -> Any:
    return _live(mock_state(request), request.path_params["file_id"]).to_api()


async def retrieve_file_content(request: Request) -> Any:
    mock = mock_state(request)
    record = _live(mock, request.path_params["file_id"])
    if record.purpose in NOT_DOWNLOADABLE:
        raise file_errors.download_not_allowed(record.purpose)
    data = await run_in_threadpool(_files(mock).content, record.id)
    if data is None:  # deleted meanwhile
        raise file_errors.file_not_found(record.id)
    return Response(data, media_type="application/octet-stream")


async def delete_file(request: Request) -> Any:
    mock = mock_state(request)
    file_id = request.path_params["file_id"]
    if _files(mock).delete(file_id) is None:
        raise file_errors.file_not_found(file_id)
    return {"id": file_id, "object": "file", "deleted": True}
