from __future__ import annotations

import copy
import json
from typing import Any
from unittest.mock import patch

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mockserver.fixtures import fixtures_dir
from mockserver.generate import tool_args
from mockserver.generate.tool_args import arguments, choose_tools, score, should_call

FIXTURES = fixtures_dir()

WEATHER: dict[str, Any] = json.loads(
    (FIXTURES / "seed" / "get_current_weather.json").read_text(encoding="utf-8")
)
SEARCH: dict[str, Any] = {
    "type": "function",
    "function": {
        "name": "searchWeb",
        "description": "Search the web and return the top results for a query.",
        "parameters": {
            "type": "object",
            "properties": {
                "query": {"type": "string"},
                "max_results": {"type": "integer", "minimum": 1, "maximum": 10},
            },
            "required": ["query"],
        },
    },
}
EMAIL: dict[str, Any] = {
    "type": "function",
    "function": {
        "name": "send_email",
        "description": "Send an email message to a recipient.",
        "strict": True,
        "parameters": {
            "type": "object",
            "properties": {
                "to": {"type": "string", "format": "email"},
                "subject": {"type": "string"},
                "body": {"type": "string"},
                "cc": {"type": ["string", "null"]},
            },
            "required": ["to", "subject", "body", "cc"],
            "additionalProperties": False,
        },
    },
}
ORDER: dict[str, Any] = {
    "type": "function",
    "function": {
        "name": "create_order",
        "description": "Create an order of items for a customer.",
        "parameters": {
            "type": "object",
            "$defs": {
                "item": {
                    "type": "object",
                    "properties": {
                        "sku": {"type": "string", "pattern": "^SKU-[0-9]{4}$"},
                        "quantity": {"type": "integer", "minimum": 1},
                    },
                    "required": ["sku", "quantity"],
                    "additionalProperties": False,
                }
            },
            "properties": {
                "customer": {"type": "string"},
                "items": {"type": "array", "items": {"$ref": "#/$defs/item"}, "minItems": 1},
                "express": {"type": "boolean"},
            },
            "required": ["customer", "items"],
        },
    },
}
TOOLS = [SEARCH, WEATHER, EMAIL, ORDER]


def test_seed_example_exactly() -> None:
    text = "What's the weather like in Boston today?"
    calls = choose_tools([WEATHER], text, 0, parallel=True)
    assert [c["function"]["name"] for c in calls] == ["get_current_weather"]
    assert arguments(calls[0]["function"], text, 0) == '{"location":"Boston, MA"}'


@settings(max_examples=50, deadline=None)
@given(seed=st.integers(0, 2**63))
def test_seed_example_for_any_seed(seed: int) -> None:
    text = "What's the weather like in Boston today?"
    [call] = choose_tools(TOOLS, text, seed, parallel=False)
    assert call is WEATHER
    assert arguments(call["function"], text, seed) == '{"location":"Boston, MA"}'


def test_optional_enum_is_included_when_mentioned() -> None:
    args = json.loads(arguments(WEATHER["function"], "How warm is Paris in celsius?", 3))
    assert args == {"location": "Paris, France", "unit": "celsius"}


def test_korean_request() -> None:
    text = "서울 날씨 어때?"
    assert should_call(TOOLS, text)
    [call] = choose_tools(TOOLS, text, 1, parallel=False)
    assert call is WEATHER
    assert arguments(call, text, 1) == '{"location":"Seoul, South Korea"}'


def test_parallel_calls_one_per_place() -> None:
    text = "What's the weather in Boston and Tokyo?"
    calls = choose_tools(TOOLS, text, 7, parallel=True)
    assert calls == [WEATHER, WEATHER]
    args = [json.loads(arguments(c["function"], text, 7, index=i)) for i, c in enumerate(calls)]
    assert args == [{"location": "Boston, MA"}, {"location": "Tokyo, Japan"}]
    assert choose_tools(TOOLS, text, 7, parallel=False) == [WEATHER]


def test_should_call_only_when_words_relate() -> None:
    assert should_call(TOOLS, "Please search the web for llama facts")
    assert should_call(TOOLS, "send an email to my boss")
    assert not should_call(TOOLS, "Tell me a joke about cats")
    assert not should_call([], "anything")


def test_camel_case_names_are_split() -> None:
    assert score(SEARCH, "search for cheap flights") > 0
    [call] = choose_tools(TOOLS, "search for cheap flights", 0, parallel=True)
    assert call is SEARCH


