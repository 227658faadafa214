"""A run as the real API streams it (``stream: true``): typed events (``event: thread.run.created``
and so on, each with the object as it stood), the reply's text in ``thread.message.delta``
events, tool calls in ``thread.run.step.delta`` events, ``event: done`` / ``data: [DONE]`` last.
The run has been moved to its outcome already (a stream shows every step at once); the events
are the snapshots a real client would have seen on the way."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .... import tokens
from ....http.sse import DONE_EVENT, EventStream, event_frame
from ....state import MockState
from ..backend import Obj, Threads
from .engine import EXPIRES_AFTER

# Tokens per text delta, and characters per tool-arguments delta.
TOKENS_PER_DELTA = 3
ARGUMENT_CHARS = 8


def _threads(mock: MockState) -> Threads:
    return mock.backends.threads


def _runs(final: Obj) -> tuple[Obj, Obj]:
    """The run as it was queued, and in progress."""
    queued = {
        **final,
        "status": "queued",
        "started_at": None,
        "expires_at": final["created_at"] + EXPIRES_AFTER,
        "completed_at": None,
        "required_action": None,
        "incomplete_details": None,
        "usage": None,
    }
    return queued, {**queued, "status": "in_progress", "started_at": final["started_at"]}


def _pieces(text: str, encoding: str) -> list[str]:
    ids = tokens.encode_prose(text, encoding)
    return [
        tokens.decode(ids[i : i + TOKENS_PER_DELTA], encoding)
        for i in range(0, len(ids), TOKENS_PER_DELTA)
    ]


def _message_events(mock: MockState, step: Obj, encoding: str) -> Iterator[tuple[str, Any]]:
    message_id = step["step_details"]["message_creation"]["message_id"]
    message = _threads(mock).message(step["thread_id"], message_id)
    assert message is not None
    opened = {
        **message,
        "status": "in_progress",
        "content": [],
        "completed_at": None,
        "incomplete_at": None,
        "incomplete_details": None,
    }
    yield "thread.message.created", opened
    yield "thread.message.in_progress", opened
    text = message["content"][0]["text"]["value"] if message["content"] else ""
    for k, piece in enumerate(_pieces(text, encoding)):
        value: Obj = {"value": piece}
        if k == 0:
            value["annotations"] = []
        delta = {"content": [{"index": 0, "type": "text", "text": value}]}
        yield "thread.message.delta", {"id": message_id, "object": "thread.message.delta",
                                       "delta": delta}  # fmt: skip
    annotations = message["content"][0]["text"]["annotations"] if message["content"] else []
    if annotations:
        cited = [{"index": k, **a} for k, a in enumerate(annotations)]
        delta = {"content": [{"index": 0, "type": "text", "text": {"annotations": cited}}]}
        yield "thread.message.delta", {"id": message_id, "object": "thread.message.delta",
                                       "delta": delta}  # fmt: skip
    status = "thread.message.completed" if message["status"] == "completed" else (
        "thread.message.incomplete"
    )  # fmt: skip
    yield status, message


def _tool_call_deltas(step: Obj) -> Iterator[tuple[str, Any]]:
    for index, call in enumerate(step["step_details"]["tool_calls"]):
        fn = call["function"]
        head = {
            "index": index,
            "id": call["id"],
            "type": "function",
            "function": {"name": fn["name"], "arguments": "", "output": None},
        }
        arguments = fn["arguments"]
        pieces = [head] + [
            {"index": index, "type": "function",
             "function": {"arguments": arguments[i : i + ARGUMENT_CHARS]}}
            for i in range(0, len(arguments), ARGUMENT_CHARS)
        ]  # fmt: skip
        for piece in pieces:
            details = {"type": "tool_calls", "tool_calls": [piece]}
            yield "thread.run.step.delta", {
                "id": step["id"], "object": "thread.run.step.delta",
                "delta": {"step_details": details},
            }  # fmt: skip


def _step_events(mock: MockState, step: Obj, encoding: str) -> Iterator[tuple[str, Any]]:
    opened = {**step, "status": "in_progress", "completed_at": None, "usage": None}
    if step["type"] == "tool_calls":
        opened["step_details"] = {"type": "tool_calls", "tool_calls": []}
    yield "thread.run.step.created", opened
    yield "thread.run.step.in_progress", opened
    if step["type"] == "tool_calls":
        yield from _tool_call_deltas(step)
        return
    yield from _message_events(mock, step, encoding)
    yield "thread.run.step.completed", step


def events(
    mock: MockState, record: Obj, *, thread: Obj | None = None, answered: Obj | None = None
) -> Iterator[tuple[str, Any]]:
    """The events of the run's latest turn: after ``thread.created`` for a new thread, or
    after the answered tool step's completion for submitted tool outputs."""
    run = record["run"]
    queued, in_progress = _runs(run)
    if thread is not None:
        yield "thread.created", thread
    if answered is not None:
        yield "thread.run.step.completed", answered
    else:
        yield "thread.run.created", queued
    yield "thread.run.queued", queued
    yield "thread.run.in_progress", in_progress
    encoding = mock.catalogue.get(run["model"]).encoding
    search_id = record["state"].get("search_step")
    search_step = None if search_id is None else _threads(mock).step(run["id"], search_id)
    if search_step is not None:
        opened = {**search_step, "status": "in_progress", "completed_at": None}
        yield "thread.run.step.created", opened
        yield "thread.run.step.in_progress", opened
        yield "thread.run.step.completed", search_step
    step_id = record["state"]["turn_step"]
    step = None if step_id is None else _threads(mock).step(run["id"], step_id)
    if step is not None:
        yield from _step_events(mock, step, encoding)
    yield f"thread.run.{run['status']}", run


def run_stream(
    mock: MockState, record: Obj, *, thread: Obj | None = None, answered: Obj | None = None
) -> EventStream:
    return EventStream(_frames(events(mock, record, thread=thread, answered=answered)))


def _frames(typed: Iterator[tuple[str, Any]]) -> Iterator[bytes]:
    for name, data in typed:
        yield event_frame(name, data)
    yield DONE_EVENT
