"""Helpers of the Realtime tests: an in-process session (Starlette's test client) whose every
server event is checked against the SDK's union of realtime server events."""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

from openai.types.beta.realtime.realtime_server_event import (
    RealtimeServerEvent as BetaRealtimeServerEvent,
)
from openai.types.realtime.realtime_server_event import RealtimeServerEvent
from starlette.testclient import TestClient

from conformance.schemas import validate_sdk
from mockserver.app import create_app
from mockserver.clock import FixedClock
from mockserver.settings import Settings
from mockserver.testing import FROZEN_TIME, TEST_KEY
from tests.resources.chat.helpers import validate_openapi
from tests.resources.responses.helpers import WEATHER as RESPONSES_WEATHER

# The session object of session.created/updated carries its id, object and expiry, as the real
# API sends them (a live transcript); the SDK types the event's session as the request shape.
SESSION_EXTRA = ("id", "object", "expires_at")
# Text and transcription deltas carry the real API's padding, which the SDK's types leave out.
EVENT_EXTRA = (*SESSION_EXTRA, "obfuscation")
GA_TEXT = {"type": "session.update", "session": {"type": "realtime", "output_modalities": ["text"]}}
# A realtime function tool: the Responses one without ``strict``, which realtime tools lack.
WEATHER = {k: v for k, v in RESPONSES_WEATHER.items() if k != "strict"}


# Keys the real API sends as null where the spec wants an object, array or string (a live
# transcript shows each): left out of what the spec checks, everything else is checked.
NULL_IN_REAL_TRAFFIC = {
    "response": ("status_details", "usage", "conversation_id"),
    "session": ("include",),
    "input": ("transcription", "noise_reduction", "turn_detection"),
    "transcription": ("language", "prompt"),
    # A committed turn's input_audio part before (or without) its transcription.
    "content": ("transcript",),
}


def spec_view(event: Any) -> Any:
    """``event`` without the null keys of ``NULL_IN_REAL_TRAFFIC``."""
    if isinstance(event, list):
        return [spec_view(v) for v in event]
    if not isinstance(event, dict):
        return event
    out = {}
    for key, value in event.items():
        dropped = NULL_IN_REAL_TRAFFIC.get(key, ())
        if isinstance(value, dict):
            value = {k: v for k, v in value.items() if not (k in dropped and v is None)}
        elif isinstance(value, list):  # the same keys of each element (content parts)
            value = [
                {k: v for k, v in part.items() if not (k in dropped and v is None)}
                if isinstance(part, dict)
                else part
                for part in value
            ]
        out[key] = spec_view(value)
    return out


def client(settings: Settings | None = None, key: str = TEST_KEY) -> TestClient:
    app = create_app(settings or Settings(seed=0, clock=FixedClock(FROZEN_TIME)))
    return TestClient(app, base_url="http://mock", headers={"Authorization": f"Bearer {key}"})


class Socket:
    """A session's socket: send events, receive checked ones."""

    def __init__(self, ws: Any, beta: bool = False) -> None:
        self.ws = ws
        self.beta = beta
        self.union = BetaRealtimeServerEvent if beta else RealtimeServerEvent

    def send(self, **event: Any) -> None:
        self.ws.send_text(json.dumps(event))

    def recv(self) -> dict[str, Any]:
        event: dict[str, Any] = json.loads(self.ws.receive_text())
        validate_sdk(self.union, event, allow_extra=EVENT_EXTRA)
        if not self.beta:  # the spec has no union of the beta events
            validate_openapi("RealtimeServerEvent", spec_view(event))
        return event

    def until(self, kind: str) -> list[dict[str, Any]]:
        """The events up to (and with) the first of type ``kind`` (or an error)."""
        events = [self.recv()]
        while events[-1]["type"] not in (kind, "error"):
            events.append(self.recv())
        return events


@contextmanager
def session(
    path: str = "/v1/realtime?model=gpt-realtime",
    http: TestClient | None = None,
    headers: dict[str, str] | None = None,
    beta: bool = False,
) -> Iterator[Socket]:
    """A session past its session.created."""
    with http or client() as c, c.websocket_connect(path, headers=dict(headers or {})) as ws:
        socket = Socket(ws, beta=beta)
        created = socket.recv()
        assert created["type"] in ("session.created", "transcription_session.created"), created
        yield socket


def hold_at(kind: str, *nths: int) -> Callable[[dict[str, Any]], Awaitable[None]]:
    """A pace that holds each response before its ``nth`` events of type ``kind`` (each one
    of ``nths``) until the client sends something, then lets it go on."""
    held: set[str] = set()
    seen: dict[str, int] = {}

    async def pace(event: dict[str, Any]) -> None:
        if event["type"] != kind or event["event_id"] in held:
            return
        key = event.get("response_id", "")
        seen[key] = seen.get(key, 0) + 1
        if seen[key] in nths:
            held.add(event["event_id"])
            await asyncio.Event().wait()  # cut short by the client's next message

    return pace


# How a text response ends, in the GA interface.
TEXT_END = [
    "response.output_text.done",
    "response.content_part.done",
    "conversation.item.done",
    "response.output_item.done",
    "response.done",
    "rate_limits.updated",
]


def ask(socket: Socket, text: str) -> list[dict[str, Any]]:
    """Says ``text`` as a user item and asks for a response: its events, to its end."""
    socket.send(**text_message(text))
    socket.until("conversation.item.created" if socket.beta else "conversation.item.done")
    socket.send(type="response.create")
    return socket.until("rate_limits.updated")


def append(socket: Socket, data: bytes, chunk: int = 4800) -> None:
    """Appends ``data`` to the input audio buffer, ``chunk`` bytes an event."""
    for k in range(0, len(data), chunk):
        piece = base64.b64encode(data[k : k + chunk]).decode()
        socket.send(type="input_audio_buffer.append", audio=piece)


def types(events: list[dict[str, Any]]) -> list[str]:
    return [e["type"] for e in events]


def pcm(events: list[dict[str, Any]], kind: str = "response.output_audio.delta") -> bytes:
    return b"".join(base64.b64decode(e["delta"]) for e in events if e["type"] == kind)


def text_message(text: str) -> dict[str, Any]:
    return {
        "type": "conversation.item.create",
        "item": {
            "type": "message",
            "role": "user",
            "content": [{"type": "input_text", "text": text}],
        },
    }
