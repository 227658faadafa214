"""Runs: the weather assistant through create_and_poll to requires_action and
submit_tool_outputs_and_poll to completed (the answer uses the tool's output), the same
through runs.stream with an event handler; the lifecycle one step per retrieve, token limits,
truncation, cancel, steps, thread-and-run, deleting a thread with its runs."""

from __future__ import annotations

import json
from typing import Any

import openai
import pytest
from openai import AssistantEventHandler
from openai.types.beta.threads.runs import ToolCall
from typing_extensions import override

from mockserver.testing import FROZEN_TIME
from tests.conftest import envelope
from tests.schema_check import validate_openapi

from .helpers import (
    QUESTION,
    V2,
    WEATHER_OUTPUT,
    check_event,
    check_message,
    check_run,
    check_step,
    parse_events,
    weather_assistant,
)

pytestmark = pytest.mark.filterwarnings("ignore:.*deprecated:DeprecationWarning")


def _thread(client: Any, text: str = QUESTION) -> Any:
    return client.beta.threads.create(messages=[{"role": "user", "content": text}])


def test_weather_assistant_through_the_polling_helpers(openai_client: Any, mock_http: Any) -> None:
    assistant = weather_assistant(mock_http)
    thread = _thread(openai_client)
    run = openai_client.beta.threads.runs.create_and_poll(
        thread_id=thread.id, assistant_id=assistant["id"], poll_interval_ms=0
    )
    assert run.status == "requires_action" and run.usage is None
    calls = run.required_action.submit_tool_outputs.tool_calls
    assert [c.function.name for c in calls] == ["get_current_weather"]
    assert json.loads(calls[0].function.arguments)["location"] == "Boston, MA"
    assert run.instructions == "You tell the weather." and run.tools[0].type == "function"
    done = openai_client.beta.threads.runs.submit_tool_outputs_and_poll(
        thread_id=thread.id,
        run_id=run.id,
        tool_outputs=[{"tool_call_id": calls[0].id, "output": WEATHER_OUTPUT}],
        poll_interval_ms=0,
    )
    assert done.status == "completed" and done.completed_at is not None
    assert done.usage.total_tokens == done.usage.prompt_tokens + done.usage.completion_tokens
    messages = openai_client.beta.threads.messages.list(thread_id=thread.id)
    answer = messages.data[0]
    assert (answer.role, answer.run_id, answer.assistant_id) == (
        "assistant",
        run.id,
        assistant["id"],
    )
    text = answer.content[0].text.value
    assert "22" in text and "Boston" in text, text
    steps = openai_client.beta.threads.runs.steps.list(run_id=run.id, thread_id=thread.id)
    assert [s.type for s in steps.data] == ["message_creation", "tool_calls"]
    tool_step = steps.data[1]
    assert tool_step.status == "completed"
    assert tool_step.step_details.tool_calls[0].function.output == WEATHER_OUTPUT
    assert steps.data[0].step_details.message_creation.message_id == answer.id
    total = sum(s.usage.total_tokens for s in steps.data)
    assert total == done.usage.total_tokens
    again = openai_client.beta.threads.runs.steps.retrieve(
        tool_step.id, thread_id=thread.id, run_id=run.id
    )
    assert again == tool_step
    only_run = openai_client.beta.threads.messages.list(thread_id=thread.id, run_id=run.id)
    assert [m.id for m in only_run.data] == [answer.id]


