"""The Responses API over a WebSocket, in process (Starlette's test client): the events of
``response.create`` are the SSE stream's, state is shared with HTTP, errors are ``error``
events on a session that lives on, and ``response.steer`` / ``response.inject`` answer as the
SDK's types describe."""

from __future__ import annotations

import json
from typing import Any

import pytest
from openai.types.beta.beta_responses_server_event import BetaResponsesServerEvent
from starlette.testclient import TestClient

from conformance.schemas import validate_sdk
from mockserver.app import create_app
from mockserver.clock import FixedClock
from mockserver.settings import Settings
from mockserver.testing import FROZEN_TIME, TEST_KEY
from tests.resources.chat.helpers import validate_openapi
from tests.resources.responses.helpers import WEATHER
from tests.resources.responses.test_stream import EVENT_EXTRA

HELLO = {"model": "gpt-4o-mini", "input": "Hello!"}
# The spec's union of server events predates steering and injection (the SDK has them).
SDK_ONLY = ("response.steer.", "response.inject.")
TERMINAL = ("response.completed", "response.incomplete", "response.failed", "error")


def _client() -> TestClient:
    app = create_app(Settings(seed=0, clock=FixedClock(FROZEN_TIME)))
    return TestClient(app, base_url="http://mock", headers={"Authorization": f"Bearer {TEST_KEY}"})


def receive(ws: Any) -> dict[str, Any]:
    event: dict[str, Any] = json.loads(ws.receive_text())
    validate_sdk(BetaResponsesServerEvent, event, allow_extra=EVENT_EXTRA)
    if not event["type"].startswith(SDK_ONLY):
        validate_openapi("BetaResponsesServerEvent", event)
    return event


def until_done(ws: Any) -> list[dict[str, Any]]:
    """The events up to (and with) the next terminal one, each checked against the SDK."""
    events = [receive(ws)]
    while events[-1]["type"] not in TERMINAL:
        events.append(receive(ws))
    return events


def send(ws: Any, **event: Any) -> None:
    ws.send_text(json.dumps(event))


def steer_the_last(ws: Any, steer: dict[str, Any]) -> dict[str, Any]:
    """A response made, then ``steer`` sent (``"LAST"`` standing for its id): the answer."""
    send(ws, type="response.create", **HELLO)
    last = until_done(ws)[-1]["response"]["id"]
    send(ws, type="response.steer", **{k: last if v == "LAST" else v for k, v in steer.items()})
    return receive(ws)


def sse_events(client: TestClient, body: dict[str, Any]) -> list[dict[str, Any]]:
    response = client.post("/v1/responses", json={**body, "stream": True})
    assert response.status_code == 200, response.text
    return [
        json.loads(line[len("data: ") :])
        for line in response.text.splitlines()
        if line.startswith("data: ")
    ]


def test_a_create_gets_the_events_of_the_sse_stream_byte_for_byte() -> None:
    with _client() as http:
        streamed = sse_events(http, HELLO)
    with _client() as client, client.websocket_connect("/v1/responses") as ws:
        send(ws, type="response.create", **HELLO)
        events = until_done(ws)
    assert events == streamed
    assert events[0]["type"] == "response.created"
    assert events[-1]["type"] == "response.completed"
    assert events[-1]["response"]["output"][0]["content"][0]["text"]


def test_the_final_response_equals_the_sse_final_response_with_tools() -> None:
    body = {"model": "gpt-4o", "input": "What's the weather in Paris?", "tools": [WEATHER]}
    with _client() as http:
        streamed = sse_events(http, body)[-1]["response"]
    with _client() as client, client.websocket_connect("/v1/responses") as ws:
        send(ws, type="response.create", **body)
        final = until_done(ws)[-1]["response"]
    assert final == streamed
    assert final["output"][0]["type"] == "function_call"


