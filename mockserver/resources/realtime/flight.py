"""A response in flight: its planned events sent one at a time (the socket reads client events
between them), what has been sent so far kept as the real API keeps it, and the response ended
early when it is cancelled (``response.cancel``, or server VAD hearing the user talk over it).

As each event goes out, the conversation follows it: the item is in the conversation from its
``response.output_item.added`` on, its audio grows with each delta (so a client may truncate
the audio it is playing while the rest is still coming), and it takes its final form at
``response.output_item.done``. A cancelled response closes the part and the item that were
open (``incomplete``, their text as it stood), then ``response.done`` with status
``cancelled``, the output as sent and the usage of the tokens sent."""

from __future__ import annotations

import base64
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from . import audio, formats
from .items import Conversation
from .response import Planned, Responder


@dataclass
class _Open:
    """The output item being sent: as it stands, its open part and the text said in it."""

    item: dict[str, Any]
    at: dict[str, Any]
    previous: str | None = None
    part: dict[str, Any] | None = None
    said: list[str] = field(default_factory=list)
    heard: int = 0  # bytes of its audio sent, as PCM16 24 kHz


class Flight:
    def __init__(
        self,
        responder: Responder,
        planned: Planned,
        conversation: Conversation,
        names: Mapping[str, str],
    ) -> None:
        self.responder = responder
        self.planned = planned
        self.conversation = conversation
        self.names = names
        self.pending = deque(planned.body)
        self.output: list[dict[str, Any]] = []
        self.open: _Open | None = None
        self.tokens_sent = 0  # text, transcript and argument deltas: one token each
        self.audio_sent = 0  # bytes of output audio sent, as PCM16 24 kHz
        # Items whose audio the client truncated: the conversation keeps them as cut.
        self.cut: set[str] = set()
        self.done = False

    @property
    def id(self) -> str:
        return self.planned.rid

    @property
    def next_event(self) -> dict[str, Any] | None:
        return self.pending[0] if self.pending else None

    def step(self) -> list[dict[str, Any]]:
        """The next event to send (kept as sent), or the response's end once all are sent."""
        if not self.pending:
            return self._end()
        event = self.pending.popleft()
        self._sent(event)
        return [event]

    def cancel(self, reason: str) -> list[dict[str, Any]]:
        """The events that end the response now: the open part and item closed as they stand,
        then ``response.done`` cancelled for ``reason``."""
        self.pending.clear()
        events = self._close_open() if self.open is not None else []
        ended = ("cancelled", {"type": "cancelled", "reason": reason})
        return events + self._finish(ended, (self.tokens_sent, self._audio_tokens()))

    def _end(self) -> list[dict[str, Any]]:
        planned = self.planned
        ended = (planned.status, planned.details)
        return self._finish(ended, (planned.text_out, planned.audio_out))

    def _finish(
        self, ended: tuple[str, dict[str, Any] | None], sent: tuple[int, int]
    ) -> list[dict[str, Any]]:
        self.done = True
        return self.responder.finish(self.planned, list(self.output), ended, sent)

    def _audio_tokens(self) -> int:
        return audio.model_audio_tokens_of(self.audio_sent)

    # --- what the client has been sent ---------------------------------------------------------

    def _kept(self, item_id: str) -> dict[str, Any] | None:
        """The conversation's copy of an output item (None: out of band, or deleted)."""
        if not self.planned.spec.in_conversation:
            return None
        for item in self.conversation.items:
            if item["id"] == item_id:
                return item
        return None

    def _settle(self, item: dict[str, Any]) -> None:
        """The conversation's copy takes the item's final form; a truncated one keeps what
        the client heard and takes only the status."""
        kept = self._kept(item["id"])
        if kept is None:
            return
        if item["id"] in self.cut:
            kept["status"] = item["status"]
        else:
            kept.clear()
            kept.update(item)

    def _sent(self, event: dict[str, Any]) -> None:
        kind, n = event["type"], self.names
        if kind == "response.output_item.added":
            opened = dict(event["item"])
            if "content" in opened:
                opened["content"] = []
            at = {"response_id": self.id, "output_index": event["output_index"]}
            self.open = _Open(opened, at)
            self.output.append(opened)
            if self.planned.spec.in_conversation:
                self.conversation.insert(
                    {**opened, "content": []} if "content" in opened else dict(opened)
                )
            return
        if self.open is None:
            return
        item_id = self.open.item["id"]
        if kind == n["item.added"]:
            self.open.previous = event["previous_item_id"]
        elif kind == "response.content_part.added":
            self.open.part = dict(event["part"])
            kept = self._kept(item_id)
            if kept is not None:
                kept["content"].append(self._content(self.open.part["type"], ""))
        elif kind in (n["text.delta"], n["transcript.delta"]):
            self.open.said.append(event["delta"])
            self.tokens_sent += 1
        elif kind == "response.function_call_arguments.delta":
            self.open.item["arguments"] = self.open.item.get("arguments", "") + event["delta"]
            self.tokens_sent += 1
        elif kind == n["audio.delta"]:
            # As PCM16 24 kHz, the form the conversation keeps (the delta may be G.711).
            fmt = self.planned.spec.output_format
            size = len(base64.b64decode(event["delta"]))
            size = size * formats.PCM_BYTES_PER_MS // formats.bytes_per_ms(fmt)
            self.open.heard += size
            self.audio_sent += size
            if self._kept(item_id) is not None and item_id not in self.cut:
                pcm = self.planned.spoken.get(item_id, b"")
                self.conversation.audio[(item_id, 0)] = pcm[: self.open.heard]
        elif kind == "response.output_item.done":
            self.output[-1] = event["item"]
            self._settle(event["item"])
            self.open = None

    def _content(self, part_type: str, said: str) -> dict[str, Any]:
        """An item's content part (a part event's ``text`` or ``audio``) holding ``said``."""
        if part_type == "text":
            return {"type": self.names["output_text"], "text": said}
        return {"type": self.names["output_audio"], "transcript": said}

    def _close_open(self) -> list[dict[str, Any]]:
        """The events that close the open item as it stands (status ``incomplete``)."""
        assert self.open is not None
        emit, n, opened = self.responder.emit, self.names, self.open
        said = "".join(opened.said)
        part_at = {**opened.at, "item_id": opened.item["id"], "content_index": 0}
        events = []
        part = opened.part
        if part is not None and part["type"] == "text":
            part["text"] = said
            events.append(emit(n["text.done"], **part_at, text=said))
        elif part is not None:
            part["transcript"] = said
            events.append(emit(n["audio.done"], **part_at))
            events.append(emit(n["transcript.done"], **part_at, transcript=said))
        if part is not None:
            events.append(emit("response.content_part.done", **part_at, part=dict(part)))
        item = {**opened.item, "status": "incomplete"}
        if part is not None:
            item["content"] = [self._content(part["type"], said)]
        spec = self.planned.spec
        if spec.in_conversation and n["item.done"]:
            events.append(emit(n["item.done"], previous_item_id=opened.previous, item=item))
        events.append(emit("response.output_item.done", **opened.at, item=item))
        self.output[-1] = item
        self._settle(item)
        self.open = None
        return events