def test_ties_are_broken_by_seed() -> None:
    twin = {"type": "function", "function": {**WEATHER["function"], "name": "fetch_weather"}}
    text = "weather please"
    picks = {
        choose_tools([WEATHER, twin], text, seed, parallel=False)[0] is twin for seed in range(40)
    }
    assert picks == {True, False}
    assert choose_tools([WEATHER, twin], text, 5, parallel=False) == choose_tools(
        [WEATHER, twin], text, 5, parallel=False
    )


def test_strict_function_gets_every_property() -> None:
    args = json.loads(arguments(EMAIL["function"], "email Dana about the launch", 2))
    assert set(args) == {"to", "subject", "body", "cc"}


def test_responses_style_flat_tool() -> None:
    flat = {"type": "function", **WEATHER["function"]}
    assert choose_tools([flat], "weather in Seoul?", 0, parallel=False) == [flat]
    assert arguments(flat, "weather in Seoul?", 0) == '{"location":"Seoul, South Korea"}'


def test_arguments_are_compact_and_keep_non_ascii() -> None:
    text = "부산 맛집 검색해줘"
    raw = arguments(SEARCH["function"], text, 4)
    assert raw == json.dumps(json.loads(raw), separators=(",", ":"), ensure_ascii=False)
    assert "\\u" not in raw
    assert any("\uac00" <= ch <= "\ud7a3" for ch in raw)


def test_mentioned_optional_count_is_included() -> None:
    args = json.loads(arguments(SEARCH["function"], "search for pasta, max 3 results", 0))
    assert args["max_results"] == 3


@settings(max_examples=50, deadline=None)
@given(
    seed=st.integers(0, 2**63),
    tool=st.sampled_from(TOOLS),
    text=st.sampled_from(
        ["", "order 2 lamps for Jo", "weather in Rome and Oslo", "email Kim", "검색해줘"]
    ),
    index=st.integers(0, 3),
)
def test_arguments_validate_and_are_deterministic(
    seed: int, tool: dict[str, Any], text: str, index: int
) -> None:
    raw = arguments(tool["function"], text, seed, index=index)
    assert raw == arguments(tool["function"], text, seed, index=index)
    value = json.loads(raw)
    jsonschema.Draft202012Validator(tool["function"]["parameters"]).validate(value)
    required = tool["function"]["parameters"]["required"]
    assert set(required) <= set(value)


def _uncached_score(tool: dict[str, Any], text: str) -> float:
    """What ``score`` gives with the words found afresh (the cache bypassed)."""
    words = tool_args._find_tool_words(tool_args.function_of(tool))
    with patch.object(tool_args, "_tool_words", return_value=words):
        return score(tool, text)


def test_a_tools_words_are_remembered_by_its_json() -> None:
    tool_args._remembered_words.cache_clear()
    for text in ("What's the weather in Boston?", "Search the web for cats"):
        score(copy.deepcopy(WEATHER), text)
    assert tool_args._remembered_words.cache_info().hits == 1  # an equal copy, a new request


@pytest.mark.parametrize(
    ("first", "second"),
    [
        # Same JSON but for one value or type: each scores as if seen for the first time.
        ({"name": "get_weather"}, {"name": "get_forecast"}),
        ({"name": "get_weather", "description": "Weather now."}, {"name": "get_weather"}),
        ({"name": "f", "description": "weather"}, {"name": "f", "description": ["weather"]}),
        (
            {"name": "f", "parameters": {"type": "object", "properties": {"city": {}}}},
            {"name": "f", "parameters": {"type": "object", "properties": {"cities": {}}}},
        ),
        ({"name": 1}, {"name": 1.0}),
        ({"name": True}, {"name": 1}),
    ],
)
def test_definitions_differing_in_a_value_score_apart(
    first: dict[str, Any], second: dict[str, Any]
) -> None:
    text = "Weather in Paris for cities 1 and True, please: ['weather']"
    tool_args._remembered_words.cache_clear()
    for a, b in ((first, second), (second, first)):
        for fn in (a, b):
            tool = {"type": "function", "function": fn}
            assert score(tool, text) == _uncached_score(tool, text)


def test_long_or_unwritable_definitions_are_scored_as_they_are() -> None:
    long = copy.deepcopy(WEATHER)
    long["function"]["description"] = "weather " * 3000  # past REMEMBERED_BYTES
    deep: dict[str, Any] = {}
    node = deep
    for _ in range(300):  # deeper than orjson writes
        node["x"] = {}
        node = node["x"]
    deep_tool = {"type": "function", "function": {"name": "get_weather", "parameters": deep}}
    tool_args._remembered_words.cache_clear()
    for tool in (long, deep_tool):
        assert score(tool, "Weather in Paris?") == _uncached_score(tool, "Weather in Paris?") > 0
    assert tool_args._remembered_words.cache_info().currsize == 0
