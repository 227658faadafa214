"""POST /v1/responses and the stored-response endpoints: the response object, usage, the
token limit, a function-call round trip chained by ``previous_response_id``, retrieve, input
items, delete and cancel. Each check costs a few dozen tokens on a cheap model; every
response it stores is deleted."""

from __future__ import annotations

import json
from typing import Any

import pytest
from openai.types.responses import Response, ResponseItemList, ResponseStreamEvent

from . import checks, schemas, sse
from .target import Target

ENDPOINT = "/v1/responses"
COMPONENT = "Response"
# The real API sends ``store`` on every response; the SDK's type does not declare it.
EXTRA = ("store",)
# Stream events also carry the deltas' padding and the name on function_call_arguments.done
# (which the OpenAPI schema requires), both left out of the SDK's types.
EVENT_EXTRA = ("obfuscation", "name")
LONG_ASK = "Explain in detail how a lighthouse works."
WEATHER = {
    "type": "function",
    "name": "get_weather",
    "description": "Get the current weather in a given location",
    "parameters": {
        "type": "object",
        "properties": {"location": {"type": "string"}},
        "required": ["location"],
        "additionalProperties": False,
    },
    "strict": True,
}


def at(feature: str, **kwargs: Any) -> pytest.MarkDecorator:
    return pytest.mark.conformance(ENDPOINT, feature, **kwargs)


def create(target: Target, **body: Any) -> dict[str, Any]:
    body.setdefault("model", target.models.chat)
    body.setdefault("input", "Say hello.")
    body.setdefault("max_output_tokens", 32)
    data: dict[str, Any] = checks.expect_json(
        target.post("/responses", body), Response, COMPONENT, allow_extra=EXTRA
    )
    return data


def delete(target: Target, response_id: str) -> None:
    target.request("DELETE", f"/responses/{response_id}")


def first_item(data: dict[str, Any], kind: str) -> dict[str, Any]:
    """The response's first output item of type ``kind`` (the check fails without one)."""
    kinds = [item["type"] for item in data["output"]]
    assert kind in kinds, f"no {kind} in the output {kinds}"
    item: dict[str, Any] = data["output"][kinds.index(kind)]
    return item


def texts(data: dict[str, Any]) -> str:
    return "".join(
        part["text"]
        for item in data["output"]
        if item["type"] == "message"
        for part in item["content"]
        if part["type"] == "output_text"
    )


@at("shape")
def test_response_shape(target: Target) -> None:
    data = create(target)
    try:
        assert data["object"] == "response" and data["id"].startswith("resp_"), data["id"]
        assert data["status"] in ("completed", "incomplete"), data["status"]
        assert data["model"].startswith(target.models.chat), data["model"]
        assert texts(data), "no output_text in the output"
        for item in data["output"]:
            if item["type"] == "message":
                assert item["role"] == "assistant" and item["id"].startswith("msg_"), item
                assert all(p.get("annotations") == [] for p in item["content"]), item
        usage = data["usage"]
        total = usage["input_tokens"] + usage["output_tokens"]
        assert usage["total_tokens"] == total, (
            f"total_tokens {usage['total_tokens']} != input_tokens + output_tokens {total}"
        )
        assert data["store"] is True, "store defaults to true"
    finally:
        delete(target, data["id"])


@at("max_output_tokens")
def test_max_output_tokens_makes_it_incomplete(target: Target) -> None:
    data = create(target, input=LONG_ASK, max_output_tokens=16, store=False)
    assert data["status"] == "incomplete", f"status {data['status']}, expected incomplete"
    assert data["incomplete_details"] == {"reason": "max_output_tokens"}, data
    assert data["usage"]["output_tokens"] == 16, data["usage"]


@at("function tools")
def test_function_call_round_trip(target: Target) -> None:
    first = create(
        target, input="What is the weather in Paris?", tools=[WEATHER], tool_choice="required"
    )
    made = [first["id"]]
    try:
        calls = [item for item in first["output"] if item["type"] == "function_call"]
        assert calls, f"no function_call in {first['output']}"
        call = calls[0]
        assert call["name"] == "get_weather", call
        assert "location" in json.loads(call["arguments"]), call["arguments"]
        output = {"type": "function_call_output", "call_id": call["call_id"], "output": "21C"}
        second = create(target, previous_response_id=first["id"], input=[output], tools=[WEATHER])
        made.append(second["id"])
        assert second["previous_response_id"] == first["id"], second["previous_response_id"]
        assert texts(second), "no answer after the tool output"
        assert second["usage"]["input_tokens"] > first["usage"]["input_tokens"], (
            "the previous response's items are not counted as input"
        )
    finally:
        for response_id in made:
            delete(target, response_id)


