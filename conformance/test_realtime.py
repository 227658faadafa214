"""The Realtime API over a WebSocket (``client.realtime.connect()``, GA interface): a session
opens with ``session.created``; a text response streams its deltas in the real order and ends
with ``response.done`` (usage) and ``rate_limits.updated``; a bad client event is an ``error``
event on a session that lives on; a model the API does not serve is an ``error`` event, then
the server closes with 4000. Behind the ``realtime`` marker on paid targets (each response
check costs one short text response)."""

from __future__ import annotations

from typing import Any

import pytest
from openai.types.realtime.realtime_server_event import RealtimeServerEvent

from . import schemas
from .target import Target
from .websocket import Socket, connect

ENDPOINT = "/v1/realtime (WebSocket)"
# Keys the real API sends that the SDK's types leave out: the session's id, object and expiry;
# the deltas' padding.
EXTRA = ("id", "object", "expires_at", "obfuscation")
TEXT_ONLY = {
    "type": "session.update",
    "session": {"type": "realtime", "output_modalities": ["text"]},
}
ORDER = [
    "response.created",
    "response.output_item.added",
    "conversation.item.added",
    "response.content_part.added",
]
END = [
    "response.output_text.done",
    "response.content_part.done",
    "conversation.item.done",
    "response.output_item.done",
    "response.done",
]


def at(feature: str, **kwargs: Any) -> pytest.MarkDecorator:
    return pytest.mark.conformance(ENDPOINT, feature, **kwargs)


def _path(target: Target, model: str | None = None) -> str:
    return f"/v1/realtime?model={model or target.models.realtime}"


def _event(socket: Socket) -> dict[str, Any]:
    event = socket.recv()
    schemas.validate_sdk(RealtimeServerEvent, event, allow_extra=EXTRA)
    return event


def _until(socket: Socket, kind: str) -> list[dict[str, Any]]:
    events = [_event(socket)]
    while events[-1].get("type") not in (kind, "error"):
        events.append(_event(socket))
    return events


def _opened(socket: Socket) -> None:
    created = _event(socket)
    assert created.get("type") == "session.created", f"first event: {created.get('type')}"
    socket.send(TEXT_ONLY)
    updated = _until(socket, "session.updated")[-1]
    assert updated.get("type") == "session.updated", f"session.update answered {updated}"


def _ask(socket: Socket, text: str) -> None:
    item = {"type": "message", "role": "user", "content": [{"type": "input_text", "text": text}]}
    socket.send({"type": "conversation.item.create", "item": item})
    socket.send({"type": "response.create", "response": {"max_output_tokens": 32}})


@pytest.mark.realtime
@at("a text response: the real event order, deltas that make the text, usage")
def test_realtime_text_response_streams_in_order(target: Target) -> None:
    with connect(target, _path(target)) as socket:
        _opened(socket)
        _ask(socket, "Say hello.")
        events = _until(socket, "response.done")
        assert events[-1]["type"] != "error", f"an error event: {events[-1]}"
        limits = _event(socket)
    kinds = [e["type"] for e in events if not e["type"].startswith("conversation.item.") or
             e.get("item", {}).get("role") != "user"]  # fmt: skip
    assert kinds[:4] == ORDER, f"a response opens {kinds[:4]}"
    assert kinds[-5:] == END, f"a response ends {kinds[-5:]}"
    deltas = "".join(e["delta"] for e in events if e["type"] == "response.output_text.delta")
    done = events[-1]["response"]
    text = "".join(
        part.get("text") or ""
        for item in done["output"]
        if item.get("type") == "message"
        for part in item.get("content") or []
    )
    assert deltas and text == deltas, "the response's text is not the streamed text"
    usage = done.get("usage") or {}
    assert usage.get("total_tokens") == usage.get("input_tokens", 0) + usage.get(
        "output_tokens", 0
    ), f"usage does not add up: {usage}"
    assert limits.get("type") == "rate_limits.updated", f"after response.done: {limits}"


@pytest.mark.realtime
@at("error event for an unknown client event; the session lives on")
def test_realtime_error_events_leave_the_session_open(target: Target) -> None:
    with connect(target, _path(target)) as socket:
        assert _event(socket).get("type") == "session.created"
        socket.send({"type": "nope"})
        error = _event(socket)
        assert error.get("type") == "error", f"expected an error event, got {error.get('type')}"
        assert error["error"].get("code") == "invalid_value", error["error"]
        assert error["error"].get("param") == "type", error["error"]
        socket.send(TEXT_ONLY)
        assert _event(socket).get("type") == "session.updated"


@pytest.mark.realtime
@at("an unknown model: an error event, then close 4000")
def test_realtime_unknown_model_is_an_error_then_a_close(target: Target) -> None:
    with connect(target, _path(target, "gpt-no-such-realtime-model")) as socket:
        error = socket.recv()
        assert error.get("type") == "error", f"expected an error event, got {error.get('type')}"
        assert error["error"].get("code") == "invalid_model", error["error"]
        with pytest.raises(AssertionError) as closed:
            socket.recv()
    assert "4000" in str(closed.value), f"not closed with 4000: {closed.value}"
