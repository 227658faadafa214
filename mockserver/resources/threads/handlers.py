"""/v1/threads and /v1/threads/{thread_id}/messages: create, retrieve, modify, delete, list."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from ...http.body import json_body
from ...http.metadata import check_metadata
from ...http.pagination import page_query, paginate
from ...state import MockState, mock_state
from ..assistants.beta import require_v2
from ..assistants.request import check_tool_resources
from . import errors as thread_errors
from . import render
from .backend import Obj, Threads
from .request import NewMessage, NewThread, check_message, check_modify, check_thread
from .runs.engine import active_run, settle


def threads(mock: MockState) -> Threads:
    return mock.backends.threads


def existing_thread(mock: MockState, thread_id: str) -> Obj:
    found = threads(mock).get(thread_id)
    if found is None:
        raise thread_errors.thread_not_found(thread_id)
    return found


def message_of(mock: MockState, thread_id: str, new: NewMessage, now: int) -> Obj:
    return render.message(mock.ids.new("msg_"), now, thread_id, new)


def create_thread_from(mock: MockState, new: NewThread) -> Obj:
    now = mock.now()
    thread_id = mock.ids.new("thread_")
    thread = render.thread(thread_id, now, new.tool_resources, new.metadata)
    messages = [message_of(mock, thread_id, m, now) for m in new.messages]
    return threads(mock).create(thread, messages)


async def create_thread(request: Request) -> Any:
    require_v2(request)
    mock = mock_state(request)
    body = await json_body(request)
    return create_thread_from(mock, check_thread(body))


async def retrieve_thread(request: Request) -> Any:
    require_v2(request)
    return existing_thread(mock_state(request), request.path_params["thread_id"])


async def modify_thread(request: Request) -> Any:
    require_v2(request)
    mock = mock_state(request)
    thread_id = request.path_params["thread_id"]
    existing_thread(mock, thread_id)
    body = await json_body(request)
    check_modify(body, ("metadata", "tool_resources"))
    fields: Obj = {}
    if "metadata" in body:
        fields["metadata"] = check_metadata(body["metadata"] or {})
    if "tool_resources" in body:
        fields["tool_resources"] = check_tool_resources(body["tool_resources"])
    updated = threads(mock).update(thread_id, lambda t: {**t, **fields})
    if updated is None:
        raise thread_errors.thread_not_found(thread_id)
    return updated


async def delete_thread(request: Request) -> Any:
    require_v2(request)
    thread_id = request.path_params["thread_id"]
    if not threads(mock_state(request)).delete(thread_id):
        raise thread_errors.thread_not_found(thread_id)
    return render.deleted(thread_id, "thread")


# --- messages ------------------------------------------------------------------------------


async def create_message(request: Request) -> Any:
    require_v2(request)
    mock = mock_state(request)
    thread_id = request.path_params["thread_id"]
    existing_thread(mock, thread_id)
    body = await json_body(request)
    new = check_message(body)
    running = active_run(mock, thread_id)
    if running is not None:
        raise thread_errors.message_during_run(thread_id, running)
    return threads(mock).add_message(message_of(mock, thread_id, new, mock.now()))


async def list_messages(request: Request) -> Any:
    require_v2(request)
    mock = mock_state(request)
    thread_id = request.path_params["thread_id"]
    existing_thread(mock, thread_id)
    query = page_query(request)
    settle(mock, thread_id)
    found = threads(mock).messages(thread_id)
    run_id = request.query_params.get("run_id")
    if run_id is not None:
        found = [m for m in found if m["run_id"] == run_id]
    return paginate(found, query, key="created_at")


def _message(request: Request) -> tuple[MockState, str, Obj]:
    mock = mock_state(request)
    thread_id = request.path_params["thread_id"]
    existing_thread(mock, thread_id)
    settle(mock, thread_id)
    message_id = request.path_params["message_id"]
    found = threads(mock).message(thread_id, message_id)
    if found is None:
        raise thread_errors.message_not_found(message_id)
    return mock, message_id, found


async def retrieve_message(request: Request) -> Any:
    require_v2(request)
    return _message(request)[2]


async def modify_message(request: Request) -> Any:
    require_v2(request)
    mock, message_id, _ = _message(request)
    body = await json_body(request)
    check_modify(body, ("metadata",))
    metadata = check_metadata(body.get("metadata") or {})
    updated = threads(mock).update_message(message_id, lambda m: {**m, "metadata": metadata})
    if updated is None:
        raise thread_errors.message_not_found(message_id)
    return updated


async def delete_message(request: Request) -> Any:
    require_v2(request)
    mock, message_id, _ = _message(request)
    threads(mock).delete_message(message_id)
    return render.deleted(message_id, "thread.message")
