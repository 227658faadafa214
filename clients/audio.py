"""The seed's audio endpoints: text to speech saved to a file, and a file's speech back to
text (transcription in its own language, translation into English)."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from openai import OpenAI
from openai.types.audio import Transcription, Translation

SPEECH_MODEL = "tts-1"
VOICE = "alloy"
TRANSCRIPTION_MODEL = "whisper-1"
# The formats /audio/speech answers in, by the file suffix that holds them.
SPEECH_FORMATS = {
    ".mp3": "mp3", ".opus": "opus", ".aac": "aac", ".flac": "flac", ".wav": "wav", ".pcm": "pcm"
}  # fmt: skip


def speech_format(path: Path) -> str:
    """The ``response_format`` a file named ``path`` should be asked in."""
    try:
        return SPEECH_FORMATS[path.suffix.lower()]
    except KeyError:
        raise ValueError(
            f"{path.name}: speech comes as {', '.join(sorted(SPEECH_FORMATS))}"
        ) from None


def speak(
    client: OpenAI,
    text: str,
    path: Path,
    *,
    model: str = SPEECH_MODEL,
    voice: str = VOICE,
    speed: float = 1.0,
    **params: Any,
) -> Path:
    """``text`` spoken into ``path``, in the format its suffix names; the body is written
    as it arrives, never held whole in memory."""
    with client.audio.speech.with_streaming_response.create(
        model=model,
        voice=voice,
        input=text,
        response_format=speech_format(path),  # type: ignore[arg-type]
        speed=speed,
        **params,
    ) as response:
        response.stream_to_file(path)
    return path


def transcribe(
    client: OpenAI, path: Path, *, model: str = TRANSCRIPTION_MODEL, **params: Any
) -> Transcription:
    """The speech of ``path`` as text in its own language (``params``: language, prompt,
    temperature...; the JSON answer, so the result is typed). The API reads the file's
    extension and takes no ``.aac`` or ``.opus``: ADTS goes as ``.m4a``, Ogg Opus as ``.ogg``."""
    with path.open("rb") as audio:
        result: Transcription = client.audio.transcriptions.create(
            model=model, file=audio, response_format="json", **params
        )
    return result


def translate(
    client: OpenAI, path: Path, *, model: str = TRANSCRIPTION_MODEL, **params: Any
) -> Translation:
    """The speech of ``path`` as English text, whatever language it is spoken in."""
    with path.open("rb") as audio, warnings.catch_warnings():
        # The SDK marks the endpoint deprecated (with whisper-1, the one model it takes); the
        # seed's endpoint table teaches it.
        warnings.simplefilter("ignore", DeprecationWarning)
        result: Translation = client.audio.translations.create(
            model=model, file=audio, response_format="json", **params
        )
    return result
