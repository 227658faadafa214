"""POST /v1/chat/completions through the real ``openai`` SDK and over raw HTTP: the seed's
examples, the body and chunk shapes, tools, structured outputs, logprobs and rules."""

from __future__ import annotations

import base64
import json
from typing import Any

import jsonschema
import orjson
import pytest
from pydantic import BaseModel

from mockserver import tokens
from mockserver.clock import FixedClock
from mockserver.generate.text import detect_language
from mockserver.llm.prompt_tokens import IMAGE_TOKENS
from mockserver.settings import Settings
from mockserver.testing import FROZEN_TIME
from tests.resources.chat.helpers import (
    WEATHER_TOOL,
    check_chunk,
    check_completion,
    prompt_tokens,
    sse_chunks,
)

HELLO = [
    {"role": "developer", "content": "You are a helpful assistant."},
    {"role": "user", "content": "Hello!"},
]
IMAGE = (
    "https://upload.wikimedia.org/wikipedia/commons/thumb/d/dd/Gfp-wisconsin-madison-the-"
    "nature-boardwalk.jpg/2560px-Gfp-wisconsin-madison-the-nature-boardwalk.jpg"
)


def post(mock_http: Any, **body: Any) -> dict[str, Any]:
    response = mock_http.post("/v1/chat/completions", json=body)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    check_completion(data)
    return data


def stream(mock_http: Any, **body: Any) -> list[dict[str, Any]]:
    response = mock_http.post("/v1/chat/completions", json={**body, "stream": True})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/event-stream")
    chunks = sse_chunks(response.text)
    for chunk in chunks:
        check_chunk(chunk)
    return chunks


# --- the seed's examples ---------------------------------------------------------------------


def test_seed_create_prints_an_assistant_message(openai_client: Any) -> None:
    completion = openai_client.chat.completions.create(model="gpt-4o", messages=HELLO)
    message = completion.choices[0].message
    assert message.role == "assistant"
    assert message.content and message.refusal is None and message.tool_calls is None
    assert message.annotations == []
    assert completion.object == "chat.completion"
    assert completion.id.startswith("chatcmpl-") and len(completion.id) == len("chatcmpl-") + 29
    assert completion.created == FROZEN_TIME
    assert completion.model == "gpt-4o-2024-08-06"
    assert completion.service_tier == "default"
    assert completion.system_fingerprint and completion.system_fingerprint.startswith("fp_")
    assert completion.choices[0].finish_reason == "stop"
    enc = "o200k_base"
    assert completion.usage.prompt_tokens == prompt_tokens(HELLO, enc)
    assert completion.usage.completion_tokens == tokens.count(message.content, enc)
    assert completion.usage.total_tokens == (
        completion.usage.prompt_tokens + completion.usage.completion_tokens
    )


def test_a_data_url_that_is_no_image_is_the_real_400(mock_http: Any) -> None:
    fake_png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"0" * 64).decode()
    part = {"type": "image_url", "image_url": {"url": "data:image/png;base64," + fake_png}}
    body = {"model": "gpt-4o", "messages": [{"role": "user", "content": [part]}]}
    response = mock_http.post("/v1/chat/completions", json=body)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_image_format"
    assert response.json()["error"]["message"].startswith("You uploaded an unsupported image.")


def test_seed_image_url_is_accepted_and_never_fetched(openai_client: Any) -> None:
    # No network in tests: a fetch would fail; the image only costs prompt tokens.
    response = openai_client.chat.completions.create(
        model="gpt-4o",
        messages=[
            {
                "role": "user",
                "content": [
                    {"type": "text", "text": "What's in this image?"},
                    {"type": "image_url", "image_url": {"url": IMAGE}},
                ],
            }
        ],
        max_tokens=300,
    )
    choice = response.choices[0]
    assert choice.finish_reason == "stop" and choice.index == 0 and choice.logprobs is None
    assert choice.message.content
    text_only = prompt_tokens([{"role": "user", "content": "What's in this image?"}], "o200k_base")
    assert response.usage.prompt_tokens == text_only + IMAGE_TOKENS


