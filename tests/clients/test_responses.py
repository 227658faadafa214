"""The Responses tool loop against the mock: two turns chained by ``previous_response_id``,
then the same through a conversation."""

from __future__ import annotations

from typing import Any

import pytest

from clients.responses import run_responses_tool_loop
from clients.tools import ToolLoopExhausted
from clients.weather import SEED_QUESTION, WEATHER_TOOL


def test_the_weather_loop_chains_by_previous_response_id(openai_client: Any) -> None:
    result = run_responses_tool_loop(openai_client, SEED_QUESTION, [WEATHER_TOOL])
    (call,) = result.calls
    assert call.name == "get_current_weather" and "Boston" in call.arguments["location"]
    assert "22" in result.answer
    first, second = result.responses
    assert second.previous_response_id == first.id


def test_the_weather_loop_through_a_conversation(openai_client: Any) -> None:
    conversation = openai_client.conversations.create()
    result = run_responses_tool_loop(
        openai_client, SEED_QUESTION, [WEATHER_TOOL], conversation=conversation.id
    )
    assert "22" in result.answer
    items = list(openai_client.conversations.items.list(conversation.id, order="asc"))
    assert [item.type for item in items] == [
        "message",
        "function_call",
        "function_call_output",
        "message",
    ]


def test_a_model_still_calling_tools_after_max_rounds_is_stopped(openai_client: Any) -> None:
    with pytest.raises(ToolLoopExhausted):
        run_responses_tool_loop(openai_client, SEED_QUESTION, [WEATHER_TOOL], max_rounds=1)
