"""POST/GET /v1/chat/completions and the stored-completion endpoints."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from ...http import errors
from ...http.body import json_body
from ...http.metadata import check_metadata
from ...http.pagination import page_query
from ...http.params import check, param
from ...http.sse import sse_frames_response
from ...llm.plan import plan
from ...state import MockState, mock_state
from . import errors as chat_errors
from . import request as chat_request
from .backend import Record, StoredCompletions, metadata_filter
from .render import Completion, fingerprint
from .stream import frames

ENDPOINT = "chat.completions"


async def create_chat_completion(request: Request) -> Any:
    mock = mock_state(request)
    body = await json_body(request)
    model = mock.catalogue.for_endpoint(body.get("model"), ENDPOINT)
    req = chat_request.parse(body, model, mock.seed)
    call = req.call
    rule = mock.rules.first_match(
        endpoint=ENDPOINT,
        model=call.asked,
        text=call.conversation.last_user_text,
        has_tools=req.has_tools,
    )
    if rule is not None:
        rule.raise_error()
    completion = Completion(
        id=mock.ids.new("chatcmpl-"),
        created=mock.now(),
        model=model.responds_as,
        system_fingerprint=fingerprint(mock.seed, model.family),
        service_tier=req.service_tier,
        reply=plan(call, rule=rule, new_call_id=lambda: mock.ids.new("call_")),
        metadata=req.metadata,
    )
    if req.store:
        _store(mock).keep(
            completion.to_api(), asked=call.asked, messages=req.messages, metadata=req.metadata
        )
    if req.stream:
        return sse_frames_response(frames(req, completion, mock.seed))
    return completion.to_api(for_body=True)


def _store(mock: MockState) -> StoredCompletions:
    return mock.backends.chat_completions


def _record(request: Request) -> tuple[StoredCompletions, str, Record]:
    store = _store(mock_state(request))
    completion_id = request.path_params["completion_id"]
    record = store.get(completion_id)
    if record is None:
        raise chat_errors.stored_completion_not_found(completion_id)
    return store, completion_id, record


async def list_chat_completions(request: Request) -> Any:
    query = request.query_params
    return _store(mock_state(request)).list_page(
        model=query.get("model"),
        metadata=metadata_filter(query),
        query=page_query(request, default_order="asc", with_before=False),
    )


async def retrieve_chat_completion(request: Request) -> Any:
    _, _, record = _record(request)
    return record["completion"]


async def update_chat_completion(request: Request) -> Any:
    store, completion_id, _ = _record(request)
    body = await json_body(request)
    check(body, {"metadata": param("object")})
    if "metadata" not in body:
        raise errors.missing_parameter("metadata")
    metadata = check_metadata(body["metadata"] or {})

    def change(record: Record) -> Record:
        return {**record, "completion": {**record["completion"], "metadata": metadata}}

    updated = store.update(completion_id, change)
    if updated is None:  # deleted meanwhile
        raise chat_errors.stored_completion_not_found(completion_id)
    return updated["completion"]


async def delete_chat_completion(request: Request) -> Any:
    store, completion_id, _ = _record(request)
    store.delete(completion_id)
    return {"object": "chat.completion.deleted", "id": completion_id, "deleted": True}


async def list_chat_completion_messages(request: Request) -> Any:
    store, _, record = _record(request)
    query = page_query(request, default_order="asc", with_before=False)
    return store.messages_page(record, query)