def test_seed_stream_prints_role_then_pieces_then_empty_delta(openai_client: Any) -> None:
    chunks = list(
        openai_client.chat.completions.create(
            model="gpt-4o",
            messages=[
                {"role": "developer", "content": "You are a helpful assistant."},
                {"role": "user", "content": "HELLO!"},
            ],
            stream=True,
        )
    )
    deltas = [c.choices[0].delta for c in chunks]
    assert deltas[0].role == "assistant" and deltas[0].content == ""
    assert all(d.role is None for d in deltas[1:])
    assert deltas[-1].content is None and chunks[-1].choices[0].finish_reason == "stop"
    pieces = [d.content for d in deltas[1:-1]]
    assert len(pieces) >= 3 and all(pieces)
    text = "".join(pieces)
    assert len(pieces) == tokens.count(text, "o200k_base")  # one token per delta
    assert len({(c.id, c.created, c.model, c.system_fingerprint) for c in chunks}) == 1


def test_seed_tool_call_for_boston(openai_client: Any) -> None:
    completion = openai_client.chat.completions.create(
        model="gpt-4o",
        messages=[{"role": "user", "content": "What's the weather like in Boston today?"}],
        tools=[WEATHER_TOOL],
        tool_choice="auto",
    )
    choice = completion.choices[0]
    assert choice.finish_reason == "tool_calls"
    assert choice.message.content is None
    (call,) = choice.message.tool_calls
    assert call.type == "function" and call.id.startswith("call_") and len(call.id) == 29
    assert call.function.name == "get_current_weather"
    assert call.function.arguments == '{"location":"Boston, MA"}'
    assert completion.usage.completion_tokens == 18  # as the seed's real output reports


def test_seed_korean_system_prompt_gets_a_korean_reply(openai_client: Any) -> None:
    response = openai_client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[
            {"role": "system", "content": "당신은 유용한 조수입니다."},
            {"role": "user", "content": "AI가 무엇인가요??"},
        ],
        temperature=0.2,
        max_tokens=150,
    )
    content = response.choices[0].message.content
    assert detect_language(content) == "ko", content
    assert response.usage.completion_tokens <= 150


def test_seed_two_question_conversation(openai_client: Any) -> None:
    context = [
        {"role": "system", "content": "당신은 유용한 조수입니다."},
        {"role": "user", "content": "지도학습은 무엇인가요?"},
    ]
    first = openai_client.chat.completions.create(
        model="gpt-4o-mini", messages=context, max_tokens=150
    )
    context.append({"role": "assistant", "content": first.choices[0].message.content})
    context.append({"role": "user", "content": "지도 학습에 대해 예제 코드를 만들어 주세요"})
    second = openai_client.chat.completions.create(model="gpt-4", messages=context, max_tokens=150)
    assert second.model == "gpt-4-0613"
    answer = second.choices[0].message.content
    assert answer and answer != first.choices[0].message.content
    assert detect_language(answer) == "ko"
    assert second.usage.prompt_tokens == prompt_tokens(context, "cl100k_base")


def test_seed_grammar_correction(openai_client: Any) -> None:
    text = "She no went to the market yesterday and buyed three apple."
    response = openai_client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[
            {"role": "system", "content": "You are a creative writer."},
            {"role": "user", "content": f"Correct the grammar: {text}"},
        ],
        temperature=0.2,
        max_tokens=150,
        top_p=1.0,
        frequency_penalty=0.0,
        presence_penalty=0.0,
    )
    content = response.choices[0].message.content
    assert content and detect_language(content) == "en"
    assert response.choices[0].finish_reason in ("stop", "length")


# --- replies -----------------------------------------------------------------------------------


def test_same_request_same_text_and_n_choices_differ(mock_http: Any) -> None:
    body = {"model": "gpt-4o", "messages": [{"role": "user", "content": "Tell me about rivers"}]}
    a, b = post(mock_http, **body), post(mock_http, **body)
    assert a["choices"] == b["choices"] and a["usage"] == b["usage"]
    assert a["id"] != b["id"]
    many = post(mock_http, **body, n=3)
    texts = [c["message"]["content"] for c in many["choices"]]
    assert [c["index"] for c in many["choices"]] == [0, 1, 2]
    assert len(set(texts)) == 3
    assert many["usage"]["completion_tokens"] == sum(tokens.count(t, "o200k_base") for t in texts)


