"""The built-in tools a client runs: ``computer_use_preview`` / ``computer`` (a
``computer_call`` with its action, continued by a ``computer_call_output`` screenshot),
``local_shell``, ``shell`` and ``apply_patch`` (their call items, continued by their
``*_output`` items), each validated against the SDK's types and the OpenAPI schema."""

from __future__ import annotations

import base64
import io
from typing import Any

import pytest
from openai.types.conversations import ConversationItemList
from openai.types.responses import (
    ResponseApplyPatchToolCall,
    ResponseComputerToolCall,
    ResponseFunctionShellToolCall,
    ResponseItemList,
)
from openai.types.responses.response_output_item import LocalShellCall
from PIL import Image

from conformance.schemas import validate_sdk as strict
from tests.conftest import envelope
from tests.resources.chat.helpers import validate_openapi
from tests.resources.responses.helpers import create
from tests.resources.responses.test_stream import stream
from tests.schema_check import validate_sdk

PREVIEW = {
    "type": "computer_use_preview",
    "display_width": 1280,
    "display_height": 800,
    "environment": "browser",
}
BROWSE = "Open the browser and click on the search box"
SHELL_ASK = "List the files in this directory"
PATCH_ASK = "Create the file hello.py with a greeting"


def _screenshot() -> str:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (20, 120, 200)).save(out, "PNG")
    return "data:image/png;base64," + base64.b64encode(out.getvalue()).decode()


def test_a_computer_use_turn_and_its_screenshot_continuation(openai_client: Any) -> None:
    first = openai_client.responses.create(model="gpt-4o", input=BROWSE, tools=[PREVIEW])
    (call,) = first.output
    assert isinstance(call, ResponseComputerToolCall)
    assert call.id.startswith("cu_") and call.call_id.startswith("call_")
    assert call.action is not None and call.action.type == "click"
    assert (call.action.x, call.action.y) == (640, 400)
    assert call.pending_safety_checks == []
    follow = openai_client.responses.create(
        model="gpt-4o",
        previous_response_id=first.id,
        tools=[PREVIEW],
        input=[
            {
                "type": "computer_call_output",
                "call_id": call.call_id,
                "output": {"type": "computer_screenshot", "image_url": _screenshot()},
            }
        ],
    )
    assert [item.type for item in follow.output] == ["message"] and follow.output_text


def test_the_ga_computer_tool_batches_actions(mock_http: Any) -> None:
    body = create(mock_http, model="gpt-4o", input="Take a screenshot of the screen",
                  tools=[{"type": "computer"}])  # fmt: skip
    (call,) = body["output"]
    validate_sdk(ResponseComputerToolCall, call)
    validate_openapi("ComputerToolCall", call)
    assert call["actions"] == [{"type": "screenshot"}] and "action" not in call
    assert body["tools"] == [{"type": "computer"}]


@pytest.mark.parametrize(
    ("tool", "sdk", "component"),
    [
        ({"type": "local_shell"}, LocalShellCall, "LocalShellToolCall"),
        ({"type": "shell"}, ResponseFunctionShellToolCall, "FunctionShellCall"),
        (
            {"type": "shell", "environment": {"type": "local"}},
            ResponseFunctionShellToolCall,
            "FunctionShellCall",
        ),
    ],
)
def test_shell_calls_have_their_real_shapes(
    mock_http: Any, tool: dict[str, Any], sdk: Any, component: str
) -> None:
    body = create(mock_http, model="gpt-4o", input=SHELL_ASK, tools=[tool])
    (call,) = body["output"]
    validate_sdk(sdk, call)
    validate_openapi(component, call)
    if tool["type"] == "local_shell":
        assert call["action"]["command"] == ["ls", "-la"] and call["action"]["type"] == "exec"
    else:
        assert call["action"]["commands"] == ["ls -la"]
        assert call["environment"] == tool.get("environment")


def test_shell_outputs_continue_the_turn(mock_http: Any) -> None:
    local = create(mock_http, model="gpt-4o", input=SHELL_ASK, tools=[{"type": "local_shell"}])
    (call,) = local["output"]
    answer = {"type": "local_shell_call_output", "id": call["call_id"], "output": "a.txt\nb.txt"}
    follow = create(mock_http, model="gpt-4o", previous_response_id=local["id"],
                    input=[answer], tools=[{"type": "local_shell"}])  # fmt: skip
    assert [i["type"] for i in follow["output"]] == ["message"]
    shell = create(mock_http, model="gpt-4o", input=SHELL_ASK, tools=[{"type": "shell"}])
    (call,) = shell["output"]
    output = {
        "type": "shell_call_output",
        "call_id": call["call_id"],
        "output": [
            {"stdout": "a.txt\n", "stderr": "", "outcome": {"type": "exit", "exit_code": 0}}
        ],
    }
    again = create(mock_http, model="gpt-4o", input=[{"role": "user", "content": SHELL_ASK},
                   call, output], tools=[{"type": "shell"}])  # fmt: skip
    assert "a.txt" in again["output"][0]["content"][0]["text"]


