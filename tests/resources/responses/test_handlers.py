"""POST /v1/responses through the real ``openai`` SDK and over raw HTTP: the response object,
input items, tools, reasoning, structured output, and the same reply chat completions plans."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from mockserver import tokens
from mockserver.testing import FROZEN_TIME
from tests.conftest import envelope
from tests.resources.chat.helpers import check_completion, prompt_tokens
from tests.resources.responses.helpers import WEATHER, check_response, create

STORY = "Tell me a three sentence bedtime story about a unicorn."
IMAGE = "https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg"


def chat(mock_http: Any, **body: Any) -> dict[str, Any]:
    response = mock_http.post("/v1/chat/completions", json=body)
    assert response.status_code == 200, response.text
    data: dict[str, Any] = response.json()
    check_completion(data)
    return data


def test_a_string_input_gets_a_completed_response_with_output_text(openai_client: Any) -> None:
    response = openai_client.responses.create(model="gpt-4o", input=STORY)
    assert response.object == "response" and response.status == "completed"
    assert response.id.startswith("resp_") and len(response.id) == len("resp_") + 48
    assert response.created_at == FROZEN_TIME and response.completed_at == FROZEN_TIME
    assert response.model == "gpt-4o-2024-08-06"
    (message,) = response.output
    assert message.type == "message" and message.role == "assistant"
    assert message.id.startswith("msg_") and message.status == "completed"
    (part,) = message.content
    assert part.type == "output_text" and part.annotations == []
    assert response.output_text == part.text and part.text
    assert response.error is None and response.incomplete_details is None
    assert response.tools == [] and response.tool_choice == "auto"
    assert response.parallel_tool_calls is True
    assert response.temperature == 1.0 and response.top_p == 1.0
    assert response.text is not None and response.text.format.type == "text"
    assert response.reasoning is not None and response.reasoning.effort is None
    assert response.service_tier == "default" and response.metadata == {}
    usage = response.usage
    assert usage.input_tokens == prompt_tokens([{"role": "user", "content": STORY}], "o200k_base")
    assert usage.output_tokens == tokens.count(part.text, "o200k_base")
    assert usage.total_tokens == usage.input_tokens + usage.output_tokens
    assert usage.input_tokens_details.cached_tokens == 0
    assert usage.output_tokens_details.reasoning_tokens == 0


def test_store_defaults_to_true_and_is_echoed(mock_http: Any) -> None:
    assert create(mock_http, model="gpt-4o", input="Hi")["store"] is True
    assert create(mock_http, model="gpt-4o", input="Hi", store=False)["store"] is False


def test_the_same_request_gets_the_same_bytes(mock_http: Any) -> None:
    body = {"model": "gpt-4o", "input": STORY}
    first = mock_http.post("/v1/responses", json=body).json()
    second = mock_http.post("/v1/responses", json=body).json()
    assert first["output"][0]["content"] == second["output"][0]["content"]
    assert first["id"] != second["id"]


def test_instructions_and_message_items_are_the_conversation(mock_http: Any) -> None:
    items = [
        {"role": "system", "content": "Be brief."},
        {"type": "message", "role": "user", "content": [{"type": "input_text", "text": "Hi"}]},
        {"role": "assistant", "content": [{"type": "output_text", "text": "Hello!"}]},
        {"role": "developer", "content": "Answer in English."},
        {"role": "user", "content": "Tell me about rivers."},
    ]
    body = create(mock_http, model="gpt-4o", instructions="You are a guide.", input=items)
    assert body["instructions"] == "You are a guide."
    assert body["output"][0]["content"][0]["text"]


def test_an_image_by_url_and_by_data_url_is_accepted(mock_http: Any) -> None:
    png = (
        "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"
        "+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
    )
    question = [{"type": "input_text", "text": "What is in this image?"}]
    alone = create(mock_http, model="gpt-4o", input=[{"role": "user", "content": question}])
    for url in (IMAGE, png):
        content = [*question, {"type": "input_image", "image_url": url}]
        body = create(mock_http, model="gpt-4o", input=[{"role": "user", "content": content}])
        assert body["status"] == "completed" and body["output"], body
        # The picture is read as input: it costs tokens beyond the question's.
        assert body["usage"]["input_tokens"] > alone["usage"]["input_tokens"], url


def test_max_output_tokens_cuts_the_reply_and_marks_it_incomplete(openai_client: Any) -> None:
    response = openai_client.responses.create(model="gpt-4o", input=STORY, max_output_tokens=16)
    assert response.status == "incomplete"
    assert response.incomplete_details.reason == "max_output_tokens"
    assert response.completed_at is None and response.max_output_tokens == 16
    assert response.output[0].status == "incomplete"
    assert response.usage.output_tokens == 16


def test_a_function_tool_is_called_with_a_call_id(mock_http: Any) -> None:
    body = create(
        mock_http, model="gpt-4o", input="What is the weather like in Paris today?", tools=[WEATHER]
    )
    (call,) = body["output"]
    assert call["type"] == "function_call" and call["name"] == "get_weather"
    assert call["call_id"].startswith("call_") and call["id"].startswith("fc_")
    assert json.loads(call["arguments"]) == {"location": "Paris, France"}
    assert body["tools"] == [WEATHER]


def test_a_function_call_and_its_output_passed_back_get_an_answer(mock_http: Any) -> None:
    first = create(mock_http, model="gpt-4o", input="Weather in Paris?", tools=[WEATHER])
    (call,) = first["output"]
    items = [
        {"role": "user", "content": "Weather in Paris?"},
        {k: call[k] for k in ("type", "id", "call_id", "name", "arguments")},
        {"type": "function_call_output", "call_id": call["call_id"], "output": '{"temp": 21}'},
    ]
    second = create(mock_http, model="gpt-4o", input=items, tools=[WEATHER])
    (message,) = second["output"]
    assert message["type"] == "message" and "21" in message["content"][0]["text"]


def test_tool_choice_none_and_a_named_function(mock_http: Any) -> None:
    ask = "What is the weather like in Paris today?"
    none = create(mock_http, model="gpt-4o", input=ask, tools=[WEATHER], tool_choice="none")
    assert none["output"][0]["type"] == "message"
    named = {"type": "function", "name": "get_weather"}
    forced = create(mock_http, model="gpt-4o", input="Hi", tools=[WEATHER], tool_choice=named)
    assert forced["output"][0]["type"] == "function_call" and forced["tool_choice"] == named


def test_a_non_strict_schema_is_echoed_with_strict_false(mock_http: Any) -> None:
    loose = {"type": "function", "name": "f", "parameters": {"type": "object", "properties": {}}}
    body = create(mock_http, model="gpt-4o", input="Hi", tools=[loose])
    assert body["tools"][0]["strict"] is False


def test_a_reasoning_model_returns_a_reasoning_item_with_its_summary(mock_http: Any) -> None:
    body = create(
        mock_http,
        model="o3",
        input="Hi",
        reasoning={"effort": "low", "summary": "auto"},
        include=["reasoning.encrypted_content"],
    )
    reasoning, message = body["output"]
    assert reasoning["type"] == "reasoning" and reasoning["id"].startswith("rs_")
    assert reasoning["summary"][0]["type"] == "summary_text" and reasoning["summary"][0]["text"]
    assert reasoning["encrypted_content"].startswith("gAAAAA")
    assert message["type"] == "message"
    assert body["reasoning"] == {"effort": "low", "summary": "auto"}
    assert body["usage"]["output_tokens_details"]["reasoning_tokens"] > 0
    plain = create(mock_http, model="o3", input="Hi")
    assert plain["output"][0]["summary"] == [] and "encrypted_content" not in plain["output"][0]
    assert plain["reasoning"]["effort"] == "medium"


def test_json_schema_text_format_and_responses_parse(openai_client: Any) -> None:
    class Event(BaseModel):
        name: str
        date: str
        participants: list[str]

    response = openai_client.responses.parse(
        model="gpt-4o",
        instructions="Extract the event information.",
        input="Alice and Bob are going to a science fair on Friday.",
        text_format=Event,
    )
    assert isinstance(response.output_parsed, Event)
    assert response.text.format.type == "json_schema" and response.text.format.strict is True


def test_json_object_text_format(mock_http: Any) -> None:
    body = create(
        mock_http, model="gpt-4o", input="Reply in JSON.", text={"format": {"type": "json_object"}}
    )
    assert isinstance(json.loads(body["output"][0]["content"][0]["text"]), dict)


def test_a_pydantic_function_tool_is_parsed(openai_client: Any) -> None:
    from openai import pydantic_function_tool

    class GetWeather(BaseModel):
        location: str

    fn = pydantic_function_tool(GetWeather)["function"]
    response = openai_client.responses.parse(
        model="gpt-4o", input="What's the weather in Paris?", tools=[{"type": "function", **fn}]
    )
    (call,) = response.output
    assert call.parsed_arguments == {"location": "Paris, France"}


def test_logprobs_are_included_when_asked(mock_http: Any) -> None:
    body = create(
        mock_http,
        model="gpt-4o",
        input="Hi",
        top_logprobs=2,
        include=["message.output_text.logprobs"],
    )
    logprobs = body["output"][0]["content"][0]["logprobs"]
    assert logprobs and len(logprobs[0]["top_logprobs"]) == 2 and body["top_logprobs"] == 2


def test_echoed_parameters(mock_http: Any) -> None:
    body = create(
        mock_http,
        model="gpt-4o",
        input="Hi",
        metadata={"k": "v"},
        temperature=0.5,
        top_p=0.9,
        service_tier="auto",
        prompt_cache_key="key",
        safety_identifier="user-1",
        user="u",
        truncation="auto",
        parallel_tool_calls=False,
        max_tool_calls=3,
        text={"verbosity": "low"},
    )
    assert body["metadata"] == {"k": "v"} and body["temperature"] == 0.5 and body["top_p"] == 0.9
    assert body["service_tier"] == "default" and body["prompt_cache_key"] == "key"
    assert body["safety_identifier"] == "user-1" and body["user"] == "u"
    assert body["truncation"] == "auto" and body["parallel_tool_calls"] is False
    assert body["max_tool_calls"] == 3 and body["text"]["verbosity"] == "low"


def test_a_responses_only_model_is_served(mock_http: Any) -> None:
    for model in ("gpt-5.2-pro", "gpt-5.1-codex"):
        body = create(mock_http, model=model, input="Hi")
        # Answered by that model (an alias names its snapshot), with a reply.
        assert body["model"].startswith(model) and body["status"] == "completed", body
        assert body["output"][-1]["content"][0]["text"]


# --- one planner for chat and Responses ------------------------------------------------------


def test_the_same_conversation_gets_the_same_text_as_chat(mock_http: Any) -> None:
    answer = chat(
        mock_http,
        model="gpt-4o",
        messages=[
            {"role": "developer", "content": "You are a guide."},
            {"role": "user", "content": STORY},
        ],
    )
    body = create(mock_http, model="gpt-4o", instructions="You are a guide.", input=STORY)
    assert body["output"][0]["content"][0]["text"] == answer["choices"][0]["message"]["content"]
    assert body["usage"]["input_tokens"] == answer["usage"]["prompt_tokens"]
    assert body["usage"]["output_tokens"] == answer["usage"]["completion_tokens"]


def test_the_same_tools_get_the_same_calls_as_chat(mock_http: Any) -> None:
    ask = "What is the weather like in Paris and in Tokyo?"
    fn = {k: WEATHER[k] for k in ("name", "description", "parameters", "strict")}
    answer = chat(
        mock_http,
        model="gpt-4o",
        messages=[{"role": "user", "content": ask}],
        tools=[{"type": "function", "function": fn}],
    )
    body = create(mock_http, model="gpt-4o", input=ask, tools=[WEATHER])
    chat_calls = [
        (c["function"]["name"], c["function"]["arguments"])
        for c in answer["choices"][0]["message"]["tool_calls"]
    ]
    assert [(i["name"], i["arguments"]) for i in body["output"]] == chat_calls
    assert body["usage"]["input_tokens"] == answer["usage"]["prompt_tokens"]


def test_the_same_schema_gets_the_same_structured_output_as_chat(mock_http: Any) -> None:
    schema = {
        "type": "object",
        "properties": {"city": {"type": "string"}, "days": {"type": "integer"}},
        "required": ["city", "days"],
        "additionalProperties": False,
    }
    ask = "Plan a trip to Rome for three days."
    answer = chat(
        mock_http,
        model="gpt-4o",
        messages=[{"role": "user", "content": ask}],
        response_format={
            "type": "json_schema",
            "json_schema": {"name": "trip", "schema": schema, "strict": True},
        },
    )
    body = create(
        mock_http,
        model="gpt-4o",
        input=ask,
        text={"format": {"type": "json_schema", "name": "trip", "schema": schema, "strict": True}},
    )
    text = body["output"][0]["content"][0]["text"]
    assert text == answer["choices"][0]["message"]["content"]
    check_response(body)


# --- input tokens ----------------------------------------------------------------------------


def test_input_tokens_counts_what_create_would(openai_client: Any, mock_http: Any) -> None:
    from openai.types.responses import InputTokenCountResponse

    from tests.schema_check import validate_sdk

    body = {"model": "gpt-4o", "instructions": "Be brief.", "input": STORY, "tools": [WEATHER]}
    counted = mock_http.post("/v1/responses/input_tokens", json=body).json()
    validate_sdk(InputTokenCountResponse, counted)
    assert counted["object"] == "response.input_tokens"
    assert counted["input_tokens"] == create(mock_http, **body)["usage"]["input_tokens"]
    sdk = openai_client.responses.input_tokens.count(model="gpt-4o", input="Hello")
    assert sdk.input_tokens == prompt_tokens([{"role": "user", "content": "Hello"}], "o200k_base")
    bad = mock_http.post("/v1/responses/input_tokens", json={"input": "Hi", "stream": True})
    assert bad.status_code == 400


def test_input_items_of_the_wrong_nested_shape_get_the_real_400(mock_http: Any) -> None:
    # Found by make fuzz (through input_tokens, which needs no model): checked to the bottom.
    call = {"type": "function_call", "call_id": "c", "name": "f", "arguments": "{}",
            "caller": {"type": "program"}}  # fmt: skip
    image = {"type": "input_image", "image_url": "https://example.com/a.png", "detail": None,
             "prompt_cache_breakpoint": {}}  # fmt: skip
    phase = {"role": "assistant", "content": "Hi", "phase": "thinking"}
    for path in ("/v1/responses", "/v1/responses/input_tokens"):
        response = mock_http.post(path, json={"model": "gpt-4o", "input": [phase]})
        assert envelope(response)["param"] == "input[0].phase", response.text
    for item, param in [
        (call, "input[0].caller.caller_id"),
        ({"type": "message", "role": "user", "content": [image]},
         "input[0].content[0].prompt_cache_breakpoint.mode"),
    ]:  # fmt: skip
        for path in ("/v1/responses", "/v1/responses/input_tokens"):
            response = mock_http.post(path, json={"model": "gpt-4o", "input": [item]})
            assert response.status_code == 400, (path, response.text)
            error = envelope(response)
            assert error["param"] == param
            assert error["message"] == f"Missing required parameter: '{param}'."
