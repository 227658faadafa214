"""POST /v1/audio/transcriptions: the mock's speech comes back word for word in every format;
other audio gets words as many as its duration holds; each bad upload its real 400."""

from __future__ import annotations

import io
import json
import math
from typing import Any, get_args

import numpy as np
import pytest
import srt
import webvtt
from openai.types.audio import (
    Transcription,
    TranscriptionDiarized,
    TranscriptionTextDeltaEvent,
    TranscriptionTextDoneEvent,
    TranscriptionVerbose,
)
from openai.types.audio_model import AudioModel

from mockserver.generate.audio import codec, transcript
from tests.audio_files import encoded, tone_wav
from tests.conftest import envelope
from tests.schema_check import validate_openapi, validate_sdk

from .helpers import EXTENSIONS, checked, speech_bytes, upload

TEXT = "The mock speaks. And what it says comes back!"
SUPPORTED = ("flac", "m4a", "mp3", "mp4", "mpeg", "mpga", "oga", "ogg", "wav", "webm")
UNSUPPORTED = (
    "Invalid file format. Supported formats: ['flac', 'm4a', 'mp3', 'mp4', 'mpeg', 'mpga', "
    "'oga', 'ogg', 'wav', 'webm']"
)


@pytest.fixture(scope="module")
def spoken() -> dict[str, bytes]:
    from starlette.testclient import TestClient

    from mockserver.app import create_app

    with TestClient(create_app(), headers={"Authorization": "Bearer sk-x"}) as http:
        return {fmt: speech_bytes(http, TEXT, response_format=fmt) for fmt in EXTENSIONS}


@pytest.mark.parametrize("fmt", sorted(EXTENSIONS))
def test_the_sdk_gets_back_the_spoken_text(
    openai_client: Any, spoken: dict[str, bytes], fmt: str
) -> None:
    file = (f"speech.{EXTENSIONS[fmt]}", spoken[fmt])
    assert openai_client.audio.transcriptions.create(model="whisper-1", file=file).text == TEXT


def test_pcm_wrapped_in_a_wav_by_the_client_still_round_trips(mock_http: Any) -> None:
    pcm = speech_bytes(mock_http, TEXT, response_format="pcm")
    wav = encoded(np.frombuffer(pcm, dtype="<i2"), 24_000)
    data = checked(upload(mock_http, wav), Transcription, "CreateTranscriptionResponseJson")
    assert data["text"] == TEXT


@pytest.mark.parametrize("model", get_args(AudioModel))
def test_every_sdk_model_transcribes_json(
    mock_http: Any, spoken: dict[str, bytes], model: str
) -> None:
    response = upload(mock_http, spoken["wav"], fields={"model": model})
    data = checked(response, Transcription, "CreateTranscriptionResponseJson")
    assert data["text"] == TEXT
    usage = data["usage"]
    if model == "whisper-1":
        seconds = math.ceil(codec.decode(spoken["wav"]).duration)
        assert usage == {"type": "duration", "seconds": seconds} and seconds >= 2
    else:
        assert usage["type"] == "tokens" and usage["output_tokens"] > 0
        assert usage["total_tokens"] == usage["input_tokens"] + usage["output_tokens"]


def test_text_srt_and_vtt(mock_http: Any, spoken: dict[str, bytes]) -> None:
    def ask(fmt: str) -> str:
        response = upload(mock_http, spoken["mp3"], "a.mp3", fields={"response_format": fmt})
        assert response.status_code == 200
        assert response.headers["content-type"] == "text/plain; charset=utf-8"
        text: str = response.text
        return text

    assert ask("text") == TEXT + "\n"
    cues = list(srt.parse(ask("srt")))
    assert " ".join(c.content for c in cues) == TEXT and len(cues) == 2
    vtt = webvtt.from_buffer(io.StringIO(ask("vtt")))
    assert " ".join(c.text for c in vtt) == TEXT
    assert vtt[0].start == "00:00:00.000"


