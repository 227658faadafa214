"""/v1/vector_stores/{id}/files: attach, list, retrieve, update attributes, detach, content."""

from __future__ import annotations

from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from ...http.body import json_body
from ...http.pagination import page_query, paginate
from ...http.params import check_value, param
from ...state import MockState, mock_state
from . import errors, ingest
from . import request as store_request
from .backend import Clock, StoredStoreFile, VectorStores, render_file

_FILTER = param("string", enum=store_request.FILE_STATUSES)


def backend(mock: MockState) -> VectorStores:
    return mock.backends.vector_stores


def known_store(request: Request) -> str:
    """The path's vector store id, once the store is known to exist (a 404 before the body)."""
    vector_store_id: str = request.path_params["vector_store_id"]
    backend(mock_state(request)).get(vector_store_id)
    return vector_store_id


def clock(mock: MockState) -> Clock:
    return Clock(mock.lifecycle, mock.now(), mock.seed)


def prepare(
    mock: MockState,
    vector_store_id: str,
    attach: store_request.FileAttach,
    now: int,
    batch_id: str | None = None,
) -> StoredStoreFile:
    """A file as the store will hold it: its text extracted and chunked now (a file of a type
    the API does not read will end failed, with its ``last_error``)."""
    file = mock.backends.files.get(attach.file_id)
    data = None if file is None else mock.backends.files.content(attach.file_id)
    if file is None or data is None:
        raise errors.file_not_found(attach.file_id)
    text = ingest.extract(file.filename, data)
    failure = text if isinstance(text, ingest.Failure) else None
    chunks = [] if isinstance(text, ingest.Failure) else ingest.chunk(text, attach.chunking)
    return StoredStoreFile(
        id=file.id,
        vector_store_id=vector_store_id,
        created_at=now,
        filename=file.filename,
        attributes=attach.attributes,
        max_tokens=attach.chunking.max_tokens,
        overlap_tokens=attach.chunking.overlap_tokens,
        outcome="failed" if failure else "completed",
        last_error=None if failure is None else failure.to_api(),
        chunks=chunks,
        usage_bytes=sum(len(c.encode("utf-8")) for c in chunks),
        batch_id=batch_id,
    )


async def prepare_all(
    mock: MockState,
    vector_store_id: str,
    attached: list[store_request.FileAttach],
    now: int,
    batch_id: str | None = None,
) -> list[StoredStoreFile]:
    # Reading PDFs and tokenising long texts is kept off the event loop.
    return await run_in_threadpool(
        lambda: [prepare(mock, vector_store_id, a, now, batch_id) for a in attached]
    )


def status_filter(request: Request) -> str | None:
    value = request.query_params.get("filter")
    if value is not None:
        check_value("filter", _FILTER, value)
    return value


def list_page(request: Request, records: list[StoredStoreFile], now: Clock) -> dict[str, Any]:
    """A page of a store's (or a batch's) files, optionally of one status."""
    query = page_query(request)
    wanted = status_filter(request)
    rendered = [render_file(r, now) for r in records]
    return paginate(
        [r for r in rendered if wanted is None or r["status"] == wanted], query, key="created_at"
    )


async def create_file(request: Request) -> Any:
    mock = mock_state(request)
    vector_store_id = known_store(request)
    attach = store_request.parse_attach(await json_body(request))
    now = mock.now()
    (record,) = await prepare_all(mock, vector_store_id, [attach], now)
    backend(mock).attach(vector_store_id, [record])
    backend(mock).change(vector_store_id, last_active_at=now)
    return render_file(record, clock(mock))


async def list_files(request: Request) -> Any:
    mock = mock_state(request)
    records = backend(mock).files_of(backend(mock).get(request.path_params["vector_store_id"]).id)
    return list_page(request, records, clock(mock))


def _file(request: Request) -> StoredStoreFile:
    params = request.path_params
    return backend(mock_state(request)).file(params["vector_store_id"], params["file_id"])


async def retrieve_file(request: Request) -> Any:
    mock = mock_state(request)
    (polled,) = backend(mock).poll([_file(request)])
    return render_file(polled, clock(mock))


async def update_file(request: Request) -> Any:
    mock = mock_state(request)
    record = _file(request)
    attributes = store_request.parse_update(await json_body(request))
    return render_file(backend(mock).update_file(record, attributes=attributes), clock(mock))


async def delete_file(request: Request) -> Any:
    params = request.path_params
    backend(mock_state(request)).detach(params["vector_store_id"], params["file_id"])
    return {"id": params["file_id"], "object": "vector_store.file.deleted", "deleted": True}


async def file_content(request: Request) -> Any:
    """The file's parsed text as the store holds it, chunk by chunk (once processed)."""
    mock = mock_state(request)
    record = _file(request)
    done = render_file(record, clock(mock))["status"] == "completed"
    return {
        "object": "vector_store.file_content.page",
        "data": [{"type": "text", "text": c} for c in record.chunks] if done else [],
        "has_more": False,
        "next_page": None,
    }
