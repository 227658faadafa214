"""The two interfaces of ``/v1/realtime``: GA (every realtime model, without the beta header)
and the beta one (``OpenAI-Beta: realtime=v1``), each with its event names, session and
response shapes and client events, as the SDK's ``types/realtime`` and ``types/beta/realtime``
define them."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import beta
from . import config as cfg
from .events import BETA_CLIENT_EVENTS, GA_CLIENT_EVENTS, Emitter
from .response import BETA_SHAPE, GA_SHAPE, Shape

BETA_HEADER = "realtime=v1"
# Client event type -> the Session method that answers it.
_HANDLERS = {
    "session.update": "session_update",
    "transcription_session.update": "transcription_update",
    "session.close": "session_close",
    "input_audio_buffer.append": "buffer_append",
    "session.input_audio_buffer.append": "buffer_append",
    "input_audio_buffer.commit": "buffer_commit",
    "input_audio_buffer.clear": "buffer_clear",
    "conversation.item.create": "item_create",
    "conversation.item.truncate": "item_truncate",
    "conversation.item.delete": "item_delete",
    "conversation.item.retrieve": "item_retrieve",
    "response.create": "response_create",
    "response.cancel": "response_cancel",
}
GA_NAMES = {
    "item.added": "conversation.item.added",
    "item.done": "conversation.item.done",
    "text.delta": "response.output_text.delta",
    "text.done": "response.output_text.done",
    "audio.delta": "response.output_audio.delta",
    "audio.done": "response.output_audio.done",
    "transcript.delta": "response.output_audio_transcript.delta",
    "transcript.done": "response.output_audio_transcript.done",
    "output_text": "output_text",
    "output_audio": "output_audio",
}
# The beta interface announces an item once, created, and names its parts text and audio.
BETA_NAMES = {
    "item.added": "conversation.item.created",
    "item.done": "",
    "text.delta": "response.text.delta",
    "text.done": "response.text.done",
    "audio.delta": "response.audio.delta",
    "audio.done": "response.audio.done",
    "transcript.delta": "response.audio_transcript.delta",
    "transcript.done": "response.audio_transcript.done",
    "output_text": "text",
    "output_audio": "audio",
}
GA_RESPONSE_KEYS = frozenset(
    (
        "audio", "conversation", "input", "instructions", "max_output_tokens", "metadata",
        "output_modalities", "parallel_tool_calls", "prompt", "reasoning", "tool_choice",
        "tools",
    )
)  # fmt: skip


@dataclass(frozen=True)
class Interface:
    name: str
    names: Mapping[str, str]
    client_events: Mapping[str, str]
    render: Callable[[cfg.Config], dict[str, Any]]
    update: Callable[[cfg.Config, Any], cfg.Config]
    response_keys: frozenset[str]
    shape: Shape
    default_modalities: list[str] = field(default_factory=lambda: ["audio"])
    created: str = "session.created"
    updated: str = "session.updated"

    def item_added(
        self, emit: Emitter, item: dict[str, Any], previous: str | None
    ) -> Iterator[dict[str, Any]]:
        """A complete item put in the conversation: GA announces it added, then done."""
        yield emit(self.names["item.added"], previous_item_id=previous, item=item)
        if self.names["item.done"]:
            yield emit(self.names["item.done"], previous_item_id=previous, item=item)


GA = Interface(
    name="ga",
    names=GA_NAMES,
    client_events={kind: _HANDLERS[kind] for kind in GA_CLIENT_EVENTS},
    render=cfg.ga_session,
    update=cfg.ga_update,
    response_keys=GA_RESPONSE_KEYS,
    shape=GA_SHAPE,
)
BETA = Interface(
    name="beta",
    names=BETA_NAMES,
    client_events={kind: _HANDLERS[kind] for kind in BETA_CLIENT_EVENTS},
    render=beta.session,
    update=beta.update,
    response_keys=beta.RESPONSE_KEYS,
    shape=BETA_SHAPE,
    default_modalities=list(beta.DEFAULT_MODALITIES),
)


def wants_beta(header: str | None) -> bool:
    """Whether ``OpenAI-Beta`` (which may name several betas) asks for realtime=v1."""
    return any(part.strip() == BETA_HEADER for part in (header or "").split(","))
