"""Audio: text to speech saved as a file (streamed to disk as it arrives), and a recording back
to text (transcription in its own language, translation into English)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from openai import OpenAI

SPEECH_MODEL = "tts-1"
TRANSCRIPTION_MODEL = "whisper-1"
SpeechFormat = Literal["mp3", "opus", "aac", "flac", "wav", "pcm"]
# The name to give each speech format when it is sent back for transcription: the API reads
# the extension, and takes no ".aac" or ".opus" (ADTS goes as .m4a, Ogg Opus as .ogg).
UPLOAD_NAMES: dict[str, str] = {
    "mp3": "mp3", "opus": "ogg", "aac": "m4a", "flac": "flac", "wav": "wav",
}  # fmt: skip


def speak(
    client: OpenAI,
    text: str,
    path: Path,
    *,
    voice: str = "alloy",
    model: str = SPEECH_MODEL,
    response_format: SpeechFormat = "mp3",
    speed: float = 1.0,
) -> Path:
    """``text`` spoken into the file at ``path``, written chunk by chunk as the body streams."""
    with client.audio.speech.with_streaming_response.create(
        model=model, voice=voice, input=text, response_format=response_format, speed=speed
    ) as response:
        response.stream_to_file(path)
    return path


def transcribe(client: OpenAI, path: Path, *, model: str = TRANSCRIPTION_MODEL) -> str:
    """The words of the recording at ``path`` (its extension must be one the API takes)."""
    with path.open("rb") as file:
        return client.audio.transcriptions.create(model=model, file=file).text


def translate(client: OpenAI, path: Path) -> str:
    """The recording at ``path`` in English (whisper-1, the one translation model)."""
    with path.open("rb") as file:
        return client.audio.translations.create(model=TRANSCRIPTION_MODEL, file=file).text
