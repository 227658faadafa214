"""/v1/containers/{id}/files: a file uploaded (multipart) or copied from the Files API (JSON
``file_id``), listed, retrieved, downloaded and deleted. Adding a file is activity: the
container's expiry counts from it."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ...http.body import json_body
from ...http.multipart import MULTIPART, form_body
from ...http.pagination import page_query, paginate
from ...http.params import check, param
from ...state import MockState, mock_state
from . import errors as container_errors
from .backend import StoredContainerFile, mounted
from .handlers import active, backend, copy_files, known

FORM_FIELDS = ("file",)
JSON_SPEC = {"file_id": param("string", required=True)}


def _file(mock: MockState, request: Request) -> StoredContainerFile:
    container = known(mock, request.path_params["container_id"])
    file_id = request.path_params["file_id"]
    record = backend(mock).file(container.id, file_id)
    if record is None:
        raise container_errors.file_not_found(file_id)
    return record


async def _upload(request: Request, container_id: str, now: int) -> tuple[Any, bytes]:
    mock = mock_state(request)
    kind = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if kind != MULTIPART:
        body = await json_body(request)
        check(body, JSON_SPEC)
        ((record, data),) = copy_files(mock, container_id, [body["file_id"]], now)
        return record, data
    form = await form_body(request)
    form.only(FORM_FIELDS)
    upload = form.required_file("file")
    record = StoredContainerFile(
        id=mock.ids.new("cfile_"),
        container_id=container_id,
        created_at=now,
        bytes=len(upload.data),
        path=mounted(upload.filename),
        source="user",
    )
    return record, upload.data


async def create_file(request: Request) -> Any:
    mock = mock_state(request)
    container = known(mock, request.path_params["container_id"])
    record, data = await _upload(request, container.id, mock.now())
    active(mock, container.id)  # checked after the body, as the real API reads it first
    backend(mock).add_file(record, data)
    return record.to_api()


async def list_files(request: Request) -> Any:
    mock = mock_state(request)
    container = known(mock, request.path_params["container_id"])
    query = page_query(request, with_before=False)
    shown = [f.to_api() for f in backend(mock).files_of(container.id)]
    return paginate(shown, query, key="created_at")


async def retrieve_file(request: Request) -> Any:
    return _file(mock_state(request), request).to_api()


async def file_content(request: Request) -> Any:
    mock = mock_state(request)
    record = _file(mock, request)
    data = backend(mock).content(record)
    if data is None:  # deleted meanwhile
        raise container_errors.file_not_found(record.id)
    return Response(data, media_type="application/octet-stream")


async def delete_file(request: Request) -> Any:
    mock = mock_state(request)
    record = _file(mock, request)
    if backend(mock).delete_file(record) is None:
        raise container_errors.file_not_found(record.id)
    return {"id": record.id, "object": "container.file.deleted", "deleted": True}
