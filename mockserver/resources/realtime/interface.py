"""The two interfaces of ``/v1/realtime``: GA (the ``gpt-realtime`` family, and every realtime
model without the beta header) and the beta one (``OpenAI-Beta: realtime=v1``), each with its
event names, session shape and client events, as the SDK's ``types/realtime`` and
``types/beta/realtime`` define them."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from . import config as cfg
from .events import GA_CLIENT_EVENTS, Emitter
from .response import RESPONSE_KEYS

# Client event type -> the Session method that answers it.
_HANDLERS = {
    "session.update": "session_update",
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


@dataclass(frozen=True)
class Interface:
    name: str
    names: Mapping[str, str]
    client_events: Mapping[str, str]
    render: Callable[[cfg.Config], dict[str, Any]]
    update: Callable[[cfg.Config, Any], cfg.Config]
    response_keys: frozenset[str]
    created: str = "session.created"
    updated: str = "session.updated"

    def item_added(
        self, emit: Emitter, item: dict[str, Any], previous: str | None
    ) -> Iterator[dict[str, Any]]:
        """A complete item put in the conversation: GA announces it added, then done."""
        yield emit("conversation.item.added", previous_item_id=previous, item=item)
        yield emit(self.names["item.done"], previous_item_id=previous, item=item)


GA = Interface(
    name="ga",
    names=GA_NAMES,
    client_events={kind: _HANDLERS[kind] for kind in GA_CLIENT_EVENTS},
    render=cfg.ga_session,
    update=cfg.ga_update,
    response_keys=RESPONSE_KEYS,
)
