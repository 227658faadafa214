"""The built-in tools the server runs before the model answers: ``code_interpreter`` (the code,
its logs when included, the container) and ``image_generation`` (a real picture with the
tool's options, partial images in a stream), called when the planner would call a tool,
with their stream events typed and the real 400s for bad definitions."""

from __future__ import annotations

import base64
import io
from typing import Any

import pytest
from openai import OpenAI
from openai.types.conversations import ConversationItemList
from openai.types.responses import ResponseCodeInterpreterToolCall
from openai.types.responses.response_output_item import ImageGenerationCall
from PIL import Image

from mockserver.settings import Settings
from mockserver.testing import TEST_KEY
from tests.conftest import envelope
from tests.resources.chat.helpers import validate_openapi
from tests.resources.responses.helpers import WEATHER, check_item_list, create
from tests.resources.responses.test_stream import fresh, stream
from tests.schema_check import validate_sdk

AUTO = {"type": "code_interpreter", "container": {"type": "auto"}}
SUM = "What is 123 * 456? Calculate it with code."
DRAW = "Draw a picture of a red house by the sea"


def test_the_code_interpreter_runs_the_sum_and_the_answer_reads_its_logs(
    openai_client: Any,
) -> None:
    response = openai_client.responses.create(
        model="gpt-4o", input=SUM, tools=[AUTO], include=["code_interpreter_call.outputs"]
    )
    call, message = response.output
    assert isinstance(call, ResponseCodeInterpreterToolCall)
    assert call.id.startswith("ci_") and call.container_id.startswith("cntr_")
    assert call.code is not None and "123 * 456" in call.code
    assert call.outputs is not None and call.outputs[0].type == "logs"
    assert call.outputs[0].logs == "56088\n"
    assert "56088" in response.output_text and message.type == "message"


def test_outputs_come_only_when_included_and_a_container_id_is_kept(mock_http: Any) -> None:
    container = mock_http.post("/v1/containers", json={"name": "sums"}).json()["id"]
    tool = {"type": "code_interpreter", "container": container}
    body = create(mock_http, model="gpt-4o", input=SUM, tools=[tool])
    call = body["output"][0]
    assert call["outputs"] is None and call["container_id"] == container
    validate_sdk(ResponseCodeInterpreterToolCall, call)
    validate_openapi("CodeInterpreterToolCall", call)
    plain = create(mock_http, model="gpt-4o", input=SUM)
    assert body["usage"]["input_tokens"] > plain["usage"]["input_tokens"]
    assert body["tools"] == [tool]


def test_an_unrelated_question_calls_no_tool_and_tool_choice_forces_it(mock_http: Any) -> None:
    hello = create(mock_http, model="gpt-4o", input="Hello there!", tools=[AUTO])
    assert [i["type"] for i in hello["output"]] == ["message"]
    forced = create(
        mock_http,
        model="gpt-4o",
        input="Hello there!",
        tools=[AUTO, WEATHER],
        tool_choice={"type": "code_interpreter"},
    )
    assert [i["type"] for i in forced["output"]] == ["code_interpreter_call", "message"]
    assert forced["tool_choice"] == {"type": "code_interpreter"}


def test_the_code_interpreter_streams_its_code(mock_http: Any) -> None:
    events = stream(mock_http, model="gpt-4o", input=SUM, tools=[AUTO])
    types = [e["type"] for e in events]
    assert types[2:4] == [
        "response.output_item.added",
        "response.code_interpreter_call.in_progress",
    ]
    deltas = [
        e["delta"] for e in events if e["type"] == "response.code_interpreter_call_code.delta"
    ]
    done = next(e for e in events if e["type"] == "response.code_interpreter_call_code.done")
    assert "".join(deltas) == done["code"]
    at = types.index("response.code_interpreter_call_code.done")
    assert types[at + 1 : at + 4] == [
        "response.code_interpreter_call.interpreting",
        "response.code_interpreter_call.completed",
        "response.output_item.done",
    ]
    assert events[-1]["response"]["output"][0]["code"] == done["code"]


