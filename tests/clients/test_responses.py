"""The Responses tool loop against the mock: two turns chained by ``previous_response_id``,
then the same through a conversation."""

from __future__ import annotations

from typing import Any

import pytest

from clients.responses import ResponsesChat, ask_response, run_responses_tool_loop
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


def test_one_question_one_response(openai_client: Any) -> None:
    response = ask_response(openai_client, "Hello!", instructions="Answer in one line.")
    assert response.object == "response" and response.status == "completed"
    assert response.output_text and response.instructions == "Answer in one line."


def test_a_chat_chains_each_turn_to_the_last(openai_client: Any) -> None:
    chat = ResponsesChat(openai_client, instructions="Be brief.")
    for question in ("What is supervised learning?", "And unsupervised?", "Compare them."):
        assert chat.say(question)
    first, second, third = chat.responses
    assert first.previous_response_id is None
    assert second.previous_response_id == first.id and third.previous_response_id == second.id
    assert all(r.instructions == "Be brief." for r in chat.responses)  # resent every turn
    usage = [r.usage.input_tokens for r in chat.responses if r.usage]
    assert usage == sorted(usage) and usage[0] < usage[-1]  # the server adds the history


def test_a_chat_in_a_conversation(openai_client: Any) -> None:
    conversation = openai_client.conversations.create()
    chat = ResponsesChat(openai_client, conversation=conversation.id, truncation="auto")
    chat.say("Hello!")
    chat.say("Again.")
    items = list(openai_client.conversations.items.list(conversation.id, order="asc"))
    assert [item.role for item in items] == ["user", "assistant", "user", "assistant"]
    assert all(r.previous_response_id is None for r in chat.responses)
