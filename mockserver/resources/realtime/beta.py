"""The beta interface's session (``OpenAI-Beta: realtime=v1``, the SDK's
``types/beta/realtime/session.py``): flat fields (``modalities``, ``voice``,
``input_audio_format``, ``turn_detection``, ``max_response_output_tokens``, ...) over the same
``Config`` the GA shape reads. Its update has no ``type``; a rejected one changes nothing."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from ...http import errors
from ...http.errors import unknown_parameter
from ...http.params import check_value, param
from . import config as cfg

PCM16 = "pcm16"
# The beta format names of the GA format types.
FORMAT_NAMES = {"audio/pcm": PCM16, "audio/pcmu": "g711_ulaw", "audio/pcma": "g711_alaw"}
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
        "input_audio_format": format_name(config.input_format),
        "output_audio_format": format_name(config.output_format),
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


def format_name(fmt: Mapping[str, Any]) -> str:
    return FORMAT_NAMES[str(fmt["type"])]


def check_format(where: str, value: Any) -> dict[str, Any]:
    """A beta format name (``pcm16``, ``g711_ulaw``, ``g711_alaw``) as the GA format object."""
    check_value(where, param("string", enum=tuple(FORMAT_NAMES.values())), value)
    kind = next(k for k, name in FORMAT_NAMES.items() if name == value)
    return dict(cfg.PCM) if kind == "audio/pcm" else {"type": kind}


# key -> (Config attribute, checker).
FIELDS: Mapping[str, tuple[str, cfg.Checker]] = {
    "input_audio_format": ("input_format", check_format),
    "output_audio_format": ("output_format", check_format),
    "modalities": ("output_modalities", cfg.check_modalities),
    "instructions": ("instructions", cfg.check_string),
    "voice": ("voice", cfg.check_voice),
    "input_audio_transcription": ("transcription", cfg.check_transcription),
    "turn_detection": ("turn_detection", cfg.check_turn_detection),
    "tools": ("tools", cfg.check_tools),
    "tool_choice": ("tool_choice", cfg.check_tool_choice),
    "temperature": ("temperature", cfg.check_temperature),
    "max_response_output_tokens": ("max_output_tokens", cfg.check_max_output_tokens),
    "speed": ("speed", cfg.check_speed),
    "tracing": ("tracing", cfg.kept),
    "input_audio_noise_reduction": ("noise_reduction", cfg.kept),
}


def update(config: cfg.Config, given: Any) -> cfg.Config:
    """The configuration after a beta ``session.update`` (a new object)."""
    if given is None:
        raise errors.missing_parameter("session")
    check_value("session", param("object"), given)
    for key in given:
        if key not in _KEYS:
            raise unknown_parameter(f"session.{key}")
    new = copy.deepcopy(config)
    cfg.apply(new, "session", given, FIELDS)
    return new
