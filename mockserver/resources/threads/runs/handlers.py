"""/v1/threads/{thread_id}/runs (create, list, retrieve, modify, cancel, submit_tool_outputs),
/v1/threads/runs (create a thread and run it) and the run steps."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from ....http.body import json_body
from ....http.metadata import check_metadata
from ....http.pagination import page_query, paginate
from ....state import MockState, mock_state
from ...assistants.beta import require_v2
from ...assistants.handlers import existing as existing_assistant
from .. import errors as thread_errors
from ..backend import Obj, Threads
from ..handlers import create_thread_from, existing_thread, message_of
from ..request import check_modify
from . import engine
from . import request as run_request
from .stream import run_stream


def _threads(mock: MockState) -> Threads:
    return mock.backends.threads


def _parse(mock: MockState, body: Obj, *, with_thread: bool) -> run_request.RunRequest:
    run_request.check_body(body, with_thread=with_thread)
    assistant = existing_assistant(mock, body["assistant_id"])
    hidden = mock.backends.assistants.hidden(body["assistant_id"])
    return run_request.parse(body, mock.catalogue, assistant, hidden, with_thread=with_thread)


def _start(mock: MockState, thread_id: str, req: run_request.RunRequest) -> Obj:
    now = mock.now()
    for new in req.additional:
        _threads(mock).add_message(message_of(mock, thread_id, new, now))
    run = engine.run_object(mock.ids.new("run_"), now, thread_id, req.assistant_id, req.fields)
    return engine.start(mock, thread_id, run, req.reasoning_effort, to_end=req.stream)


def _answer(
    mock: MockState,
    record: Obj,
    stream: bool,
    *,
    thread: Obj | None = None,
    answered: Obj | None = None,
) -> Any:
    if stream:
        return run_stream(mock, record, thread=thread, answered=answered)
    return record["run"]


async def create_run(request: Request) -> Any:
    require_v2(request)
    mock = mock_state(request)
    thread_id = request.path_params["thread_id"]
    existing_thread(mock, thread_id)
    body = await json_body(request)
    req = _parse(mock, body, with_thread=False)
    running = engine.active_run(mock, thread_id)
    if running is not None:
        raise thread_errors.active_run(thread_id, running)
    return _answer(mock, _start(mock, thread_id, req), req.stream)


async def create_thread_and_run(request: Request) -> Any:
    require_v2(request)
    mock = mock_state(request)
    body = await json_body(request)
    req = _parse(mock, body, with_thread=True)
    assert req.thread is not None
    thread = create_thread_from(mock, req.thread)
    record = _start(mock, thread["id"], req)
    return _answer(mock, record, req.stream, thread=thread)


def _record(request: Request) -> tuple[MockState, Obj]:
    mock = mock_state(request)
    thread_id = request.path_params["thread_id"]
    existing_thread(mock, thread_id)
    run_id = request.path_params["run_id"]
    record = _threads(mock).run(thread_id, run_id)
    if record is None:
        raise thread_errors.run_not_found(run_id)
    return mock, record


async def list_runs(request: Request) -> Any:
    require_v2(request)
    mock = mock_state(request)
    thread_id = request.path_params["thread_id"]
    existing_thread(mock, thread_id)
    query = page_query(request)
    engine.settle(mock, thread_id)
    runs = [r["run"] for r in _threads(mock).runs(thread_id)]
    return paginate(runs, query, key="created_at")


async def retrieve_run(request: Request) -> Any:
    require_v2(request)
    mock, record = _record(request)
    return engine.advance(mock, record, poll=True)["run"]


async def modify_run(request: Request) -> Any:
    require_v2(request)
    mock, record = _record(request)
    body = await json_body(request)
    check_modify(body, ("metadata",))
    record["run"]["metadata"] = check_metadata(body.get("metadata") or {})
    return _threads(mock).put_run(record)["run"]


async def cancel_run(request: Request) -> Any:
    require_v2(request)
    mock, record = _record(request)
    return engine.cancel(mock, record)["run"]


async def submit_tool_outputs(request: Request) -> Any:
    require_v2(request)
    mock, record = _record(request)
    body = await json_body(request)
    outputs = run_request.check_outputs(body)
    stream = bool(body.get("stream"))
    record = engine.submit_tool_outputs(mock, record, outputs, to_end=stream)
    answered = _threads(mock).step(record["id"], record["state"]["answered_step"] or "")
    return _answer(mock, record, stream, answered=answered)


# --- steps ---------------------------------------------------------------------------------


async def list_steps(request: Request) -> Any:
    require_v2(request)
    mock, record = _record(request)
    query = page_query(request)
    engine.advance(mock, record, poll=False)
    return paginate(_threads(mock).steps(record["id"]), query, key="created_at")


async def retrieve_step(request: Request) -> Any:
    require_v2(request)
    mock, record = _record(request)
    engine.advance(mock, record, poll=False)
    step_id = request.path_params["step_id"]
    found = _threads(mock).step(record["id"], step_id)
    if found is None:
        raise thread_errors.step_not_found(step_id)
    return found