def test_state_is_shared_with_http_both_ways(mock_http: TestClient) -> None:
    with mock_http.websocket_connect("/v1/responses") as ws:
        send(ws, type="response.create", **HELLO)
        first = until_done(ws)[-1]["response"]
        stored = mock_http.get(f"/v1/responses/{first['id']}")
        assert stored.status_code == 200 and stored.json() == first
        over_http = mock_http.post(
            "/v1/responses",
            json={**HELLO, "input": "And again?", "previous_response_id": first["id"]},
        ).json()
        send(ws, type="response.create", **HELLO, previous_response_id=over_http["id"])
        second = until_done(ws)[-1]["response"]
    assert second["previous_response_id"] == over_http["id"]
    # The whole chain is read as context: more input tokens than the first turn's.
    assert second["usage"]["input_tokens"] > over_http["usage"]["input_tokens"]


def test_a_response_not_stored_continues_on_its_own_socket_only(mock_http: TestClient) -> None:
    with mock_http.websocket_connect("/v1/responses") as ws:
        send(ws, type="response.create", **HELLO, store=False)
        first = until_done(ws)[-1]["response"]
        send(ws, type="response.create", **HELLO, store=False, previous_response_id=first["id"])
        assert until_done(ws)[-1]["type"] == "response.completed"
    with mock_http.websocket_connect("/v1/responses") as other:
        send(other, type="response.create", **HELLO, previous_response_id=first["id"])
        (error,) = until_done(other)
    assert error["status"] == 400
    assert error["error"]["code"] == "previous_response_not_found"
    assert error["error"]["message"] == f"Previous response with id '{first['id']}' not found."


def test_bad_events_get_error_events_and_the_session_lives_on(mock_http: TestClient) -> None:
    with mock_http.websocket_connect("/v1/responses") as ws:
        ws.send_text("{not json")
        assert receive(ws)["error"]["message"].startswith("We could not parse the JSON body")
        send(ws, type="response.nope")
        unknown = receive(ws)
        assert unknown["error"]["param"] == "type"
        assert (
            "'response.create', 'response.steer', and 'response.inject'"
            in (unknown["error"]["message"])
        )
        send(ws, input="no type")
        assert receive(ws)["error"]["code"] == "missing_required_parameter"
        send(ws, type="response.create", model="no-such-model", input="Hi")
        missing = receive(ws)
        assert missing["status"] == 404 and missing["error"]["code"] == "model_not_found"
        send(ws, type="response.create", **HELLO, background=True)
        assert receive(ws)["error"]["param"] == "background"
        send(ws, type="response.create", **HELLO, temperature="hot")
        assert receive(ws)["error"]["param"] == "temperature"
        send(ws, type="response.create", **HELLO)
        assert until_done(ws)[-1]["type"] == "response.completed"


def test_a_warm_up_reads_the_input_and_makes_nothing(mock_http: TestClient) -> None:
    with mock_http.websocket_connect("/v1/responses") as ws:
        send(ws, type="response.create", **HELLO, generate=False)
        warm = until_done(ws)
        send(ws, type="response.create", **HELLO, previous_response_id=warm[-1]["response"]["id"])
        turn = until_done(ws)[-1]["response"]
        send(ws, type="response.create", **HELLO, generate="no")
        bad = receive(ws)
    assert [e["type"] for e in warm] == [
        "response.created",
        "response.in_progress",
        "response.completed",
    ]
    usage = warm[-1]["response"]["usage"]
    assert warm[-1]["response"]["output"] == [] and usage["output_tokens"] == 0
    assert usage["input_tokens"] > 0
    # The turn after it reads the warmed-up input as context.
    assert turn["usage"]["input_tokens"] > usage["input_tokens"]
    assert turn["output"][0]["content"][0]["text"]
    assert bad["error"]["param"] == "generate" and bad["error"]["code"] == "invalid_type"


def test_a_stream_id_is_carried_on_every_event_of_its_response(mock_http: TestClient) -> None:
    with mock_http.websocket_connect("/v1/responses") as ws:
        send(ws, type="response.create", **HELLO, stream_id="lane-a")
        events = until_done(ws)
        send(ws, type="response.create", model="nope", input="x", stream_id="lane-b")
        error = receive(ws)
    assert {event["stream_id"] for event in events} == {"lane-a"}
    assert error["stream_id"] == "lane-b"
    # ``stream_id`` belongs to the socket: it is not part of the response.
    assert "stream_id" not in events[-1]["response"]


