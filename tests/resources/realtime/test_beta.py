"""The beta interface (``OpenAI-Beta: realtime=v1``, ``client.beta.realtime.connect()``): its
own session shape and event names (``conversation.item.created``, ``response.text.delta``,
``response.audio.delta``, ``response.audio_transcript.delta``), every event checked against
the SDK's beta union; and with ``--retired-apis`` the real API's refusal of the beta shape."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from openai import OpenAI
from starlette.websockets import WebSocketDisconnect

from mockserver.clock import FixedClock
from mockserver.generate.audio import speech, tag
from mockserver.settings import Settings
from mockserver.testing import FROZEN_TIME, TEST_KEY
from tests.resources.realtime.helpers import WEATHER, client, pcm, session, types

BETA = {"OpenAI-Beta": "realtime=v1"}
PREVIEW = "/v1/realtime?model=gpt-4o-realtime-preview"
pytestmark = pytest.mark.filterwarnings(
    "ignore:connect\\(\\) must be used as a context manager:DeprecationWarning"
)


def _message(text: str) -> dict[str, Any]:
    return {"type": "message", "role": "user", "content": [{"type": "input_text", "text": text}]}


def test_the_beta_session_and_a_text_answer_with_its_own_event_names() -> None:
    with session(PREVIEW, headers=BETA, beta=True) as socket:
        socket.send(type="session.update", session={"modalities": ["text"], "voice": "verse"})
        updated = socket.recv()["session"]
        assert updated["modalities"] == ["text"] and updated["voice"] == "verse"
        assert updated["input_audio_format"] == "pcm16"
        socket.send(type="conversation.item.create", item=_message("Hello!"))
        assert socket.recv()["type"] == "conversation.item.created"
        socket.send(type="response.create")
        events = socket.until("rate_limits.updated")
    kinds = types(events)
    assert kinds[:4] == [
        "response.created",
        "response.output_item.added",
        "conversation.item.created",
        "response.content_part.added",
    ]
    assert kinds[-5:] == [
        "response.text.done",
        "response.content_part.done",
        "response.output_item.done",
        "response.done",
        "rate_limits.updated",
    ]
    done = events[-2]["response"]
    assert done["modalities"] == ["text"] and done["output_audio_format"] == "pcm16"
    assert done["output"][0]["content"][0]["type"] == "text"


def test_a_beta_audio_answer_and_audio_in() -> None:
    said = speech.speak("Good morning", "alloy").samples.astype("<i2").tobytes()
    with session(PREVIEW, headers=BETA, beta=True) as socket:
        transcription = {"model": "whisper-1"}
        socket.send(type="session.update", session={"input_audio_transcription": transcription})
        socket.recv()
        data = said + bytes(48_000)
        for k in range(0, len(data), 9600):
            chunk = base64.b64encode(data[k : k + 9600]).decode()
            socket.send(type="input_audio_buffer.append", audio=chunk)
        events = socket.until("rate_limits.updated")
    completed = next(e for e in events if e["type"].endswith("transcription.completed"))
    assert completed["transcript"] == "Good morning"
    assert completed["usage"]["type"] == "duration"
    transcript = "".join(
        e["delta"] for e in events if e["type"] == "response.audio_transcript.delta"
    )
    assert tag.extract(pcm(events, "response.audio.delta")) == transcript
    assert events[-2]["response"]["output"][0]["content"][0]["type"] == "audio"


def test_the_beta_update_refuses_the_ga_shape() -> None:
    with session(PREVIEW, headers=BETA, beta=True) as socket:
        socket.send(type="session.update", session={"type": "realtime"})
        error = socket.recv()["error"]
        assert (error["code"], error["param"]) == ("unknown_parameter", "session.type")
        socket.send(type="transcription_session.update", session={})
        refused = socket.recv()["error"]
    assert refused["message"] == (
        "Passing a transcription session update event to a realtime session is not allowed."
    )


def test_retired_apis_refuse_the_beta_shape_as_the_real_api_does() -> None:
    retired = Settings(seed=0, clock=FixedClock(FROZEN_TIME), retired_apis=True)
    with client(retired) as http, http.websocket_connect(PREVIEW, headers=BETA) as ws:
        event = json.loads(ws.receive_text())
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_text()
    assert event["error"]["code"] == "beta_api_shape_disabled"
    assert (closed.value.code, closed.value.reason) == (
        4000,
        "invalid_request_error.beta_api_shape_disabled",
    )


def test_the_sdks_beta_client_with_a_function_tool(mock_server_url: str) -> None:
    # The beta client always dials wss:// unless given the socket's base URL.
    sockets = "ws" + mock_server_url.removeprefix("http")
    sdk = OpenAI(
        base_url=mock_server_url, websocket_base_url=sockets, api_key=TEST_KEY, max_retries=0
    )
    with sdk, sdk.beta.realtime.connect(model="gpt-4o-realtime-preview") as connection:
        assert connection.recv().type == "session.created"
        connection.session.update(session={"modalities": ["text"], "tools": [WEATHER]})
        connection.conversation.item.create(item=_message("What is the weather in Boston?"))
        connection.response.create()
        events = []
        for event in connection:
            events.append(event)
            if event.type == "response.done":
                break
    assert "conversation.item.created" in [e.type for e in events]
    (call,) = events[-1].response.output or []
    assert call.type == "function_call" and call.name == "get_weather"
    assert type(events[-1]).__module__.startswith("openai.types.beta.realtime")


def test_a_beta_transcription_session_is_refused_clearly() -> None:
    with (
        client() as http,
        http.websocket_connect("/v1/realtime?intent=transcription", headers=BETA) as ws,
    ):
        event = json.loads(ws.receive_text())
        with pytest.raises(WebSocketDisconnect) as closed:
            ws.receive_text()
    assert event["error"]["param"] == "intent"
    assert "GA interface only" in event["error"]["message"]
    assert closed.value.code == 4000