def test_one_step_per_retrieve(mock_http: Any) -> None:
    assistant = weather_assistant(mock_http, tools=[])
    thread = mock_http.post(
        "/v1/threads", headers=V2, json={"messages": [{"role": "user", "content": "Hello!"}]}
    ).json()
    base = f"/v1/threads/{thread['id']}/runs"
    run = mock_http.post(base, headers=V2, json={"assistant_id": assistant["id"]}).json()
    check_run(run)
    statuses = [run["status"]]
    messages_seen = []
    for _ in range(3):
        messages = mock_http.get(f"/v1/threads/{thread['id']}/messages", headers=V2).json()
        messages_seen.append(len(messages["data"]))
        got = mock_http.get(f"{base}/{run['id']}", headers=V2).json()
        check_run(got)
        statuses.append(got["status"])
    assert statuses == ["queued", "in_progress", "completed", "completed"]
    # The reply appears in the thread when the run completes, not before.
    assert messages_seen == [1, 1, 2]
    assert got["started_at"] == got["completed_at"] == FROZEN_TIME and got["expires_at"] is None
    listed = mock_http.get(base, headers=V2).json()
    validate_openapi("ListRunsResponse", listed)
    steps = mock_http.get(f"{base}/{run['id']}/steps", headers=V2).json()
    validate_openapi("ListRunStepsResponse", steps)
    for step in steps["data"]:
        check_step(step)
    for message in mock_http.get(f"/v1/threads/{thread['id']}/messages", headers=V2).json()["data"]:
        check_message(message)


def test_max_completion_tokens_makes_the_run_incomplete(openai_client: Any, mock_http: Any) -> None:
    assistant = weather_assistant(mock_http, tools=[])
    thread = _thread(openai_client, "Write a long story about the sea and its ships and storms.")
    run = openai_client.beta.threads.runs.create_and_poll(
        thread_id=thread.id, assistant_id=assistant["id"], max_completion_tokens=256,
        poll_interval_ms=0,
    )  # fmt: skip
    message = openai_client.beta.threads.messages.list(thread.id).data[0]
    if run.status == "incomplete":
        assert run.incomplete_details.reason == "max_completion_tokens"
        assert message.status == "incomplete"
        assert message.incomplete_details.reason == "max_tokens"
    else:  # a reply shorter than the limit
        assert run.status == "completed" and run.usage.completion_tokens <= 256


def test_max_prompt_tokens_truncates_then_gives_up(openai_client: Any, mock_http: Any) -> None:
    assistant = weather_assistant(mock_http, tools=[])
    long = "word " * 300
    thread = openai_client.beta.threads.create(
        messages=[{"role": "user", "content": long}, {"role": "user", "content": "Hi"}]
    )
    run = openai_client.beta.threads.runs.create_and_poll(
        thread_id=thread.id, assistant_id=assistant["id"], max_prompt_tokens=256,
        poll_interval_ms=0,
    )  # fmt: skip
    # auto truncation drops the long first message: the rest fits.
    assert run.status == "completed" and run.usage.prompt_tokens <= 256
    kept = openai_client.beta.threads.create(messages=[{"role": "user", "content": long}])
    stuck = openai_client.beta.threads.runs.create_and_poll(
        thread_id=kept.id, assistant_id=assistant["id"], max_prompt_tokens=256,
        poll_interval_ms=0,
    )  # fmt: skip
    assert stuck.status == "incomplete"
    assert stuck.incomplete_details.reason == "max_prompt_tokens"


def test_cancel_an_active_run(openai_client: Any, mock_http: Any) -> None:
    assistant = weather_assistant(mock_http)
    thread = _thread(openai_client)
    run = openai_client.beta.threads.runs.create(thread_id=thread.id, assistant_id=assistant["id"])
    with pytest.raises(openai.BadRequestError) as busy:
        openai_client.beta.threads.messages.create(thread.id, role="user", content="more")
    assert busy.value.body["message"] == (  # type: ignore[index]
        f"Can't add messages to {thread.id} while a run {run.id} is active."
    )
    with pytest.raises(openai.BadRequestError) as second:
        openai_client.beta.threads.runs.create(thread_id=thread.id, assistant_id=assistant["id"])
    assert "already has an active run" in second.value.body["message"]  # type: ignore[index]
    cancelling = openai_client.beta.threads.runs.cancel(run.id, thread_id=thread.id)
    assert cancelling.status == "cancelling"
    cancelled = openai_client.beta.threads.runs.retrieve(run.id, thread_id=thread.id)
    assert cancelled.status == "cancelled" and cancelled.cancelled_at is not None
    openai_client.beta.threads.messages.create(thread.id, role="user", content="now ok")


