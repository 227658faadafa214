"""POST /v1/audio/speech, /v1/audio/transcriptions and /v1/audio/translations."""

from __future__ import annotations

import base64
import math
from collections.abc import Iterable
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from ... import randomness, tokens
from ...generate.audio import codec, transcript
from ...generate.audio import speech as speech_audio
from ...generate.audio.languages import LANGUAGES
from ...http.chunked import ChunkedBody, pieces
from ...http.sse import EventStream, data_frame
from ...state import mock_state
from . import errors as audio_errors
from . import request as audio_request

MEDIA_TYPES = {
    "mp3": "audio/mpeg",
    "opus": "audio/opus",
    "aac": "audio/aac",
    "flac": "audio/flac",
    "wav": "audio/wav",
    "pcm": "audio/pcm",
}
# Audio output tokens per second of speech: gpt-4o-mini-tts bills $0.015 a minute at $12 per
# million audio tokens, 1,250 tokens a minute.
AUDIO_TOKENS_PER_SECOND = 1250 / 60
# Bytes of audio per speech.audio.delta event.
SSE_CHUNK_BYTES = 8 * 1024


def _speech_events(data: bytes, input_tokens: int, seconds: float) -> Iterable[bytes]:
    for chunk in pieces(data, SSE_CHUNK_BYTES):
        audio = base64.b64encode(chunk).decode("ascii")
        yield data_frame({"type": "speech.audio.delta", "audio": audio})
    output_tokens = math.ceil(seconds * AUDIO_TOKENS_PER_SECOND)
    usage = {
        "input_tokens": input_tokens,
        "output_tokens": output_tokens,
        "total_tokens": input_tokens + output_tokens,
    }
    yield data_frame({"type": "speech.audio.done", "usage": usage})


def _make_speech(req: audio_request.SpeechRequest) -> tuple[bytes, float]:
    spoken = speech_audio.speak(
        req.input, req.voice, speed=req.speed, instructions=req.instructions
    )
    return speech_audio.render(spoken, req.response_format, req.input), spoken.seconds


async def create_speech(request: Request) -> Any:
    mock = mock_state(request)
    req = await audio_request.parse_speech(request, mock.catalogue)
    # Synthesis and encoding are CPU work in C: off the event loop.
    data, seconds = await run_in_threadpool(_make_speech, req)
    if req.sse:
        encoding = mock.catalogue.get(req.family).encoding
        prompt = req.input + (req.instructions or "")
        return EventStream(_speech_events(data, tokens.count(prompt, encoding), seconds))
    return ChunkedBody(pieces(data), MEDIA_TYPES[req.response_format])


# --- transcriptions and translations -----------------------------------------------------------

TEXT_TYPE = "text/plain; charset=utf-8"
# Audio input tokens per second for the token-billed models: $0.006 a minute at $6 per million.
AUDIO_INPUT_TOKENS_PER_SECOND = 1000 / 60


def _hear(upload: audio_request.AudioUpload, seed: int) -> transcript.Heard:
    try:
        decoded = codec.decode(upload.data)
    except codec.DecodeError:
        if upload.family == "whisper-1":
            raise audio_errors.invalid_file_format(audio_request.UPLOAD_FORMATS) from None
        raise audio_errors.corrupted_audio() from None
    if upload.max_seconds is not None and decoded.duration > upload.max_seconds:
        raise audio_errors.audio_too_long(decoded.duration, upload.max_seconds)
    return transcript.hear(decoded, upload.data, seed)


def _usage(upload: audio_request.AudioUpload, text: str, duration: float) -> dict[str, Any]:
    if upload.family == "whisper-1":
        return {"type": "duration", "seconds": math.ceil(duration)}
    audio = math.ceil(duration * AUDIO_INPUT_TOKENS_PER_SECOND)
    prompt = tokens.count(upload.prompt, upload.encoding) if upload.prompt else 0
    output = tokens.count(text, upload.encoding) if text else 0
    return {
        "type": "tokens",
        "input_tokens": audio + prompt,
        "input_token_details": {"text_tokens": prompt, "audio_tokens": audio},
        "output_tokens": output,
        "total_tokens": audio + prompt + output,
    }


def _logprobs(text: str, encoding: str, seed: int) -> list[dict[str, Any]]:
    out = []
    for i, token in enumerate(tokens.encode(text, encoding)):
        piece = tokens.get_encoding(encoding).decode_single_token_bytes(token)
        # Confident, as a clear recording is: between -0.0001 and -0.05.
        logprob = -0.0001 - randomness.derive(seed, "logprob", text, i).random() * 0.05
        out.append({"token": piece.decode("utf-8", "replace"), "logprob": logprob,
                    "bytes": list(piece)})  # fmt: skip
    return out