def test_a_steer_on_the_last_response_gets_an_automatic_successor(mock_http: TestClient) -> None:
    with mock_http.websocket_connect("/v1/responses") as ws:
        send(ws, type="response.create", **HELLO, instructions="Be brief.")
        first = until_done(ws)
        target = first[-1]["response"]["id"]
        send(ws, type="response.steer", previous_response_id=target, input="Now in French.")
        accepted = receive(ws)
        successor = until_done(ws)
    assert accepted["type"] == "response.steer.accepted"
    assert accepted["steer"]["previous_response_id"] == target
    assert accepted["steer"]["id"].startswith("steer_")
    assert accepted["sequence_number"] == first[-1]["sequence_number"] + 1
    final = successor[-1]["response"]
    assert successor[0]["type"] == "response.created"
    assert final["previous_response_id"] == target
    assert final["instructions"] == "Be brief."  # the target's settings are inherited
    items = mock_http.get(f"/v1/responses/{final['id']}/input_items").json()["data"]
    assert items[0]["content"][0]["text"] == "Now in French."


def test_a_steer_while_tool_output_is_owed_stays_pending(mock_http: TestClient) -> None:
    body = {"model": "gpt-4o", "input": "What's the weather in Paris?", "tools": [WEATHER]}
    with mock_http.websocket_connect("/v1/responses") as ws:
        send(ws, type="response.create", **body)
        target = until_done(ws)[-1]["response"]
        call = target["output"][0]
        send(ws, type="response.steer", previous_response_id=target["id"], input="Use Celsius.")
        accepted, pending = receive(ws), receive(ws)
        assert accepted["type"] == "response.steer.accepted"
        assert pending["type"] == "response.steer.pending"
        assert pending["reason"] == "waiting_for_required_input"
        assert pending["required_input"] == [
            {"type": "function_call_output", "call_id": call["call_id"], "name": "get_weather"}
        ]
        output = {"type": "function_call_output", "call_id": call["call_id"], "output": "22C"}
        # A continuation that fails keeps the input queued for the next one.
        send(ws, type="response.create", model="nope", previous_response_id=target["id"], input=[])
        assert receive(ws)["type"] == "error"
        send(
            ws,
            type="response.create",
            model="gpt-4o",
            tools=[WEATHER],
            previous_response_id=target["id"],
            input=[output],
        )
        final = until_done(ws)[-1]["response"]
    items = mock_http.get(f"/v1/responses/{final['id']}/input_items?order=asc").json()["data"]
    # The queued steering input goes first, then the request's own input.
    assert [item["type"] for item in items] == ["message", "function_call_output"]
    assert items[0]["content"][0]["text"] == "Use Celsius."


@pytest.mark.parametrize(
    ("steer", "code"),
    [
        ({"previous_response_id": "resp_unknown", "input": "Hi"}, "response_not_found"),
        ({"previous_response_id": "LAST", "input": []}, "invalid_input"),
        (
            {
                "previous_response_id": "LAST",
                "input": [{"type": "function_call_output", "call_id": "c", "output": "x"}],
            },
            "invalid_input",
        ),
        ({"previous_response_id": "LAST", "input": "Hi", "stream_id": "a"}, "invalid_input"),
    ],
)
def test_steers_that_cannot_be_taken_fail(
    mock_http: TestClient, steer: dict[str, Any], code: str
) -> None:
    with mock_http.websocket_connect("/v1/responses") as ws:
        failed = steer_the_last(ws, steer)
        assert failed["type"] == "response.steer.failed"
        assert failed["error"]["code"] == code
        assert failed["steer"]["input"] == steer["input"]
        assert "id" not in failed["steer"]
        send(ws, type="response.create", **HELLO)  # the session lives on
        assert until_done(ws)[-1]["type"] == "response.completed"


@pytest.mark.parametrize(
    ("steer", "param"),
    [
        ({"input": "Hi"}, "previous_response_id"),
        ({"previous_response_id": "LAST"}, "input"),
        (
            {"previous_response_id": "LAST", "input": [{"role": "assistant", "content": "x"}]},
            "input",
        ),
        ({"previous_response_id": "LAST", "input": 5}, "input"),
    ],
)
def test_steers_outside_the_event_shape_get_error_events(
    mock_http: TestClient, steer: dict[str, Any], param: str
) -> None:
    with mock_http.websocket_connect("/v1/responses") as ws:
        error = steer_the_last(ws, steer)
    assert error["type"] == "error" and error["status"] == 400
    assert error["error"]["param"] == param


