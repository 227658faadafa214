"""The beta interface's session (``OpenAI-Beta: realtime=v1``, the SDK's
``types/beta/realtime/session.py``): flat fields (``modalities``, ``voice``,
``input_audio_format``, ``turn_detection``, ``max_response_output_tokens``, ...) over the same
``Config`` the GA shape reads. Its update has no ``type``; a rejected one changes nothing."""

from __future__ import annotations

import copy
from typing import Any

from ...http import errors
from ...http.params import check_value, param
from . import config as cfg
from .events import unknown_parameter

PCM16 = "pcm16"
# The beta TurnDetection's fields (no idle timeout).
_VAD_FIELDS = (
    "type", "threshold", "prefix_padding_ms", "silence_duration_ms", "create_response",
    "interrupt_response", "eagerness",
)  # fmt: skip
_KEYS = frozenset(
    (
        "model", "modalities", "instructions", "voice", "input_audio_format",
        "output_audio_format", "input_audio_transcription", "input_audio_noise_reduction",
        "turn_detection", "tools", "tool_choice", "temperature", "max_response_output_tokens",
        "speed", "tracing", "client_secret",
    )
)  # fmt: skip
RESPONSE_KEYS = frozenset(
    (
        "conversation", "input", "instructions", "max_response_output_tokens", "metadata",
        "modalities", "output_audio_format", "temperature", "tool_choice", "tools", "voice",
    )
)  # fmt: skip
DEFAULT_MODALITIES = ["text", "audio"]


def _turn_detection(value: dict[str, Any] | None) -> dict[str, Any] | None:
    if value is None:
        return None
    return {k: value[k] for k in _VAD_FIELDS if k in value}


def session(config: cfg.Config) -> dict[str, Any]:
    """The beta session object of session.created / session.updated."""
    return {
        "id": config.id,
        "object": "realtime.session",
        "expires_at": config.expires_at,
        "model": config.model,
        "modalities": config.output_modalities,
        "instructions": config.instructions,
        "voice": config.voice,
        "input_audio_format": PCM16,
        "output_audio_format": PCM16,
        "input_audio_transcription": config.transcription,
        "input_audio_noise_reduction": config.noise_reduction,
        "turn_detection": _turn_detection(config.turn_detection),
        "tools": config.tools,
        "tool_choice": config.tool_choice,
        "temperature": config.temperature,
        "max_response_output_tokens": config.max_output_tokens,
        "speed": config.speed,
        "tracing": config.tracing,
    }


def _format(where: str, value: Any) -> None:
    # The mock speaks and hears PCM16 only (the SDK also names G.711 u-law and a-law).
    check_value(where, param("string", enum=(PCM16,)), value)


def update(config: cfg.Config, given: Any) -> cfg.Config:
    """The configuration after a beta ``session.update`` (a new object)."""
    if given is None:
        raise errors.missing_parameter("session")
    check_value("session", param("object"), given)
    for key in given:
        if key not in _KEYS:
            raise unknown_parameter(f"session.{key}")
    new = copy.deepcopy(config)
    for key in ("input_audio_format", "output_audio_format"):
        if key in given:
            _format(f"session.{key}", given[key])
    if "modalities" in given:
        new.output_modalities = cfg.check_modalities("session.modalities", given["modalities"])
    if "instructions" in given:
        check_value("session.instructions", param("string"), given["instructions"])
        new.instructions = given["instructions"]
    if "voice" in given:
        new.voice = cfg.check_voice("session.voice", given["voice"])
    if "input_audio_transcription" in given:
        new.transcription = cfg.check_transcription(
            "session.input_audio_transcription", given["input_audio_transcription"]
        )
    if "turn_detection" in given:
        new.turn_detection = cfg.check_turn_detection(
            "session.turn_detection", given["turn_detection"]
        )
    if "tools" in given:
        new.tools = cfg.check_tools("session.tools", given["tools"])
    if "tool_choice" in given:
        new.tool_choice = cfg.check_tool_choice("session.tool_choice", given["tool_choice"])
    if "temperature" in given:
        new.temperature = cfg.check_temperature("session.temperature", given["temperature"])
    if "max_response_output_tokens" in given:
        new.max_output_tokens = cfg.check_max_output_tokens(
            "session.max_response_output_tokens", given["max_response_output_tokens"]
        )
    if "speed" in given:
        check_value("session.speed", param("number", minimum=0.25, maximum=1.5), given["speed"])
        new.speed = float(given["speed"])
    for key, name in (("tracing", "tracing"), ("input_audio_noise_reduction", "noise_reduction")):
        if key in given:
            setattr(new, name, given[key])
    return new
