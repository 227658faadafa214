"""Shape checks and fixtures shared by the threads, messages and runs tests."""

from __future__ import annotations

import json
from typing import Any

from openai.types.beta import Thread
from openai.types.beta.threads import Message, MessageDeltaEvent, Run
from openai.types.beta.threads.runs import RunStep, RunStepDeltaEvent

from clients.weather import SEED_QUESTION, WEATHER_TOOL, get_current_weather
from tests.schema_check import validate_openapi, validate_sdk

V2 = {"OpenAI-Beta": "assistants=v2"}
# The seed's weather tool and question, and the lesson's fake weather for Boston.
WEATHER = {"type": "function", "function": dict(WEATHER_TOOL.spec()["function"])}
QUESTION = SEED_QUESTION
WEATHER_OUTPUT = json.dumps(get_current_weather("Boston, MA"))


def check_thread(data: Any) -> None:
    validate_sdk(Thread, data)
    validate_openapi("ThreadObject", data)


def check_message(data: Any) -> None:
    validate_sdk(Message, data)
    validate_openapi("MessageObject", data)


def check_run(data: Any) -> None:
    validate_sdk(Run, data)
    validate_openapi("RunObject", data)


def check_step(data: Any) -> None:
    validate_sdk(RunStep, data)
    validate_openapi("RunStepObject", data)


def check_event(name: str, data: Any) -> None:
    """One stream event's data: the SDK's type for it and the OpenAPI schema."""
    if name == "thread.created":
        check_thread(data)
    elif name == "thread.message.delta":
        validate_sdk(MessageDeltaEvent, data)
        validate_openapi("MessageDeltaObject", data)
    elif name.startswith("thread.message."):
        check_message(data)
    elif name == "thread.run.step.delta":
        validate_sdk(RunStepDeltaEvent, data)
        validate_openapi("RunStepDeltaObject", data)
    elif name.startswith("thread.run.step."):
        check_step(data)
    elif name.startswith("thread.run."):
        check_run(data)
    else:
        raise AssertionError(f"unknown event {name}")


def parse_events(body: str) -> list[tuple[str, Any]]:
    """The typed stream's frames: ``event: NAME`` then ``data: JSON`` (``[DONE]`` last)."""
    frames = [f for f in body.split("\n\n") if f]
    out = []
    for frame in frames:
        lines = frame.split("\n")
        assert len(lines) == 2 and lines[0].startswith("event: "), frame
        assert lines[1].startswith("data: "), frame
        name, data = lines[0][len("event: ") :], lines[1][len("data: ") :]
        out.append((name, data if data == "[DONE]" else json.loads(data)))
    return out


def weather_assistant(http: Any, **extra: Any) -> dict[str, Any]:
    body = {"model": "gpt-4o-mini", "instructions": "You tell the weather.", "tools": [WEATHER]}
    response = http.post("/v1/assistants", headers=V2, json={**body, **extra})
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    return data
