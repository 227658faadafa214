"""One response: ``response.create``'s overrides checked over the session's configuration, the
reply planned by ``llm/plan`` from the conversation as chat messages (the same text chat gives
for the same messages), and its events in the real order:

``response.created``, then per output item ``response.output_item.added``,
``conversation.item.added``, the content part and its deltas (text, or audio with its
transcript), ``conversation.item.done``, ``response.output_item.done``; then
``response.done`` with ``usage`` and ``rate_limits.updated``. ``conversation: "none"`` keeps
the reply out of the conversation (no ``conversation.item.*`` events, ``conversation_id``
null). Event names come from the session's interface (``names``: GA or beta)."""

from __future__ import annotations

import base64
import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from ... import tokens
from ...catalogue import Model
from ...http.errors import unknown_parameter
from ...http.faults import LIMIT_TOKENS
from ...http.obfuscation import Obfuscator
from ...http.params import check_value, param
from ...llm import tool_tokens
from ...llm.messages import Conversation as Messages
from ...llm.plan import Choice, ModelCall, plan
from ...llm.prompt_tokens import count_messages
from ...state import MockState
from . import audio, beta, formats
from .config import (
    PCM,
    Checker,
    Config,
    apply,
    check_format,
    check_max_output_tokens,
    check_modalities,
    check_string,
    check_temperature,
    check_tool_choice,
    check_tools,
    check_voice,
)
from .events import Emitter
from .items import Conversation, chat_messages, check_item

RULE_ENDPOINT = "realtime"
# Tokens count towards the cache in blocks of 64, as the real usage shows (64 of 120, 128 of 139).
CACHE_BLOCK = 64
Names = Mapping[str, str]


@dataclass
class Spec:
    """What one response is made with: the session's settings, overridden per response."""

    instructions: str
    modalities: list[str]
    voice: str
    tools: list[dict[str, Any]]
    tool_choice: Any
    max_output_tokens: int | str
    in_conversation: bool
    input: list[dict[str, Any]] | None
    metadata: dict[str, Any] | None
    temperature: float = 0.8
    output_format: dict[str, Any] = field(default_factory=lambda: dict(PCM))

    @property
    def budget(self) -> int:
        limit = self.max_output_tokens
        return limit if isinstance(limit, int) else 4096


def _metadata(where: str, value: Any) -> dict[str, Any]:
    check_value(where, param("object"), value)
    return dict(value)


# The fields of response.create's response, in both interfaces: key -> (Spec attribute, checker).
SPEC_FIELDS: Mapping[str, tuple[str, Checker]] = {
    "instructions": ("instructions", check_string),
    "output_modalities": ("modalities", check_modalities),
    "modalities": ("modalities", check_modalities),
    "tools": ("tools", check_tools),
    "tool_choice": ("tool_choice", check_tool_choice),
    "max_output_tokens": ("max_output_tokens", check_max_output_tokens),
    "max_response_output_tokens": ("max_output_tokens", check_max_output_tokens),
    "voice": ("voice", check_voice),
    "temperature": ("temperature", check_temperature),
    "metadata": ("metadata", _metadata),
    "output_audio_format": ("output_format", beta.check_format),
}


def check_spec(
    raw: Any,
    config: Config,
    conversation: Conversation,
    new_id: Callable[[], str],
    keys: frozenset[str],
) -> Spec:
    """``response.create``'s ``response`` (absent: the session's settings); ``keys`` are the
    fields the interface takes."""
    spec = Spec(
        config.instructions,
        list(config.output_modalities),
        config.voice,
        list(config.tools),
        config.tool_choice,
        config.max_output_tokens,
        True,
        None,
        None,
        config.temperature,
        dict(config.output_format),
    )
    if raw is None:
        return spec
    check_value("response", param("object"), raw)
    for key in raw:
        if key not in keys:
            raise unknown_parameter(f"response.{key}")
    apply(spec, "response", raw, SPEC_FIELDS)
    output = (raw.get("audio") or {}).get("output") if isinstance(raw.get("audio"), dict) else None
    if isinstance(output, dict) and "voice" in output:
        spec.voice = check_voice("response.audio.output.voice", output["voice"])
    if isinstance(output, dict) and "format" in output:
        spec.output_format = check_format("response.audio.output.format", output["format"])
    if "conversation" in raw:
        where = "response.conversation"
        check_value(where, param("string", enum=("auto", "none")), raw["conversation"])
        spec.in_conversation = raw["conversation"] == "auto"
    if "input" in raw:
        check_value("response.input", param("array"), raw["input"])
        spec.input = [_input_item(item, conversation, new_id) for item in raw["input"]]
    return spec


