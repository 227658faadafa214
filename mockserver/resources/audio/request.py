"""The audio requests, typed and checked as the real API checks them."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from starlette.requests import Request

from ...catalogue import Catalogue
from ...generate.audio.languages import LANGUAGES
from ...generate.audio.speech import VOICES
from ...http import errors
from ...http.body import json_body, request_body
from ...http.multipart import Form, parse_form
from ...http.params import check, check_value, param
from . import errors as audio_errors

SPEECH_FORMATS = ("mp3", "opus", "aac", "flac", "wav", "pcm")
STREAM_FORMATS = ("sse", "audio")
MAX_INPUT = 4096
MAX_INSTRUCTIONS = 4096
SPEECH_SPEC = {
    "model": param("string", required=True),
    "input": param("string", required=True),
    "voice": param("string", "object", required=True),
    "instructions": param("string"),
    "response_format": param("string", enum=SPEECH_FORMATS),
    "speed": param("number", minimum=0.25, maximum=4.0),
    "stream_format": param("string", enum=STREAM_FORMATS),
}


@dataclass(frozen=True)
class SpeechRequest:
    model: str  # the name the response is for (the model's ``responds_as``)
    family: str
    input: str
    voice: str
    instructions: str | None
    response_format: str
    speed: float
    sse: bool


def _voice(value: Any) -> str:
    if isinstance(value, Mapping):
        # A custom voice ({"id": "voice_..."}) must have been made from the account's own
        # samples; the mock has none, so every id is unknown.
        for key in value:
            if key != "id":
                raise errors.unrecognized_argument(f"voice.{key}")
        voice_id = value.get("id")
        if voice_id is None:
            raise errors.missing_parameter("voice.id")
        if not isinstance(voice_id, str):
            raise errors.invalid_type("voice.id", "a string", voice_id)
        raise audio_errors.voice_not_found(voice_id)
    if value not in VOICES:
        raise errors.invalid_enum("voice", value, tuple(VOICES))
    return str(value)


async def parse_speech(request: Request, catalogue: Catalogue) -> SpeechRequest:
    body = await json_body(request)
    check(body, SPEECH_SPEC)
    text = body["input"]
    if len(text) > MAX_INPUT:
        raise errors.string_too_long("input", MAX_INPUT, len(text))
    instructions = body.get("instructions")
    if instructions is not None and len(instructions) > MAX_INSTRUCTIONS:
        raise errors.string_too_long("instructions", MAX_INSTRUCTIONS, len(instructions))
    model = catalogue.for_endpoint(body["model"], "audio.speech")
    voice = _voice(body["voice"])
    # tts-1 and tts-1-hd send the audio itself whatever stream_format says (the reference: "sse
    # is not supported for tts-1 or tts-1-hd"; the real API does not refuse it).
    sse = body.get("stream_format") == "sse" and bool(model.feature("speech_events"))
    return SpeechRequest(
        model=model.responds_as,
        family=model.family,
        input=text,
        voice=voice,
        instructions=instructions if model.feature("speech_instructions") else None,
        response_format=body.get("response_format") or "mp3",
        speed=float(body.get("speed") or 1.0),
        sse=sse,
    )


# --- transcriptions and translations (multipart forms) ---------------------------------------

UPLOAD_FORMATS = ("flac", "m4a", "mp3", "mp4", "mpeg", "mpga", "oga", "ogg", "wav", "webm")
# The real limit is on the content read: 25 MiB.
MAX_UPLOAD_BYTES = 26_214_400
TRANSCRIPTION_FORMATS = ("json", "text", "srt", "verbose_json", "vtt", "diarized_json")
TRANSLATION_FORMATS = ("json", "text", "srt", "verbose_json", "vtt")
GRANULARITIES = ("word", "segment")
INCLUDES = ("logprobs",)
WHISPER_FORMATS = ("json", "text", "srt", "verbose_json", "vtt")
# response_format per model family; the gpt-4o models take json and text only.
FORMATS_BY_FAMILY: Mapping[str, tuple[str, ...]] = {
    "whisper-1": WHISPER_FORMATS,
    "gpt-4o-transcribe-diarize": ("json", "text", "diarized_json"),
}
TOKEN_MODEL_FORMATS = ("json", "text")
TRANSCRIPTION_FIELDS = (
    "file", "model", "language", "prompt", "response_format", "temperature",
    "timestamp_granularities[]", "include[]", "stream", "chunking_strategy",
    "known_speaker_names[]", "known_speaker_references[]", "languages[]", "keywords[]",
)  # fmt: skip
TRANSLATION_FIELDS = ("file", "model", "prompt", "response_format", "temperature")


@dataclass(frozen=True)
class AudioUpload:
    """A transcription or translation request, checked."""

    model: str  # the name the response is for
    family: str
    encoding: str
    filename: str
    data: bytes
    language: str | None
    prompt: str
    response_format: str
    temperature: float
    granularities: tuple[str, ...]
    logprobs: bool
    stream: bool
    speakers: tuple[str, ...] = ()  # known_speaker_names, in order
    max_seconds: int | None = None  # the model's longest audio


def _known(form: Form, fields: tuple[str, ...]) -> None:
    for name in form.names():
        if name not in fields and not name.startswith("chunking_strategy["):
            raise errors.unrecognized_argument(name)


def _temperature(raw: str | None) -> float:
    if raw is None:
        return 0.0
    try:
        value = float(raw)
    except ValueError:
        raise errors.invalid_type("temperature", "a decimal", raw) from None
    if not math.isfinite(value):  # "nan" and "inf" are text to float(), not JSON numbers
        raise errors.invalid_type("temperature", "a decimal", raw)
    check_value("temperature", param("number", minimum=0, maximum=1), value)
    return value


def _boolean(name: str, raw: str | None) -> bool:
    if raw is None:
        return False
    if raw.lower() not in ("true", "false"):
        raise errors.invalid_type(name, "a boolean", raw)
    return raw.lower() == "true"


def _choices(form: Form, name: str, allowed: tuple[str, ...]) -> tuple[str, ...]:
    values = form.texts(f"{name}[]")
    for i, value in enumerate(values):
        if value not in allowed:
            raise errors.invalid_enum(f"{name}[{i}]", value, allowed)
    return tuple(values)


def _extension(filename: str) -> str:
    if "." not in filename:
        raise audio_errors.unrecognized_file_format(UPLOAD_FORMATS)
    extension = filename.rsplit(".", 1)[1].lower()
    if extension not in UPLOAD_FORMATS:
        raise audio_errors.invalid_file_format(UPLOAD_FORMATS)
    return extension


def _allowed_formats(family: str) -> tuple[str, ...]:
    return FORMATS_BY_FAMILY.get(family, TOKEN_MODEL_FORMATS)


async def parse_upload(request: Request, catalogue: Catalogue, *, endpoint: str) -> AudioUpload:
    """A transcription (``endpoint`` "audio.transcriptions") or translation form: fields,
    model, format, then the file's name and size; its content is decoded by the handler."""
    body = await request_body(request)
    if len(body) > MAX_UPLOAD_BYTES:
        raise audio_errors.content_too_large(MAX_UPLOAD_BYTES, len(body))
    form = parse_form(request.headers.get("content-type", ""), body)
    translating = endpoint == "audio.translations"
    _known(form, TRANSLATION_FIELDS if translating else TRANSCRIPTION_FIELDS)
    upload = form.file("file")
    if upload is None:
        raise errors.missing_parameter("file")
    model = catalogue.for_endpoint(form.text("model"), endpoint)
    response_format = form.text("response_format") or "json"
    formats = TRANSLATION_FORMATS if translating else TRANSCRIPTION_FORMATS
    if response_format not in formats:
        raise errors.invalid_enum("response_format", response_format, formats)
    allowed = _allowed_formats(model.family)
    if response_format not in allowed:
        raise audio_errors.format_not_compatible(response_format, model.id, allowed)
    language = form.text("language")
    for given in ([language] if language is not None else []) + form.texts("languages[]"):
        if given not in LANGUAGES:
            raise audio_errors.invalid_language(given)
    # ``languages`` lists the languages the audio may hold: the first is the one reported.
    language = language or next(iter(form.texts("languages[]")), None)
    includes = () if translating else _choices(form, "include", INCLUDES)
    if includes and model.family in FORMATS_BY_FAMILY:
        raise audio_errors.logprobs_not_supported(model.id)
    # whisper-1 ignores stream ("Streaming is not supported for the whisper-1 model and will
    # be ignored"); translations have no stream.
    stream = not translating and _boolean("stream", form.text("stream"))
    granularities = () if translating else _choices(form, "timestamp_granularities", GRANULARITIES)
    _extension(upload.filename)
    return AudioUpload(
        model=model.responds_as,
        family=model.family,
        encoding=model.encoding,
        filename=upload.filename,
        data=upload.data,
        language=language,
        prompt=form.text("prompt") or "",
        response_format=response_format,
        temperature=_temperature(form.text("temperature")),
        granularities=granularities,
        logprobs=bool(includes),
        stream=stream and model.family != "whisper-1",
        speakers=tuple(form.texts("known_speaker_names[]")),
        max_seconds=model.max_audio_seconds,
    )
