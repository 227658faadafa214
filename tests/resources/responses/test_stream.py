"""``stream: true`` on POST /v1/responses: the typed events, their order and numbering, and a
final response equal to the one the same request gets without streaming."""

from __future__ import annotations

import json
from typing import Any

from openai.types.responses import ResponseStreamEvent
from starlette.testclient import TestClient

from mockserver.app import create_app
from mockserver.settings import Settings
from mockserver.testing import TEST_KEY
from tests.resources.chat.helpers import validate_openapi
from tests.resources.responses.helpers import RESPONSE_EXTRA, WEATHER, check_response

STORY = "Tell me a three sentence bedtime story about a unicorn."
# Keys the real API sends on stream events that the SDK's types leave out: the padding of
# deltas, and the name on function_call_arguments.done (the OpenAPI schema requires it).
EVENT_EXTRA = (*RESPONSE_EXTRA, "obfuscation", "name")
# The OpenAPI component of each event type (ResponseStreamEvent is a union of them all).
COMPONENTS = {
    "response.created": "ResponseCreatedEvent",
    "response.in_progress": "ResponseInProgressEvent",
    "response.output_item.added": "ResponseOutputItemAddedEvent",
    "response.content_part.added": "ResponseContentPartAddedEvent",
    "response.output_text.delta": "ResponseTextDeltaEvent",
    "response.output_text.done": "ResponseTextDoneEvent",
    "response.content_part.done": "ResponseContentPartDoneEvent",
    "response.output_item.done": "ResponseOutputItemDoneEvent",
    "response.function_call_arguments.delta": "ResponseFunctionCallArgumentsDeltaEvent",
    "response.function_call_arguments.done": "ResponseFunctionCallArgumentsDoneEvent",
    "response.reasoning_summary_part.added": "ResponseReasoningSummaryPartAddedEvent",
    "response.reasoning_summary_text.delta": "ResponseReasoningSummaryTextDeltaEvent",
    "response.reasoning_summary_text.done": "ResponseReasoningSummaryTextDoneEvent",
    "response.reasoning_summary_part.done": "ResponseReasoningSummaryPartDoneEvent",
    "response.completed": "ResponseCompletedEvent",
    "response.incomplete": "ResponseIncompleteEvent",
    "response.queued": "ResponseQueuedEvent",
    "response.file_search_call.in_progress": "ResponseFileSearchCallInProgressEvent",
    "response.file_search_call.searching": "ResponseFileSearchCallSearchingEvent",
    "response.file_search_call.completed": "ResponseFileSearchCallCompletedEvent",
    "response.web_search_call.in_progress": "ResponseWebSearchCallInProgressEvent",
    "response.web_search_call.searching": "ResponseWebSearchCallSearchingEvent",
    "response.web_search_call.completed": "ResponseWebSearchCallCompletedEvent",
    **{
        f"response.shell_call_{part}.{step}": f"ResponseShellCall{name}{step.title()}StreamingEvent"
        for part, name in (("command", "Command"), ("output_content", "OutputContent"))
        for step in ("added", "delta", "done")
    },
    **{
        f"response.code_interpreter_call{step}": f"ResponseCodeInterpreterCall{name}Event"
        for step, name in (
            (".in_progress", "InProgress"),
            ("_code.delta", "CodeDelta"),
            ("_code.done", "CodeDone"),
            (".interpreting", "Interpreting"),
            (".completed", "Completed"),
        )
    },
    **{
        f"response.image_generation_call.{step}": f"ResponseImageGenCall{name}Event"
        for step, name in (
            ("in_progress", "InProgress"),
            ("generating", "Generating"),
            ("partial_image", "PartialImage"),
            ("completed", "Completed"),
        )
    },
}


def parse_events(raw: str) -> list[dict[str, Any]]:
    """The events of a typed SSE body, checking its framing on the way."""
    assert raw.endswith("\n\n") and "[DONE]" not in raw
    events = []
    for block in raw.split("\n\n")[:-1]:
        name_line, data_line = block.split("\n")
        assert name_line.startswith("event: ") and data_line.startswith("data: "), block
        event = json.loads(data_line[len("data: ") :])
        assert event["type"] == name_line[len("event: ") :]
        events.append(event)
    return events


def check_event(event: dict[str, Any]) -> None:
    from conformance.schemas import validate_sdk

    validate_sdk(ResponseStreamEvent, event, allow_extra=EVENT_EXTRA)
    validate_openapi(COMPONENTS[event["type"]], event)


def stream(client: Any, **body: Any) -> list[dict[str, Any]]:
    response = client.post("/v1/responses", json={**body, "stream": True})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/event-stream")
    events = parse_events(response.text)
    for event in events:
        check_event(event)
    assert [e["sequence_number"] for e in events] == list(range(len(events)))
    return events


def fresh(settings: Settings) -> TestClient:
    """A new app with the same settings: its first response gets the same id as another's."""
    return TestClient(
        create_app(settings),
        base_url="http://mock",
        headers={"Authorization": f"Bearer {TEST_KEY}"},
    )


