"""/v1/audio: speech in every format is real audio at the API's rates, its length follows the
text and the speed; speech transcribes back to its words (json, text, srt, vtt, verbose_json
with words), streams of deltas add up, translations answer in English, and bad uploads get a
400 envelope. A costly area: against a paid target only with ``-m audio``; the texts are short
(the speech is billed by the character, the transcription by the second)."""

from __future__ import annotations

import base64
import difflib
import io
import json
import re
from typing import Any

import pytest
from openai.types.audio import (
    Transcription,
    TranscriptionTextDeltaEvent,
    TranscriptionTextDoneEvent,
    TranscriptionVerbose,
    Translation,
)

from . import checks, schemas
from .target import Target

SPEECH = "/v1/audio/speech"
TRANSCRIPTIONS = "/v1/audio/transcriptions"
TRANSLATIONS = "/v1/audio/translations"
TEXT = "Seven green apples sat on the kitchen table."
# The sample rate a decoder reports: 24 kHz, 16-bit mono for all but Opus (decoded at 48 kHz).
RATES = {"mp3": 24_000, "opus": 48_000, "aac": 24_000, "flac": 24_000, "wav": 24_000}
NAMES = {"mp3": "speech.mp3", "opus": "speech.ogg", "aac": "speech.m4a", "flac": "speech.flac",
         "wav": "speech.wav"}  # fmt: skip
# verbose_json carries "task" (the spec's example has it; the SDK type does not declare it).
VERBOSE_EXTRA = ("task",)
SIMILAR = 0.8  # a real model may hear a word differently: most words must come back


def at(endpoint: str, feature: str, requests: int = 1) -> pytest.MarkDecorator:
    return pytest.mark.conformance(endpoint, feature, requests=requests)


pytestmark = pytest.mark.audio


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def assert_heard(heard: str, said: str = TEXT) -> None:
    ratio = difflib.SequenceMatcher(None, words(heard), words(said)).ratio()
    assert ratio >= SIMILAR, f"heard {heard!r} for {said!r} (similarity {ratio:.2f})"


def speak(target: Target, text: str = TEXT, **body: Any) -> bytes:
    request = {"model": "tts-1", "voice": "alloy", "input": text, **body}
    response = target.post("/audio/speech", request)
    assert response.status_code == 200, f"status {response.status_code}: {response.text[:300]}"
    kind = response.headers.get("content-type", "")
    assert kind.startswith("audio/"), f"content-type {kind!r}, expected audio/*"
    return response.content


_SPOKEN: dict[tuple[int, str], tuple[Target, bytes]] = {}


def _speech(target: Target, fmt: str) -> bytes:
    """TEXT in ``fmt``, asked once per target (the checks share it: speech is billed)."""
    key = (id(target), fmt)
    if key not in _SPOKEN or _SPOKEN[key][0] is not target:
        _SPOKEN[key] = (target, speak(target, response_format=fmt))
    return _SPOKEN[key][1]


def decode(data: bytes) -> tuple[int, float]:
    """(sample rate, seconds) as FFmpeg's decoder finds them."""
    import av

    try:
        with av.open(io.BytesIO(data)) as container:
            stream = container.streams.audio[0]
            samples = sum(frame.samples for frame in container.decode(stream))
            return stream.rate, samples / stream.rate
    except (av.FFmpegError, IndexError, ZeroDivisionError) as exc:
        raise AssertionError(f"not decodable audio: {exc}") from None


def transcribe(target: Target, data: bytes, name: str, path: str = "/audio/transcriptions",
               **fields: Any) -> Any:  # fmt: skip
    form = {"model": "whisper-1", **fields}
    return target.request("POST", path, files={"file": (name, data, "application/octet-stream")},
                          data=form)  # fmt: skip


@at(SPEECH, "formats", requests=6)
@pytest.mark.parametrize("fmt", [*RATES, "pcm"])
def test_speech_format_decodes_at_its_rate(target: Target, fmt: str) -> None:
    data = _speech(target, fmt)
    if fmt == "pcm":
        # Bare 24 kHz 16-bit mono: whole samples, and a plausible length for the sentence.
        assert len(data) % 2 == 0, "pcm is not whole 16-bit samples"
        seconds = len(data) / 2 / 24_000
    else:
        rate, seconds = decode(data)
        assert rate == RATES[fmt], f"{fmt} decodes at {rate} Hz, expected {RATES[fmt]}"
    assert 1.0 < seconds < 15.0, f"{seconds:.2f} s of speech for {len(TEXT)} characters"


@at(SPEECH, "duration", requests=3)
def test_duration_follows_text_and_speed(target: Target) -> None:
    _, plain = decode(_speech(target, "wav"))
    _, longer = decode(speak(target, TEXT + " " + TEXT, response_format="wav"))
    _, faster = decode(speak(target, speed=2.0, response_format="wav"))
    assert longer > 1.5 * plain, f"twice the text: {longer:.2f} s against {plain:.2f} s"
    assert faster < 0.8 * plain, f"speed 2: {faster:.2f} s against {plain:.2f} s"


@at(TRANSCRIPTIONS, "round trip", requests=5)
@pytest.mark.parametrize("fmt", list(RATES))
def test_speech_transcribes_back(target: Target, fmt: str) -> None:
    response = transcribe(target, _speech(target, fmt), NAMES[fmt])
    data = checks.expect_json(response, Transcription, "CreateTranscriptionResponseJson")
    assert_heard(data["text"])


