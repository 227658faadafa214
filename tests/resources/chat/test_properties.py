"""Properties over generated requests: usage arithmetic, exact length cuts, schema-valid tool
arguments and structured outputs, determinism; and 4xx (never 5xx) for generated bad input."""

from __future__ import annotations

import json
from typing import Any

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.testclient import TestClient

from mockserver import tokens
from mockserver.app import create_app
from mockserver.clock import FixedClock
from mockserver.settings import Settings
from tests import strategies
from tests.conftest import AUTH
from tests.resources.chat.helpers import check_chunk, check_completion, prompt_tokens, sse_chunks

# One app for every example: hypothesis examples must not share function-scoped fixtures.
CLIENT = TestClient(
    create_app(Settings(seed=0, clock=FixedClock(1_700_000_000))),
    base_url="http://mock",
    headers=AUTH,
)
SETTINGS = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])

words = st.sampled_from(
    ["weather", "Boston", "river", "인공지능", "학습", "hello", "code", "Paris", "why", "json", "!"]
)
texts = st.lists(words, min_size=1, max_size=8).map(" ".join)
models = st.sampled_from(["gpt-4o", "gpt-4o-mini", "gpt-4", "gpt-3.5-turbo", "gpt-4.1-nano"])
messages = st.lists(
    st.fixed_dictionaries(
        {"role": st.sampled_from(["user", "system", "developer"]), "content": texts}
    ),
    min_size=1,
    max_size=4,
).map(lambda ms: [*ms, {"role": "user", "content": ms[-1]["content"]}])


def post(body: dict[str, Any]) -> Any:
    return CLIENT.post("/v1/chat/completions", json=body)


@SETTINGS
@given(
    model=models,
    messages=messages,
    n=st.integers(1, 3),
    limit=st.none() | st.integers(1, 40),
    seed=st.none() | st.integers(0, 2**31),
)
def test_usage_arithmetic_length_cut_and_determinism(
    model: str, messages: list[dict[str, Any]], n: int, limit: int | None, seed: int | None
) -> None:
    body: dict[str, Any] = {"model": model, "messages": messages, "n": n}
    if limit is not None:
        body["max_tokens"] = limit
    if seed is not None:
        body["seed"] = seed
    first, again = post(body), post(body)
    assert first.status_code == 200, first.text
    data = first.json()
    check_completion(data)
    assert data["choices"] == again.json()["choices"]
    enc = (
        "o200k_base" if model.startswith("gpt-4o") or model.startswith("gpt-4.1") else "cl100k_base"
    )
    usage = data["usage"]
    assert usage["prompt_tokens"] == prompt_tokens(messages, enc)
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]
    spent = 0
    for choice in data["choices"]:
        content = choice["message"]["content"]
        if choice["finish_reason"] == "length":
            assert limit is not None
            spent += limit
        else:
            assert choice["finish_reason"] == "stop"
            count = tokens.count(content, enc)
            assert limit is None or count <= limit
            spent += count
    assert usage["completion_tokens"] == spent


@SETTINGS
@given(messages=messages, limit=st.none() | st.integers(1, 12), n=st.integers(1, 2))
def test_stream_carries_the_same_text_as_the_plain_reply(
    messages: list[dict[str, Any]], limit: int | None, n: int
) -> None:
    body: dict[str, Any] = {"model": "gpt-4o-mini", "messages": messages, "n": n}
    if limit is not None:
        body["max_completion_tokens"] = limit
    plain = post(body).json()
    streamed = post({**body, "stream": True, "stream_options": {"include_usage": True}})
    chunks = sse_chunks(streamed.text)
    for chunk in chunks:
        check_chunk(chunk)
    assert chunks[-1]["usage"] == plain["usage"]
    for choice in plain["choices"]:
        parts = [
            c["choices"][0]["delta"].get("content") or ""
            for c in chunks
            if c["choices"] and c["choices"][0]["index"] == choice["index"]
        ]
        assert "".join(parts) == choice["message"]["content"]


# Schemas for tool parameters and structured outputs, strict-mode compatible.
leaf = st.sampled_from(
    [
        {"type": "string"},
        {"type": "integer", "minimum": 0, "maximum": 10},
        {"type": "number"},
        {"type": "boolean"},
        {"type": "string", "enum": ["red", "green", "blue"]},
        {"type": ["string", "null"]},
        {"anyOf": [{"type": "integer"}, {"type": "null"}]},
        {"type": "array", "items": {"type": "string"}},
    ]
)


def _object(props: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": props,
        "required": list(props),
        "additionalProperties": False,
    }


names = st.text("abcdefghij_", min_size=1, max_size=8)
schemas = st.recursive(
    leaf,
    lambda inner: st.dictionaries(names, inner, min_size=1, max_size=3).map(_object),
    max_leaves=6,
).map(lambda s: s if s.get("type") == "object" else _object({"value": s}))


@SETTINGS
@given(schema=schemas, strict=st.booleans(), text=texts)
def test_tool_arguments_and_structured_outputs_validate(
    schema: dict[str, Any], strict: bool, text: str
) -> None:
    tool = {"type": "function", "function": {"name": "act", "parameters": schema, "strict": strict}}
    user = [{"role": "user", "content": text}]
    called = post({"model": "gpt-4o", "messages": user, "tools": [tool], "tool_choice": "required"})
    assert called.status_code == 200, called.text
    check_completion(called.json())
    for call in called.json()["choices"][0]["message"]["tool_calls"]:
        jsonschema.validate(json.loads(call["function"]["arguments"]), schema)
    rf = {"type": "json_schema", "json_schema": {"name": "out", "schema": schema, "strict": strict}}
    shaped = post({"model": "gpt-4o", "messages": user, "response_format": rf})
    assert shaped.status_code == 200, shaped.text
    check_completion(shaped.json())
    jsonschema.validate(json.loads(shaped.json()["choices"][0]["message"]["content"]), schema)


# Invalid requests: a valid base with one field replaced by something wrong.
json_values = strategies.json_values(small_numbers=True)
fields = st.sampled_from(
    [
        "model", "messages", "temperature", "top_p", "n", "max_tokens", "max_completion_tokens",
        "stop", "presence_penalty", "logit_bias", "logprobs", "top_logprobs", "response_format",
        "tools", "tool_choice", "parallel_tool_calls", "stream_options", "service_tier",
        "metadata", "seed", "user", "modalities", "prediction", "reasoning_effort", "bogus",
    ]
)  # fmt: skip
message_values = st.lists(
    st.dictionaries(st.sampled_from(["role", "content", "name", "tool_call_id", "tool_calls"]),
                    json_values | st.sampled_from(["user", "tool", "assistant"]), max_size=3),
    max_size=3,
)  # fmt: skip


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(field=fields, value=json_values, msgs=message_values, stream=st.booleans())
def test_generated_bad_requests_get_4xx_envelopes_never_5xx(
    field: str, value: Any, msgs: list[Any], stream: bool
) -> None:
    body: dict[str, Any] = {"model": "gpt-4o", "messages": [{"role": "user", "content": "hi"}]}
    body[field] = value
    if field == "messages" and value is None:
        body["messages"] = msgs
    body["stream"] = stream
    response = post(body)
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        error = response.json()["error"]
        assert set(error) == {"message", "type", "param", "code"}
        assert isinstance(error["message"], str) and error["message"]
