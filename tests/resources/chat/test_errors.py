"""The real API's 4xx answers to bad chat requests, case by case: status, type, param, code and
message, in the order the API checks them."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import envelope
from tests.resources.chat.helpers import WEATHER_TOOL

USER = [{"role": "user", "content": "Hello!"}]
IMAGE_PART = {"type": "image_url", "image_url": {"url": "https://example.com/a.png"}}
ASSISTANT_CALL = {
    "role": "assistant",
    "content": None,
    "tool_calls": [
        {"id": "call_1", "type": "function", "function": {"name": "f", "arguments": "{}"}}
    ],
}
NOT_STRICT = {"type": "object", "properties": {"a": {"type": "string"}}}
INVALID = "invalid_request_error"

# (id, body, status, param, code, message)
CASES: list[tuple[str, dict[str, Any], int, str | None, str | None, str]] = [
    ("no model", {"messages": USER}, 400, None, None, "you must provide a model parameter"),
    (
        "unknown model",
        {"model": "gpt-9", "messages": USER},
        404,
        None,
        "model_not_found",
        "The model `gpt-9` does not exist or you do not have access to it.",
    ),
    (
        "completions model",
        {"model": "gpt-3.5-turbo-instruct", "messages": USER},
        404,
        "model",
        None,
        "This is not a chat model and thus not supported in the v1/chat/completions endpoint. "
        "Did you mean to use v1/completions?",
    ),
    (
        "unknown argument",
        {"model": "gpt-4o", "messages": USER, "foo": 1},
        400,
        None,
        None,
        "Unrecognized request argument supplied: foo",
    ),
    (
        "no messages",
        {"model": "gpt-4o"},
        400,
        "messages",
        "missing_required_parameter",
        "Missing required parameter: 'messages'.",
    ),
    (
        "empty messages",
        {"model": "gpt-4o", "messages": []},
        400,
        "messages",
        "empty_array",
        "Invalid 'messages': empty array. Expected an array with minimum length 1, but got an "
        "empty array instead.",
    ),
    (
        "bad role",
        {"model": "gpt-4o", "messages": [{"role": "bot", "content": "x"}]},
        400,
        "messages[0].role",
        "invalid_value",
        "Invalid value: 'bot'. Supported values are: 'system', 'assistant', 'user', 'function', "
        "'tool', and 'developer'.",
    ),
    (
        "no content",
        {"model": "gpt-4o", "messages": [{"role": "user"}]},
        400,
        "messages[0].content",
        "missing_required_parameter",
        "Missing required parameter: 'messages[0].content'.",
    ),
    (
        "bad part type",
        {"model": "gpt-4o", "messages": [{"role": "user", "content": [{"type": "video"}]}]},
        400,
        "messages[0].content[0].type",
        "invalid_value",
        "Invalid value: 'video'. Supported values are: 'text', 'image_url', 'input_audio', and "
        "'file'.",
    ),
    (
        "image on a text-only model",
        {"model": "gpt-3.5-turbo", "messages": [{"role": "user", "content": [IMAGE_PART]}]},
        400,
        "messages.[0].content.[0].type",
        None,
        "Invalid content type. image_url is only supported by certain models.",
    ),
    (
        "tool message without a call",
        {
            "model": "gpt-4o",
            "messages": [*USER, {"role": "tool", "tool_call_id": "call_1", "content": "x"}],
        },
        400,
        "messages.[1].role",
        None,
        "Invalid parameter: messages with role 'tool' must be a response to a preceeding message "
        "with 'tool_calls'.",
    ),
    (
        "unanswered tool call",
        {"model": "gpt-4o", "messages": [*USER, ASSISTANT_CALL, *USER]},
        400,
        "messages.[1].role",
        None,
        "An assistant message with 'tool_calls' must be followed by tool messages responding to "
        "each 'tool_call_id'. The following tool_call_ids did not have response messages: call_1",
    ),
    (
        "temperature",
        {"model": "gpt-4o", "messages": USER, "temperature": 2.5},
        400,
        "temperature",
        "decimal_above_max_value",
        "Invalid 'temperature': decimal above maximum value. Expected a value <= 2, but got 2.5 "
        "instead.",
    ),
    (
        "top_p",
        {"model": "gpt-4o", "messages": USER, "top_p": -0.5},
        400,
        "top_p",
        "decimal_below_min_value",
        "Invalid 'top_p': decimal below minimum value. Expected a value >= 0, but got -0.5 "
        "instead.",
    ),
    (
        "n",
        {"model": "gpt-4o", "messages": USER, "n": 129},
        400,
        "n",
        "integer_above_max_value",
        "Invalid 'n': integer above maximum value. Expected a value <= 128, but got 129 instead.",
    ),
    (
        "presence_penalty",
        {"model": "gpt-4o", "messages": USER, "presence_penalty": -3},
        400,
        "presence_penalty",
        "decimal_below_min_value",
        "Invalid 'presence_penalty': decimal below minimum value. Expected a value >= -2, but "
        "got -3 instead.",
    ),
    (
        "stop: too many",
        {"model": "gpt-4o", "messages": USER, "stop": ["a", "b", "c", "d", "e"]},
        400,
        "stop",
        "array_above_max_length",
        "Invalid 'stop': array too long. Expected an array with maximum length 4, but got an "
        "array with length 5 instead.",
    ),
    (
        "max_tokens type",
        {"model": "gpt-4o", "messages": USER, "max_tokens": "10"},
        400,
        "max_tokens",
        "invalid_type",
        "Invalid type for 'max_tokens': expected an integer, but got a string instead.",
    ),
    (
        "max_tokens on o-series",
        {"model": "o3-mini", "messages": USER, "max_tokens": 10},
        400,
        "max_tokens",
        "unsupported_parameter",
        "Unsupported parameter: 'max_tokens' is not supported with this model. Use "
        "'max_completion_tokens' instead.",
    ),
    (
        "temperature on o-series",
        {"model": "o1", "messages": USER, "temperature": 0.2},
        400,
        "temperature",
        "unsupported_value",
        "Unsupported value: 'temperature' does not support 0.2 with this model. Only the "
        "default (1) value is supported.",
    ),
    (
        "max_tokens above the model's output cap",
        {"model": "gpt-4o", "messages": USER, "max_tokens": 20000},
        400,
        "max_tokens",
        "invalid_value",
        "max_tokens is too large: 20000. This model supports at most 16384 completion tokens, "
        "whereas you provided 20000.",
    ),
    (
        "context length",
        {"model": "gpt-4", "messages": USER, "max_tokens": 8192},
        400,
        "messages",
        "context_length_exceeded",
        "This model's maximum context length is 8192 tokens. However, you requested 8201 tokens "
        "(9 in the messages, 8192 in the completion). Please reduce the length of the messages "
        "or completion.",
    ),
    (
        "stream_options without stream",
        {"model": "gpt-4o", "messages": USER, "stream_options": {"include_usage": True}},
        400,
        "stream_options",
        None,
        "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
    ),
    (
        "top_logprobs without logprobs",
        {"model": "gpt-4o", "messages": USER, "top_logprobs": 2},
        400,
        "top_logprobs",
        None,
        "The 'top_logprobs' parameter is only allowed when 'logprobs' is enabled.",
    ),
    (
        "top_logprobs range",
        {"model": "gpt-4o", "messages": USER, "logprobs": True, "top_logprobs": 21},
        400,
        "top_logprobs",
        "integer_above_max_value",
        "Invalid 'top_logprobs': integer above maximum value. Expected a value <= 20, but got 21 "
        "instead.",
    ),
    (
        "json_object without the word",
        {"model": "gpt-4o", "messages": USER, "response_format": {"type": "json_object"}},
        400,
        "messages",
        None,
        "'messages' must contain the word 'json' in some form, to use 'response_format' of type "
        "'json_object'.",
    ),
    (
        "json_schema on a model without structured outputs",
        {
            "model": "gpt-3.5-turbo",
            "messages": USER,
            "response_format": {"type": "json_schema", "json_schema": {"name": "x"}},
        },
        400,
        "response_format",
        None,
        "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this "
        "model. Learn more about supported models at the Structured Outputs guide: "
        "https://platform.openai.com/docs/guides/structured-outputs",
    ),
    (
        "strict schema without additionalProperties",
        {
            "model": "gpt-4o",
            "messages": USER,
            "response_format": {
                "type": "json_schema",
                "json_schema": {"name": "x", "strict": True, "schema": NOT_STRICT},
            },
        },
        400,
        "response_format",
        None,
        "Invalid schema for response_format 'x': In context=(), 'additionalProperties' is "
        "required to be supplied and to be false.",
    ),
    (
        "strict function schema",
        {
            "model": "gpt-4o",
            "messages": USER,
            "tools": [
                {
                    "type": "function",
                    "function": {"name": "f", "strict": True, "parameters": NOT_STRICT},
                }
            ],
        },
        400,
        "tools[0].function.parameters",
        "invalid_function_parameters",
        "Invalid schema for function 'f': In context=(), 'additionalProperties' is required to "
        "be supplied and to be false.",
    ),
    (
        "tool_choice without tools",
        {"model": "gpt-4o", "messages": USER, "tool_choice": "auto"},
        400,
        "tool_choice",
        None,
        "Invalid value for 'tool_choice': 'tool_choice' is only allowed when 'tools' are "
        "specified.",
    ),
    (
        "named tool_choice not in tools",
        {
            "model": "gpt-4o",
            "messages": USER,
            "tools": [WEATHER_TOOL],
            "tool_choice": {"type": "function", "function": {"name": "nope"}},
        },
        400,
        "tool_choice",
        None,
        "Invalid value for 'tool_choice': tool choice 'nope' not found in 'tools' parameter.",
    ),
    (
        "tools on a model without tools",
        {"model": "o1-mini", "messages": USER, "tools": [WEATHER_TOOL]},
        400,
        "tools",
        None,
        "tools is not supported in this model. For a list of supported models, refer to "
        "https://platform.openai.com/docs/guides/function-calling"
        "#models-supporting-function-calling.",
    ),
    (
        "reasoning_effort on a non-reasoning model",
        {"model": "gpt-4o", "messages": USER, "reasoning_effort": "low"},
        400,
        "reasoning_effort",
        "unsupported_parameter",
        "Unsupported parameter: 'reasoning_effort' is not supported with this model.",
    ),
    (
        "service_tier",
        {"model": "gpt-4o", "messages": USER, "service_tier": "gold"},
        400,
        "service_tier",
        "invalid_value",
        "Invalid value: 'gold'. Supported values are: 'auto', 'default', 'flex', 'scale', "
        "'priority', and 'fast'.",
    ),
]


@pytest.mark.parametrize(
    ("body", "status", "param", "code", "message"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_error_catalogue(
    mock_http: Any, body: dict[str, Any], status: int, param: Any, code: Any, message: str
) -> None:
    response = mock_http.post("/v1/chat/completions", json=body)
    assert response.status_code == status, response.text
    assert envelope(response) == {
        "message": message,
        "type": INVALID,
        "param": param,
        "code": code,
    }


def test_malformed_json_body(mock_http: Any) -> None:
    response = mock_http.post(
        "/v1/chat/completions", content=b"{nope", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400
    assert envelope(response)["message"].startswith("We could not parse the JSON body")


def test_sdk_raises_bad_request_with_the_envelope(openai_client: Any) -> None:
    import openai

    with pytest.raises(openai.BadRequestError) as caught:
        openai_client.chat.completions.create(model="gpt-4o", messages=USER, n=200)
    assert caught.value.status_code == 400
    assert caught.value.param == "n" and caught.value.code == "integer_above_max_value"