def test_submit_tool_outputs_errors(openai_client: Any, mock_http: Any) -> None:
    assistant = weather_assistant(mock_http)
    thread = _thread(openai_client)
    run = openai_client.beta.threads.runs.create(thread_id=thread.id, assistant_id=assistant["id"])
    with pytest.raises(openai.BadRequestError) as early:
        openai_client.beta.threads.runs.submit_tool_outputs(
            run.id, thread_id=thread.id, tool_outputs=[{"tool_call_id": "call_x", "output": "1"}]
        )
    assert early.value.body["message"] == 'Runs in status "queued" do not accept tool outputs.'  # type: ignore[index]
    run = openai_client.beta.threads.runs.poll(run.id, thread_id=thread.id, poll_interval_ms=0)
    with pytest.raises(openai.BadRequestError) as wrong:
        openai_client.beta.threads.runs.submit_tool_outputs(
            run.id, thread_id=thread.id, tool_outputs=[{"tool_call_id": "call_x", "output": "1"}]
        )
    call_id = run.required_action.submit_tool_outputs.tool_calls[0].id
    assert wrong.value.body["message"] == (  # type: ignore[index]
        f"Expected tool outputs for call_ids ['{call_id}'], got ['call_x']"
    )


def test_thread_and_run_then_delete_the_thread(openai_client: Any, mock_http: Any) -> None:
    assistant = weather_assistant(mock_http, tools=[])
    run = openai_client.beta.threads.create_and_run_poll(
        assistant_id=assistant["id"],
        thread={"messages": [{"role": "user", "content": "Hello!"}], "metadata": {"a": "b"}},
        poll_interval_ms=0,
    )
    assert run.status == "completed"
    thread = openai_client.beta.threads.retrieve(run.thread_id)
    assert thread.metadata == {"a": "b"}
    openai_client.beta.threads.delete(thread.id)
    threads = mock_http.app.state.mock.backends.threads
    assert threads.runs(thread.id) == [] and threads.messages(thread.id) == []
    assert threads.steps(run.id) == []


@pytest.mark.parametrize(
    ("body", "param"),
    [
        ({}, "assistant_id"),
        ({"assistant_id": "asst_nope"}, None),
        ({"max_prompt_tokens": 100}, "max_prompt_tokens"),
        ({"truncation_strategy": {"type": "middle"}}, "truncation_strategy.type"),
        ({"tool_choice": {"type": "function", "function": {"name": "nope"}}}, None),
        ({"tool_choice": "sometimes"}, "tool_choice"),
        ({"model": "gpt-nonexistent"}, "model"),
        ({"additional_messages": [{"role": "user"}]}, "additional_messages[0].content"),
    ],
)
def test_bad_runs_get_the_real_4xx(mock_http: Any, body: dict[str, Any], param: str | None) -> None:
    assistant = weather_assistant(mock_http)
    thread = mock_http.post("/v1/threads", headers=V2, json={}).json()["id"]
    full = body if not body or "assistant_id" in body else {"assistant_id": assistant["id"], **body}
    response = mock_http.post(f"/v1/threads/{thread}/runs", headers=V2, json=full)
    assert 400 <= response.status_code < 500, response.text
    error = envelope(response)
    assert param is None or error["param"] == param, error
    assert mock_http.get(f"/v1/threads/{thread}/runs", headers=V2).json()["data"] == []
    assert mock_http.get(f"/v1/threads/{thread}/messages", headers=V2).json()["data"] == []


class Recorder(AssistantEventHandler):
    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []
        self.text: list[str] = []
        self.calls: list[ToolCall] = []

    @override
    def on_event(self, event: Any) -> None:
        self.names.append(event.event)

    @override
    def on_text_delta(self, delta: Any, snapshot: Any) -> None:
        self.text.append(delta.value)

    @override
    def on_tool_call_done(self, tool_call: ToolCall) -> None:
        self.calls.append(tool_call)


