"""POST/GET /v1/batches, GET /v1/batches/{batch_id}, POST /v1/batches/{batch_id}/cancel."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from starlette.requests import Request
from starlette.routing import BaseRoute, Match

from ...http.body import json_body
from ...http.pagination import page_query, paginate
from ...state import MockState, mock_state
from . import errors as batch_errors
from . import lines, runner
from .backend import Batches, StoredBatch, to_api, view
from .request import ENDPOINTS, CreateBatch, parse

# The catalogue's name for each endpoint (a model can run in a batch if it lists "batch").
CATALOGUE_ENDPOINTS = {
    "/v1/responses": "responses",
    "/v1/chat/completions": "chat.completions",
    "/v1/embeddings": "embeddings",
    "/v1/completions": "completions",
    "/v1/moderations": "moderations",
}


def _batches(mock: MockState) -> Batches:
    return mock.backends.batches


def served(routes: Sequence[BaseRoute]) -> tuple[str, ...]:
    """The batch endpoints among ``routes`` (the catch-all for unserved URLs is a WebSocket
    route and matches no POST, so a match here means a handler)."""

    def answers(path: str) -> bool:
        scope = {"type": "http", "method": "POST", "path": path, "root_path": ""}
        return any(route.matches(scope)[0] == Match.FULL for route in routes)

    return tuple(e for e in ENDPOINTS if answers(e))


def served_endpoints(request: Request) -> tuple[str, ...]:
    """Worked out once per app: its routes do not change."""
    state = request.app.state
    if not hasattr(state, "batch_endpoints"):
        state.batch_endpoints = served(request.app.routes)
    endpoints: tuple[str, ...] = state.batch_endpoints
    return endpoints


def _supported(mock: MockState, endpoint: str) -> Any:
    def supported(model: object) -> bool:
        found = mock.catalogue.find(model) if isinstance(model, str) else None
        return found is not None and "batch" in found.endpoints

    return supported


def _show(mock: MockState, batch: StoredBatch) -> dict[str, Any]:
    where = view(batch, mock.lifecycle, mock.now(), mock.seed)
    _batches(mock).publish(batch, where)
    return to_api(batch, where)


async def _validate_and_run(
    request: Request, mock: MockState, asked: CreateBatch, batch_id: str
) -> tuple[StoredBatch, dict[str, bytes]]:
    files = mock.backends.files
    file = files.get(asked.input_file_id)
    if file is not None and files.expire(file, mock.now()):
        file = None
    problems: tuple[dict[str, Any], ...] = ()
    parsed = lines.Parsed((), (), None)
    if file is None:
        problems = (batch_errors.file_not_found(asked.input_file_id, mock.settings.organization),)
    elif file.purpose != "batch":
        problems = (batch_errors.not_a_batch_file(file.id, file.purpose),)
    else:
        data = files.content(file.id) or b""
        parsed = lines.parse(data, asked.endpoint, supported=_supported(mock, asked.endpoint))
        problems = parsed.errors
    outcome = runner.Outcome()
    if not problems:
        authorization = request.headers.get("authorization", "")
        outcome = await runner.run(
            request.app, parsed.requests, authorization, lambda: mock.ids.new("batch_req_")
        )
    blobs: dict[str, bytes] = {}
    output_id = error_id = None
    if outcome.output:
        output_id = mock.ids.new("file-")
        blobs[output_id] = b"".join(outcome.output)
    if outcome.failed:
        error_id = mock.ids.new("file-")
        blobs[error_id] = b"".join(outcome.failed)
    batch = StoredBatch(
        id=batch_id,
        created_at=mock.now(),
        endpoint=asked.endpoint,
        input_file_id=asked.input_file_id,
        completion_window=asked.completion_window,
        metadata=asked.metadata,
        model=parsed.model,
        total=len(parsed.requests),
        completed=len(outcome.output),
        failed=len(outcome.failed),
        errors=list(problems) or None,
        usage=outcome.usage,
        output_file_id=output_id,
        error_file_id=error_id,
        output_bytes=len(blobs.get(output_id or "", b"")),
        error_bytes=len(blobs.get(error_id or "", b"")),
        output_expires_after=asked.output_expires_after,
    )
    return batch, blobs


async def create_batch(request: Request) -> Any:
    mock = mock_state(request)
    asked = parse(await json_body(request), served_endpoints(request))
    batch_id = mock.ids.new("batch_")
    batch, blobs = await _validate_and_run(request, mock, asked, batch_id)
    return _show(mock, _batches(mock).create(batch, blobs))


async def list_batches(request: Request) -> Any:
    mock = mock_state(request)
    query = page_query(request, with_before=False)
    shown = [_show(mock, batch) for batch in _batches(mock).list()]
    return paginate(shown, query, key="created_at")


async def retrieve_batch(request: Request) -> Any:
    mock = mock_state(request)
    return _show(mock, _batches(mock).poll(request.path_params["batch_id"]))


async def cancel_batch(request: Request) -> Any:
    mock = mock_state(request)
    batch = _batches(mock).cancel(
        request.path_params["batch_id"], mode=mock.lifecycle, now=mock.now(), seed=mock.seed
    )
    return _show(mock, batch)
