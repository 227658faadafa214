"""Responses in flight: the session reads client events while a response is being sent. A
pacing hook (``app.state.realtime_pace``) holds the response at one of its events until the
client sends something, so each test knows exactly what was sent before its cancel, its
speech or its truncate (no real sleeps, no timing)."""

from __future__ import annotations

import asyncio
import base64
import json
from collections.abc import Iterator
from contextlib import contextmanager
from types import SimpleNamespace
from typing import Any

import pytest

from mockserver.generate.audio import speech
from mockserver.resources.realtime import audio, socket
from mockserver.resources.realtime.socket import PACE_STATE
from tests.resources.realtime.helpers import (
    GA_TEXT,
    TEXT_END,
    Socket,
    append,
    client,
    hold_at,
    session,
    text_message,
    types,
)

TEXT_DELTA = "response.output_text.delta"
AUDIO_DELTA = "response.output_audio.delta"
# Each audio delta follows its transcript delta: holding the third transcript delta holds the
# response just after its second audio delta.
TRANSCRIPT_DELTA = "response.output_audio_transcript.delta"
# More than a spoken turn: appended in one event.
TURN_BYTES = 10 * 1000 * audio.BYTES_PER_MS
CANCELLED = {"type": "cancelled", "reason": "client_cancelled"}
CLOSING_TEXT = TEXT_END
CLOSING_AUDIO = [
    "response.output_audio.done",
    "response.output_audio_transcript.done",
    *CLOSING_TEXT[1:],
]


@contextmanager
def held(kind: str, *nths: int) -> Iterator[Socket]:
    http = client()
    setattr(http.app.state, PACE_STATE, hold_at(kind, *nths))  # type: ignore[attr-defined]
    with session(http=http) as socket:
        yield socket


def _start(socket: Socket, text: str, kind: str, count: int) -> list[dict[str, Any]]:
    """Asks for a response and reads it up to its ``count`` events of ``kind``."""
    socket.send(**text_message(text))
    socket.until("conversation.item.done")
    socket.send(type="response.create")
    events = socket.until(kind)
    while types(events).count(kind) < count:
        events += socket.until(kind)
    return events


def test_a_cancel_mid_text_ends_the_response_with_what_was_sent() -> None:
    with held(TEXT_DELTA, 3) as socket:
        socket.send(**GA_TEXT)
        socket.recv()
        sent = _start(socket, "Tell me a long story about the sea", TEXT_DELTA, 2)
        socket.send(type="response.cancel")
        closing = socket.until("rate_limits.updated")
        socket.send(type="response.cancel", event_id="again")
        late = socket.recv()
        socket.send(
            type="conversation.item.retrieve", item_id=closing[-2]["response"]["output"][0]["id"]
        )
        kept = socket.recv()["item"]
    assert types(closing) == CLOSING_TEXT
    text = "".join(e["delta"] for e in sent if e["type"] == TEXT_DELTA)
    assert closing[0]["text"] == text and closing[1]["part"] == {"type": "text", "text": text}
    done = closing[-2]["response"]
    assert done["status"] == "cancelled" and done["status_details"] == CANCELLED
    (item,) = done["output"]
    assert item["status"] == "incomplete"
    assert item["content"] == [{"type": "output_text", "text": text}]
    assert done["usage"]["output_tokens"] == 2
    assert kept["status"] == "incomplete" and kept["content"] == item["content"]
    # Once ended, nothing is in flight any more: today's error.
    assert late["error"]["code"] == "response_cancel_not_active"
    assert late["error"]["event_id"] == "again"


def test_a_cancel_names_the_response_in_flight_or_finds_none() -> None:
    # Held twice: the refused cancel lets the response go on, to be held again.
    with held(TEXT_DELTA, 2, 3) as socket:
        socket.send(**GA_TEXT)
        socket.recv()
        created = _start(socket, "Count to twenty", TEXT_DELTA, 1)[0]
        socket.send(type="response.cancel", response_id="resp_other")
        wrong = socket.recv()
        socket.until(TEXT_DELTA)  # the second: the response is held again after it
        socket.send(type="response.cancel", response_id=created["response"]["id"])
        closing = socket.until("response.done")
    assert wrong["error"]["code"] == "response_cancel_not_active"
    assert closing[-1]["response"]["id"] == created["response"]["id"]
    assert closing[-1]["response"]["status"] == "cancelled"


