"""The Responses API over a WebSocket (``client.responses.connect()``): ``response.create``
answered with the stream's typed events, one JSON message each, numbered, ending with the
response; an ``error`` event for a bad request, after which the session takes the next one.
Behind the ``websocket`` marker on paid targets (a socket needs the ``websockets`` package; each
check costs one small response)."""

from __future__ import annotations

from typing import Any

import pytest
from openai.types.beta.beta_responses_server_event import BetaResponsesServerEvent
from openai.types.responses import Response

from . import schemas
from .target import Target
from .test_responses import EVENT_EXTRA, EXTRA, texts
from .websocket import connect

ENDPOINT = "/v1/responses (WebSocket)"
PATH = "/v1/responses"


def at(feature: str, **kwargs: Any) -> pytest.MarkDecorator:
    return pytest.mark.conformance(ENDPOINT, feature, **kwargs)


def _create(target: Target, **body: Any) -> dict[str, Any]:
    return {
        "type": "response.create",
        "model": target.models.chat,
        "input": "Say hello.",
        "max_output_tokens": 32,
        "store": False,
        **body,
    }


def _checked(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    for event in events:
        schemas.validate_sdk(BetaResponsesServerEvent, event, allow_extra=(*EXTRA, *EVENT_EXTRA))
        schemas.validate_openapi("BetaResponsesServerEvent", event)
    return events


@pytest.mark.websocket
@at("response.create: typed, numbered events ending with the response")
def test_socket_events_are_the_stream_of_one_response(target: Target) -> None:
    with connect(target, PATH) as socket:
        socket.send(_create(target))
        events = _checked(socket.until_done())
    types = [e["type"] for e in events]
    assert types[-1] != "error", f"an error event: {events[-1]}"
    assert types[:2] == ["response.created", "response.in_progress"], types[:2]
    assert types[-1] in ("response.completed", "response.incomplete"), types[-1]
    numbers = [e["sequence_number"] for e in events]
    assert numbers == list(range(numbers[0], numbers[0] + len(events))), (
        f"sequence_number not consecutive: {numbers[:10]}"
    )
    final = events[-1]["response"]
    schemas.validate_sdk(Response, final, allow_extra=EXTRA)
    deltas = "".join(e["delta"] for e in events if e["type"] == "response.output_text.delta")
    assert deltas and texts(final) == deltas, "the final response's text is not the streamed text"


@pytest.mark.websocket
@at("error event for a bad request; the session lives on", requests=2)
def test_socket_error_events_leave_the_session_open(target: Target) -> None:
    with connect(target, PATH) as socket:
        socket.send(_create(target, max_output_tokens="many"))
        error = socket.recv()
        assert error.get("type") == "error", f"expected an error event, got {error.get('type')}"
        _checked([error])
        assert isinstance(error.get("status"), int) and 400 <= error["status"] < 500, error
        assert error["error"]["param"] == "max_output_tokens", error["error"]
        socket.send(_create(target))
        events = _checked(socket.until_done())
    assert events[-1]["type"] in ("response.completed", "response.incomplete"), events[-1]