def _picture(b64: str) -> Image.Image:
    image = Image.open(io.BytesIO(base64.b64decode(b64)))
    image.load()
    return image


def test_image_generation_answers_a_real_picture_with_the_tool_options(mock_http: Any) -> None:
    tool = {
        "type": "image_generation",
        "size": "1536x1024",
        "quality": "low",
        "output_format": "webp",
        "background": "opaque",
    }
    body = create(mock_http, model="gpt-4o", input=DRAW, tools=[tool])
    call, message = body["output"]
    validate_sdk(ImageGenerationCall, call)
    validate_openapi("ImageGenToolCall", call)
    assert call["id"].startswith("ig_") and call["status"] == "completed"
    picture = _picture(call["result"])
    assert picture.format == "WEBP" and picture.size == (1536, 1024)
    assert (call["size"], call["quality"], call["output_format"]) == ("1536x1024", "low", "webp")
    assert call["revised_prompt"].startswith(DRAW)
    again = create(mock_http, model="gpt-4o", input=DRAW, tools=[tool])
    assert again["output"][0]["result"] == call["result"]  # same request, same bytes
    assert message["type"] == "message"
    (echoed,) = body["tools"]
    assert echoed["model"] == "gpt-image-2.6-sunburst" and echoed["partial_images"] == 0


def test_a_transparent_png_keeps_its_alpha(mock_http: Any) -> None:
    tool = {"type": "image_generation", "background": "transparent", "quality": "low"}
    call = create(mock_http, model="gpt-4o", input=DRAW, tools=[tool])["output"][0]
    assert call["background"] == "transparent" and _picture(call["result"]).mode == "RGBA"


def test_partial_images_stream_before_the_picture(mock_http: Any) -> None:
    tool = {"type": "image_generation", "partial_images": 2, "quality": "low", "size": "1024x1024"}
    events = stream(mock_http, model="gpt-4o", input=DRAW, tools=[tool])
    types = [e["type"] for e in events]
    assert types[2:9] == [
        "response.output_item.added",
        "response.image_generation_call.in_progress",
        "response.image_generation_call.generating",
        "response.image_generation_call.partial_image",
        "response.image_generation_call.partial_image",
        "response.image_generation_call.completed",
        "response.output_item.done",
    ]
    assert events[2]["item"]["result"] is None
    partials = [e for e in events if e["type"].endswith("partial_image")]
    assert [p["partial_image_index"] for p in partials] == [0, 1]
    final = events[-1]["response"]["output"][0]["result"]
    assert all(p["partial_image_b64"] != final for p in partials)
    assert _picture(partials[0]["partial_image_b64"]).size == _picture(final).size


def test_an_image_generation_call_passed_back_is_context(mock_http: Any) -> None:
    tool = {"type": "image_generation", "quality": "low"}
    first = create(mock_http, model="gpt-4o", input=DRAW, tools=[tool])
    follow = create(
        mock_http,
        model="gpt-4o",
        input=[
            {"role": "user", "content": DRAW},
            *first["output"],
            {"role": "user", "content": "Thanks! Say something nice."},
        ],
    )
    assert [i["type"] for i in follow["output"]] == ["message"]
    listed = mock_http.get(f"/v1/responses/{follow['id']}/input_items?order=asc").json()
    check_item_list(listed)
    assert [i["type"] for i in listed["data"]][:2] == ["message", "image_generation_call"]
    assert listed["data"][1]["status"] == "completed"


def test_a_code_interpreter_turn_joins_its_conversation(mock_http: Any) -> None:
    conversation = mock_http.post("/v1/conversations", json={}).json()["id"]
    create(mock_http, model="gpt-4o", input=SUM, tools=[AUTO], conversation=conversation)
    items = mock_http.get(f"/v1/conversations/{conversation}/items?order=asc").json()
    validate_sdk(ConversationItemList, items)
    validate_openapi("ConversationItemList", items)
    assert [i["type"] for i in items["data"]] == ["message", "code_interpreter_call", "message"]


