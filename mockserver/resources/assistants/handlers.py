"""POST/GET /v1/assistants, GET/POST/DELETE /v1/assistants/{assistant_id}."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from ...http.body import json_body
from ...http.pagination import page_query, paginate
from ...state import MockState, mock_state
from . import errors as assistant_errors
from . import request as assistant_request
from .backend import HIDDEN, Assistant, Assistants, new_assistant
from .beta import require_v2


def _assistants(mock: MockState) -> Assistants:
    return mock.backends.assistants


def _split(fields: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    hidden = {k: fields.pop(k) for k in HIDDEN if k in fields}
    return fields, hidden


def existing(mock: MockState, assistant_id: str) -> Assistant:
    assistant = _assistants(mock).get(assistant_id)
    if assistant is None:
        raise assistant_errors.assistant_not_found(assistant_id)
    return assistant


async def create_assistant(request: Request) -> Any:
    require_v2(request)
    mock = mock_state(request)
    body = await json_body(request)
    model = assistant_request.model_of(mock.catalogue, body, None)
    fields, hidden = _split(assistant_request.check_fields(body, model))
    assistant = new_assistant(mock.ids.new("asst_"), mock.now(), body["model"], fields)
    return _assistants(mock).create(assistant, hidden)


async def list_assistants(request: Request) -> Any:
    require_v2(request)
    query = page_query(request)
    return paginate(_assistants(mock_state(request)).list(), query, key="created_at")


async def retrieve_assistant(request: Request) -> Any:
    require_v2(request)
    return existing(mock_state(request), request.path_params["assistant_id"])


async def modify_assistant(request: Request) -> Any:
    require_v2(request)
    mock = mock_state(request)
    assistant_id = request.path_params["assistant_id"]
    current = existing(mock, assistant_id)
    body = await json_body(request)
    model = assistant_request.model_of(mock.catalogue, body, current["model"])
    fields, hidden = _split(assistant_request.check_fields(body, model))
    if body.get("model") is not None:
        fields["model"] = body["model"]

    def change(assistant: Assistant) -> Assistant:
        return {**assistant, **fields}

    updated = _assistants(mock).update(assistant_id, change, hidden)
    if updated is None:  # deleted meanwhile
        raise assistant_errors.assistant_not_found(assistant_id)
    return updated


async def delete_assistant(request: Request) -> Any:
    require_v2(request)
    assistant_id = request.path_params["assistant_id"]
    if not _assistants(mock_state(request)).delete(assistant_id):
        raise assistant_errors.assistant_not_found(assistant_id)
    return {"id": assistant_id, "object": "assistant.deleted", "deleted": True}
