"""The audio endpoints' errors, in the real API's words."""

from __future__ import annotations

from collections.abc import Sequence

from ...http.errors import APIError


def voice_not_found(voice_id: str) -> APIError:
    return APIError(404, f"Voice '{voice_id}' not found.", param="voice", code="voice_not_found")


def _formats(formats: Sequence[str]) -> str:
    return "[" + ", ".join(f"'{f}'" for f in formats) + "]"


def unrecognized_file_format(formats: Sequence[str]) -> APIError:
    """A file part whose name has no extension (bytes sent without a filename)."""
    return APIError(400, f"Unrecognized file format. Supported formats: {_formats(formats)}")


def invalid_file_format(formats: Sequence[str]) -> APIError:
    """Another extension, or (whisper-1) content that does not decode."""
    return APIError(400, f"Invalid file format. Supported formats: {_formats(formats)}")


def corrupted_audio() -> APIError:
    """What the gpt-4o transcription models answer for content that does not decode."""
    return APIError(
        400, "Audio file might be corrupted or unsupported", param="file", code="invalid_value"
    )


def content_too_large(limit: int, read: int) -> APIError:
    # The real API's upload limit answers as a server error, with the bytes it had read.
    return APIError(
        413,
        f"Maximum content size limit ({limit}) exceeded ({read} bytes read)",
        type="server_error",
    )


def format_not_compatible(response_format: str, model: str, allowed: Sequence[str]) -> APIError:
    quoted = [f"'{f}'" for f in allowed]
    use = " or ".join(quoted) if len(quoted) <= 2 else ", ".join(quoted[:-1]) + ", or " + quoted[-1]
    return APIError(
        400,
        f"response_format '{response_format}' is not compatible with model '{model}'. "
        f"Use {use} instead.",
        param="response_format",
        code="unsupported_value",
    )


def invalid_language(language: str) -> APIError:
    return APIError(
        400,
        f"Invalid language '{language}'. Language parameter must be specified in ISO-639-1 format.",
        param="language",
        code="invalid_value",
    )


def logprobs_not_supported(model: str) -> APIError:
    return APIError(
        400,
        f"logprobs are not supported with model '{model}'.",
        param="include",
        code="unsupported_value",
    )


def audio_too_long(seconds: float, maximum: int) -> APIError:
    # The duration as Python prints a float ("1830.530612"), as the real message has it.
    return APIError(
        400,
        f"audio duration {seconds!r} seconds is longer than {maximum} seconds which is the "
        "maximum for this model",
        code="invalid_value",
    )
