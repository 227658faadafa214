"""POST /v1/responses and the stored-response endpoints (retrieve, delete, cancel, input
items)."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from ...http.body import json_body
from ...http.pagination import page_query
from ...http.params import check_value, param
from ...llm.plan import plan
from ...state import MockState, mock_state
from . import errors as resp_errors
from . import request as resp_request
from .backend import Record, StoredResponses, input_item
from .render import Output, response_api

ENDPOINT = "responses"


def _store(mock: MockState) -> StoredResponses:
    return mock.backends.responses


def _history(mock: MockState, previous: Any) -> list[dict[str, Any]]:
    """The context a ``previous_response_id`` continues (the real 400 for one never stored)."""
    if previous is None:
        return []
    check_value("previous_response_id", param("string"), previous)
    record = _store(mock).get(previous)
    if record is None:
        raise resp_errors.previous_response_not_found(previous)
    history: list[dict[str, Any]] = record["context"]
    return history


def _output_messages(output: Output) -> list[dict[str, Any]]:
    """The output items as the chat-form messages a continuation sees."""
    messages: list[dict[str, Any]] = []
    calls = []
    for item in output.items:
        if item["type"] == "function_call":
            calls.append(
                {
                    "id": item["call_id"],
                    "type": "function",
                    "function": {"name": item["name"], "arguments": item["arguments"]},
                }
            )
        elif item["type"] == "message":
            text = "".join(p["text"] for p in item["content"] if p["type"] == "output_text")
            messages.append({"role": "assistant", "content": text})
    if calls:
        messages.append({"role": "assistant", "content": None, "tool_calls": calls})
    return messages


async def create_response(request: Request) -> Any:
    mock = mock_state(request)
    body = await json_body(request)
    model = mock.catalogue.for_endpoint(body.get("model"), ENDPOINT)
    history = _history(mock, body.get("previous_response_id"))
    req = resp_request.parse(body, model, mock.seed, history)
    call = req.call
    rule = mock.rules.first_match(
        endpoint=ENDPOINT,
        model=call.asked,
        text=call.conversation.last_user_text,
        has_tools=req.has_tools,
    )
    if rule is not None:
        rule.raise_error()
    rid = mock.ids.new("resp_")
    created = mock.now()
    reply = plan(call, rule=rule, new_call_id=lambda: mock.ids.new("call_"))
    output = Output.of(req, reply, mock.seed, rid)
    response = response_api(
        req, rid=rid, created=created, model=model.responds_as, status=output.status, output=output
    )
    if req.store:
        _store(mock).keep(
            response,
            input_items=[input_item(mock.seed, rid, k, it) for k, it in enumerate(req.input.items)],
            context=req.history + req.input.messages + _output_messages(output),
        )
    return response


def _record(request: Request) -> tuple[StoredResponses, str, Record]:
    store = _store(mock_state(request))
    response_id = request.path_params["response_id"]
    record = store.get(response_id)
    if record is None:
        raise resp_errors.response_not_found(response_id)
    return store, response_id, record


async def retrieve_response(request: Request) -> Any:
    _, _, record = _record(request)
    return record["response"]


async def delete_response(request: Request) -> Any:
    store, response_id, _ = _record(request)
    store.delete(response_id)
    return {"id": response_id, "object": "response.deleted", "deleted": True}


async def cancel_response(request: Request) -> Any:
    _, response_id, record = _record(request)
    if not record["response"].get("background"):
        raise resp_errors.not_background(response_id)
    return record["response"]


async def list_input_items(request: Request) -> Any:
    store, _, record = _record(request)
    query = page_query(request, default_order="desc")
    return store.input_items_page(record, query)