@pytest.mark.parametrize(
    ("tool", "where", "code"),
    [
        ({"type": "code_interpreter"}, "tools[0].container", "missing_required_parameter"),
        ({"type": "code_interpreter", "container": 5}, "tools[0].container", "invalid_type"),
        (
            {"type": "code_interpreter", "container": {"type": "auto", "memory_limit": "2g"}},
            "tools[0].container.memory_limit",
            "invalid_value",
        ),
        (
            {"type": "code_interpreter", "container": {"type": "x"}},
            "tools[0].container.type",
            "invalid_value",
        ),
        ({"type": "image_generation", "size": "999x7"}, "tools[0].size", None),
        ({"type": "image_generation", "partial_images": 4}, "tools[0].partial_images", None),
        ({"type": "image_generation", "quality": "ultra"}, "tools[0].quality", "invalid_value"),
        (
            {"type": "image_generation", "background": "transparent", "output_format": "jpeg"},
            None,
            None,
        ),
        ({"type": "image_generation", "colour": "red"}, "tools[0].colour", "unknown_parameter"),
        (  # found by make fuzz: checked to the bottom against the SDK's type
            {
                "type": "code_interpreter",
                "container": {
                    "type": "auto",
                    "network_policy": {"type": "allowlist", "allowed_domains": "example.com"},
                },
            },
            "tools[0].container.network_policy.allowed_domains",
            "invalid_type",
        ),
    ],
)
def test_bad_tool_definitions_get_the_real_400(
    mock_http: Any, tool: dict[str, Any], where: str | None, code: str | None
) -> None:
    response = mock_http.post(
        "/v1/responses", json={"model": "gpt-4o", "input": "Hi", "tools": [tool]}
    )
    assert response.status_code == 400, response.text
    error = envelope(response)
    if where is not None:
        assert error["param"] == where
        assert f"'{where}" in error["message"] or where not in error["message"]
    if code is not None:
        assert error["code"] == code


def test_a_forced_built_in_tool_must_be_given(mock_http: Any) -> None:
    response = mock_http.post(
        "/v1/responses",
        json={"model": "gpt-4o", "input": "Hi", "tool_choice": {"type": "image_generation"}},
    )
    assert response.status_code == 400
    error = envelope(response)
    assert error["message"] == "Tool choice 'image_generation' not found in 'tools' parameter."
    assert error["param"] == "tool_choice"


@pytest.mark.parametrize(
    ("ask", "tool"),
    [
        (SUM, AUTO),
        (DRAW, {"type": "image_generation", "quality": "low", "partial_images": 1}),
        ("Open the browser and take a screenshot", {"type": "computer"}),
    ],
)
def test_the_sdk_stream_helper_folds_the_events_into_the_response(
    mock_settings: Settings, ask: str, tool: dict[str, Any]
) -> None:
    body = {"model": "gpt-4o", "input": ask, "tools": [tool]}
    with fresh(mock_settings) as plain_client, fresh(mock_settings) as stream_client:
        plain = plain_client.post("/v1/responses", json=body).json()
        sdk = OpenAI(api_key=TEST_KEY, base_url="http://mock/v1", http_client=stream_client)
        with sdk.responses.stream(model="gpt-4o", input=ask, tools=[tool]) as events:
            kinds = {event.type for event in events}
            final = events.get_final_response()
    # The helper's final response is the parsed form (``parsed`` on text parts): the call item
    # is the same, and so is the text.
    assert final.output[0].model_dump(mode="json", exclude_unset=True) == plain["output"][0]
    assert [item.type for item in final.output] == [item["type"] for item in plain["output"]]
    texts = [p["text"] for i in plain["output"] if i["type"] == "message" for p in i["content"]]
    assert final.output_text == "".join(texts)
    assert "response.completed" in kinds