def test_seed_parameter_changes_the_text(mock_http: Any) -> None:
    body = {"model": "gpt-4o", "messages": [{"role": "user", "content": "Tell me about rivers"}]}
    texts = {post(mock_http, **body, seed=s)["choices"][0]["message"]["content"] for s in range(6)}
    assert len(texts) > 1


def test_max_tokens_cuts_exactly_with_finish_reason_length(mock_http: Any) -> None:
    body = {"model": "gpt-4o", "messages": [{"role": "user", "content": "Explain photosynthesis"}]}
    full = post(mock_http, **body)["choices"][0]["message"]["content"]
    assert tokens.count(full, "o200k_base") > 3
    cut = post(mock_http, **body, max_completion_tokens=3)
    assert cut["choices"][0]["finish_reason"] == "length"
    assert cut["usage"]["completion_tokens"] == 3
    assert full.startswith(cut["choices"][0]["message"]["content"])


def test_stop_sequence_ends_the_text_before_it(mock_http: Any) -> None:
    body = {"model": "gpt-4o", "messages": HELLO}
    full = post(mock_http, **body)["choices"][0]["message"]["content"]
    stopped = post(mock_http, **body, stop=["!"])["choices"][0]
    assert stopped["message"]["content"] == full.split("!")[0]
    assert stopped["finish_reason"] == "stop"


def test_logprobs_have_real_tokens_and_sorted_alternatives(mock_http: Any) -> None:
    data = post(mock_http, model="gpt-4o", messages=HELLO, logprobs=True, top_logprobs=3)
    choice = data["choices"][0]
    entries = choice["logprobs"]["content"]
    assert "".join(e["token"] for e in entries) == choice["message"]["content"]
    assert len(entries) == data["usage"]["completion_tokens"]
    for e in entries:
        assert bytes(e["bytes"]).decode() == e["token"]
        assert e["logprob"] <= 0
        top = e["top_logprobs"]
        assert len(top) == 3
        assert [t["logprob"] for t in top] == sorted((t["logprob"] for t in top), reverse=True)
        assert any(t["token"] == e["token"] for t in top)
        assert sum(2.718281828 ** t["logprob"] for t in top) <= 1.0 + 1e-6


def test_logprobs_are_laid_out_as_the_body_around_them(mock_http: Any) -> None:
    # A body's logprobs are written straight as JSON (generate/logprobs_json) at their depth
    # in the body; the stored completion keeps them as objects, listed a level deeper.
    body = {"model": "gpt-4o", "messages": HELLO, "logprobs": True, "top_logprobs": 20}
    created = mock_http.post("/v1/chat/completions", json={**body, "n": 2, "store": True})
    completion_id = created.json()["id"]
    retrieved = mock_http.get(f"/v1/chat/completions/{completion_id}")
    listed = mock_http.get("/v1/chat/completions")
    for response in (created, retrieved, listed):
        assert response.status_code == 200
        assert response.content == orjson.dumps(response.json(), option=orjson.OPT_INDENT_2) + b"\n"
    assert retrieved.json()["choices"] == created.json()["choices"]
    (stored,) = (c for c in listed.json()["data"] if c["id"] == completion_id)
    assert stored["choices"] == created.json()["choices"]
    assert len(created.json()["choices"][1]["logprobs"]["content"][0]["top_logprobs"]) == 20


def test_reasoning_model_reports_reasoning_tokens(mock_http: Any) -> None:
    data = post(mock_http, model="o3-mini", messages=HELLO, reasoning_effort="low")
    usage = data["usage"]
    reasoning = usage["completion_tokens_details"]["reasoning_tokens"]
    assert reasoning > 0
    visible = tokens.count(data["choices"][0]["message"]["content"], "o200k_base")
    assert usage["completion_tokens"] == reasoning + visible


# --- tools --------------------------------------------------------------------------------------


