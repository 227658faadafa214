"""Function tools rendered as the prompt sees them, and the tokens they add."""

from __future__ import annotations

from typing import Any

from mockserver import tokens
from mockserver.llm import tool_tokens as tool_prompt
from tests.resources.chat.helpers import WEATHER_TOOL, prompt_tokens

BOSTON = [{"role": "user", "content": "What's the weather like in Boston today?"}]
SEED_RENDERING = """namespace functions {

// Get the current weather in a given location
type get_current_weather = (_: {
// The city and state, e.g. San Francisco, CA
location: string,
unit?: "celsius" | "fahrenheit",
}) => any;

} // namespace functions"""


def test_the_seed_tool_renders_as_a_typescript_namespace() -> None:
    assert tool_prompt.render([WEATHER_TOOL["function"]]) == SEED_RENDERING


def test_the_seed_request_costs_what_the_real_api_reported() -> None:
    # The notes print prompt_tokens=80 for this request on gpt-4o (o200k_base).
    messages_tokens = prompt_tokens(BOSTON, "o200k_base")
    tools_tokens = tool_prompt.prompt_tokens([WEATHER_TOOL], BOSTON, "auto", "o200k_base")
    assert messages_tokens + tools_tokens == 80


def test_nested_objects_arrays_numbers_and_functions_without_parameters() -> None:
    functions = [
        {"name": "ping"},
        {
            "name": "plan",
            "parameters": {
                "type": "object",
                "required": ["stops"],
                "properties": {
                    "stops": {"type": "array", "items": {"type": "string"}},
                    "speed": {"type": "integer", "enum": [1, 2]},
                    "where": {
                        "type": "object",
                        "description": "Place",
                        "properties": {"lat": {"type": "number", "description": "Latitude"}},
                    },
                    "note": {"type": ["string", "null"]},
                    "anything": {},
                },
            },
        },
    ]
    assert tool_prompt.render(functions) == "\n".join(
        [
            "namespace functions {",
            "",
            "type ping = () => any;",
            "",
            "type plan = (_: {",
            "stops: string[],",
            "speed?: 1 | 2,",
            "// Place",
            "where?: {",
            "  // Latitude",
            "  lat?: number,",
            "},",
            "note?: string | null,",
            "anything?: any,",
            "}) => any;",
            "",
            "} // namespace functions",
        ]
    )


def test_a_system_message_is_reused_and_padded_and_tool_choice_costs_its_share() -> None:
    system = [{"role": "system", "content": "Be brief."}, *BOSTON]
    auto = tool_prompt.prompt_tokens([WEATHER_TOOL], BOSTON, "auto", "o200k_base")
    padding = tokens.count("Be brief.\n", "o200k_base") - tokens.count("Be brief.", "o200k_base")
    reused = tool_prompt.prompt_tokens([WEATHER_TOOL], system, "auto", "o200k_base")
    assert reused == auto - tool_prompt.SYSTEM_REUSED + padding
    assert tool_prompt.prompt_tokens([WEATHER_TOOL], BOSTON, "none", "o200k_base") == auto + 1
    named = {"type": "function", "function": {"name": "get_current_weather"}}
    forced = tool_prompt.prompt_tokens([WEATHER_TOOL], BOSTON, named, "o200k_base")
    assert forced == auto + 4 + tokens.count("get_current_weather", "o200k_base")
    assert tool_prompt.prompt_tokens([], BOSTON, "auto", "o200k_base") == 0


def _tool(function: dict[str, Any]) -> dict[str, Any]:
    return {"type": "function", "function": function}


def _fresh_count(functions: list[dict[str, Any]], encoding: str = "o200k_base") -> int:
    return tokens.count(tool_prompt.render(functions), encoding) + tool_prompt.DEFINITIONS_OVERHEAD


def test_definitions_re_sent_with_the_same_json_are_counted_once() -> None:
    tool_prompt._written_tokens.cache_clear()
    for _ in range(3):  # three turns re-sending the same tool
        assert tool_prompt.prompt_tokens([WEATHER_TOOL], BOSTON, "auto", "o200k_base") == (
            _fresh_count([WEATHER_TOOL["function"]])
        )
    assert tool_prompt._written_tokens.cache_info().hits == 2


def test_definitions_differing_in_key_order_number_type_or_encoding_are_counted_anew() -> None:
    def plan(properties: dict[str, Any]) -> dict[str, Any]:
        return {"name": "plan", "parameters": {"type": "object", "properties": properties}}

    a = {"type": "integer", "description": "first"}
    b = {"type": "string", "description": "a much longer second description of it"}
    variants = [
        plan({"a": a, "b": b}),
        plan({"b": b, "a": a}),  # same keys, another order: rendered in that order
        plan({"n": {"type": "number", "enum": [1, 2]}}),
        plan({"n": {"type": "number", "enum": [1.0, 2.0]}}),  # "1.0 | 2.0"
        plan({"n": {"type": "number", "enum": [True, 2]}}),
    ]
    renders = {tool_prompt.render([fn]) for fn in variants}
    assert len(renders) == len(variants)
    tool_prompt._written_tokens.cache_clear()
    for _ in range(2):
        for fn in variants:
            for encoding in ("o200k_base", "cl100k_base"):
                assert tool_prompt.definitions_tokens([_tool(fn)], encoding) == _fresh_count(
                    [fn], encoding
                )
    assert tool_prompt._written_tokens.cache_info().currsize == 2 * len(variants)


def test_definitions_too_deep_or_too_long_to_keep_are_counted_as_they_are() -> None:
    deep: dict[str, Any] = {"type": "string"}
    for _ in range(300):  # deeper than orjson writes
        deep = {"type": "object", "properties": {"x": deep}}
    tool_prompt._written_tokens.cache_clear()
    for fn in (
        {"name": "deep", "parameters": {"type": "object", "properties": {"x": deep}}},
        {"name": "long", "description": "word " * tool_prompt.REMEMBERED_BYTES},
    ):
        assert tool_prompt.definitions_tokens([_tool(fn)], "o200k_base") == _fresh_count([fn])
    assert tool_prompt._written_tokens.cache_info().currsize == 0


def test_tools_without_functions_add_no_tokens_remembered_or_not() -> None:
    custom = [{"type": "custom", "custom": {"name": "grep"}}]
    for _ in range(2):
        assert tool_prompt.definitions_tokens(custom, "o200k_base") == 0
        assert tool_prompt.prompt_tokens(custom, BOSTON, "none", "o200k_base") == 0
        assert tool_prompt.prompt_tokens([], BOSTON, "auto", "o200k_base") == 0