def test_a_steer_on_an_older_response_is_already_completed(mock_http: TestClient) -> None:
    with mock_http.websocket_connect("/v1/responses") as ws:
        send(ws, type="response.create", **HELLO)
        older = until_done(ws)[-1]["response"]["id"]
        send(ws, type="response.create", **HELLO)
        until_done(ws)
        send(ws, type="response.steer", previous_response_id=older, input="Hi")
        failed = receive(ws)
    assert failed["error"]["code"] == "response_already_completed"


def test_an_inject_finds_its_response_finished(mock_http: TestClient) -> None:
    item = {"type": "function_call_output", "call_id": "call_1", "output": "ok"}
    with mock_http.websocket_connect("/v1/responses") as ws:
        send(ws, type="response.create", **HELLO)
        rid = until_done(ws)[-1]["response"]["id"]
        send(ws, type="response.inject", response_id=rid, input=[item])
        done = receive(ws)
        send(ws, type="response.inject", response_id="resp_nope", input=[item])
        unknown = receive(ws)
    assert done["type"] == "response.inject.failed"
    assert done["error"]["code"] == "response_already_completed"
    assert done["input"] == [item]
    assert unknown["error"]["code"] == "response_not_found"


INVALID_STREAM_ID = (
    "The 'stream_id' field must be a non-empty string with at most 256 characters and may "
    "only contain letters, numbers, underscores, hyphens, and periods."
)


@pytest.mark.parametrize("stream_id", [7, "", "a b", "x" * 257])
def test_a_stream_id_outside_the_guide_is_the_invalid_stream_id_error(
    mock_http: TestClient, stream_id: Any
) -> None:
    with mock_http.websocket_connect("/v1/responses") as ws:
        send(ws, type="response.create", **HELLO, stream_id=stream_id)
        error = receive(ws)
    assert error["status"] == 400
    assert error["error"] == {
        "message": INVALID_STREAM_ID,
        "type": "invalid_request_error",
        "param": "stream_id",
        "code": "invalid_stream_id",
    }
    assert "stream_id" not in error  # not echoed: it is not a lane


def test_the_longest_stream_id_is_a_lane(mock_http: TestClient) -> None:
    with mock_http.websocket_connect("/v1/responses") as ws:
        send(ws, type="response.create", **HELLO, stream_id="x" * 256)
        assert until_done(ws)[-1]["type"] == "response.completed"


UNSTORED = {**HELLO, "store": False}


def create_on(ws: Any, lane: str | None, **body: Any) -> dict[str, Any]:
    """A ``response.create`` on ``lane`` (None: the default lane): its terminal event."""
    lane_field = {} if lane is None else {"stream_id": lane}
    send(ws, type="response.create", **{**UNSTORED, **body}, **lane_field)
    return until_done(ws)[-1]


def test_each_lane_keeps_its_latest_response_to_continue_or_fork(mock_http: TestClient) -> None:
    with mock_http.websocket_connect("/v1/responses") as ws:
        planner = create_on(ws, "planner", input="Draft a plan.")["response"]["id"]
        research = create_on(ws, "research", input="List the risks.")["response"]["id"]
        # planner's latest is still cached although research answered after it: a fork onto a
        # new lane and the lane itself both continue it.
        critic = create_on(ws, "critic", previous_response_id=planner, input="Find gaps.")
        assert critic["type"] == "response.completed"
        assert critic["response"]["previous_response_id"] == planner
        again = create_on(ws, "planner", previous_response_id=planner, input="Add rollback.")
        assert again["type"] == "response.completed"
        assert create_on(ws, None, previous_response_id=research)["type"] == "response.completed"


def test_a_lanes_older_unstored_response_is_gone_once_the_lane_moves_on(
    mock_http: TestClient,
) -> None:
    with mock_http.websocket_connect("/v1/responses") as ws:
        first = create_on(ws, "main")["response"]["id"]
        create_on(ws, "main", previous_response_id=first)
        error = create_on(ws, "main", previous_response_id=first)
    assert error["type"] == "error" and error["stream_id"] == "main"
    assert error["error"]["code"] == "previous_response_not_found"
    assert error["error"]["param"] == "previous_response_id"


