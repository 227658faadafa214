"""Chat's tool list checks: an accepted list is remembered by its JSON, a bad one is refused
with the same error every time, and any difference in the JSON is checked anew."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import orjson
import pytest

from mockserver.http.errors import APIError
from mockserver.llm import tools
from tests.resources.chat.helpers import WEATHER_TOOL


def _error(tool_list: list[Any]) -> APIError:
    with pytest.raises(APIError) as info:
        tools.check_tools(tool_list)
    return info.value


STRICT_OK = {"type": "object", "properties": {}, "additionalProperties": False}


def _function(**fields: Any) -> dict[str, Any]:
    return {"type": "function", "function": {"name": "get_weather", **fields}}


def _outcome(check: Callable[[list[Any]], object], tool_list: list[Any]) -> dict[str, Any]:
    try:
        check(tool_list)
    except APIError as error:
        return {"message": error.message, "param": error.param, "code": error.code}
    return {}


def _fresh(tool_list: list[Any]) -> dict[str, Any]:
    """The outcome of the checks run on the list as it is (none of it remembered)."""
    return _outcome(tools._check_tools, tool_list)


def _checked(tool_list: list[Any]) -> dict[str, Any]:
    return _outcome(tools.check_tools, tool_list)


def test_an_accepted_list_is_a_new_list_of_the_same_definitions() -> None:
    given = [WEATHER_TOOL, {"type": "custom", "custom": {"name": "grep"}}]
    for _ in range(2):  # checked, then remembered
        accepted = tools.check_tools(given)
        assert accepted == given and accepted is not given
        assert all(a is g for a, g in zip(accepted, given, strict=True))


def test_a_list_re_sent_with_the_same_json_is_not_checked_again() -> None:
    tools._check_written.cache_clear()
    resent = [_function(description="Weather now.", parameters={"type": "object"})]
    tools.check_tools(resent)
    tools.check_tools(orjson.loads(orjson.dumps(resent)))  # a later turn's body
    assert tools._check_written.cache_info().hits == 1


def test_a_bad_list_is_refused_alike_each_time_and_never_remembered() -> None:
    tools._check_written.cache_clear()
    bad = [WEATHER_TOOL, _function(strict="yes")]
    first, second = _error(bad), _error(bad)
    assert (first.message, first.param) == (second.message, second.param)
    assert first.param == "tools[1].function.strict"
    assert tools._check_written.cache_info().currsize == 0


@pytest.mark.parametrize(
    ("accepted", "refused"),
    [
        (_function(strict=True, parameters=STRICT_OK), _function(strict=1)),  # bool, number
        (_function(strict=False), _function(strict=0)),
        (_function(description="d"), _function(description=["d"])),
        (_function(parameters={"type": "object"}), _function(parameters=[{"type": "object"}])),
        (_function(parameters={"type": "object"}), _function(parameters="{}")),
        ({"type": "function", "function": {"name": "a_b"}}, _function(name="a b")),
        (
            _function(strict=True, parameters=STRICT_OK),
            _function(
                strict=True,
                parameters={**STRICT_OK, "properties": {"x": {"type": "string"}}},
            ),  # strict mode needs every property required
        ),
    ],
)
def test_a_list_that_differs_by_any_value_or_type_is_checked_anew(
    accepted: dict[str, Any], refused: dict[str, Any]
) -> None:
    assert _checked([accepted]) == {} == _fresh([accepted])
    assert _checked([refused]) == _fresh([refused]) != {}
    assert _checked([accepted]) == {}  # the refusal left the accepted list as it was


def test_lists_too_deep_or_too_long_to_keep_are_checked_as_they_are() -> None:
    deep: dict[str, Any] = {"type": "object"}
    for _ in range(300):  # deeper than orjson writes
        deep = {"type": "object", "properties": {"x": deep}}
    long = [_function(description="x" * tools.REMEMBERED_BYTES)]
    tools._check_written.cache_clear()
    for tool_list in ([_function(parameters=deep)], long, [*long, _function(strict="no")]):
        assert _checked(tool_list) == _fresh(tool_list)
    assert _error([*long, _function(strict="no")]).param == "tools[1].function.strict"
    assert tools._check_written.cache_info().currsize == 0
