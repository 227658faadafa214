"""/v1/assistants (Assistants API v2): the seed's create gives every field the notes show, a
round trip through retrieve, modify, list and delete, and the ``OpenAI-Beta`` header the API
requires; /v1/threads: a function-calling run stops at requires_action and answers with the
tool's output, and a streamed run is the typed event sequence. A costly area
(``-m assistants``): the real API retired it on 2026-08-26 and answers 404, which the report
shows as "not served". Every check deletes what it made."""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Iterator
from typing import Any

import pytest
from openai.types.beta import Assistant, AssistantDeleted
from openai.types.beta.threads import Message, Run

from . import checks, schemas
from .target import Target

ASSISTANTS = "/v1/assistants"
V2 = {"OpenAI-Beta": "assistants=v2"}
SEED_BODY = {
    "name": "Your Assistant Name",
    "description": "A brief description of what this assistant is for",
    "model": "gpt-3.5-turbo",
}
# What the notes print for the seed's body (beside the id and the time).
SEED_DEFAULTS = {
    "object": "assistant", "instructions": None, "tools": [], "top_p": 1.0, "temperature": 1.0,
    "tool_resources": {}, "metadata": {}, "response_format": "auto",
}  # fmt: skip
MISSING_HEADER = (
    "You must provide the 'OpenAI-Beta' header to access the Assistants API. Please try again "
    "by setting the header 'OpenAI-Beta: assistants=v2'."
)

pytestmark = [
    pytest.mark.assistants,
    pytest.mark.filterwarnings("ignore:.*deprecated:DeprecationWarning"),
]


def at(feature: str) -> pytest.MarkDecorator:
    return pytest.mark.conformance(ASSISTANTS, feature)


def shape(response: Any) -> dict[str, Any]:
    data: dict[str, Any] = checks.expect_json(response, Assistant, "AssistantObject")
    return data


@contextlib.contextmanager
def cleanup(target: Target) -> Iterator[list[str]]:
    """Ids of the assistants a check creates, deleted afterwards."""
    ids: list[str] = []
    try:
        yield ids
    finally:
        for assistant_id in ids:
            target.request("DELETE", f"/assistants/{assistant_id}", headers=V2)


def create(target: Target, made: list[str], body: dict[str, Any]) -> dict[str, Any]:
    data = shape(target.post("/assistants", body, headers=V2))
    made.append(data["id"])
    return data


@at("create")
def test_seed_create_gives_every_field(target: Target) -> None:
    with cleanup(target) as made:
        data = create(target, made, SEED_BODY)
    expected = {**SEED_DEFAULTS, **SEED_BODY}
    got = {k: data.get(k) for k in expected}
    assert got == expected, f"fields {got}, expected {expected}"


@at("round trip")
def test_round_trip(target: Target) -> None:
    with cleanup(target) as made:
        _round_trip(target, made)


def _round_trip(target: Target, made: list[str]) -> None:
    data = create(target, made, {**SEED_BODY, "metadata": {"check": "round trip"}})
    again = shape(target.get(f"/assistants/{data['id']}", headers=V2))
    assert again == data, f"retrieve gives {again}, create gave {data}"
    changed = shape(
        target.post(
            f"/assistants/{data['id']}", {"instructions": "Be brief.", "top_p": 0.5}, headers=V2
        )
    )
    assert (changed["instructions"], changed["top_p"], changed["name"]) == (
        "Be brief.", 0.5, SEED_BODY["name"]
    ), changed  # fmt: skip
    listed = target.get("/assistants", params={"limit": 100}, headers=V2)
    assert listed.status_code == 200, listed.text[:300]
    page = checks.body_of(listed)
    schemas.validate_openapi("ListAssistantsResponse", page)
    assert data["id"] in [a["id"] for a in page["data"]], "the new assistant is not listed"
    deleted = checks.expect_json(
        target.request("DELETE", f"/assistants/{data['id']}", headers=V2),
        AssistantDeleted,
        "DeleteAssistantResponse",
    )
    made.remove(data["id"])
    assert deleted == {"id": data["id"], "object": "assistant.deleted", "deleted": True}, deleted
    gone = target.error_request(ASSISTANTS, "GET", f"/assistants/{data['id']}", headers=V2)
    error = checks.expect_error(gone, 404)
    assert error["message"] == f"No assistant found with id '{data['id']}'.", error


@at("list")
def test_list_pages_newest_first(target: Target) -> None:
    with cleanup(target) as made:
        _list_pages(target, made)


def _list_pages(target: Target, made: list[str]) -> None:
    ids = [create(target, made, {"model": target.models.chat})["id"] for _ in range(3)]
    page = checks.body_of(target.get("/assistants", params={"limit": 2}, headers=V2))
    assert [a["id"] for a in page["data"]] == ids[::-1][:2], page
    assert page["has_more"] is True and page["first_id"] == ids[2], page
    rest = checks.body_of(
        target.get("/assistants", params={"order": "asc", "after": ids[0]}, headers=V2)
    )
    assert [a["id"] for a in rest["data"]][:2] == ids[1:], rest


