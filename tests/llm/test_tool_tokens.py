"""Function tools rendered as the prompt sees them, and the tokens they add."""

from __future__ import annotations

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