@at("stored")
def test_retrieve_input_items_and_delete(target: Target) -> None:
    data = create(target, input="Name a colour.")
    response_id = data["id"]
    try:
        again = checks.expect_json(
            target.get(f"/responses/{response_id}"), Response, COMPONENT, allow_extra=EXTRA
        )
        assert again["output"] == data["output"], "retrieve gives another output"
        items = checks.expect_json(
            target.get(f"/responses/{response_id}/input_items"),
            ResponseItemList,
            "ResponseItemList",
        )
        assert [i["content"][0]["text"] for i in items["data"]] == ["Name a colour."], items
    finally:
        deleted = target.request("DELETE", f"/responses/{response_id}")
    assert deleted.status_code == 200, deleted.text[:300]
    assert deleted.json() == {"id": response_id, "object": "response.deleted", "deleted": True}
    gone = target.error_request(ENDPOINT, "GET", f"/responses/{response_id}")
    error = checks.expect_error(gone, 404)
    assert error["message"] == f"Response with id '{response_id}' not found.", error


@at("cancel")
def test_cancel_refuses_a_synchronous_response(target: Target) -> None:
    data = create(target)
    try:
        refused = target.error_request(ENDPOINT, "POST", f"/responses/{data['id']}/cancel")
        error = checks.expect_error(refused, 400)
        assert error["message"] == "Cannot cancel a synchronous response.", error
    finally:
        delete(target, data["id"])


@at("stream")
def test_stream_events_are_typed_numbered_and_end_with_the_response(target: Target) -> None:
    body = {
        "model": target.models.chat,
        "input": "Say hello.",
        "max_output_tokens": 32,
        "stream": True,
        "store": False,
    }
    response, text = target.post_stream_text("/responses", body)
    assert response.status_code == 200, f"status {response.status_code}: {text[:300]}"
    frames = sse.parse(text)
    events = sse.json_payloads(frames)
    assert events and len(events) == len(frames), "a frame without a JSON event"
    for frame, event in zip(frames, events, strict=True):
        assert frame.names == ["event", "data"], f"frame fields {frame.names}"
        name = dict(frame.fields)["event"]
        assert name == event["type"], f"event: {name} carries a {event['type']} payload"
        schemas.validate_sdk(ResponseStreamEvent, event, allow_extra=(*EXTRA, *EVENT_EXTRA))
    numbers = [e["sequence_number"] for e in events]
    assert numbers == list(range(numbers[0], numbers[0] + len(events))), (
        f"sequence_number not consecutive: {numbers[:10]}"
    )
    types = [e["type"] for e in events]
    assert types[:2] == ["response.created", "response.in_progress"], types[:2]
    assert types[-1] in ("response.completed", "response.incomplete"), types[-1]
    deltas = "".join(e["delta"] for e in events if e["type"] == "response.output_text.delta")
    done = [e["text"] for e in events if e["type"] == "response.output_text.done"]
    assert done and deltas == done[0], "the deltas do not add up to output_text.done"
    final = events[-1]["response"]
    assert texts(final) == done[0], "the final response's text is not the streamed text"


@at("web_search")
def test_web_search_calls_the_tool_and_cites_urls_inside_the_text(target: Target) -> None:
    tool = {"type": "web_search_preview"}
    data = create(
        target,
        input="Find one recent news headline about space exploration.",
        tools=[tool],
        tool_choice={"type": "web_search_preview"},
        include=["web_search_call.action.sources"],
        max_output_tokens=400,
        store=False,
    )
    call = first_item(data, "web_search_call")
    assert call["id"].startswith("ws_") and call["status"] == "completed", call
    assert call["action"]["type"] == "search", call["action"]
    sources = call["action"].get("sources") or []
    assert all(s["type"] == "url" and s["url"].startswith("http") for s in sources), sources
    assert data["tools"][0]["type"] == "web_search_preview", data["tools"]
    assert data["tools"][0]["search_context_size"] == "medium", data["tools"]
    cited = 0
    for item in data["output"]:
        if item["type"] != "message":
            continue
        for part in item["content"]:
            if part["type"] != "output_text":
                continue
            for note in part["annotations"]:
                assert note["type"] == "url_citation", note
                assert 0 <= note["start_index"] < note["end_index"] <= len(part["text"]), (
                    f"url_citation [{note['start_index']}, {note['end_index']}) outside the "
                    f"text of {len(part['text'])} characters"
                )
                assert note["url"].startswith("http") and note["title"], note
                cited += 1
    assert cited, "the answer cites no url"


@pytest.mark.code_interpreter
@at("code_interpreter")
def test_code_interpreter_runs_code_and_logs_its_output(target: Target) -> None:
    # A container session is billed on its own (cents): a costly area on a paid target.
    data = create(
        target,
        input="Use the python tool to compute 123 * 456 and print the result.",
        tools=[{"type": "code_interpreter", "container": {"type": "auto"}}],
        tool_choice={"type": "code_interpreter"},
        include=["code_interpreter_call.outputs"],
        max_output_tokens=300,
        store=False,
    )
    call = first_item(data, "code_interpreter_call")
    assert call["id"].startswith("ci_") and call["status"] == "completed", call
    assert call["container_id"].startswith("cntr_"), call["container_id"]
    assert call["code"], "the call carries no code"
    logs = [o["logs"] for o in call["outputs"] or [] if o["type"] == "logs"]
    assert any("56088" in text for text in logs), f"the logs {logs} do not show 56088"
    assert "56088" in texts(data).replace(",", ""), "the answer does not give the result"