def test_apply_patch_creates_the_file_named_and_takes_its_output(mock_http: Any) -> None:
    body = create(mock_http, model="gpt-4o", input=PATCH_ASK, tools=[{"type": "apply_patch"}])
    (call,) = body["output"]
    validate_sdk(ResponseApplyPatchToolCall, call)
    validate_openapi("ApplyPatchToolCall", call)
    operation = call["operation"]
    assert operation["type"] == "create_file" and operation["path"] == "hello.py"
    assert all(line.startswith("+") for line in operation["diff"].splitlines())
    done = {"type": "apply_patch_call_output", "call_id": call["call_id"], "status": "completed"}
    follow = create(mock_http, model="gpt-4o", previous_response_id=body["id"], input=[done],
                    tools=[{"type": "apply_patch"}])  # fmt: skip
    assert [i["type"] for i in follow["output"]] == ["message"]


def test_a_client_call_streams_added_then_done(mock_http: Any) -> None:
    events = stream(mock_http, model="gpt-4o", input=BROWSE, tools=[PREVIEW])
    types = [e["type"] for e in events]
    assert types == [
        "response.created",
        "response.in_progress",
        "response.output_item.added",
        "response.output_item.done",
        "response.completed",
    ]
    assert events[2]["item"]["status"] == "in_progress"
    assert events[3]["item"] == events[-1]["response"]["output"][0]


@pytest.mark.parametrize(
    ("item", "where"),
    [
        ({"type": "computer_call_output", "call_id": "call_1"}, "input[0].output"),
        (
            {"type": "computer_call_output", "call_id": "call_1", "output": {"type": "image"}},
            "input[0].output.type",
        ),
        ({"type": "local_shell_call_output", "output": "x"}, "input[0].id"),
        ({"type": "shell_call_output", "call_id": "c", "output": "x"}, "input[0].output"),
        ({"type": "apply_patch_call_output", "call_id": "c", "status": "ok"}, "input[0].status"),
    ],
)
def test_bad_output_items_get_the_real_400(
    mock_http: Any, item: dict[str, Any], where: str
) -> None:
    response = mock_http.post("/v1/responses", json={"model": "gpt-4o", "input": [item]})
    assert response.status_code == 400, response.text
    assert envelope(response)["param"] == where


def test_an_output_for_no_call_is_refused(mock_http: Any) -> None:
    done = {"type": "apply_patch_call_output", "call_id": "call_nope", "status": "completed"}
    response = mock_http.post("/v1/responses", json={"model": "gpt-4o", "input": [done]})
    assert response.status_code == 400
    assert "call_nope" in envelope(response)["message"]


def test_calls_and_outputs_are_listed_as_items_in_a_conversation(mock_http: Any) -> None:
    conversation = mock_http.post("/v1/conversations", json={}).json()["id"]
    first = create(mock_http, model="gpt-4o", input=BROWSE, tools=[PREVIEW],
                   conversation=conversation)  # fmt: skip
    (call,) = first["output"]
    screenshot = {"type": "computer_screenshot", "image_url": _screenshot()}
    output = {"type": "computer_call_output", "call_id": call["call_id"], "output": screenshot}
    follow = create(mock_http, model="gpt-4o", input=[output], tools=[PREVIEW],
                    conversation=conversation)  # fmt: skip
    items = mock_http.get(f"/v1/conversations/{conversation}/items?order=asc").json()
    validate_sdk(ConversationItemList, items)
    validate_openapi("ConversationItemList", items)
    kinds = [i["type"] for i in items["data"]]
    assert kinds == ["message", "computer_call", "computer_call_output", "message"]
    listed = mock_http.get(f"/v1/responses/{follow['id']}/input_items").json()
    validate_sdk(ResponseItemList, listed)
    validate_openapi("ResponseItemList", listed)
    (item,) = listed["data"]
    assert item["id"].startswith("cuo_") and item["status"] == "completed"


def test_every_client_call_passed_back_is_listed_with_its_shape(mock_http: Any) -> None:
    for tool, answer in (
        ({"type": "local_shell"}, {"type": "local_shell_call_output", "output": "a.txt"}),
        (
            {"type": "shell"},
            {
                "type": "shell_call_output",
                "output": [{"stdout": "", "stderr": "", "outcome": {"type": "timeout"}}],
            },
        ),
        ({"type": "apply_patch"}, {"type": "apply_patch_call_output", "status": "failed"}),
    ):
        first = create(mock_http, model="gpt-4o", input=PATCH_ASK + " and list files", tools=[tool])
        (call,) = first["output"]
        key = "id" if answer["type"] == "local_shell_call_output" else "call_id"
        given = [{"role": "user", "content": "go"}, call, {**answer, key: call["call_id"]}]
        body = create(mock_http, model="gpt-4o", tools=[tool], input=given)
        listed = mock_http.get(f"/v1/responses/{body['id']}/input_items?order=asc").json()
        # The OpenAPI schema requires a call_id on a local shell output; the SDK's type has none.
        strict(ResponseItemList, listed, allow_extra=("call_id",))
        validate_openapi("ResponseItemList", listed)
        assert [i["type"] for i in listed["data"]] == ["message", call["type"], answer["type"]]