def test_a_second_response_while_one_is_in_flight_is_the_real_error() -> None:
    with held(TEXT_DELTA, 2) as socket:
        socket.send(**GA_TEXT)
        socket.recv()
        created = _start(socket, "Say something", TEXT_DELTA, 1)[0]
        socket.send(type="response.create")
        refused = socket.recv()
        rest = socket.until("rate_limits.updated")
    rid = created["response"]["id"]
    assert refused["error"] == {
        "type": "invalid_request_error",
        "code": "conversation_already_has_active_response",
        "message": f"Conversation already has an active response in progress: {rid}. Wait "
        "until the response is finished before creating a new one.",
        "param": None,
        "event_id": None,
    }
    # The first response goes on to its end, whole.
    assert rest[-2]["response"]["status"] == "completed"
    assert TEXT_DELTA in types(rest)


def test_a_cancel_mid_audio_keeps_the_audio_and_transcript_sent() -> None:
    with held(TRANSCRIPT_DELTA, 3) as socket:
        sent = _start(socket, "Hello, how are you today?", AUDIO_DELTA, 2)
        socket.send(type="response.cancel")
        closing = socket.until("rate_limits.updated")
        item_id = closing[-2]["response"]["output"][0]["id"]
        socket.send(type="conversation.item.retrieve", item_id=item_id)
        kept = socket.recv()["item"]
    assert types(closing) == CLOSING_AUDIO
    said = "".join(e["delta"] for e in sent if e["type"] == TRANSCRIPT_DELTA)
    assert closing[1]["transcript"] == said
    done = closing[-2]["response"]
    assert done["status_details"] == CANCELLED
    assert done["output"][0]["content"] == [{"type": "output_audio", "transcript": said}]
    heard = b"".join(base64.b64decode(e["delta"]) for e in sent if e["type"] == AUDIO_DELTA)
    assert done["usage"]["output_token_details"]["audio_tokens"] == audio.model_audio_tokens(heard)
    assert base64.b64decode(kept["content"][0]["audio"]) == heard


def test_the_playing_audio_is_truncated_while_the_rest_is_still_coming() -> None:
    # Held twice: the refused truncate lets the response go on, to be held again.
    with held(TRANSCRIPT_DELTA, 3, 4) as socket:
        sent = _start(socket, "Hello, how are you today?", AUDIO_DELTA, 2)
        item_id = sent[-1]["item_id"]
        cut = {"type": "conversation.item.truncate", "item_id": item_id, "content_index": 0}
        socket.send(**cut, audio_end_ms=250)
        too_long = socket.recv()
        socket.until(AUDIO_DELTA)  # the third: the response is held again after it
        socket.send(**cut, audio_end_ms=150)
        rest = socket.until("rate_limits.updated")
        socket.send(type="conversation.item.retrieve", item_id=item_id)
        kept = socket.recv()["item"]
    truncated = rest[0]
    assert too_long["error"]["message"] == "Audio content of 200ms is already shorter than 250ms"
    assert rest[0]["type"] == "conversation.item.truncated"
    assert truncated["audio_end_ms"] == 150
    # The response runs to its end; the conversation keeps only what the user heard.
    done = rest[-2]["response"]
    assert done["status"] == "completed" and done["output"][0]["content"][0]["transcript"]
    assert kept["status"] == "completed"
    assert kept["content"][0]["transcript"] == ""
    assert len(base64.b64decode(kept["content"][0]["audio"])) == 150 * audio.BYTES_PER_MS


def _said(text: str) -> bytes:
    return speech.speak(text, "alloy").samples.astype("<i2").tobytes()


def test_speech_over_the_reply_cancels_it_and_the_next_turn_is_answered() -> None:
    silence = bytes(audio.BYTES_PER_MS * 1000)
    with held(TRANSCRIPT_DELTA, 3) as socket:
        first = _start(socket, "Tell me about the moon", AUDIO_DELTA, 2)[0]
        # One append, which the held response waits for: all of the turn lands at that point.
        append(socket, _said("Stop, what about Mars?") + silence, chunk=TURN_BYTES)
        interrupted = socket.until("rate_limits.updated")
        following = socket.until("response.created")
    kinds = types(interrupted)
    assert kinds[0] == "input_audio_buffer.speech_started"
    assert kinds[1:] == CLOSING_AUDIO
    done = interrupted[-2]["response"]
    assert done["id"] == first["response"]["id"]
    assert done["status"] == "cancelled"
    assert done["status_details"] == {"type": "cancelled", "reason": "turn_detected"}
    # The user's turn ends, is committed, and server VAD's create_response answers it.
    assert types(following)[:2] == [
        "input_audio_buffer.speech_stopped",
        "input_audio_buffer.committed",
    ]
    assert following[-1]["response"]["id"] != done["id"]


