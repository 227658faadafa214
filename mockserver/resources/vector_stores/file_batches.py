"""/v1/vector_stores/{id}/file_batches: create, retrieve, cancel, list files."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from ...http.body import json_body
from ...state import mock_state
from . import request as store_request
from .backend import StoredBatch
from .files import backend, clock, known_store, list_page, prepare_all


async def create_batch(request: Request) -> Any:
    mock = mock_state(request)
    vector_store_id = known_store(request)
    stores = backend(mock)
    attached = store_request.parse_batch(await json_body(request))
    now = mock.now()
    batch_id = mock.ids.new("vsfb_")
    records = await prepare_all(mock, vector_store_id, attached, now, batch_id)
    batch = StoredBatch(batch_id, vector_store_id, now, [r.id for r in records])
    stores.attach(vector_store_id, records, batch)
    stores.change(vector_store_id, last_active_at=now)
    return stores.render_batch(batch, clock(mock))


def _batch(request: Request) -> StoredBatch:
    params = request.path_params
    return backend(mock_state(request)).batch(params["vector_store_id"], params["batch_id"])


async def retrieve_batch(request: Request) -> Any:
    mock = mock_state(request)
    batch = _batch(request)
    stores = backend(mock)
    stores.poll(stores.batch_files(batch))  # a batch's retrieve shows its files' progress
    return stores.render_batch(batch, clock(mock))


async def cancel_batch(request: Request) -> Any:
    mock = mock_state(request)
    now = clock(mock)
    return backend(mock).render_batch(backend(mock).cancel(_batch(request), now), now)


async def list_batch_files(request: Request) -> Any:
    mock = mock_state(request)
    return list_page(request, backend(mock).batch_files(_batch(request)), clock(mock))