def test_weather_assistant_through_runs_stream(openai_client: Any, mock_http: Any) -> None:
    assistant = weather_assistant(mock_http)
    thread = _thread(openai_client)
    first = Recorder()
    with openai_client.beta.threads.runs.stream(
        thread_id=thread.id, assistant_id=assistant["id"], event_handler=first
    ) as stream:
        stream.until_done()
    run = first.current_run
    assert run is not None and run.status == "requires_action"
    assert first.names[:5] == [
        "thread.run.created", "thread.run.queued", "thread.run.in_progress",
        "thread.run.step.created", "thread.run.step.in_progress",
    ]  # fmt: skip
    assert first.names[-1] == "thread.run.requires_action"
    assert [c.function.name for c in first.calls] == ["get_current_weather"]  # type: ignore[union-attr]
    arguments = first.calls[0].function.arguments  # type: ignore[union-attr]
    assert json.loads(arguments)["location"] == "Boston, MA"
    second = Recorder()
    with openai_client.beta.threads.runs.submit_tool_outputs_stream(
        thread_id=thread.id,
        run_id=run.id,
        tool_outputs=[{"tool_call_id": first.calls[0].id, "output": WEATHER_OUTPUT}],
        event_handler=second,
    ) as stream:
        stream.until_done()
    assert second.names[-1] == "thread.run.completed"
    assert "thread.message.delta" in second.names and "thread.message.completed" in second.names
    answer = "".join(second.text)
    assert "22" in answer and "Boston" in answer
    final = openai_client.beta.threads.messages.list(thread.id).data[0]
    assert final.content[0].text.value == answer
    assert openai_client.beta.threads.runs.retrieve(run.id, thread_id=thread.id).status == (
        "completed"
    )


def test_every_stream_event_validates(mock_http: Any) -> None:
    assistant = weather_assistant(mock_http)
    body = {
        "assistant_id": assistant["id"],
        "thread": {"messages": [{"role": "user", "content": QUESTION}]},
        "stream": True,
    }
    response = mock_http.post("/v1/threads/runs", headers=V2, json=body)
    assert response.headers["content-type"].startswith("text/event-stream")
    events = parse_events(response.text)
    assert events[0][0] == "thread.created" and events[-1] == ("done", "[DONE]")
    for name, data in events[:-1]:
        check_event(name, data)
    run = events[-2][1]
    call = run["required_action"]["submit_tool_outputs"]["tool_calls"][0]
    path = f"/v1/threads/{run['thread_id']}/runs/{run['id']}/submit_tool_outputs"
    outputs = {"tool_outputs": [{"tool_call_id": call["id"], "output": WEATHER_OUTPUT}]}
    again = parse_events(mock_http.post(path, headers=V2, json={**outputs, "stream": True}).text)
    names = [n for n, _ in again]
    assert names[:3] == ["thread.run.step.completed", "thread.run.queued", "thread.run.in_progress"]
    assert names[-2:] == ["thread.run.completed", "done"]
    for name, data in again[:-1]:
        check_event(name, data)
    text = "".join(
        d["delta"]["content"][0]["text"]["value"] for n, d in again if n == "thread.message.delta"
    )
    completed = next(d for n, d in again if n == "thread.message.completed")
    assert completed["content"][0]["text"]["value"] == text


def test_the_same_request_streams_the_same_bytes(mock_http: Any) -> None:
    assistant = weather_assistant(mock_http, tools=[])
    bodies = []
    for _ in range(2):
        mock_http.post("/__mock__/reset")
        assistant = weather_assistant(mock_http, tools=[])
        body = {
            "assistant_id": assistant["id"],
            "thread": {"messages": [{"role": "user", "content": "Hello!"}]},
            "stream": True,
        }
        bodies.append(mock_http.post("/v1/threads/runs", headers=V2, json=body).content)
    assert bodies[0] == bodies[1]
