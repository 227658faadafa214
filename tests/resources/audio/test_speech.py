"""POST /v1/audio/speech through the SDK and raw HTTP: every model, voice and format."""

from __future__ import annotations

import base64
import io
import json
from typing import Any, get_args

import av
import pytest
from openai.types.audio.speech_model import SpeechModel

from mockserver.generate.audio import speech as speech_audio
from mockserver.generate.audio import tag
from tests.error_catalogue import cases, check_in_process
from tests.schema_check import validate_openapi

from .helpers import speak, speech_bytes

FORMATS = ("mp3", "opus", "aac", "flac", "wav", "pcm")
MEDIA = {"mp3": "audio/mpeg", "opus": "audio/opus", "aac": "audio/aac", "flac": "audio/flac",
         "wav": "audio/wav", "pcm": "audio/pcm"}  # fmt: skip
RATES = {"mp3": 24_000, "opus": 48_000, "aac": 24_000, "flac": 24_000, "wav": 24_000}


@pytest.mark.parametrize("case", cases("/v1/audio/speech"))
def test_error_catalogue(mock_http: Any, case: dict[str, Any]) -> None:
    check_in_process(mock_http, case)


@pytest.mark.parametrize("model", get_args(SpeechModel))
def test_every_sdk_speech_model_speaks(openai_client: Any, model: str) -> None:
    response = openai_client.audio.speech.create(model=model, voice="coral", input="Hello.")
    assert response.response.headers["content-type"] == "audio/mpeg"
    assert response.content[:3] == b"ID3"


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_is_real_audio_streamed_chunked(mock_http: Any, fmt: str) -> None:
    text = "A sentence long enough to need more than one chunk of the body. " * 3
    response = speak(mock_http, text, response_format=fmt)
    assert response.status_code == 200
    assert response.headers["content-type"] == MEDIA[fmt]
    assert "content-length" not in response.headers
    if fmt == "pcm":
        assert len(response.content) % 2 == 0 and tag.extract(response.content) == text
        return
    with av.open(io.BytesIO(response.content)) as container:
        assert container.streams.audio[0].rate == RATES[fmt]


def test_the_stream_arrives_in_pieces(mock_server_url: str) -> None:
    import httpx2

    body = {"model": "tts-1", "voice": "alloy", "input": "Chunked. " * 40, "response_format": "wav"}
    headers = {"Authorization": "Bearer sk-x"}
    with httpx2.stream("POST", mock_server_url + "/audio/speech", json=body, headers=headers) as r:
        assert r.headers.get("transfer-encoding") == "chunked"
        pieces = list(r.iter_raw())
    assert len(pieces) > 1 and b"".join(pieces)[:4] == b"RIFF"


@pytest.mark.parametrize("voice", list(speech_audio.VOICES))
def test_every_voice(mock_http: Any, voice: str) -> None:
    assert speech_bytes(mock_http, "Voice check.", voice=voice, response_format="flac")[:4] == (
        b"fLaC"
    )


def test_same_request_same_bytes(mock_http: Any) -> None:
    assert speech_bytes(mock_http, "Twice the same.") == speech_bytes(mock_http, "Twice the same.")


def test_speed_changes_the_length(mock_http: Any) -> None:
    sizes = [len(speech_bytes(mock_http, "Speed test words.", speed=s, response_format="pcm"))
             for s in (0.25, 1.0, 4.0)]  # fmt: skip
    assert sizes[0] > sizes[1] > sizes[2]


def test_input_of_exactly_4096_characters_is_accepted(mock_http: Any) -> None:
    text = ("word " * 820)[:4096]
    assert len(speech_bytes(mock_http, text, response_format="wav")) > 1000


def test_sse_for_gpt_4o_mini_tts(mock_http: Any) -> None:
    from openai.types.audio.speech_create_params import SpeechCreateParams  # noqa: F401

    response = speak(mock_http, "Streamed as events.", model="gpt-4o-mini-tts",
                     stream_format="sse", response_format="wav")  # fmt: skip
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/event-stream")
    frames = [f for f in response.text.split("\n\n") if f]
    events = [json.loads(f.removeprefix("data: ")) for f in frames]
    for event in events:
        validate_openapi("CreateSpeechResponseStreamEvent", event)
    *deltas, done = events
    assert {e["type"] for e in deltas} == {"speech.audio.delta"}
    audio = b"".join(base64.b64decode(e["audio"]) for e in deltas)
    assert audio[:4] == b"RIFF" and tag.extract(audio[44:]) == "Streamed as events."
    assert done["type"] == "speech.audio.done"
    usage = done["usage"]
    assert usage["total_tokens"] == usage["input_tokens"] + usage["output_tokens"] > 0


def test_tts_1_ignores_sse_and_sends_audio(mock_http: Any) -> None:
    response = speak(mock_http, "No events here.", stream_format="sse")
    assert response.headers["content-type"] == "audio/mpeg"


def test_instructions_reach_gpt_4o_mini_tts_only(mock_http: Any) -> None:
    plain = speech_bytes(mock_http, "Say it.", model="gpt-4o-mini-tts")
    slow = speech_bytes(mock_http, "Say it.", model="gpt-4o-mini-tts", instructions="Slowly.")
    assert plain != slow
    ignored = speech_bytes(mock_http, "Say it.", instructions="Slowly.")
    assert ignored == speech_bytes(mock_http, "Say it.")


@pytest.mark.parametrize(
    ("body", "status", "param"),
    [({"voice": {"id": "voice_123"}}, 404, "voice"),
     ({"voice": 5}, 400, "voice"),
     ({"voice": {}}, 400, "voice.id"),
     ({"voice": {"id": 7}}, 400, "voice.id"),
     ({"voice": {"id": "voice_1", "name": "x"}}, 400, None),
     ({"instructions": "x" * 4097, "model": "gpt-4o-mini-tts"}, 400, "instructions"),
     ({"speed": "fast"}, 400, "speed"),
     ({"stream_format": "ws"}, 400, "stream_format"),
     ({"model": "whisper-1"}, 404, "model"),
     ({"input": 42}, 400, "input")],
)  # fmt: skip
def test_bad_requests(mock_http: Any, body: dict[str, Any], status: int, param: str | None) -> None:
    response = speak(mock_http, "x", **body)
    assert response.status_code == status, response.text
    assert response.json()["error"]["param"] == param