@pytest.mark.parametrize(
    ("granularities", "keys"),
    [((), {"segments"}), (("word",), {"words"}), (("word", "segment"), {"words", "segments"})],
)
def test_verbose_json(
    mock_http: Any, spoken: dict[str, bytes], granularities: tuple[str, ...], keys: set[str]
) -> None:
    fields = {"response_format": "verbose_json", "timestamp_granularities[]": list(granularities),
              "language": "en", "temperature": "0.2"}  # fmt: skip
    data = checked(upload(mock_http, spoken["flac"], "a.flac", fields=fields),
                   TranscriptionVerbose, "CreateTranscriptionResponseVerboseJson")  # fmt: skip
    assert set(data) == {"task", "language", "duration", "text", "usage"} | keys
    assert data["language"] == "english" and data["text"] == TEXT
    assert data["duration"] == round(codec.decode(spoken["flac"]).duration, 2)
    if "words" in data:
        assert [w["word"] for w in data["words"]] == TEXT.replace(".", "").replace("!", "").split()
    if "segments" in data:
        assert "".join(s["text"] for s in data["segments"]).strip() == TEXT
        assert all(s["temperature"] == 0.2 for s in data["segments"])


def test_logprobs_for_the_gpt_4o_models(mock_http: Any, spoken: dict[str, bytes]) -> None:
    fields = {"model": "gpt-4o-transcribe", "include[]": "logprobs"}
    data = checked(upload(mock_http, spoken["wav"], fields=fields), Transcription,
                   "CreateTranscriptionResponseJson")  # fmt: skip
    assert "".join(p["token"] for p in data["logprobs"]) == TEXT
    assert all(p["logprob"] < 0 for p in data["logprobs"])


def test_diarized_json(mock_http: Any, spoken: dict[str, bytes]) -> None:
    fields = {"model": "gpt-4o-transcribe-diarize", "response_format": "diarized_json"}
    data = checked(upload(mock_http, spoken["wav"], fields=fields), TranscriptionDiarized,
                   "CreateTranscriptionResponseDiarizedJson")  # fmt: skip
    assert " ".join(s["text"] for s in data["segments"]) == TEXT
    assert {s["speaker"] for s in data["segments"]} == {"A"}


@pytest.mark.parametrize("model", ["gpt-4o-transcribe", "gpt-4o-mini-transcribe"])
def test_stream_of_deltas_then_done(mock_http: Any, spoken: dict[str, bytes], model: str) -> None:
    response = upload(mock_http, spoken["wav"], fields={"model": model, "stream": "true"})
    assert response.headers["content-type"].startswith("text/event-stream")
    events = [json.loads(f.removeprefix("data: ")) for f in response.text.split("\n\n") if f]
    *deltas, done = events
    for event in deltas:
        validate_sdk(TranscriptionTextDeltaEvent, event)
        validate_openapi("TranscriptTextDeltaEvent", event)
    validate_sdk(TranscriptionTextDoneEvent, done)
    validate_openapi("TranscriptTextDoneEvent", done)
    assert "".join(e["delta"] for e in deltas) == TEXT == done["text"]


def test_sdk_stream(openai_client: Any, spoken: dict[str, bytes]) -> None:
    stream = openai_client.audio.transcriptions.create(
        model="gpt-4o-mini-transcribe", file=("s.mp3", spoken["mp3"]), stream=True
    )
    events = list(stream)
    assert events[-1].type == "transcript.text.done" and events[-1].text == TEXT


def test_whisper_ignores_stream(mock_http: Any, spoken: dict[str, bytes]) -> None:
    response = upload(mock_http, spoken["wav"], fields={"stream": "true"})
    assert response.json()["text"] == TEXT


def test_other_audio_gets_words_for_its_duration(mock_http: Any) -> None:
    short, long = (upload(mock_http, tone_wav(s)).json()["text"] for s in (4.0, 20.0))
    assert len(short.split()) == 10 and len(long.split()) == 50
    assert upload(mock_http, tone_wav(4.0)).json()["text"] == short  # deterministic


