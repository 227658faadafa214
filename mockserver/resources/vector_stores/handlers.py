"""/v1/vector_stores: create, list, retrieve, modify, delete, and search."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from ...http.body import json_body
from ...http.pagination import page_query, paginate
from ...state import MockState, mock_state
from . import errors, search
from . import request as store_request
from .backend import StoredVectorStore, file_status
from .files import backend, clock, known_store, prepare_all


async def create_vector_store(request: Request) -> Any:
    mock = mock_state(request)
    parsed = store_request.parse_create(await json_body(request))
    now = mock.now()
    vector_store_id = mock.ids.new("vs_")
    attached = [
        store_request.FileAttach(file_id, None, parsed.chunking) for file_id in parsed.file_ids
    ]
    records = await prepare_all(mock, vector_store_id, attached, now)
    record = StoredVectorStore(
        id=vector_store_id,
        created_at=now,
        name=parsed.name,
        description=parsed.description,
        metadata=parsed.metadata,
        expires_after_days=parsed.expires_after_days,
        last_active_at=now,
    )
    backend(mock).create(record, records)
    return backend(mock).render(record, clock(mock))


async def list_vector_stores(request: Request) -> Any:
    mock = mock_state(request)
    query = page_query(request)
    now = clock(mock)
    stores = backend(mock)
    return paginate([stores.render(r, now) for r in stores.all()], query, key="created_at")


async def retrieve_vector_store(request: Request) -> Any:
    mock = mock_state(request)
    stores = backend(mock)
    record = stores.get(request.path_params["vector_store_id"])
    stores.poll(stores.files_of(record.id))  # polling a store shows its files' progress
    return stores.render(record, clock(mock))


async def modify_vector_store(request: Request) -> Any:
    mock = mock_state(request)
    vector_store_id = known_store(request)
    changes = store_request.parse_modify(await json_body(request))
    changed = backend(mock).change(vector_store_id, **changes)
    return backend(mock).render(changed, clock(mock))


async def delete_vector_store(request: Request) -> Any:
    vector_store_id = request.path_params["vector_store_id"]
    backend(mock_state(request)).delete(vector_store_id)
    return {"id": vector_store_id, "object": "vector_store.deleted", "deleted": True}


def run_search(
    mock: MockState, vector_store_id: str, parsed: store_request.Search
) -> tuple[list[str], list[search.Hit]]:
    """A store's search as the API runs it (the queries searched, the hits best first); also
    what a ``file_search`` tool (Responses, runs) calls for each of its stores. The store is
    active again after it."""
    stores = backend(mock)
    record = stores.get(vector_store_id)
    now = clock(mock)
    if record.expired(now.now):
        raise errors.expired(record.id)
    queries = (
        [search.rewrite(q) for q in parsed.queries] if parsed.rewrite_query else parsed.queries
    )
    chunks = [
        search.Chunk(f.id, f.filename, f.attributes, text)
        for f in stores.files_of(record.id)
        if file_status(f, now) == "completed"
        and (parsed.filters is None or search.matches(parsed.filters, f.attributes))
        for text in f.chunks
    ]
    hits = search.rank(
        chunks, queries, limit=parsed.max_num_results, threshold=parsed.score_threshold
    )
    stores.change(record.id, last_active_at=now.now)
    return queries, hits


async def search_vector_store(request: Request) -> Any:
    mock = mock_state(request)
    vector_store_id = known_store(request)
    parsed = store_request.parse_search(await json_body(request))
    queries, hits = run_search(mock, vector_store_id, parsed)
    return {
        "object": "vector_store.search_results.page",
        "search_query": queries,
        "data": [
            {
                "file_id": hit.chunk.file_id,
                "filename": hit.chunk.filename,
                "score": hit.score,
                "attributes": dict(hit.chunk.attributes or {}),
                "content": [{"type": "text", "text": hit.chunk.text}],
            }
            for hit in hits
        ],
        "has_more": False,
        "next_page": None,
    }