def test_a_failed_same_lane_continuation_evicts_its_parent_a_fork_does_not(
    mock_http: TestClient,
) -> None:
    with mock_http.websocket_connect("/v1/responses") as ws:
        parent = create_on(ws, "main")["response"]["id"]
        fork = create_on(ws, "side", previous_response_id=parent, temperature=9)
        assert fork["type"] == "error" and fork["stream_id"] == "side"
        assert create_on(ws, "main", previous_response_id=parent)["type"] == "response.completed"
        latest = create_on(ws, "main")["response"]["id"]
        failed = create_on(ws, "main", previous_response_id=latest, temperature=9)
        assert failed["error"]["param"] == "temperature"
        gone = create_on(ws, "main", previous_response_id=latest)
    assert gone["error"]["code"] == "previous_response_not_found"


def test_a_stored_response_continues_after_its_lane_moved_on(mock_http: TestClient) -> None:
    with mock_http.websocket_connect("/v1/responses") as ws:
        first = create_on(ws, "main", store=True)["response"]["id"]
        create_on(ws, "main", store=True)
        later = create_on(ws, "main", store=True, previous_response_id=first)
    assert later["type"] == "response.completed"


def test_a_connection_takes_32_named_lanes(mock_http: TestClient) -> None:
    with mock_http.websocket_connect("/v1/responses") as ws:
        for k in range(32):
            assert create_on(ws, f"agent_{k}")["type"] == "response.completed"
        refused = create_on(ws, "agent_32")
        # Known lanes and the default lane are still served.
        assert create_on(ws, "agent_0")["type"] == "response.completed"
        assert create_on(ws, None)["type"] == "response.completed"
    assert refused == {
        "type": "error",
        "status": 400,
        "stream_id": "agent_32",
        "error": {
            "message": "This WebSocket connection has reached its maximum number of distinct "
            "stream IDs (32). Reuse an existing stream_id or open a new WebSocket connection.",
            "type": "invalid_request_error",
            "param": "stream_id",
            "code": "websocket_stream_limit_reached",
        },
    }


def test_a_connection_lasts_60_minutes_of_the_mocks_clock(mock_http: TestClient) -> None:
    with mock_http.websocket_connect("/v1/responses") as ws:
        assert create_on(ws, None)["type"] == "response.completed"
        assert mock_http.post("/__mock__/clock", json={"advance": 3599}).status_code == 200
        assert create_on(ws, None)["type"] == "response.completed"
        assert mock_http.post("/__mock__/clock", json={"advance": 1}).status_code == 200
        send(ws, type="response.create", **HELLO)
        limit = receive(ws)
        closed = ws.receive()
    assert limit == {
        "type": "error",
        "status": 400,
        "error": {
            "message": "Responses websocket connection limit reached (60 minutes). Create a new "
            "websocket connection to continue.",
            "type": "invalid_request_error",
            "param": None,
            "code": "websocket_connection_limit_reached",
        },
    }
    assert closed["type"] == "websocket.close"
    with mock_http.websocket_connect("/v1/responses") as fresh:  # a new connection goes on
        assert create_on(fresh, None)["type"] == "response.completed"


def test_response_create_takes_the_serving_options() -> None:
    options = {
        "access_programs": {"cyber": "standard"},
        "image": {"context_compression": "enabled"},
        "prompt_cache_options": {"ttl": "30m"},
        "moderation": {"model": "omni-moderation-latest"},
    }
    with _client() as client, client.websocket_connect("/v1/responses") as ws:
        send(ws, type="response.create", **HELLO, **options)
        done = until_done(ws)[-1]
    assert done["type"] == "response.completed"
    response = done["response"]
    assert response["access_programs"] == {"cyber": "standard"}
    assert response["image"] == {"context_compression": "enabled"}
    assert response["prompt_cache_options"] == {"mode": "implicit", "ttl": "30m"}
    assert response["moderation"]["output"]["type"] == "moderation_result"