def test_tool_choice_none_required_and_named(mock_http: Any) -> None:
    hello = [{"role": "user", "content": "Hello!"}]
    auto = post(mock_http, model="gpt-4o", messages=hello, tools=[WEATHER_TOOL])
    assert auto["choices"][0]["finish_reason"] == "stop"  # nothing to do with weather
    required = post(
        mock_http, model="gpt-4o", messages=hello, tools=[WEATHER_TOOL], tool_choice="required"
    )
    assert required["choices"][0]["finish_reason"] == "tool_calls"
    boston = [{"role": "user", "content": "What's the weather like in Boston today?"}]
    none = post(
        mock_http, model="gpt-4o", messages=boston, tools=[WEATHER_TOOL], tool_choice="none"
    )
    assert "tool_calls" not in none["choices"][0]["message"]
    other = {"type": "function", "function": {"name": "get_time", "parameters": {"type": "object"}}}
    named = post(
        mock_http,
        model="gpt-4o",
        messages=boston,
        tools=[WEATHER_TOOL, other],
        tool_choice={"type": "function", "function": {"name": "get_time"}},
    )
    (call,) = named["choices"][0]["message"]["tool_calls"]
    assert call["function"]["name"] == "get_time"


def test_parallel_calls_one_per_place(mock_http: Any) -> None:
    messages = [{"role": "user", "content": "What's the weather in Boston and in Chicago?"}]
    data = post(mock_http, model="gpt-4o", messages=messages, tools=[WEATHER_TOOL])
    calls = data["choices"][0]["message"]["tool_calls"]
    assert [json.loads(c["function"]["arguments"])["location"] for c in calls] == [
        "Boston, MA",
        "Chicago, IL",
    ]
    single = post(
        mock_http,
        model="gpt-4o",
        messages=messages,
        tools=[WEATHER_TOOL],
        parallel_tool_calls=False,
    )
    assert len(single["choices"][0]["message"]["tool_calls"]) == 1


def test_agent_loop_answers_from_tool_results(mock_http: Any) -> None:
    messages: list[dict[str, Any]] = [
        {"role": "user", "content": "What's the weather like in Boston today?"}
    ]
    first = post(mock_http, model="gpt-4o", messages=messages, tools=[WEATHER_TOOL])
    message = first["choices"][0]["message"]
    messages.append({k: message[k] for k in ("role", "content", "tool_calls")})
    result = {"location": "Boston, MA", "temperature": 22, "unit": "celsius", "forecast": "sunny"}
    call_id = message["tool_calls"][0]["id"]
    messages.append({"role": "tool", "tool_call_id": call_id, "content": json.dumps(result)})
    answer = post(mock_http, model="gpt-4o", messages=messages, tools=[WEATHER_TOOL])
    choice = answer["choices"][0]
    assert choice["finish_reason"] == "stop" and "tool_calls" not in choice["message"]
    assert "22" in choice["message"]["content"] and "Boston" in choice["message"]["content"]


def test_strict_tool_arguments_validate_against_the_schema(mock_http: Any) -> None:
    schema = {
        "type": "object",
        "properties": {
            "city": {"type": "string"},
            "days": {"type": "integer", "minimum": 1, "maximum": 7},
            "units": {"type": ["string", "null"], "enum": ["c", "f", None]},
        },
        "required": ["city", "days", "units"],
        "additionalProperties": False,
    }
    tool = {
        "type": "function",
        "function": {"name": "forecast", "parameters": schema, "strict": True},
    }
    data = post(
        mock_http,
        model="gpt-4o",
        messages=[{"role": "user", "content": "Forecast for Rome please"}],
        tools=[tool],
        tool_choice="required",
    )
    arguments = json.loads(data["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"])
    jsonschema.validate(arguments, schema)  # raises on any violation
    assert set(arguments) == {"city", "days", "units"}  # strict: every property is present
    assert arguments["city"].startswith("Rome")  # the place the user named


# --- structured outputs -----------------------------------------------------------------------


class CalendarEvent(BaseModel):
    name: str
    date: str
    participants: list[str]


def test_parse_returns_a_pydantic_instance(openai_client: Any) -> None:
    completion = openai_client.chat.completions.parse(
        model="gpt-4o-2024-08-06",
        messages=[
            {"role": "system", "content": "Extract the event information."},
            {"role": "user", "content": "Alice and Bob are going to a science fair on Friday."},
        ],
        response_format=CalendarEvent,
    )
    event = completion.choices[0].message.parsed
    assert isinstance(event, CalendarEvent)
    assert json.loads(completion.choices[0].message.content) == event.model_dump()