@pytest.mark.parametrize("extension", SUPPORTED)
def test_every_supported_extension_is_accepted(mock_http: Any, extension: str) -> None:
    assert upload(mock_http, tone_wav(1.0), f"clip.{extension}").status_code == 200


def error_of(response: Any, status: int = 400) -> dict[str, Any]:
    assert response.status_code == status, response.text
    return envelope(response)


@pytest.mark.parametrize("filename", ["notes.txt", "clip.aiff", "speech.", "a.mp3.zip"])
def test_other_extensions_are_refused(mock_http: Any, filename: str) -> None:
    assert error_of(upload(mock_http, tone_wav(1.0), filename))["message"] == UNSUPPORTED


def test_a_name_without_extension(mock_http: Any) -> None:
    message = error_of(upload(mock_http, tone_wav(1.0), "upload"))["message"]
    assert message.startswith("Unrecognized file format. Supported formats: ['flac'")


@pytest.mark.parametrize("data", [b"", b"\x00" * 1000, b"RIFF....WAVEjunk" * 40])
def test_corrupt_files(mock_http: Any, data: bytes) -> None:
    assert error_of(upload(mock_http, data, "broken.wav"))["message"] == UNSUPPORTED
    error = error_of(upload(mock_http, data, "broken.wav", fields={"model": "gpt-4o-transcribe"}))
    assert error == {
        "message": "Audio file might be corrupted or unsupported",
        "type": "invalid_request_error",
        "param": "file",
        "code": "invalid_value",
    }


def test_a_file_over_25_mb(mock_http: Any) -> None:
    error = error_of(upload(mock_http, bytes(26_214_400), "big.wav"), 413)
    assert error["type"] == "server_error"
    assert error["message"].startswith("Maximum content size limit (26214400) exceeded (")


@pytest.mark.parametrize(
    ("fields", "param", "code"),
    [({"model": "gpt-4o-transcribe", "response_format": "srt"}, "response_format",
      "unsupported_value"),
     ({"model": "gpt-4o-mini-transcribe", "response_format": "verbose_json"}, "response_format",
      "unsupported_value"),
     ({"model": "whisper-1", "response_format": "diarized_json"}, "response_format",
      "unsupported_value"),
     ({"response_format": "xml"}, "response_format", "invalid_value"),
     ({"language": "english"}, "language", "invalid_value"),
     ({"temperature": "2"}, "temperature", "decimal_above_max_value"),
     ({"temperature": "warm"}, "temperature", "invalid_type"),
     ({"temperature": "nan"}, "temperature", "invalid_type"),
     ({"timestamp_granularities[]": "line"}, "timestamp_granularities[0]", "invalid_value"),
     ({"include[]": "logprobs"}, "include", "unsupported_value"),
     ({"stream": "maybe", "model": "gpt-4o-transcribe"}, "stream", "invalid_type"),
     ({"model": "tts-1"}, "model", None)],
)  # fmt: skip
def test_bad_fields(mock_http: Any, fields: dict[str, Any], param: str, code: str | None) -> None:
    response = upload(mock_http, tone_wav(1.0), fields=fields)
    assert response.status_code in (400, 404)
    error = envelope(response)
    assert (error["param"], error["code"]) == (param, code), error


def test_the_gpt_4o_format_message_is_the_real_one(mock_http: Any) -> None:
    fields = {"model": "gpt-4o-transcribe", "response_format": "verbose_json"}
    assert error_of(upload(mock_http, tone_wav(1.0), fields=fields))["message"] == (
        "response_format 'verbose_json' is not compatible with model 'gpt-4o-transcribe'. "
        "Use 'json' or 'text' instead."
    )


