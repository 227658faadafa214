"""The ``tool_search`` tool: deferred functions stay out of sight until the server's search
loads them (a ``tool_search_call`` and its ``tool_search_output``), then the model calls the
function loaded; the items validate against the SDK's types and the OpenAPI schema."""

from __future__ import annotations

from typing import Any

import pytest
from openai.types.responses import ResponseToolSearchCall, ResponseToolSearchOutputItem

from tests.conftest import envelope
from tests.resources.chat.helpers import validate_openapi
from tests.resources.responses.helpers import WEATHER, check_item_list, create
from tests.resources.responses.test_stream import stream
from tests.schema_check import validate_sdk

DEFERRED = {**WEATHER, "defer_loading": True}
SEARCH = {"type": "tool_search"}
ASK = "What is the weather in Paris?"


def test_a_search_loads_the_deferred_function_then_it_is_called(mock_http: Any) -> None:
    body = create(mock_http, model="gpt-4o", input=ASK, tools=[SEARCH, DEFERRED])
    searched, loaded, call = body["output"]
    validate_sdk(ResponseToolSearchCall, searched)
    validate_openapi("ToolSearchCall", searched)
    validate_sdk(ResponseToolSearchOutputItem, loaded)
    validate_openapi("ToolSearchOutput", loaded)
    assert searched["execution"] == "server" and searched["arguments"] == {"query": ASK}
    assert [t["name"] for t in loaded["tools"]] == ["get_weather"]
    assert call["type"] == "function_call" and call["name"] == "get_weather"
    assert body["tools"][1]["defer_loading"] is True
    follow = create(
        mock_http,
        model="gpt-4o",
        previous_response_id=body["id"],
        input=[{"type": "function_call_output", "call_id": call["call_id"], "output": "Sunny"}],
        tools=[SEARCH, DEFERRED],
    )
    assert [i["type"] for i in follow["output"]] == ["message"]


def test_deferred_functions_cost_no_input_tokens_until_loaded(mock_http: Any) -> None:
    hidden = create(mock_http, model="gpt-4o", input="Hello!", tools=[SEARCH, DEFERRED])
    plain = create(mock_http, model="gpt-4o", input="Hello!", tools=[SEARCH])
    assert [i["type"] for i in hidden["output"]] == ["message"]
    assert hidden["usage"]["input_tokens"] == plain["usage"]["input_tokens"]
    seen = create(mock_http, model="gpt-4o", input="Hello!", tools=[WEATHER])
    assert seen["usage"]["input_tokens"] > plain["usage"]["input_tokens"]


def test_without_a_search_tool_a_deferred_function_is_seen(mock_http: Any) -> None:
    body = create(mock_http, model="gpt-4o", input=ASK, tools=[DEFERRED])
    assert [i["type"] for i in body["output"]] == ["function_call"]


def test_a_search_streams_and_can_be_passed_back(mock_http: Any) -> None:
    events = stream(mock_http, model="gpt-4o", input=ASK, tools=[SEARCH, DEFERRED])
    added = [e["item"]["type"] for e in events if e["type"] == "response.output_item.added"]
    assert added == ["tool_search_call", "tool_search_output", "function_call"]
    final = events[-1]["response"]
    call = final["output"][2]
    output = {"type": "function_call_output", "call_id": call["call_id"], "output": "Sunny"}
    given = [{"role": "user", "content": ASK}, *final["output"], output]
    body = create(mock_http, model="gpt-4o", input=given, tools=[SEARCH, DEFERRED])
    listed = mock_http.get(f"/v1/responses/{body['id']}/input_items?order=asc").json()
    check_item_list(listed)
    kinds = [i["type"] for i in listed["data"]]
    assert kinds[:3] == ["message", "tool_search_call", "tool_search_output"]


@pytest.mark.parametrize(
    ("tool", "where"),
    [
        ({"type": "tool_search", "execution": "elsewhere"}, "tools[0].execution"),
        ({"type": "tool_search", "limit": 3}, "tools[0].limit"),
    ],
)
def test_bad_search_tools_get_a_400(mock_http: Any, tool: dict[str, Any], where: str) -> None:
    response = mock_http.post(
        "/v1/responses", json={"model": "gpt-4o", "input": "Hi", "tools": [tool]}
    )
    assert response.status_code == 400, response.text
    assert envelope(response)["param"] == where