@at("beta header")
def test_the_beta_header_is_required(target: Target) -> None:
    missing = target.error_request(ASSISTANTS, "POST", "/assistants", json_body=SEED_BODY)
    error = checks.expect_error(missing, 400)
    assert (error["message"], error["code"]) == (MISSING_HEADER, "invalid_beta"), error


# --- threads, messages, runs ---------------------------------------------------------------

THREADS = "/v1/threads"
WEATHER = {
    "type": "function",
    "function": {
        "name": "get_current_weather",
        "description": "Get the current weather in a given location",
        "parameters": {
            "type": "object",
            "properties": {"location": {"type": "string", "description": "City and state"}},
            "required": ["location"],
        },
    },
}
QUESTION = "What's the weather like in Boston today?"
WEATHER_OUTPUT = '{"location": "Boston, MA", "temperature": "22", "unit": "celsius"}'
# Polls before a run is given up on (the mock needs two; the real API a few seconds).
MAX_POLLS = 60


def _thread_at(feature: str) -> pytest.MarkDecorator:
    return pytest.mark.conformance(THREADS, feature)


def _poll(target: Target, thread_id: str, run: dict[str, Any]) -> dict[str, Any]:
    for _ in range(MAX_POLLS):
        if run["status"] not in ("queued", "in_progress", "cancelling"):
            return run
        got = target.get(f"/threads/{thread_id}/runs/{run['id']}", headers=V2)
        run = checks.expect_json(got, Run, "RunObject")
        if run["status"] in ("queued", "in_progress") and not target.is_mock:
            time.sleep(0.5)  # the real API takes seconds; the mock moves one step per poll
    raise AssertionError(f"run still {run['status']} after {MAX_POLLS} polls")


def _weather_run(target: Target, made: list[str], *, stream: bool) -> tuple[str, Any]:
    assistant = create(
        target, made, {"model": target.models.chat, "tools": [WEATHER],
                       "instructions": "Use the weather tool."},
    )  # fmt: skip
    body = {
        "assistant_id": assistant["id"],
        "thread": {"messages": [{"role": "user", "content": QUESTION}]},
        "stream": stream,
    }
    if stream:
        response, text = target.post_stream_text("/threads/runs", body, headers=V2)
        assert response.status_code == 200, text[:300]
        return "", text
    run = checks.expect_json(target.post("/threads/runs", body, headers=V2), Run, "RunObject")
    return run["thread_id"], run


@_thread_at("function tools")
def test_function_run_requires_action_then_answers_with_the_output(target: Target) -> None:
    with cleanup(target) as made:
        thread_id, run = _weather_run(target, made, stream=False)
        try:
            run = _poll(target, thread_id, run)
            assert run["status"] == "requires_action", (
                f"status {run['status']}, expected requires_action"
            )
            calls = run["required_action"]["submit_tool_outputs"]["tool_calls"]
            assert [c["function"]["name"] for c in calls] == ["get_current_weather"], calls
            outputs = [{"tool_call_id": c["id"], "output": WEATHER_OUTPUT} for c in calls]
            path = f"/threads/{thread_id}/runs/{run['id']}/submit_tool_outputs"
            run = checks.expect_json(
                target.post(path, {"tool_outputs": outputs}, headers=V2), Run, "RunObject"
            )
            run = _poll(target, thread_id, run)
            assert run["status"] == "completed", run
            assert run["usage"] and run["usage"]["total_tokens"] > 0, run["usage"]
            listed = target.get(f"/threads/{thread_id}/messages", headers=V2)
            page = checks.body_of(listed)
            schemas.validate_openapi("ListMessagesResponse", page)
            answer = page["data"][0]
            schemas.validate_sdk(Message, answer)
            assert answer["role"] == "assistant" and answer["run_id"] == run["id"], answer
            text = answer["content"][0]["text"]["value"]
            assert "22" in text, f"the answer does not use the tool's output: {text!r}"
        finally:
            target.request("DELETE", f"/threads/{thread_id}", headers=V2)


@_thread_at("stream")
def test_run_stream_is_the_typed_event_sequence(target: Target) -> None:
    with cleanup(target) as made:
        _, text = _weather_run(target, made, stream=True)
    frames = [f for f in text.split("\n\n") if f]
    names = []
    for frame in frames:
        lines = frame.split("\n")
        assert lines[0].startswith("event: "), f"a frame without its event line: {frame[:120]!r}"
        names.append(lines[0][len("event: ") :])
    assert names[0] == "thread.created", names[:3]
    assert names[1:4] == ["thread.run.created", "thread.run.queued", "thread.run.in_progress"]
    assert "thread.run.step.delta" in names, names
    assert names[-2:] == ["thread.run.requires_action", "done"], names[-3:]
    assert frames[-1] == "event: done\ndata: [DONE]", frames[-1]
    thread_id = json.loads(frames[0].split("\n")[1][len("data: ") :])["id"]
    run = json.loads(frames[-2].split("\n")[1][len("data: ") :])
    schemas.validate_sdk(Run, run)
    target.request("POST", f"/threads/{thread_id}/runs/{run['id']}/cancel", headers=V2)
    target.request("DELETE", f"/threads/{thread_id}", headers=V2)
