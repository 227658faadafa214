"""A client-run ``tool_search``: the response hands the search to the caller (a
``tool_search_call`` with ``execution: "client"`` and a ``call_id``) and stops; the caller's
``tool_search_output`` loads the tools the next response calls. Through the SDK, over
``previous_response_id`` and a conversation; streamed, the final response is the plain one."""

from __future__ import annotations

from typing import Any

import pytest
from openai import OpenAI
from openai.types.responses import ResponseToolSearchCall

from mockserver.settings import Settings
from mockserver.testing import TEST_KEY
from tests.conftest import envelope
from tests.resources.chat.helpers import validate_openapi
from tests.resources.responses.helpers import WEATHER, check_item_list, check_response, create
from tests.resources.responses.test_stream import fresh, stream
from tests.schema_check import validate_sdk

SEARCH = {
    "type": "tool_search",
    "execution": "client",
    "description": "Find the tools for weather forecasts and stock prices.",
    "parameters": {"type": "object", "properties": {"query": {"type": "string"}}},
}
ASK = "What is the weather in Paris?"


def _sdk(http: Any) -> OpenAI:
    return OpenAI(api_key=TEST_KEY, base_url="http://mock/v1", http_client=http, max_retries=0)


def _answer(call: Any, tools: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "type": "tool_search_output",
        "execution": "client",
        "call_id": call.call_id,
        "status": "completed",
        "tools": tools,
    }


def test_the_search_is_handed_to_the_client_then_the_loaded_tool_is_called(
    mock_http: Any,
) -> None:
    client = _sdk(mock_http)
    first = client.responses.create(model="gpt-4o", input=ASK, tools=[SEARCH])  # type: ignore[list-item]
    (call,) = first.output
    assert isinstance(call, ResponseToolSearchCall)
    assert call.execution == "client" and call.call_id and call.call_id.startswith("call_")
    assert call.arguments == {"query": ASK}
    # As sent (the SDK's model fills in nulls the response leaves out).
    raw = mock_http.get(f"/v1/responses/{first.id}").json()
    check_response(raw)
    validate_openapi("ToolSearchCall", raw["output"][0])
    assert first.usage is not None and first.usage.output_tokens > 0
    second = client.responses.create(
        model="gpt-4o",
        previous_response_id=first.id,
        input=[_answer(call, [WEATHER])],  # type: ignore[list-item]
        tools=[SEARCH],  # type: ignore[list-item]
    )
    (function_call,) = second.output
    listed = mock_http.get(f"/v1/responses/{second.id}/input_items").json()
    check_item_list(listed)
    assert listed["data"][0]["type"] == "tool_search_output"
    assert function_call.type == "function_call" and function_call.name == "get_weather"
    assert second.usage is not None and first.usage.input_tokens < second.usage.input_tokens
    third = client.responses.create(
        model="gpt-4o",
        previous_response_id=second.id,
        input=[
            {"type": "function_call_output", "call_id": function_call.call_id, "output": "Sunny"}
        ],
        tools=[SEARCH],  # type: ignore[list-item]
    )
    assert [item.type for item in third.output] == ["message"]


def test_through_a_conversation(mock_http: Any) -> None:
    client = _sdk(mock_http)
    conversation = client.conversations.create()
    first = client.responses.create(
        model="gpt-4o",
        input=ASK,
        tools=[SEARCH],
        conversation=conversation.id,  # type: ignore[list-item]
    )
    (call,) = first.output
    assert call.type == "tool_search_call"
    second = client.responses.create(
        model="gpt-4o",
        input=[_answer(call, [WEATHER])],  # type: ignore[list-item]
        tools=[SEARCH],  # type: ignore[list-item]
        conversation=conversation.id,
    )
    assert [item.type for item in second.output] == ["function_call"]
    items = client.conversations.items.list(conversation.id, order="asc")
    kinds = [item.type for item in items.data]
    assert kinds == ["message", "tool_search_call", "tool_search_output", "function_call"]


def test_words_unrelated_to_the_search_get_an_answer(mock_http: Any) -> None:
    body = create(mock_http, model="gpt-4o", input="Hello!", tools=[SEARCH])
    assert [item["type"] for item in body["output"]] == ["message"]


def test_a_deferred_function_the_words_point_at_is_searched_by_the_client(
    mock_http: Any,
) -> None:
    bare = {"type": "tool_search", "execution": "client"}
    deferred = {**WEATHER, "defer_loading": True}
    body = create(mock_http, model="gpt-4o", input=ASK, tools=[bare, deferred])
    (call,) = body["output"]
    validate_sdk(ResponseToolSearchCall, call)
    assert call["execution"] == "client"


def test_the_stream_ends_with_the_plain_response(mock_settings: Settings) -> None:
    with fresh(mock_settings) as plain_client, fresh(mock_settings) as stream_client:
        plain = plain_client.post(
            "/v1/responses", json={"model": "gpt-4o", "input": ASK, "tools": [SEARCH]}
        ).json()
        with _sdk(stream_client).responses.stream(
            model="gpt-4o",
            input=ASK,
            tools=[SEARCH],  # type: ignore[list-item]
        ) as events:
            kinds = [event.type for event in events]
            final = events.get_final_response()
    assert final.model_dump(mode="json", exclude_unset=True)["output"] == plain["output"]
    assert "response.output_item.done" in kinds and kinds[-1] == "response.completed"


def test_streamed_events_name_the_client_call(mock_http: Any) -> None:
    events = stream(mock_http, model="gpt-4o", input=ASK, tools=[SEARCH])
    done = [e["item"] for e in events if e["type"] == "response.output_item.done"]
    assert [item["execution"] for item in done] == ["client"]


@pytest.mark.parametrize(
    ("item", "where"),
    [
        ({"execution": "client", "tools": [WEATHER]}, "input[1].call_id"),
        ({"execution": "client", "call_id": "call_1", "tools": "x"}, "input[1].tools"),
        (
            {"execution": "client", "call_id": "call_1", "tools": [{"type": "function"}]},
            "input[1].tools[0].name",
        ),
        ({"execution": "nobody", "tools": []}, "input[1].execution"),
    ],
)
def test_bad_search_outputs_get_a_400(mock_http: Any, item: dict[str, Any], where: str) -> None:
    given = [{"role": "user", "content": ASK}, {"type": "tool_search_output", **item}]
    response = mock_http.post(
        "/v1/responses", json={"model": "gpt-4o", "input": given, "tools": [SEARCH]}
    )
    assert response.status_code == 400, response.text
    assert envelope(response)["param"] == where
