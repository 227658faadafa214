"""Chat completions with tools and structured outputs: tool calls valid against the function
schema (whole and streamed), tool results, ``json_schema`` and ``json_object`` formats."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest
from openai.types.chat import ChatCompletion

from . import checks, golden
from .target import Target
from .test_chat import COMPONENT, ENDPOINT
from .test_chat_stream import stream

WEATHER = json.loads(
    (golden.ROOT / "seed" / "get_current_weather.json").read_text(encoding="utf-8")
)
ASK = [{"role": "user", "content": "What's the weather like in Boston today?"}]
PERSON = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "age": {"type": "integer"},
        "hobbies": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["name", "age", "hobbies"],
    "additionalProperties": False,
}


def at(feature: str) -> pytest.MarkDecorator:
    return pytest.mark.conformance(ENDPOINT, feature)


def create(target: Target, **body: Any) -> dict[str, Any]:
    body.setdefault("model", target.models.chat)
    body.setdefault("max_tokens", 100)
    data: dict[str, Any] = checks.expect_json(
        target.post("/chat/completions", body), ChatCompletion, COMPONENT
    )
    return data


def check_call(call: dict[str, Any], tools: list[dict[str, Any]]) -> dict[str, Any]:
    assert call["type"] == "function", call
    assert call["id"] and call["id"].startswith("call_"), f"tool call id {call['id']!r}"
    functions = {t["function"]["name"]: t["function"] for t in tools}
    name = call["function"]["name"]
    assert name in functions, f"called {name!r}, not one of {sorted(functions)}"
    try:
        arguments = json.loads(call["function"]["arguments"])
    except ValueError as exc:
        raise AssertionError(f"arguments are not JSON: {call['function']['arguments']!r}") from exc
    jsonschema.validate(arguments, functions[name]["parameters"])
    return arguments  # type: ignore[no-any-return]


@at("tool calls")
def test_tool_call_valid_against_the_function_schema(target: Target) -> None:
    data = create(target, messages=ASK, tools=[WEATHER], tool_choice="auto")
    choice = data["choices"][0]
    assert choice["finish_reason"] == "tool_calls", choice["finish_reason"]
    message = choice["message"]
    assert message["tool_calls"], "no tool_calls"
    assert message["content"] is None, f"content next to tool calls: {message['content']!r}"
    for call in message["tool_calls"]:
        check_call(call, [WEATHER])


@at("tool calls")
def test_tool_definitions_cost_what_the_real_api_charges(target: Target) -> None:
    # The seed's notes print prompt_tokens=80 for this very request on gpt-4o. gpt-4o-mini
    # shares its tokenizer (o200k_base) and the way tools are written into the prompt.
    data = create(target, messages=ASK, tools=[WEATHER], tool_choice="auto")
    assert data["usage"]["prompt_tokens"] == 80, f"prompt_tokens {data['usage']['prompt_tokens']}"


@at("tool calls")
def test_forced_tool_choice(target: Target) -> None:
    forced = {"type": "function", "function": {"name": "get_current_weather"}}
    data = create(
        target,
        messages=[{"role": "user", "content": "Tell me about Paris."}],
        tools=[WEATHER],
        tool_choice=forced,
    )
    choice = data["choices"][0]
    calls = choice["message"]["tool_calls"]
    assert calls and calls[0]["function"]["name"] == "get_current_weather"
    check_call(calls[0], [WEATHER])
    # the real API reports "stop" when the caller named the function
    assert choice["finish_reason"] == "stop", choice["finish_reason"]


@at("tool calls")
def test_tool_choice_none_gives_text(target: Target) -> None:
    data = create(target, messages=ASK, tools=[WEATHER], tool_choice="none", max_tokens=20)
    message = data["choices"][0]["message"]
    assert not message.get("tool_calls"), message
    assert isinstance(message["content"], str)


@at("tool calls")
def test_tool_result_turn(target: Target) -> None:
    first = create(target, messages=ASK, tools=[WEATHER], tool_choice="required")
    calls = first["choices"][0]["message"]["tool_calls"]
    assert calls, "tool_choice=required gave no tool call"
    messages = [
        *ASK,
        {"role": "assistant", "content": None, "tool_calls": calls},
        *[
            {"role": "tool", "tool_call_id": c["id"], "content": '{"temperature": 22}'}
            for c in calls
        ],
    ]
    data = create(target, messages=messages, tools=[WEATHER], max_tokens=40)
    choice = data["choices"][0]
    assert isinstance(choice["message"]["content"], str) and choice["message"]["content"]
    assert choice["finish_reason"] in {"stop", "length"}


@at("tool calls streaming")
def test_streamed_tool_call_assembles_to_valid_json(target: Target) -> None:
    chunks = stream(target, messages=ASK, tools=[WEATHER], tool_choice="required", max_tokens=100)
    calls = checks.assemble_tool_calls(chunks)
    assert calls, "no tool call deltas"
    for call in calls:
        assert call["id"], "a streamed tool call never got its id"
        check_call(
            {
                "id": call["id"],
                "type": call["type"],
                "function": {"name": call["name"], "arguments": call["arguments"]},
            },
            [WEATHER],
        )
    reasons = [c["choices"][0]["finish_reason"] for c in chunks if c["choices"]]
    assert reasons[-1] == "tool_calls", reasons


@at("structured outputs")
def test_json_schema_response_format(target: Target) -> None:
    data = create(
        target,
        messages=[{"role": "user", "content": "Invent a person with two hobbies."}],
        response_format={
            "type": "json_schema",
            "json_schema": {"name": "person", "strict": True, "schema": PERSON},
        },
        max_tokens=200,
    )
    message = data["choices"][0]["message"]
    assert message["refusal"] is None, message["refusal"]
    try:
        value = json.loads(message["content"])
    except (TypeError, ValueError) as exc:
        raise AssertionError(f"content is not JSON: {message['content']!r}") from exc
    jsonschema.validate(value, PERSON)


@at("structured outputs")
def test_json_object_response_format(target: Target) -> None:
    data = create(
        target,
        messages=[{"role": "user", "content": "Give me a JSON object describing a cat."}],
        response_format={"type": "json_object"},
        max_tokens=100,
    )
    value = json.loads(data["choices"][0]["message"]["content"])
    assert isinstance(value, dict), value