def _input_item(raw: Any, conversation: Conversation, new_id: Callable[[], str]) -> dict[str, Any]:
    if isinstance(raw, dict) and raw.get("type") == "item_reference":
        return conversation.get(raw.get("id"))
    item, _ = check_item(raw, new_id())
    return item


def _chat_tools(tools: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for tool in tools:
        fn = {k: tool[k] for k in ("name", "description", "parameters") if k in tool}
        out.append({"type": "function", "function": fn})
    return out


def _chat_choice(choice: Any) -> Any:
    if isinstance(choice, dict):
        return {"type": "function", "function": {"name": choice["name"]}}
    return choice


@dataclass(frozen=True)
class Shape:
    """How an interface writes a response: its settings fields and its usage object."""

    settings: Callable[[Spec], dict[str, Any]]
    usage: Callable[[dict[str, Any]], dict[str, Any]]
    # GA text deltas carry the real API's ``obfuscation`` padding (the beta ones did not).
    obfuscated: bool


def _ga_settings(spec: Spec) -> dict[str, Any]:
    return {
        "output_modalities": spec.modalities,
        "audio": {"output": {"format": spec.output_format, "voice": spec.voice}},
    }


def _beta_settings(spec: Spec) -> dict[str, Any]:
    return {
        "modalities": spec.modalities,
        "voice": spec.voice,
        "output_audio_format": beta.format_name(spec.output_format),
        "temperature": spec.temperature,
    }


def _beta_usage(usage: dict[str, Any]) -> dict[str, Any]:
    """The beta usage object: the same counts without image and per-modality cache details."""
    details = usage["input_token_details"]
    kept = {k: details[k] for k in ("text_tokens", "audio_tokens", "cached_tokens")}
    return {**usage, "input_token_details": kept}


GA_SHAPE = Shape(_ga_settings, dict, obfuscated=True)
BETA_SHAPE = Shape(_beta_settings, _beta_usage, obfuscated=False)


def padded(obfuscator: Obfuscator | None, position: int, delta: str) -> dict[str, Any]:
    """A delta's fields: the text, and its padding when the interface sends one."""
    if obfuscator is None:
        return {"delta": delta}
    pad = obfuscator.pad_bytes(position, len(delta.encode())).decode("ascii")
    return {"delta": delta, "obfuscation": pad}


@dataclass
class Planned:
    """A response planned whole before any of it is sent: ``response.created``, the events of
    its output items (``body``), and what ``response.done`` says when it runs to its end."""

    rid: str
    spec: Spec
    created: dict[str, Any]
    body: list[dict[str, Any]]
    prompt_tokens: int
    audio_in: int
    text_out: int
    audio_out: int
    status: str
    details: dict[str, Any] | None
    # The spoken items' audio, PCM16 24 kHz, by item id (what the conversation keeps).
    spoken: dict[str, bytes] = field(default_factory=dict)


class Responder:
    """Makes the responses of one session."""

    def __init__(
        self, mock: MockState, model: Model, emit: Emitter, names: Names, shape: Shape
    ) -> None:
        self.mock = mock
        self.model = model
        self.emit = emit
        self.names = names
        self.shape = shape
        self.conversation_id = mock.ids.new("conv_")
        self.last_input_tokens = 0
        self.used_tokens = 0
        # The conversation's last item, which the response's items follow.
        self.previous_item_id: str | None = None

    def _call(self, spec: Spec, items: list[dict[str, Any]], heard: dict[str, str]) -> ModelCall:
        raw = chat_messages(items, heard)
        if spec.instructions:
            raw.insert(0, {"role": "system", "content": spec.instructions})
        messages = Messages.of(raw)
        tools = _chat_tools(spec.tools)
        choice = _chat_choice(spec.tool_choice) if tools else "none"
        encoding = self.model.encoding
        prompt = count_messages(messages.messages, encoding) + tool_tokens.prompt_tokens(
            tools, raw, choice, encoding
        )
        budget = max(min(spec.budget, self.model.context_window - prompt), 0)
        return ModelCall(
            model=self.model,
            asked=self.model.id,
            conversation=messages,
            seed=self.mock.seed,
            budget=budget,
            prompt_tokens=prompt,
            tools=tools,
            tool_choice=choice,
        )

    def plan(self, spec: Spec, conversation: Conversation) -> Planned:
        items = spec.input if spec.input is not None else conversation.items
        self.previous_item_id = conversation.items[-1]["id"] if conversation.items else None
        call = self._call(spec, items, conversation.heard)
        rule = self.mock.rules.first_match(
            endpoint=RULE_ENDPOINT,
            model=call.asked,
            text=call.conversation.last_user_text,
            has_tools=bool(call.tools),
        )
        if rule is not None:
            rule.raise_error()
        reply = plan(call, rule=rule, new_call_id=lambda: self.mock.ids.new("call_"))
        heard_audio = sum(
            audio.user_audio_tokens(data)
            for (item_id, _), data in conversation.audio.items()
            if any(item["id"] == item_id and item.get("role") == "user" for item in items)
        )
        rid = self.mock.ids.new("resp_")
        return self._events(rid, spec, reply.choices[0], call.prompt_tokens, heard_audio)

    def _response(self, rid: str, spec: Spec, status: str, **fields: Any) -> dict[str, Any]:
        usage = fields.pop("usage", None)
        head = {
            "object": "realtime.response",
            "id": rid,
            "status": status,
            "status_details": fields.pop("status_details", None),
            "output": fields.pop("output", []),
            "conversation_id": self.conversation_id if spec.in_conversation else None,
        }
        tail = {
            "max_output_tokens": spec.max_output_tokens,
            "usage": None if usage is None else self.shape.usage(usage),
            "metadata": spec.metadata,
        }
        return {**head, **self.shape.settings(spec), **tail}

    def _events(
        self, rid: str, spec: Spec, choice: Choice, prompt_tokens: int, audio_in: int
    ) -> Planned:
        emit, n = self.emit, self.names
        created = emit("response.created", response=self._response(rid, spec, "in_progress"))
        events: list[dict[str, Any]] = []
        text_out = audio_out = 0
        said: dict[str, bytes] = {}
        outputs: list[tuple[str, dict[str, Any] | None]] = [
            ("call", c) for c in choice.tool_calls or []
        ] or [("message", None)]
        for index, (kind, tool_call) in enumerate(outputs):
            at = {"response_id": rid, "output_index": index}
            item_id = self.mock.ids.new("item_")
            if kind == "call":
                assert tool_call is not None
                item, item_events = self._call_events(item_id, at, tool_call)
                pcm = None
                text_out += tokens.count(tool_call["function"]["arguments"], self.model.encoding)
            else:
                item, item_events, pcm = self._message_events(item_id, at, spec, choice)
                text_out += choice.completion_tokens
                if pcm is not None:
                    audio_out += audio.model_audio_tokens(pcm)
                    said[item_id] = pcm
            opening = {**item, "status": "in_progress", **_emptied(item)}
            events.append(emit("response.output_item.added", **at, item=opening))
            if spec.in_conversation:
                previous = self.previous_item_id
                events.append(emit(n["item.added"], previous_item_id=previous, item=opening))
            events.extend(item_events)
            if spec.in_conversation and n["item.done"]:
                events.append(emit(n["item.done"], previous_item_id=previous, item=item))
            if spec.in_conversation:
                self.previous_item_id = item_id
            events.append(emit("response.output_item.done", **at, item=item))
        status = "incomplete" if choice.finish_reason == "length" else "completed"
        details = (
            {"type": "incomplete", "reason": "max_output_tokens"}
            if status == "incomplete"
            else None
        )
        return Planned(
            rid, spec, created, events, prompt_tokens, audio_in, text_out, audio_out, status,
            details, said,
        )  # fmt: skip

    def finish(
        self,
        planned: Planned,
        output: list[dict[str, Any]],
        ended: tuple[str, dict[str, Any] | None],
        sent: tuple[int, int],
    ) -> list[dict[str, Any]]:
        """``response.done`` (its status and details ``ended``, the ``output`` items as they
        stand, the usage of the text and audio tokens ``sent``) and ``rate_limits.updated``."""
        spec, (status, details) = planned.spec, ended
        usage = self._usage(planned.prompt_tokens, planned.audio_in, *sent, spec.in_conversation)
        done = self._response(
            planned.rid, spec, status, output=output, usage=usage, status_details=details
        )
        self.used_tokens += usage["total_tokens"]
        remaining = max(LIMIT_TOKENS - self.used_tokens, 0)
        limits = [
            {
                "name": "tokens",
                "limit": LIMIT_TOKENS,
                "remaining": remaining,
                "reset_seconds": 0.001,
            }
        ]
        return [
            self.emit("response.done", response=done),
            self.emit("rate_limits.updated", rate_limits=limits),
        ]

    def _call_events(
        self, item_id: str, at: dict[str, Any], call: dict[str, Any]
    ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        fn = call["function"]
        item = {
            "id": item_id,
            "type": "function_call",
            "object": "realtime.item",
            "status": "completed",
            "name": fn["name"],
            "call_id": call["id"],
            "arguments": fn["arguments"],
        }
        ids = tokens.encode(fn["arguments"], self.model.encoding)
        events = [
            self.emit(
                "response.function_call_arguments.delta",
                **at,
                item_id=item_id,
                call_id=call["id"],
                delta=piece.text,
            )
            for piece in tokens.pieces(ids, self.model.encoding)
        ]
        events.append(
            self.emit(
                "response.function_call_arguments.done",
                **at,
                item_id=item_id,
                call_id=call["id"],
                name=fn["name"],
                arguments=fn["arguments"],
            )
        )
        return item, events

    def _message_events(
        self, item_id: str, at: dict[str, Any], spec: Spec, choice: Choice
    ) -> tuple[dict[str, Any], list[dict[str, Any]], bytes | None]:
        emit, n = self.emit, self.names
        text = choice.content or ""
        pieces = [p.text for p in tokens.pieces(choice.content_ids, self.model.encoding)]
        part_at = {**at, "item_id": item_id, "content_index": 0}
        spoken = "audio" in spec.modalities
        pcm = audio.spoken(text, spec.voice) if spoken else None
        if pcm is None:
            part: dict[str, Any] = {"type": "text", "text": ""}
            events = [emit("response.content_part.added", **part_at, part=part)]
            pad = Obfuscator(self.mock.seed, item_id) if self.shape.obfuscated else None
            events += [
                emit(n["text.delta"], **part_at, **padded(pad, k, p)) for k, p in enumerate(pieces)
            ]
            events.append(emit(n["text.done"], **part_at, text=text))
            events.append(
                emit("response.content_part.done", **part_at, part={**part, "text": text})
            )
            content = {"type": n["output_text"], "text": text}
        else:
            part = {"type": "audio", "transcript": ""}
            events = [emit("response.content_part.added", **part_at, part=part)]
            sent = formats.from_pcm(pcm, spec.output_format, text)
            step = audio.DELTA_MS * formats.bytes_per_ms(spec.output_format)
            chunks = [sent[k : k + step] for k in range(0, len(sent), step)]
            for said, chunk in itertools.zip_longest(pieces, chunks):
                if said is not None:
                    events.append(emit(n["transcript.delta"], **part_at, delta=said))
                if chunk is not None:
                    delta = base64.b64encode(chunk).decode("ascii")
                    events.append(emit(n["audio.delta"], **part_at, delta=delta))
            events.append(emit(n["audio.done"], **part_at))
            events.append(emit(n["transcript.done"], **part_at, transcript=text))
            done_part = {**part, "transcript": text}
            events.append(emit("response.content_part.done", **part_at, part=done_part))
            content = {"type": n["output_audio"], "transcript": text}
        status = "incomplete" if choice.finish_reason == "length" else "completed"
        item = {
            "id": item_id,
            "type": "message",
            "object": "realtime.item",
            "status": status,
            "role": "assistant",
            "content": [content],
        }
        return item, events, pcm

    def _usage(
        self, text_in: int, audio_in: int, text_out: int, audio_out: int, in_conversation: bool
    ) -> dict[str, Any]:
        input_tokens = text_in + audio_in
        # The previous turn's input is read again from the cache, in whole blocks.
        prefix = min(self.last_input_tokens, input_tokens) if in_conversation else 0
        cached = prefix // CACHE_BLOCK * CACHE_BLOCK
        cached_audio = min(audio_in, cached)
        if in_conversation:
            self.last_input_tokens = input_tokens
        return {
            "total_tokens": input_tokens + text_out + audio_out,
            "input_tokens": input_tokens,
            "output_tokens": text_out + audio_out,
            "input_token_details": {
                "text_tokens": text_in,
                "audio_tokens": audio_in,
                "image_tokens": 0,
                "cached_tokens": cached,
                "cached_tokens_details": {
                    "text_tokens": cached - cached_audio,
                    "audio_tokens": cached_audio,
                    "image_tokens": 0,
                },
            },
            "output_token_details": {"text_tokens": text_out, "audio_tokens": audio_out},
        }


def _emptied(item: dict[str, Any]) -> dict[str, Any]:
    """What an item holds as it opens: no content, no arguments yet."""
    if item["type"] == "message":
        return {"content": []}
    return {"arguments": ""}
