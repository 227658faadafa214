"""Whatever a client sends to the audio endpoints, the answer is a 200 or a 4xx envelope, never
a 5xx: random forms, random file bytes and names, random speech bodies."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.audio_files import tone_wav

HYPOTHESIS = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
FIELDS = ("model", "language", "prompt", "response_format", "temperature", "stream",
          "timestamp_granularities[]", "include[]", "chunking_strategy", "languages[]",
          "known_speaker_names[]", "bogus")  # fmt: skip
VALUES = st.one_of(
    st.sampled_from(["whisper-1", "gpt-4o-transcribe", "gpt-4o-transcribe-diarize", "json",
                     "srt", "vtt", "verbose_json", "diarized_json", "text", "true", "false",
                     "word", "segment", "logprobs", "en", "ko", "0.5", "nan", "-1", "auto"]),
    st.text(max_size=20),
)  # fmt: skip
WAV = tone_wav(0.6)
FILES = st.one_of(
    st.binary(max_size=2000),
    st.just(WAV),
    st.builds(lambda cut: WAV[:cut], st.integers(0, len(WAV))),
    st.builds(lambda at, b: WAV[:at] + b + WAV[at + len(b) :], st.integers(0, len(WAV)),
              st.binary(min_size=1, max_size=64)),
)  # fmt: skip
NAMES = st.one_of(st.sampled_from(["a.wav", "a.mp3", "a.ogg", "a.webm", "a.m4a", "a.flac"]),
                  st.text(max_size=12))  # fmt: skip


def _ok_or_envelope(response: Any) -> None:
    assert response.status_code < 500, response.text
    if response.status_code >= 400:
        assert set(response.json()["error"]) == {"message", "type", "param", "code"}


@HYPOTHESIS
@given(
    fields=st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=5),
    data=FILES,
    name=NAMES,
    path=st.sampled_from(["transcriptions", "translations"]),
)
def test_any_upload_is_answered_without_a_5xx(
    mock_http: Any, fields: dict[str, str], data: bytes, name: str, path: str
) -> None:
    fields.setdefault("model", "whisper-1")
    response = mock_http.post(f"/v1/audio/{path}", files={"file": (name, data)}, data=fields)
    _ok_or_envelope(response)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=30)
    | st.floats(allow_nan=False, allow_infinity=False),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner,
                                                                max_size=3),
    max_leaves=6,
)  # fmt: skip


@HYPOTHESIS
@given(
    body=st.fixed_dictionaries(
        {"model": st.sampled_from(["tts-1", "gpt-4o-mini-tts"]),
         "voice": st.sampled_from(["alloy", "nova"]) | JSON, "input": st.text(max_size=60) | JSON},
        optional={"speed": JSON | st.floats(0.25, 4.0),
                  "response_format": st.sampled_from(["mp3", "pcm", "wav"]) | JSON,
                  "stream_format": st.sampled_from(["sse", "audio"]) | JSON,
                  "instructions": JSON | st.text(max_size=40)},
    )
)  # fmt: skip
def test_any_speech_body_is_answered_without_a_5xx(mock_http: Any, body: dict[str, Any]) -> None:
    _ok_or_envelope(mock_http.post("/v1/audio/speech", json=body))