def _segment_json(i: int, segment: transcript.Segment, temperature: float, seed: int) -> Any:
    rng = randomness.derive(seed, "segment", segment.text, i)
    return {
        "id": i,
        "seek": int(segment.start // transcript.SEGMENT_SECONDS) * 3000,
        "start": segment.start,
        "end": segment.end,
        "text": " " + segment.text,
        "tokens": tokens.encode(" " + segment.text, "cl100k_base"),
        "temperature": temperature,
        "avg_logprob": round(-0.15 - rng.random() * 0.25, 6),
        "compression_ratio": round(transcript.compression_ratio(segment.text), 6),
        "no_speech_prob": round(rng.random() * 0.02, 6),
    }


def _verbose(
    upload: audio_request.AudioUpload, task: str, text: str, language: str, duration: float,
    seed: int,
) -> dict[str, Any]:  # fmt: skip
    segments = transcript.timeline(text, duration)
    body: dict[str, Any] = {
        "task": task,
        "language": LANGUAGES[language],
        "duration": round(duration, 2),
        "text": text,
    }
    granularities = upload.granularities or ("segment",)
    if "word" in granularities:
        body["words"] = [
            {"word": w.word.strip(".,!?;:\"'"), "start": w.start, "end": w.end}
            for s in segments for w in s.words
        ]  # fmt: skip
    if "segment" in granularities:
        body["segments"] = [
            _segment_json(i, s, upload.temperature, seed) for i, s in enumerate(segments)
        ]
    if task == "transcribe":
        body["usage"] = _usage(upload, text, duration)
    return body


def _speakers(
    segments: list[transcript.Segment], heard: transcript.Heard, seed: int, known: tuple[str, ...]
) -> list[str]:
    """A speaker per segment: the mock's own speech has one, other audio changes speaker now
    and then. Speakers are "A", "B", ... or, in order, the ``known_speaker_names`` given."""
    labels = [*known, *(chr(ord("A") + i) for i in range(2))][:2] if known else ["A", "B"]
    if heard.from_speech:
        return [labels[0]] * len(segments)
    rng = randomness.derive(seed, "speakers", heard.text)
    names: list[str] = []
    current = 0
    for _ in segments:
        if names and rng.random() < 0.4:
            current = 1 - current
        names.append(labels[current])
    return names


def _diarized_segments(
    heard: transcript.Heard, seed: int, known: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    segments = transcript.timeline(heard.text, heard.duration)
    speakers = _speakers(segments, heard, seed, known)
    return [
        {"type": "transcript.text.segment", "id": f"seg_{i:03d}", "start": s.start,
         "end": s.end, "text": s.text, "speaker": speaker}
        for i, (s, speaker) in enumerate(zip(segments, speakers, strict=True))
    ]  # fmt: skip


def _stream(
    upload: audio_request.AudioUpload, heard: transcript.Heard, seed: int
) -> Iterable[bytes]:
    text = heard.text
    if upload.response_format == "diarized_json":
        for segment in _diarized_segments(heard, seed, upload.speakers):
            yield data_frame(segment)
    else:
        pieces_of_text = [w if i == 0 else " " + w for i, w in enumerate(text.split())]
        for piece in pieces_of_text:
            delta: dict[str, Any] = {"type": "transcript.text.delta", "delta": piece}
            if upload.logprobs:
                delta["logprobs"] = _logprobs(piece, upload.encoding, seed)
            yield data_frame(delta)
    done: dict[str, Any] = {"type": "transcript.text.done", "text": text}
    if upload.logprobs:
        done["logprobs"] = _logprobs(text, upload.encoding, seed)
    usage = _usage(upload, text, heard.duration)
    done["usage"] = usage
    yield data_frame(done)


def _answer(
    upload: audio_request.AudioUpload, task: str, text: str, language: str,
    heard: transcript.Heard, seed: int,
) -> Any:  # fmt: skip
    fmt = upload.response_format
    if fmt == "text":
        return Response(text + "\n", media_type=TEXT_TYPE)
    if fmt in ("srt", "vtt"):
        segments = transcript.timeline(text, heard.duration)
        render = transcript.srt if fmt == "srt" else transcript.vtt
        return Response(render(segments), media_type=TEXT_TYPE)
    if fmt == "verbose_json":
        return _verbose(upload, task, text, language, heard.duration, seed)
    if fmt == "diarized_json":
        return {
            "task": "transcribe",
            "duration": round(heard.duration, 2),
            "text": text,
            "segments": _diarized_segments(heard, seed, upload.speakers),
            "usage": _usage(upload, text, heard.duration),
        }
    body: dict[str, Any] = {"text": text}
    if task == "transcribe":
        if upload.logprobs:
            body["logprobs"] = _logprobs(text, upload.encoding, seed)
        body["usage"] = _usage(upload, text, heard.duration)
    return body


async def create_transcription(request: Request) -> Any:
    mock = mock_state(request)
    upload = await audio_request.parse_upload(
        request, mock.catalogue, endpoint="audio.transcriptions"
    )
    heard = await run_in_threadpool(_hear, upload, mock.seed)
    language = upload.language or heard.language
    if upload.stream:
        return EventStream(_stream(upload, heard, mock.seed))
    return _answer(upload, "transcribe", heard.text, language, heard, mock.seed)


def _english(heard: transcript.Heard, seed: int) -> str:
    """The translation into English: English words stay as they were said; other languages
    get deterministic English of the same length in time."""
    if heard.language == "en":
        return heard.text
    return transcript.synthetic(heard.duration, seed, heard.text.encode("utf-8"))


async def create_translation(request: Request) -> Any:
    mock = mock_state(request)
    upload = await audio_request.parse_upload(
        request, mock.catalogue, endpoint="audio.translations"
    )
    heard = await run_in_threadpool(_hear, upload, mock.seed)
    return _answer(upload, "translate", _english(heard, mock.seed), "en", heard, mock.seed)