def test_json_schema_content_validates(mock_http: Any) -> None:
    schema = {
        "type": "object",
        "properties": {
            "steps": {"type": "array", "items": {"$ref": "#/$defs/step"}},
            "final": {"anyOf": [{"type": "string"}, {"type": "null"}]},
            "kind": {"const": "math"},
        },
        "required": ["steps", "final", "kind"],
        "additionalProperties": False,
        "$defs": {
            "step": {
                "type": "object",
                "properties": {"explanation": {"type": "string"}, "n": {"type": "number"}},
                "required": ["explanation", "n"],
                "additionalProperties": False,
            }
        },
    }
    data = post(
        mock_http,
        model="gpt-4o",
        messages=[{"role": "user", "content": "Solve 8x + 7 = -23"}],
        response_format={
            "type": "json_schema",
            "json_schema": {"name": "math", "schema": schema, "strict": True},
        },
    )
    content = json.loads(data["choices"][0]["message"]["content"])
    jsonschema.validate(content, schema)  # raises on any violation
    assert content["kind"] == "math"


def test_json_object_gives_a_json_object(mock_http: Any) -> None:
    data = post(
        mock_http,
        model="gpt-4o",
        messages=[{"role": "user", "content": "List three fruits as JSON."}],
        response_format={"type": "json_object"},
    )
    assert isinstance(json.loads(data["choices"][0]["message"]["content"]), dict)


# --- streaming --------------------------------------------------------------------------------


def test_stream_framing_usage_and_obfuscation(mock_http: Any) -> None:
    chunks = stream(
        mock_http, model="gpt-4o", messages=HELLO, stream_options={"include_usage": True}
    )
    assert all("usage" in c for c in chunks)
    assert all(c["usage"] is None for c in chunks[:-1])
    last = chunks[-1]
    assert last["choices"] == [] and last["usage"]["total_tokens"] > 0
    assert all(isinstance(c["obfuscation"], str) and c["obfuscation"] for c in chunks)
    first = chunks[0]["choices"][0]
    assert first["delta"] == {"role": "assistant", "content": "", "refusal": None}
    final = chunks[-2]["choices"][0]
    assert final["delta"] == {} and final["finish_reason"] == "stop"
    text = "".join(c["choices"][0]["delta"].get("content") or "" for c in chunks[:-1])
    assert last["usage"]["completion_tokens"] == tokens.count(text, "o200k_base")
    quiet = stream(
        mock_http, model="gpt-4o", messages=HELLO, stream_options={"include_obfuscation": False}
    )
    assert not any("obfuscation" in c or "usage" in c for c in quiet)


def test_stream_tool_call_deltas(mock_http: Any) -> None:
    messages = [{"role": "user", "content": "What's the weather like in Boston today?"}]
    chunks = stream(mock_http, model="gpt-4o", messages=messages, tools=[WEATHER_TOOL])
    head = chunks[0]["choices"][0]["delta"]
    assert head["role"] == "assistant" and head["content"] is None
    (call,) = head["tool_calls"]
    assert call["index"] == 0 and call["id"].startswith("call_") and call["type"] == "function"
    assert call["function"] == {"name": "get_current_weather", "arguments": ""}
    fragments = [c["choices"][0]["delta"]["tool_calls"][0] for c in chunks[1:-1]]
    assert all(set(f) == {"index", "function"} for f in fragments)
    arguments = "".join(f["function"]["arguments"] for f in fragments)
    assert arguments == '{"location":"Boston, MA"}'
    assert chunks[-1]["choices"][0] == {
        "index": 0,
        "delta": {},
        "logprobs": None,
        "finish_reason": "tool_calls",
    }


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"n": 2, "max_tokens": 7},
        {"tools": [WEATHER_TOOL]},
        {"logprobs": True, "top_logprobs": 2},
        {"messages": [{"role": "user", "content": "What's the weather in Boston and in Chicago?"}],
         "tools": [WEATHER_TOOL]},
        {"messages": [{"role": "user", "content": "한국의 수도에 대해 설명해 주세요"}],
         "max_tokens": 5},
    ],
)  # fmt: skip
def test_stream_helper_final_message_equals_the_plain_completion(
    openai_client: Any, extra: dict[str, Any]
) -> None:
    request = {
        "model": "gpt-4o",
        "messages": [{"role": "user", "content": "What's the weather like in Boston today?"}],
        **extra,
    }
    plain = openai_client.chat.completions.create(**request)
    with openai_client.chat.completions.stream(
        **request, stream_options={"include_usage": True}
    ) as events:
        if plain.choices[0].finish_reason == "length":
            # The helper refuses to "parse" a cut reply; its accumulated snapshot is the same.
            for _ in events:
                pass
            final: Any = events.current_completion_snapshot
        else:
            final = events.get_final_completion()
    assert final.usage == plain.usage
    assert len(final.choices) == len(plain.choices)
    for got, want in zip(final.choices, plain.choices, strict=True):
        assert got.finish_reason == want.finish_reason
        assert got.message.content == want.message.content
        assert got.message.role == want.message.role
        got_calls = [(c.function.name, c.function.arguments) for c in got.message.tool_calls or []]
        want_calls = [
            (c.function.name, c.function.arguments) for c in want.message.tool_calls or []
        ]
        assert got_calls == want_calls
        if want.logprobs is not None:
            assert got.logprobs.content == want.logprobs.content