def test_a_text_stream_has_the_real_event_sequence(mock_http: Any) -> None:
    events = stream(mock_http, model="gpt-4o", input=STORY)
    types = [e["type"] for e in events]
    deltas = [e for e in events if e["type"] == "response.output_text.delta"]
    assert types[:5] == [
        "response.created",
        "response.in_progress",
        "response.output_item.added",
        "response.content_part.added",
        "response.output_text.delta",
    ]
    assert types[-4:] == [
        "response.output_text.done",
        "response.content_part.done",
        "response.output_item.done",
        "response.completed",
    ]
    assert len(deltas) > 3 and all(d["obfuscation"] for d in deltas)
    created = events[0]["response"]
    assert created["status"] == "in_progress" and created["output"] == []
    assert "usage" not in created
    done = next(e for e in events if e["type"] == "response.output_text.done")
    assert "".join(d["delta"] for d in deltas) == done["text"]
    final = events[-1]["response"]
    check_response(final)
    assert final["output"][0]["content"][0]["text"] == done["text"]


def test_the_final_response_equals_the_non_streamed_one(mock_settings: Settings) -> None:
    body = {"model": "gpt-4o", "input": STORY, "tools": [WEATHER]}
    with fresh(mock_settings) as plain_client, fresh(mock_settings) as stream_client:
        plain = plain_client.post("/v1/responses", json=body).json()
        events = stream(stream_client, **body)
        assert events[-1]["response"] == plain
        stored = stream_client.get(f"/v1/responses/{plain['id']}").json()
        assert stored == plain


def test_a_function_call_streams_its_arguments(mock_http: Any) -> None:
    events = stream(mock_http, model="gpt-4o", input="Weather in Paris?", tools=[WEATHER])
    deltas = [e["delta"] for e in events if e["type"] == "response.function_call_arguments.delta"]
    done = next(e for e in events if e["type"] == "response.function_call_arguments.done")
    assert "".join(deltas) == done["arguments"] and done["name"] == "get_weather"
    added = next(e for e in events if e["type"] == "response.output_item.added")
    assert added["item"]["type"] == "function_call" and added["item"]["arguments"] == ""
    assert events[-1]["response"]["output"][0]["arguments"] == done["arguments"]


def test_a_reasoning_summary_streams(mock_http: Any) -> None:
    events = stream(mock_http, model="o3", input="Hi", reasoning={"summary": "auto"})
    types = [e["type"] for e in events]
    assert types[2:5] == [
        "response.output_item.added",
        "response.reasoning_summary_part.added",
        "response.reasoning_summary_text.delta",
    ]
    done = next(e for e in events if e["type"] == "response.reasoning_summary_text.done")
    summary = events[-1]["response"]["output"][0]["summary"][0]["text"]
    assert done["text"] == summary


def test_an_incomplete_stream_ends_with_response_incomplete(mock_http: Any) -> None:
    events = stream(mock_http, model="gpt-4o", input=STORY, max_output_tokens=16)
    assert events[-1]["type"] == "response.incomplete"
    assert events[-1]["response"]["incomplete_details"] == {"reason": "max_output_tokens"}


def test_obfuscation_can_be_turned_off(mock_http: Any) -> None:
    options = {"include_obfuscation": False}
    events = stream(mock_http, model="gpt-4o", input="Hi", stream_options=options)
    assert not any("obfuscation" in e for e in events)


def test_logprobs_stream_with_the_deltas(mock_http: Any) -> None:
    events = stream(
        mock_http,
        model="gpt-4o",
        input="Hi",
        top_logprobs=1,
        include=["message.output_text.logprobs"],
    )
    deltas = [e for e in events if e["type"] == "response.output_text.delta"]
    assert all(d["logprobs"] for d in deltas)


def test_the_sdk_stream_helper_and_create_stream(openai_client: Any) -> None:
    with openai_client.responses.stream(model="gpt-4o", input=STORY) as events:
        text = "".join(e.delta for e in events if e.type == "response.output_text.delta")
        final = events.get_final_response()
    assert final.output_text == text and final.status == "completed"
    raw = openai_client.responses.create(model="gpt-4o", input=STORY, stream=True)
    kinds = [event.type for event in raw]
    assert kinds[0] == "response.created" and kinds[-1] == "response.completed"


def test_a_background_stream_starts_queued_and_leaves_the_response_done(mock_http: Any) -> None:
    events = stream(mock_http, model="gpt-4o", input="Hi", background=True)
    assert [e["type"] for e in events[:3]] == [
        "response.created",
        "response.queued",
        "response.in_progress",
    ]
    assert events[0]["response"]["status"] == "queued"
    response_id = events[0]["response"]["id"]
    stored = mock_http.get(f"/v1/responses/{response_id}").json()
    assert stored["status"] == "completed" and stored == events[-1]["response"]


def test_a_stored_stream_is_replayed_and_resumed(openai_client: Any, mock_http: Any) -> None:
    made = mock_http.post("/v1/responses", json={"model": "gpt-4o", "input": STORY}).json()
    replay = mock_http.get(f"/v1/responses/{made['id']}?stream=true")
    events = parse_events(replay.text)
    for event in events:
        check_event(event)
    assert events[-1]["response"] == made
    resumed = parse_events(
        mock_http.get(f"/v1/responses/{made['id']}?stream=true&starting_after=4").text
    )
    assert resumed == events[5:]
    with openai_client.responses.stream(response_id=made["id"], starting_after=2) as again:
        kinds = [event.type for event in again]
        final = again.get_final_response()
    assert kinds[-1] == "response.completed" and final.output_text == texts(made)
    bad = mock_http.get(f"/v1/responses/{made['id']}?stream=true&starting_after=x")
    assert bad.status_code == 400


def texts(response: dict[str, Any]) -> str:
    return "".join(p["text"] for item in response["output"] for p in item["content"])
