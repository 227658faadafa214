"""The declared-shape walk (``mockserver.http.shapes``) on the SDK's own types: the real API's
400 wording for the first value out of place, at any depth, and nothing refused that the
types allow."""

from __future__ import annotations

from typing import Any

import pytest
from openai.types.responses.response_computer_tool_call_param import ActionClick
from openai.types.responses.response_input_image_param import ResponseInputImageParam
from openai.types.responses.response_input_item_param import ResponseInputItemParam

from mockserver.http.errors import APIError
from mockserver.http.shapes import Limits, LimitsTable, check_shape

CLICK = {"type": "click", "button": "left", "x": 1, "y": 2, "keys": None}


def call(**fields: Any) -> dict[str, Any]:
    return {"type": "computer_call", "id": "cu_1", "call_id": "c", "action": CLICK,
            "pending_safety_checks": [], "status": "completed", **fields}  # fmt: skip


def refusal(value: Any, relaxed: Any = ()) -> tuple[str | None, str]:
    with pytest.raises(APIError) as raised:
        check_shape("input[0]", value, ResponseInputItemParam, relaxed)
    assert raised.value.status == 400
    return raised.value.param, raised.value.message


@pytest.mark.parametrize(
    ("item", "param", "message"),
    [
        (call(action={"type": "double_click", "y": 0, "keys": None}), "input[0].action.x",
         "Missing required parameter: 'input[0].action.x'."),
        (call(action={**CLICK, "x": 2.5}), "input[0].action.x",
         "Invalid type for 'input[0].action.x': expected an integer, but got a decimal instead."),
        (call(action={**CLICK, "x": True}), "input[0].action.x",
         "Invalid type for 'input[0].action.x': expected an integer, but got a boolean instead."),
        (call(status="AAA"), "input[0].status",
         "Invalid value: 'AAA'. Supported values are: 'in_progress', 'completed', and "
         "'incomplete'."),
        (call(action={**CLICK, "type": "wave"}), "input[0].action.type", None),
        (call(action="click"), "input[0].action",
         "Invalid type for 'input[0].action': expected an object, but got a string instead."),
        (call(pending_safety_checks=[{"id": 5}]), "input[0].pending_safety_checks[0].id", None),
        ({"type": "web_search_call", "id": "ws", "status": "completed",
          "action": {"type": "search", "query": "q", "sources": ["AAA"]}},
         "input[0].action.sources[0]",
         "Invalid type for 'input[0].action.sources[0]': expected an object, but got a string "
         "instead."),
        ({"type": "local_shell_call", "id": "ls", "call_id": "c", "status": "completed",
          "action": {"type": "exec", "command": ["ls"], "env": {"HOME": 1}}},
         "input[0].action.env.HOME", None),
        # Required[Optional[str]]: present, even if null.
        ({"type": "code_interpreter_call", "id": "ci", "status": "completed",
          "container_id": "cntr", "outputs": None}, "input[0].code", None),
        ({"type": "nope"}, "input[0].type", None),
        ({"type": 5}, "input[0].type", None),
        (call(id=None), "input[0].id", "Missing required parameter: 'input[0].id'."),
    ],
)  # fmt: skip
def test_the_first_value_out_of_place_gets_the_real_400(
    item: dict[str, Any], param: str, message: str | None
) -> None:
    got_param, got_message = refusal(item)
    assert got_param == param
    assert message is None or got_message == message


@pytest.mark.parametrize(
    "item",
    [
        call(),
        call(actions=None, acknowledged=None),  # null: not given; unknown keys: the caller's
        {"type": "code_interpreter_call", "id": "ci", "status": "completed",
         "container_id": "cntr", "code": None, "outputs": None},
        {"type": "function_call", "call_id": "c", "name": "f", "arguments": "{}"},
        {"role": "user", "content": "hi"},  # no type: an easy message
        {"type": "item_reference", "id": "msg_1"},
    ],
)  # fmt: skip
def test_what_the_types_allow_passes(item: dict[str, Any]) -> None:
    check_shape("input[0]", item, ResponseInputItemParam)


def test_bounds_leave_what_they_allow_alone() -> None:
    check_shape("input[0]", call(), ResponseInputItemParam, (), BOUNDS)


def test_relaxed_keys_are_not_required() -> None:
    image = {"type": "input_image", "image_url": "https://example.com/a.png"}
    with pytest.raises(APIError) as raised:
        check_shape("part", image, ResponseInputImageParam)
    assert raised.value.param == "part.detail"
    check_shape("part", image, ResponseInputImageParam, [(ResponseInputImageParam, "detail")])


def no_zero(where: str, value: Any) -> None:
    if value == 0:
        raise APIError(400, "zero", param=where)


BOUNDS: LimitsTable = {
    "call_id": Limits(min_length=1, max_length=4),
    (ActionClick, "y"): Limits(check=no_zero),
    "action": Limits(closed=True),
    "namespace": Limits(pattern="^[a-z]+$"),
    "url": Limits(uri=True),
    "pending_safety_checks": Limits(max_items=1),
    "x": Limits(minimum=0, maximum=10),
}


@pytest.mark.parametrize(
    ("item", "param", "message"),
    [
        (call(call_id=""), "input[0].call_id",
         "Invalid 'input[0].call_id': string too short. Expected a string with minimum length 1, "
         "but got an empty string instead."),
        (call(call_id="abcde"), "input[0].call_id",
         "Invalid 'input[0].call_id': string too long. Expected a string with maximum length 4, "
         "but got a string with length 5 instead."),
        ({"type": "function_call_output", "call_id": "c", "output": "", "namespace": "A1"},
         "input[0].namespace",
         "Invalid 'input[0].namespace': string does not match pattern. Expected a string that "
         "matches the pattern '^[a-z]+$'."),
        ({"type": "web_search_call", "id": "ws", "status": "completed",
          "action": {"type": "open_page", "url": "not a url"}}, "input[0].action.url",
         "Invalid 'input[0].action.url'. Expected a valid URL, but got a value with an invalid "
         "format."),
        (call(pending_safety_checks=[{"id": "a"}, {"id": "b"}]), "input[0].pending_safety_checks",
         None),
        (call(action={**CLICK, "y": 0}), "input[0].action.y", "zero"),  # by (type, name)
        (call(action={**CLICK, "z": 1}), "input[0].action.z",
         "Unknown parameter: 'input[0].action.z'."),
        (call(action={**CLICK, "x": 11}), "input[0].action.x",
         "Invalid 'input[0].action.x': integer above maximum value. Expected a value <= 10, but "
         "got 11 instead."),
    ],
)  # fmt: skip
def test_bounds_by_field_name_get_the_real_400(
    item: dict[str, Any], param: str, message: str | None
) -> None:
    with pytest.raises(APIError) as raised:
        check_shape("input[0]", item, ResponseInputItemParam, (), BOUNDS)
    assert raised.value.param == param
    assert message is None or raised.value.message == message