def test_missing_file_unknown_field_and_json_body(mock_http: Any) -> None:
    response = mock_http.post("/v1/audio/transcriptions", data={"model": "whisper-1"},
                              files={"other": ("a.txt", b"x")})  # fmt: skip
    assert error_of(response)["message"] == "Unrecognized request argument supplied: other"
    response = mock_http.post("/v1/audio/transcriptions", files={"x": ("a", b"")},
                              data={"model": "whisper-1"})  # fmt: skip
    assert error_of(response)["message"].startswith("Unrecognized request argument")
    assert error_of(mock_http.post("/v1/audio/transcriptions", json={"model": "x"}), 415)


def test_missing_model(mock_http: Any) -> None:
    response = mock_http.post("/v1/audio/transcriptions", files={"file": ("a.wav", tone_wav(1))})
    assert error_of(response)["message"] == "you must provide a model parameter"


def test_a_refused_upload_keeps_nothing(mock_http: Any) -> None:
    upload(mock_http, b"junk", "a.wav")
    assert mock_http.get("/v1/files").json()["data"] == []


def test_the_timeline_of_the_synthetic_transcript_is_in_range(mock_http: Any) -> None:
    fields = {"response_format": "verbose_json", "timestamp_granularities[]": "word"}
    data = upload(mock_http, tone_wav(6.0), fields=fields).json()
    assert data["duration"] == 6.0
    assert max(w["end"] for w in data["words"]) <= 6.0
    assert len(data["words"]) == round(6.0 * transcript.WORDS_PER_SECOND)


def test_every_sdk_parameter_is_accepted(openai_client: Any, spoken: dict[str, bytes]) -> None:
    result = openai_client.audio.transcriptions.create(
        model="gpt-4o-transcribe-diarize",
        file=("speech.wav", spoken["wav"]),
        response_format="diarized_json",
        chunking_strategy={"type": "server_vad", "threshold": 0.5},
        known_speaker_names=["agent"],
        known_speaker_references=["data:audio/wav;base64,AAAA"],
        keywords=["apples"],
        languages=["en"],
        temperature=0.0,
    )
    assert result.text == TEXT
    assert {s.speaker for s in result.segments} == {"agent"}
    auto = openai_client.audio.transcriptions.create(
        model="whisper-1", file=("speech.wav", spoken["wav"]), chunking_strategy="auto",
        prompt="A test.", language="en",
    )  # fmt: skip
    assert auto.text == TEXT


def test_languages_are_iso_639_1(mock_http: Any) -> None:
    response = upload(mock_http, tone_wav(1.0), fields={"languages[]": ["en", "xx"]})
    assert error_of(response)["message"] == (
        "Invalid language 'xx'. Language parameter must be specified in ISO-639-1 format."
    )
    fields = {"languages[]": ["ko"], "response_format": "verbose_json"}
    assert upload(mock_http, tone_wav(1.0), fields=fields).json()["language"] == "korean"


def test_other_audio_has_two_speakers(mock_http: Any) -> None:
    fields = {"model": "gpt-4o-transcribe-diarize", "response_format": "diarized_json"}
    segments = upload(mock_http, tone_wav(40.0), fields=fields).json()["segments"]
    assert {s["speaker"] for s in segments} == {"A", "B"}
    fields["known_speaker_names[]"] = ["ann", "bo"]
    named = upload(mock_http, tone_wav(40.0), fields=fields).json()["segments"]
    assert [s["speaker"] for s in named] == [
        {"A": "ann", "B": "bo"}[s["speaker"]] for s in segments
    ]


def test_the_gpt_4o_models_take_at_most_1400_seconds(mock_http: Any) -> None:
    # 1400.5 seconds of 8 kHz silence in a WAV: 22 MB, under the upload limit.
    long = encoded(np.zeros(int(1400.5 * 8000), dtype=np.int16), 8000)
    error = error_of(upload(mock_http, long, fields={"model": "gpt-4o-mini-transcribe"}))
    assert error == {
        "message": "audio duration 1400.5 seconds is longer than 1400 seconds which is the "
        "maximum for this model",
        "type": "invalid_request_error",
        "param": None,
        "code": "invalid_value",
    }
    assert upload(mock_http, long).status_code == 200  # whisper-1 has no such limit