# --- scripted rules ---------------------------------------------------------------------------

RULES = (
    {"match": {"contains": "ping"}, "reply": {"content": "pong"}},
    {
        "match": {"regex": "(?i)paris", "tools": True},
        "reply": {"tool_calls": [{"name": "get_current_weather", "arguments": {"location": "P"}}]},
    },
    {"match": {"contains": "explode"}, "error": {"status": 429, "message": "Slow down."}},
)


@pytest.fixture
def mock_settings() -> Settings:
    return Settings(seed=0, clock=FixedClock(FROZEN_TIME), rules=RULES)


def test_rules_override_the_generated_reply(mock_http: Any) -> None:
    data = post(mock_http, model="gpt-4o", messages=[{"role": "user", "content": "ping"}])
    assert data["choices"][0]["message"]["content"] == "pong"
    paris = [{"role": "user", "content": "Weather in Paris?"}]
    data = post(mock_http, model="gpt-4o", messages=paris, tools=[WEATHER_TOOL])
    call = data["choices"][0]["message"]["tool_calls"][0]["function"]
    assert call == {"name": "get_current_weather", "arguments": '{"location":"P"}'}
    response = mock_http.post(
        "/v1/chat/completions",
        json={"model": "gpt-4o", "messages": [{"role": "user", "content": "explode"}]},
    )
    assert response.status_code == 429
    assert response.json()["error"]["message"] == "Slow down."


def test_repeated_identical_requests_get_new_ids_and_the_same_reply(mock_http: Any) -> None:
    body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Name a colour."}]}
    first, second = post(mock_http, **body), post(mock_http, **body)
    assert first["id"] != second["id"]
    assert first["choices"] == second["choices"] and first["usage"] == second["usage"]
    # A rule added later still wins over a remembered reply.
    added = mock_http.post(
        "/__mock__/rules", json={"match": {"contains": "colour"}, "reply": {"content": "Teal."}}
    )
    assert added.status_code == 200
    assert post(mock_http, **body)["choices"][0]["message"]["content"] == "Teal."


def test_tool_calls_are_never_replayed_with_old_ids(mock_http: Any) -> None:
    body = {
        "model": "gpt-4o",
        "tools": [WEATHER_TOOL],
        "messages": [{"role": "user", "content": "What's the weather like in Boston today?"}],
    }
    ids = {
        post(mock_http, **body)["choices"][0]["message"]["tool_calls"][0]["id"] for _ in range(3)
    }
    assert len(ids) == 3


def test_a_remembered_reply_is_written_byte_for_byte_as_a_fresh_one(mock_http: Any) -> None:
    body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "Name a tree."}]}
    first = mock_http.post("/v1/chat/completions", json=body)
    second = mock_http.post("/v1/chat/completions", json=body)
    assert second.status_code == 200 and second.headers["content-type"] == "application/json"
    expected = {**first.json(), "id": second.json()["id"]}
    assert second.content == json.dumps(expected, indent=2, ensure_ascii=False).encode() + b"\n"
