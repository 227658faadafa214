"""One Realtime session: its configuration, conversation and input audio buffer, and the server
events that answer each client event (in the real order). Every bad client event gets an
``error`` event and the session lives on.

Server VAD runs on every append, over the buffer's real energy (``audio.detect``): speech
starts (``input_audio_buffer.speech_started``, its item id chosen then), stops after the
configured silence (``speech_stopped``), and the audio up to there is committed as a user
item, transcribed when the session asks for it, and answered when ``create_response`` is on.

A response is planned whole, then sent one event at a time by the socket (``step``), which
reads client events in between (``flight``): ``response.cancel`` ends the response in flight,
and so does speech starting in the appended audio when server VAD has ``interrupt_response``
(reason ``turn_detected``); the assistant audio being played can be truncated meanwhile. With
no response in flight, a cancel gets the real API's ``response_cancel_not_active``."""

from __future__ import annotations

import base64
import binascii
import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import orjson

from ... import tokens
from ...catalogue import Model
from ...http import errors
from ...http.obfuscation import Obfuscator
from ...http.params import check_value, param
from ...state import MockState
from . import audio, formats
from .config import EAGERNESS_TIMEOUT_MS, FINISHED_TURN_SHARE, Config
from .events import (
    Emitter,
    active_response,
    binary_frame,
    cancel_not_active,
    commit_empty,
    invalid_base64,
    invalid_json,
    wrong_session_type,
)
from .flight import Flight
from .interface import Interface
from .items import Conversation, check_item
from .response import Responder, check_spec, padded

MIN_COMMIT_MS = 100
# Transcription models billed by the second (a live transcript shows gpt-live-transcribe's
# usage as {"type": "duration", "seconds": N}, N the buffer's length rounded up).
DURATION_BILLED = ("whisper-1", "gpt-live-transcribe")
# Audio input tokens per second for the token-billed transcription models.
TRANSCRIPTION_AUDIO_TOKENS_PER_SECOND = 10


def _count(event: dict[str, Any], name: str) -> int:
    value = event.get(name)
    if value is None:
        raise errors.missing_parameter(name)
    check_value(name, param("integer", minimum=0), value)
    return int(value)


@dataclass
class _Speech:
    item_id: str  # the user item the speech will become


