"""POST/GET /v1/chat/completions and the stored-completion endpoints."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from ..chat import chunks as chat_chunks
from ..chat import errors as chat_errors
from ..chat import params, reply, stored
from ..chat.body import body_template
from ..http import errors
from ..state import MockState, mock_state
from ..streaming import sse_response
from ..validation import check, json_body, param, query_int, query_order, request_body


async def create_chat_completion(request: Request) -> Any:
    mock = mock_state(request)
    raw = await request_body(request)
    # A completion is a pure function of the request bytes (the app's seed is fixed) when no
    # rule can intervene and no tool-call ids are minted: repeated requests (the usual case
    # in test suites) skip parsing and generation. A plain repeat is answered by the API
    # middleware from the replays; a streamed or stored one comes here and finds its plan.
    plans = mock.memo("chat.plans")
    planned = plans.get(raw) if mock.rules.empty else None
    if planned is None:
        req, completion = _plan(mock, await json_body(request))
        if mock.rules.empty and not req.tools:
            if req.stream or req.store:
                plans.put(raw, (req, completion))
            else:
                mock.replays.keep("POST", request.scope["path"], raw, body_template(completion))
    else:
        # A byte-identical request under the same seed: the same completion, new id and time.
        req, template = planned
        completion = replace(template, id=mock.ids.new("chatcmpl-"), created=mock.now())
    if req.store:
        stored.keep(
            _store(mock),
            completion.to_api(),
            asked=str(req.body["model"]),
            messages=req.messages,
            metadata=req.metadata,
        )
    if req.stream:
        return sse_response(chat_chunks.chunks(req, completion, mock.seed))
    return completion.to_api()


def _plan(mock: MockState, body: dict[str, Any]) -> tuple[params.ChatRequest, reply.Completion]:
    model = mock.catalogue.for_endpoint(body.get("model"), "chat.completions")
    req = params.parse(body, model, mock.seed)
    rule = mock.rules.first_match(
        endpoint="chat.completions",
        model=str(body["model"]),
        text=reply.last_user_text(req.messages),
        has_tools=bool(req.tools),
    )
    if rule is not None:
        rule.raise_error()
    completion = reply.build(
        req,
        completion_id=mock.ids.new("chatcmpl-"),
        created=mock.now(),
        server_seed=mock.seed,
        rule=rule,
        new_call_id=lambda: mock.ids.new("call_"),
    )
    return req, completion


def _store(mock: MockState) -> Any:
    return mock.store(stored.STORE_NAME)


def _record(request: Request) -> tuple[MockState, str, Any]:
    mock = mock_state(request)
    completion_id = request.path_params["completion_id"]
    record = _store(mock).get(completion_id)
    if record is None:
        raise chat_errors.stored_completion_not_found(completion_id)
    return mock, completion_id, record


async def list_chat_completions(request: Request) -> Any:
    mock = mock_state(request)
    query = request.query_params
    return stored.list_page(
        _store(mock),
        model=query.get("model"),
        metadata=stored.metadata_filter(query),
        limit=query_int(request, "limit", 20, minimum=1, maximum=100),
        order=query.get("order", "asc") if query.get("order") is None else query_order(request),
        after=query.get("after"),
    )


async def retrieve_chat_completion(request: Request) -> Any:
    _, _, record = _record(request)
    return record["completion"]


async def update_chat_completion(request: Request) -> Any:
    mock, completion_id, _ = _record(request)
    body = await json_body(request)
    check(body, {"metadata": param("object")})
    if "metadata" not in body:
        raise errors.missing_parameter("metadata")
    metadata = params.check_metadata(body["metadata"] or {})

    def change(record: dict[str, Any]) -> dict[str, Any]:
        return {**record, "completion": {**record["completion"], "metadata": metadata}}

    updated = _store(mock).update(completion_id, change)
    if updated is None:  # deleted meanwhile
        raise chat_errors.stored_completion_not_found(completion_id)
    return updated["completion"]


async def delete_chat_completion(request: Request) -> Any:
    mock, completion_id, _ = _record(request)
    _store(mock).delete(completion_id)
    return {"object": "chat.completion.deleted", "id": completion_id, "deleted": True}


async def list_chat_completion_messages(request: Request) -> Response | dict[str, Any]:
    _, _, record = _record(request)
    query = request.query_params
    return stored.messages_page(
        record,
        limit=query_int(request, "limit", 20, minimum=1, maximum=100),
        order=query.get("order", "asc") if query.get("order") is None else query_order(request),
        after=query.get("after"),
    )