def test_speech_does_not_cancel_when_interrupt_response_is_off() -> None:
    silence = bytes(audio.BYTES_PER_MS * 1000)
    vad = {"type": "server_vad", "interrupt_response": False}
    with held(TRANSCRIPT_DELTA, 3) as socket:
        socket.send(
            type="session.update",
            session={"type": "realtime", "audio": {"input": {"turn_detection": vad}}},
        )
        socket.recv()
        _start(socket, "Tell me about the moon", AUDIO_DELTA, 2)
        append(socket, _said("What about Mars?") + silence, chunk=TURN_BYTES)
        rest = socket.until("rate_limits.updated")
    assert "input_audio_buffer.speech_started" in types(rest)
    assert rest[-2]["response"]["status"] == "completed"
    # The reply in flight was not doubled by a second one for the new turn.
    assert "response.created" not in types(rest)


def test_the_beta_interface_cancels_with_its_own_event_names() -> None:
    http = client()
    setattr(http.app.state, PACE_STATE, hold_at("response.audio_transcript.delta", 3))
    preview = "/v1/realtime?model=gpt-4o-realtime-preview"
    beta = {"OpenAI-Beta": "realtime=v1"}
    with session(preview, http=http, headers=beta, beta=True) as socket:
        socket.send(**text_message("Tell me a story"))
        socket.until("conversation.item.created")
        socket.send(type="response.create")
        socket.until("response.audio.delta")
        socket.until("response.audio.delta")
        socket.send(type="response.cancel")
        closing = socket.until("rate_limits.updated")
    # No conversation.item.done in the beta interface; its parts are named audio and text.
    assert types(closing) == [
        "response.audio.done",
        "response.audio_transcript.done",
        "response.content_part.done",
        "response.output_item.done",
        "response.done",
        "rate_limits.updated",
    ]
    done = closing[-2]["response"]
    assert done["status_details"] == CANCELLED
    assert done["output"][0]["content"][0]["type"] == "audio"


class _Flight:
    """A response in flight with ``events`` more events to send."""

    def __init__(self, events: int) -> None:
        self.left = events


class _Session:
    """As much of a session as the socket's loop drives: its events are counted, a client
    message ends the response in flight (as a cancel does)."""

    closed = False

    def __init__(self, events: int) -> None:
        self.flight: _Flight | None = _Flight(events)
        self.sent = 0

    def opening(self) -> list[dict[str, Any]]:
        return []

    def step(self) -> list[dict[str, Any]]:
        assert self.flight is not None
        self.flight.left -= 1
        if not self.flight.left:
            self.flight = None
        return [{"type": "event"}]

    def answered(self, text: str | None) -> list[dict[str, Any]]:
        self.flight = None
        return [{"type": "answered", "text": text}]


class _WebSocket:
    """Sends into a list; after ``cancel_after`` events the client's message is there to read,
    and after the answer to it, the disconnect."""

    app = SimpleNamespace(state=SimpleNamespace())  # no pacing hook

    def __init__(self, cancel_after: int) -> None:
        self.sent: list[str] = []
        self.cancel_after = cancel_after
        self.incoming: asyncio.Queue[dict[str, Any]] = asyncio.Queue()

    async def send_text(self, text: str) -> None:
        self.sent.append(json.loads(text)["type"])
        if len(self.sent) == self.cancel_after:
            self.incoming.put_nowait({"type": "websocket.receive", "text": "cancel"})
        if self.sent[-1] == "answered":
            self.incoming.put_nowait({"type": "websocket.disconnect"})

    async def receive(self) -> dict[str, Any]:
        return await self.incoming.get()


@pytest.mark.parametrize("cancel_after", [1, 3, 8, 9, 30])
def test_unpaced_a_client_message_lands_within_a_few_events(cancel_after: int) -> None:
    # Without a pacing hook the reader gets a turn every EVENTS_PER_TURN events, not before
    # each (which halved the events sent per second): what the client sent is answered by
    # the next of those turns.
    fake = _Session(events=200)
    websocket = _WebSocket(cancel_after)
    asyncio.run(socket._serve(websocket, fake))  # type: ignore[arg-type]
    answered = websocket.sent.index("answered")
    # The answer comes at the first turn after the message: every EVENTS_PER_TURN events.
    turn = -(-cancel_after // socket.EVENTS_PER_TURN) * socket.EVENTS_PER_TURN
    assert answered == turn
    assert websocket.sent == ["event"] * answered + ["answered"]
