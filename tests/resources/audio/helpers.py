"""Requests to the audio endpoints, and the validation every JSON answer gets."""

from __future__ import annotations

from typing import Any

from conformance.schemas import validate_sdk
from tests.schema_check import validate_openapi

# verbose_json carries "task" ("transcribe" or "translate"), as the real API and the spec's own
# example send it; the SDK's TranscriptionVerbose and TranslationVerbose do not declare it.
VERBOSE_EXTRA = ("task",)

# The real API takes no .aac name: ADTS audio goes up as .m4a (it reads the content).
EXTENSIONS = {"mp3": "mp3", "opus": "ogg", "aac": "m4a", "flac": "flac", "wav": "wav"}


def speak(http: Any, text: str, **body: Any) -> Any:
    request = {"model": "tts-1", "voice": "alloy", "input": text, **body}
    return http.post("/v1/audio/speech", json=request)


def speech_bytes(http: Any, text: str, **body: Any) -> bytes:
    response = speak(http, text, **body)
    assert response.status_code == 200, response.text
    data: bytes = response.content
    return data


def upload(
    http: Any, data: bytes, filename: str = "speech.wav", *, path: str = "transcriptions",
    fields: dict[str, Any] | None = None, content_type: str = "application/octet-stream",
) -> Any:  # fmt: skip
    form = {"model": "whisper-1", **(fields or {})}
    return http.post(f"/v1/audio/{path}", files={"file": (filename, data, content_type)}, data=form)


def checked(response: Any, sdk_type: Any, component: str) -> dict[str, Any]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    data: dict[str, Any] = response.json()
    validate_sdk(sdk_type, data, allow_extra=VERBOSE_EXTRA if "Verbose" in component else ())
    validate_openapi(component, data)
    return data