class Session:
    def __init__(
        self, mock: MockState, config: Config, model: Model | None, interface: Interface
    ) -> None:
        self.mock = mock
        self.config = config
        self.interface = interface
        self.emit = Emitter(mock)
        self.conversation = Conversation()
        self.buffer = b""
        self.buffer_start_ms = 0  # where the buffer starts in the session's audio
        self.speech: _Speech | None = None
        self.closed = False
        self.flight: Flight | None = None  # the response being sent
        self.responder = (
            Responder(mock, model, self.emit, interface.names, interface.shape)
            if model is not None
            else None
        )

    def opening(self) -> list[dict[str, Any]]:
        return [self.emit(self.interface.created, session=self.interface.render(self.config))]

    # --- dispatch ----------------------------------------------------------------------------

    def answered(self, text: str | None) -> list[dict[str, Any]]:
        return list(self.answer(text))

    def step(self) -> list[dict[str, Any]]:
        """The next events of the response in flight (its end, once all are sent)."""
        assert self.flight is not None
        events = self.flight.step()
        if self.flight.done:
            self.flight = None
        return events

    def _cancel(self, reason: str) -> list[dict[str, Any]]:
        assert self.flight is not None
        events = self.flight.cancel(reason)
        self.flight = None
        return events

    def answer(self, text: str | None) -> Iterator[dict[str, Any]]:
        """The events that answer one client message (its text; None for a binary one)."""
        if text is None:
            yield self.emit.error(binary_frame())
            return
        try:
            event = orjson.loads(text)
        except orjson.JSONDecodeError:
            yield self.emit.error(invalid_json())
            return
        client_id = event.get("event_id") if isinstance(event, dict) else None
        try:
            yield from self._dispatch(event)
        except errors.APIError as error:
            yield self.emit.error(error, client_id)

    def _dispatch(self, event: Any) -> Iterator[dict[str, Any]]:
        check_value("event", param("object"), event)
        kind = event.get("type")
        if kind is None:
            raise errors.missing_parameter("type")
        check_value("type", param("string"), kind)
        handler = self.interface.client_events.get(kind)
        if handler is None:
            raise errors.invalid_enum("type", kind, tuple(self.interface.client_events))
        yield from getattr(self, handler)(event)

    # --- session -----------------------------------------------------------------------------

    def session_update(self, event: dict[str, Any]) -> Iterator[dict[str, Any]]:
        self.config = self.interface.update(self.config, event.get("session"))
        yield self.emit(self.interface.updated, session=self.interface.render(self.config))

    def transcription_update(self, event: dict[str, Any]) -> Iterator[dict[str, Any]]:
        raise wrong_session_type("transcription", self.config.kind)
        yield  # a generator, as every handler is

    def session_close(self, event: dict[str, Any]) -> Iterator[dict[str, Any]]:
        self.closed = True
        yield from ()

    # --- audio in the session's formats ---------------------------------------------------------

    def _pcm(self, data: bytes) -> bytes:
        """Input audio (in the session's input format) as PCM16 24 kHz."""
        return formats.to_pcm(data, self.config.input_format)

    def _format_of(self, item: dict[str, Any]) -> dict[str, Any]:
        """The format an item's audio travels in: the user's input, the model's output."""
        user = item.get("role") == "user"
        return self.config.input_format if user else self.config.output_format

    def _keep_audio(self, item: dict[str, Any], k: int, data: bytes) -> None:
        """Keeps a part's audio (given in the item's format) as PCM16 24 kHz, and what the
        user's first part says."""
        fmt = self._format_of(item)
        pcm = formats.to_pcm(data, fmt)
        item_id = item["id"]
        self.conversation.audio[(item_id, k)] = pcm
        if k == 0 and item.get("role") == "user":
            said = audio.heard(pcm, self.mock.seed, formats.words(data, fmt))
            self.conversation.heard[item_id] = said

    # --- the input audio buffer ----------------------------------------------------------------

    def buffer_append(self, event: dict[str, Any]) -> Iterator[dict[str, Any]]:
        given = event.get("audio")
        if given is None:
            raise errors.missing_parameter("audio")
        check_value("audio", param("string"), given)
        try:
            data = base64.b64decode(given, validate=True)
        except (binascii.Error, ValueError):
            raise invalid_base64("audio") from None
        self.buffer += data
        yield from self._detect()

    def _detect(self) -> Iterator[dict[str, Any]]:
        vad = self.config.turn_detection
        while vad is not None:
            threshold = float(vad.get("threshold", 0.5))
            prefix = int(vad.get("prefix_padding_ms", 300))
            silence = (
                self._semantic_silence(str(vad.get("eagerness", "auto")))
                if vad.get("type") == "semantic_vad"
                else int(vad.get("silence_duration_ms", 500))
            )
            turn = audio.detect(self._pcm(self.buffer), threshold, prefix, silence)
            if turn is None:
                return
            if self.speech is None:
                self.speech = _Speech(self.mock.ids.new("item_"))
                yield self.emit(
                    "input_audio_buffer.speech_started",
                    audio_start_ms=self.buffer_start_ms + turn.start_ms,
                    item_id=self.speech.item_id,
                )
                # The user talks over the reply: the response in flight stops there.
                if self.flight is not None and vad.get("interrupt_response", True):
                    yield from self._cancel("turn_detected")
            if turn.end_ms is None:
                return
            yield self.emit(
                "input_audio_buffer.speech_stopped",
                audio_end_ms=self.buffer_start_ms + turn.end_ms,
                item_id=self.speech.item_id,
            )
            cut = turn.end_ms * formats.bytes_per_ms(self.config.input_format)
            yield from self._commit(self.buffer[:cut], respond=bool(vad.get("create_response")))
            self.buffer_start_ms += turn.end_ms
            self.buffer = self.buffer[cut:]

    def _semantic_silence(self, eagerness: str) -> int:
        """The silence that ends a turn under semantic_vad: shorter once the words heard in
        the buffer make a finished sentence (see ``config.EAGERNESS_TIMEOUT_MS``)."""
        timeout = EAGERNESS_TIMEOUT_MS[eagerness]
        fmt = self.config.input_format
        words = formats.words(self.buffer, fmt) or audio.words_in(self._pcm(self.buffer))
        finished = (words or "").rstrip().endswith((".", "?", "!"))
        return timeout // FINISHED_TURN_SHARE if finished else timeout

    def buffer_commit(self, event: dict[str, Any]) -> Iterator[dict[str, Any]]:
        length = formats.milliseconds(self.buffer, self.config.input_format)
        if length < MIN_COMMIT_MS:
            raise commit_empty(length)
        data, self.buffer = self.buffer, b""
        self.buffer_start_ms += int(length)
        yield from self._commit(data, respond=False)

    def buffer_clear(self, event: dict[str, Any]) -> Iterator[dict[str, Any]]:
        self.buffer_start_ms += int(formats.milliseconds(self.buffer, self.config.input_format))
        self.buffer = b""
        self.speech = None
        yield self.emit("input_audio_buffer.cleared")

    def _commit(self, data: bytes, *, respond: bool) -> Iterator[dict[str, Any]]:
        item_id = self.speech.item_id if self.speech is not None else self.mock.ids.new("item_")
        self.speech = None
        item = {
            "id": item_id,
            "type": "message",
            "object": "realtime.item",
            "status": "completed",
            "role": "user",
            "content": [{"type": "input_audio", "transcript": None}],
        }
        previous = self.conversation.insert(item)
        self._keep_audio(item, 0, data)
        yield self.emit("input_audio_buffer.committed", previous_item_id=previous, item_id=item_id)
        yield from self.interface.item_added(self.emit, item, previous)
        yield from self._transcribe(item)
        # A reply still in flight (not interrupted) is not doubled by a second one.
        if respond and self.responder is not None and self.flight is None:
            yield from self._respond(None)

    def _transcribe(self, item: dict[str, Any]) -> Iterator[dict[str, Any]]:
        """The input transcription events, when the session asks for them."""
        settings = self.config.transcription
        if settings is None:
            return
        text = self.conversation.heard[item["id"]]
        data = self.conversation.audio[(item["id"], 0)]
        at = {"item_id": item["id"], "content_index": 0}
        words = text.split(" ") if text else []
        pad = Obfuscator(self.mock.seed, item["id"]) if self.interface.shape.obfuscated else None
        for k, word in enumerate(words):
            delta = padded(pad, k, word if k == 0 else " " + word)
            yield self.emit("conversation.item.input_audio_transcription.delta", **at, **delta)
        seconds = audio.milliseconds(data) / 1000
        usage: dict[str, Any]
        if settings["model"] in DURATION_BILLED:
            usage = {"type": "duration", "seconds": math.ceil(seconds)}
        else:
            heard_tokens = int(seconds * TRANSCRIPTION_AUDIO_TOKENS_PER_SECOND)
            output = tokens.count(text, "o200k_base") if text else 0
            usage = {
                "type": "tokens",
                "total_tokens": heard_tokens + output,
                "input_tokens": heard_tokens,
                "input_token_details": {"text_tokens": 0, "audio_tokens": heard_tokens},
                "output_tokens": output,
            }
        item["content"][0]["transcript"] = text
        yield self.emit(
            "conversation.item.input_audio_transcription.completed",
            **at,
            transcript=text,
            usage=usage,
        )

    # --- the conversation ----------------------------------------------------------------------

    def item_create(self, event: dict[str, Any]) -> Iterator[dict[str, Any]]:
        item, parts_audio = check_item(event.get("item"), self.mock.ids.new("item_"))
        after = event.get("previous_item_id")
        if after is not None and after != "root":
            self.conversation.index("previous_item_id", after)
        previous = self.conversation.insert(item, after)
        for k, data in parts_audio.items():
            self._keep_audio(item, k, data)
        yield from self.interface.item_added(self.emit, item, previous)
        if parts_audio and item.get("role") == "user":
            yield from self._transcribe(item)

    def item_retrieve(self, event: dict[str, Any]) -> Iterator[dict[str, Any]]:
        item = self.conversation.get(event.get("item_id"))
        whole = {**item}
        fmt = self._format_of(item)
        if item["type"] == "message":
            whole["content"] = [
                {**part, "audio": base64.b64encode(formats.from_pcm(data, fmt)).decode("ascii")}
                if (data := self.conversation.audio.get((item["id"], k))) is not None
                else part
                for k, part in enumerate(item["content"])
            ]
        yield self.emit("conversation.item.retrieved", item=whole)

    def item_delete(self, event: dict[str, Any]) -> Iterator[dict[str, Any]]:
        item_id = event.get("item_id")
        self.conversation.delete(item_id)
        yield self.emit("conversation.item.deleted", item_id=item_id)

    def item_truncate(self, event: dict[str, Any]) -> Iterator[dict[str, Any]]:
        item = self.conversation.get(event.get("item_id"))
        index, end = (_count(event, name) for name in ("content_index", "audio_end_ms"))
        data = self.conversation.audio.get((item["id"], index))
        if item.get("role") != "assistant" or data is None:
            raise errors.invalid_value(
                "item_id", "Only assistant messages with audio content can be truncated."
            )
        length = int(audio.milliseconds(data))
        if end > length:
            raise errors.invalid_value(
                "audio_end_ms", f"Audio content of {length}ms is already shorter than {end}ms"
            )
        self.conversation.audio[(item["id"], index)] = data[: end * audio.BYTES_PER_MS]
        if self.flight is not None:  # the rest of its audio, still coming, was not heard
            self.flight.cut.add(item["id"])
        # What the user did not hear is not in the context any more: the transcript goes.
        item["content"][index]["transcript"] = ""
        yield self.emit(
            "conversation.item.truncated",
            item_id=item["id"],
            content_index=index,
            audio_end_ms=end,
        )

    # --- responses -----------------------------------------------------------------------------

    def response_create(self, event: dict[str, Any]) -> Iterator[dict[str, Any]]:
        if self.responder is None:
            raise errors.invalid_value(
                "type", "Responses are not supported in transcription sessions."
            )
        yield from self._respond(event.get("response"))

    def _respond(self, raw: Any) -> Iterator[dict[str, Any]]:
        assert self.responder is not None
        if self.flight is not None:
            raise active_response(self.flight.id)
        spec = check_spec(
            raw, self.config, self.conversation, lambda: self.mock.ids.new("item_"),
            self.interface.response_keys,
        )  # fmt: skip
        planned = self.responder.plan(spec, self.conversation)
        self.flight = Flight(self.responder, planned, self.conversation, self.interface.names)
        yield planned.created

    def response_cancel(self, event: dict[str, Any]) -> Iterator[dict[str, Any]]:
        wanted = event.get("response_id")
        if wanted is not None:
            check_value("response_id", param("string"), wanted)
        if self.flight is None or wanted not in (None, self.flight.id):
            raise cancel_not_active()
        yield from self._cancel("client_cancelled")
