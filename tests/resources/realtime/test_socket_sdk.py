"""The SDK's own Realtime client (``client.realtime.connect()``, over the ``websockets``
package) against the mock served by uvicorn: a text and audio answer whose audio decodes, a
function-tool round trip, speech made by the mock's speech endpoint transcribed and answered,
the async client, and the faults and refusals a socket gets."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Iterator
from typing import Any

import pytest
from openai import AsyncOpenAI, OpenAI
from starlette.applications import Starlette
from websockets.exceptions import ConnectionClosedError, InvalidStatus

from mockserver.generate.audio import tag
from mockserver.resources.realtime.socket import PACE_STATE
from mockserver.testing import TEST_KEY
from tests.resources.realtime.helpers import WEATHER, hold_at

MODEL = "gpt-realtime"
# The SDK opens its socket with ``websockets.sync.client.connect()`` outside a ``with``, which
# websockets 17.1 deprecates; the warning is the SDK's, not the mock's.
pytestmark = pytest.mark.filterwarnings(
    "ignore:connect\\(\\) must be used as a context manager:DeprecationWarning"
)


@pytest.fixture
def client(mock_server_url: str) -> Iterator[OpenAI]:
    with OpenAI(base_url=mock_server_url, api_key=TEST_KEY, max_retries=0) as sdk:
        yield sdk


def _until(connection: Any, kind: str) -> list[Any]:
    events = []
    for event in connection:
        events.append(event)
        if event.type in (kind, "error"):
            break
    return events


def _say(connection: Any, text: str) -> None:
    connection.conversation.item.create(
        item={"type": "message", "role": "user", "content": [{"type": "input_text", "text": text}]}
    )


def test_text_in_gets_a_streamed_answer_whose_audio_decodes(client: OpenAI) -> None:
    with client.realtime.connect(model=MODEL) as connection:
        created = connection.recv()
        assert created.type == "session.created"
        _say(connection, "Hello there!")
        connection.response.create()
        events = _until(connection, "response.done")
    assert type(events[-1]).__name__ == "ResponseDoneEvent"
    audio = b"".join(
        base64.b64decode(e.delta) for e in events if e.type == "response.output_audio.delta"
    )
    transcript = "".join(
        e.delta for e in events if e.type == "response.output_audio_transcript.delta"
    )
    assert transcript and tag.extract(audio) == transcript
    response = events[-1].response
    assert response.status == "completed" and response.usage is not None
    assert response.usage.output_token_details is not None
    assert response.usage.output_token_details.audio_tokens


def test_a_function_tool_round_trip(client: OpenAI) -> None:
    with client.realtime.connect(model=MODEL) as connection:
        connection.session.update(
            session={"type": "realtime", "output_modalities": ["text"], "tools": [WEATHER]}
        )
        _say(connection, "What is the weather in Boston?")
        connection.response.create()
        call = _until(connection, "response.done")[-1].response.output[0]
        assert call.type == "function_call" and call.name == "get_weather"
        assert call.call_id is not None
        connection.conversation.item.create(
            item={"type": "function_call_output", "call_id": call.call_id, "output": "21 C"}
        )
        connection.response.create()
        answer = _until(connection, "response.done")[-1].response.output[0]
    assert answer.type == "message" and "21" in (answer.content[0].text or "")


def test_speech_from_the_speech_endpoint_is_transcribed_and_answered(client: OpenAI) -> None:
    spoken = client.audio.speech.create(
        model="gpt-4o-mini-tts", voice="alloy", input="Tell me a joke", response_format="pcm"
    ).read()
    with client.realtime.connect(model=MODEL) as connection:
        connection.session.update(
            session={
                "type": "realtime",
                "output_modalities": ["text"],
                "audio": {"input": {"transcription": {"model": "gpt-4o-transcribe"}}},
            }
        )
        silence = bytes(48_000)
        data = spoken + silence
        for k in range(0, len(data), 9600):
            connection.input_audio_buffer.append(
                audio=base64.b64encode(data[k : k + 9600]).decode()
            )
        events = _until(connection, "response.done")
    kinds = [e.type for e in events]
    assert "input_audio_buffer.speech_started" in kinds
    completed = next(
        e for e in events if e.type == "conversation.item.input_audio_transcription.completed"
    )
    assert completed.transcript == "Tell me a joke"
    assert events[-1].response.status == "completed"


def test_the_async_client(mock_server_url: str) -> None:
    async def run() -> str:
        client = AsyncOpenAI(base_url=mock_server_url, api_key=TEST_KEY, max_retries=0)
        async with client, client.realtime.connect(model=MODEL) as connection:
            await connection.session.update(
                session={"type": "realtime", "output_modalities": ["text"]}
            )
            await connection.conversation.item.create(
                item={
                    "type": "message",
                    "role": "user",
                    "content": [{"type": "input_text", "text": "Hi"}],
                }
            )
            await connection.response.create()
            async for event in connection:
                if event.type == "response.output_text.done":
                    return event.text
        raise AssertionError("the connection closed before the text was done")

    assert asyncio.run(run())


def test_a_planned_disconnect_closes_the_connection_mid_response(client: OpenAI) -> None:
    seen = []
    with (
        pytest.raises(ConnectionClosedError) as dropped,
        client.realtime.connect(
            model=MODEL, extra_headers={"X-Mock-Fault": "disconnect=5"}
        ) as connection,
    ):
        _say(connection, "Hello!")
        connection.response.create()
        for event in connection:
            seen.append(event.type)
    # session.created, the user item's added and done, then the response is cut short.
    assert seen == [
        "session.created",
        "conversation.item.added",
        "conversation.item.done",
        "response.created",
        "response.output_item.added",
    ]
    assert dropped.value.rcvd is not None and dropped.value.rcvd.code == 1011


def test_a_429_on_upgrade_reaches_the_sdk_with_the_envelope(client: OpenAI) -> None:
    with (
        pytest.raises(InvalidStatus) as refused,
        client.realtime.connect(model=MODEL, extra_headers={"X-Mock-Fault": "429=2"}),
    ):
        pass
    response = refused.value.response
    assert response.status_code == 429
    assert b'"code": "rate_limit_exceeded"' in response.body


def test_a_wrong_key_is_an_error_event_then_close_3000(
    client: OpenAI, mock_server_url: str
) -> None:
    client.post("/../__mock__/keys", body={"api_keys": ["sk-the-only-one"]}, cast_to=object)
    seen: list[Any] = []
    with (
        OpenAI(base_url=mock_server_url, api_key="sk-wrong-key-0000", max_retries=0) as wrong,
        pytest.raises(ConnectionClosedError) as closed,
        wrong.realtime.connect(model=MODEL) as c,
    ):
        seen.extend(c)
    (error,) = seen
    assert error.type == "error" and error.error.code == "invalid_api_key"
    assert closed.value.rcvd is not None
    assert (closed.value.rcvd.code, closed.value.rcvd.reason) == (
        3000,
        "invalid_request_error.invalid_api_key",
    )


def test_the_sdk_cancels_a_response_while_its_audio_is_still_coming(
    client: OpenAI, mock_app: Starlette
) -> None:
    # The served response is held after its first audio delta until the client speaks.
    setattr(mock_app.state, PACE_STATE, hold_at("response.output_audio.delta", 2))
    with client.realtime.connect(model=MODEL) as connection:
        _say(connection, "Tell me a long story")
        connection.response.create()
        _until(connection, "response.output_audio.delta")
        connection.response.cancel()
        events = _until(connection, "response.done")
    done = events[-1].response
    assert done.status == "cancelled"
    assert done.status_details is not None and done.status_details.reason == "client_cancelled"
    assert done.output and done.output[0].status == "incomplete"