@at(TRANSCRIPTIONS, "text formats", requests=3)
def test_text_srt_and_vtt(target: Target) -> None:
    srt = pytest.importorskip("srt")
    webvtt = pytest.importorskip("webvtt")
    audio = _speech(target, "mp3")
    outputs = {}
    for fmt in ("text", "srt", "vtt"):
        response = transcribe(target, audio, "speech.mp3", response_format=fmt)
        assert response.status_code == 200, f"{fmt}: {response.status_code} {response.text[:200]}"
        kind = response.headers.get("content-type", "")
        assert kind.startswith("text/plain"), f"{fmt}: content-type {kind!r}"
        outputs[fmt] = response.text
    assert_heard(outputs["text"])
    try:
        cues = list(srt.parse(outputs["srt"], ignore_errors=False))
    except srt.SRTParseError as exc:
        raise AssertionError(f"srt does not parse: {exc}") from None
    assert cues, "srt has no cues"
    assert_heard(" ".join(c.content for c in cues))
    try:
        vtt = webvtt.from_buffer(io.StringIO(outputs["vtt"]))
    except webvtt.errors.MalformedFileError as exc:
        raise AssertionError(f"vtt does not parse: {exc}") from None
    assert_heard(" ".join(c.text for c in vtt))


@at(TRANSCRIPTIONS, "verbose_json")
def test_verbose_json_with_words_and_segments(target: Target) -> None:
    fields = {"response_format": "verbose_json", "timestamp_granularities[]": ["word", "segment"]}
    response = transcribe(target, _speech(target, "flac"), "speech.flac", **fields)
    data = checks.expect_json(response, TranscriptionVerbose,
                              "CreateTranscriptionResponseVerboseJson",
                              allow_extra=VERBOSE_EXTRA)  # fmt: skip
    assert data["language"] == "english", data["language"]
    assert 1.0 < data["duration"] < 15.0, data["duration"]
    assert data.get("words") and data.get("segments"), "words and segments were asked for"
    assert_heard(" ".join(w["word"] for w in data["words"]))
    times = [w["start"] for w in data["words"]]
    assert times == sorted(times), "word times go backwards"
    assert all(0 <= w["start"] <= w["end"] <= data["duration"] + 0.5 for w in data["words"])


@at(TRANSCRIPTIONS, "stream", requests=1)
def test_stream_deltas_add_up_to_the_text(target: Target) -> None:
    response = transcribe(target, _speech(target, "wav"), "speech.wav",
                          model="gpt-4o-mini-transcribe", stream="true")  # fmt: skip
    assert response.status_code == 200, response.text[:300]
    frames = [f for f in response.text.split("\n\n") if f.strip()]
    events = []
    for frame in frames:
        data_lines = [line for line in frame.split("\n") if line.startswith("data: ")]
        assert data_lines, f"a frame without data: {frame[:100]!r}"
        events.append(json.loads(data_lines[0].removeprefix("data: ")))
    *deltas, done = events
    for event in deltas:
        schemas.validate_sdk(TranscriptionTextDeltaEvent, event)
    schemas.validate_sdk(TranscriptionTextDoneEvent, done)
    assert "".join(e["delta"] for e in deltas) == done["text"], "the deltas are not the text"
    assert_heard(done["text"])


@at(TRANSCRIPTIONS, "model formats")
def test_gpt_4o_models_take_json_or_text_only(target: Target) -> None:
    response = transcribe(target, _speech(target, "wav"), "speech.wav",
                          model="gpt-4o-transcribe", response_format="srt")  # fmt: skip
    error = checks.expect_error(response, 400)
    assert error["param"] == "response_format", error


@at(TRANSCRIPTIONS, "bad uploads", requests=2)
def test_bad_uploads_get_a_400(target: Target) -> None:
    wrong_name = transcribe(target, _speech(target, "wav"), "speech.txt")
    assert "Supported formats" in checks.expect_error(wrong_name, 400)["message"]
    corrupt = transcribe(target, b"this is not audio" * 64, "speech.wav")
    checks.expect_error(corrupt, 400)


@at(TRANSLATIONS, "shape")
def test_translation_is_english(target: Target) -> None:
    response = transcribe(target, _speech(target, "mp3"), "speech.mp3", path="/audio/translations")
    data = checks.expect_json(response, Translation, "CreateTranslationResponseJson")
    assert_heard(data["text"])


@at(SPEECH, "sse")
def test_speech_events_carry_the_audio(target: Target) -> None:
    body = {"model": "gpt-4o-mini-tts", "voice": "alloy", "input": TEXT,
            "response_format": "wav", "stream_format": "sse"}  # fmt: skip
    response, text = target.post_stream_text("/audio/speech", body)
    assert response.status_code == 200, text[:300]
    events = [json.loads(line.removeprefix("data: ")) for line in text.split("\n")
              if line.startswith("data: ")]  # fmt: skip
    assert events and events[-1]["type"] == "speech.audio.done", [e["type"] for e in events][-3:]
    for event in events:
        schemas.validate_openapi("CreateSpeechResponseStreamEvent", event)
    audio = b"".join(base64.b64decode(e["audio"]) for e in events[:-1])
    rate, seconds = decode(audio)
    assert rate == 24_000 and seconds > 1.0, (rate, seconds)
    usage = events[-1].get("usage") or {}
    assert usage.get("total_tokens") == usage.get("input_tokens", 0) + usage.get(
        "output_tokens", 0
    ), usage
