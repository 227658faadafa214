from __future__ import annotations

import json

import pytest
from openai import OpenAI
from starlette.testclient import TestClient

from clients.tools import Tool, ToolLoopExhausted, run_tool, run_tool_loop
from clients.weather import SEED_QUESTION, WEATHER_TOOL

from .conftest import journal


def test_the_loop_answers_with_the_fake_weather(client: OpenAI, mock_http: TestClient) -> None:
    result = run_tool_loop(
        client, [{"role": "user", "content": SEED_QUESTION}], [WEATHER_TOOL], model="gpt-4o"
    )
    assert [call.name for call in result.calls] == ["get_current_weather"]
    assert result.calls[0].arguments == {"location": "Boston, MA"}
    assert json.loads(result.calls[0].result)["forecast"] == "sunny"
    assert "22" in result.answer and "sunny" in result.answer
    assert len(result.completions) == 2
    # The second request carried the call and its result back.
    sent = journal(mock_http, "/v1/chat/completions")[-1]["body"]["messages"]
    assert [m["role"] for m in sent] == ["user", "assistant", "tool"]
    assert sent[2]["tool_call_id"] == sent[1]["tool_calls"][0]["id"]
    assert result.messages[-1] == {"role": "assistant", "content": result.answer}


def test_the_loop_stops_after_max_rounds(client: OpenAI) -> None:
    with pytest.raises(ToolLoopExhausted):
        run_tool_loop(
            client,
            [{"role": "user", "content": SEED_QUESTION}],
            [WEATHER_TOOL],
            model="gpt-4o",
            max_rounds=1,
        )


def _fails(**_: object) -> str:
    raise RuntimeError("service down")


@pytest.mark.parametrize(
    ("tool", "arguments", "error"),
    [
        (None, "{}", "no function named 'ghost'"),
        (WEATHER_TOOL, "{not json", "arguments are not JSON"),
        (WEATHER_TOOL, "[1]", "must be a JSON object"),
        (WEATHER_TOOL, '{"city": "Boston"}', "TypeError"),
        (Tool("ghost", "fails", {"type": "object"}, _fails), "{}", "RuntimeError: service down"),
    ],
)
def test_a_failing_call_goes_back_to_the_model_as_an_error(
    tool: Tool | None, arguments: str, error: str
) -> None:
    _, output = run_tool(tool, "ghost", arguments)
    assert error in json.loads(output)["error"]


def test_the_tool_spec_is_the_seeds() -> None:
    spec = WEATHER_TOOL.spec()
    assert spec["type"] == "function"
    assert spec["function"]["name"] == "get_current_weather"
    assert spec["function"].get("parameters", {})["required"] == ["location"]
