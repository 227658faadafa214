"""Conversation items: checked as ``conversation.item.create`` sends them, kept in order, and
read as the chat messages the planner (``llm/plan``) answers, so a realtime reply says what
chat says for the same conversation. Audio content is heard (its words) when the model reads
it; an item's audio itself is never echoed in item events (the real API leaves it out)."""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from typing import Any

from ...http import errors
from ...http.errors import unknown_parameter
from ...http.params import check_value, param
from ...llm.tools import tool_kind
from .events import invalid_base64, item_not_found

ITEM_TYPES = ("message", "function_call", "function_call_output")
ROLES = ("user", "assistant", "system")
USER_PARTS = ("input_text", "input_audio", "input_image")
# GA names the model's parts output_text and output_audio; the beta interface text and audio.
ASSISTANT_PARTS = ("output_text", "output_audio", "text", "audio")
TEXT_PARTS = ("input_text", "output_text", "text")
AUDIO_PARTS = ("input_audio", "output_audio", "audio")
SYSTEM_PARTS = ("input_text",)
_ITEM_KEYS = {
    "message": frozenset(("id", "type", "object", "status", "role", "content")),
    "function_call": frozenset(("id", "type", "object", "status", "name", "call_id", "arguments")),
    "function_call_output": frozenset(("id", "type", "object", "status", "call_id", "output")),
}
_PART_KEYS = frozenset(("type", "text", "audio", "transcript", "image_url", "detail"))


def _parts_for(role: str) -> tuple[str, ...]:
    return {"user": USER_PARTS, "assistant": ASSISTANT_PARTS}.get(role, SYSTEM_PARTS)


def _decoded(where: str, value: Any) -> bytes:
    check_value(where, param("string"), value)
    try:
        return base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        raise invalid_base64(where) from None


def check_item(raw: Any, new_id: str) -> tuple[dict[str, Any], dict[int, bytes]]:
    """The item as kept (``id``, ``object`` and ``status`` added) and the audio of its parts."""
    if raw is None:
        raise errors.missing_parameter("item")
    kind = tool_kind("item", raw, ITEM_TYPES)
    for key in raw:
        if key not in _ITEM_KEYS[kind]:
            raise unknown_parameter(f"item.{key}")
    given_id = raw.get("id")
    if given_id is not None:
        check_value("item.id", param("string"), given_id)
    item: dict[str, Any] = {
        "id": given_id or new_id,
        "type": kind,
        "object": "realtime.item",
        "status": "completed",
    }
    audio: dict[int, bytes] = {}
    if kind == "message":
        role = raw.get("role")
        if role is None:
            raise errors.missing_parameter("item.role")
        check_value("item.role", param("string", enum=ROLES), role)
        content = raw.get("content")
        if content is None:
            raise errors.missing_parameter("item.content")
        check_value("item.content", param("array"), content)
        parts = []
        for k, part in enumerate(content):
            where = f"item.content[{k}]"
            check_value(where, param("object"), part)
            for key in part:
                if key not in _PART_KEYS:
                    raise unknown_parameter(f"{where}.{key}")
            part_type = part.get("type")
            if part_type is None:
                raise errors.missing_parameter(f"{where}.type")
            check_value(f"{where}.type", param("string", enum=_parts_for(role)), part_type)
            kept = dict(part)
            if part_type in AUDIO_PARTS and "audio" in part:
                audio[k] = _decoded(f"{where}.audio", part["audio"])
                del kept["audio"]
                kept.setdefault("transcript", None)
            elif part_type in TEXT_PARTS:
                check_value(f"{where}.text", param("string"), part.get("text"))
            parts.append(kept)
        item.update(role=role, content=parts)
    elif kind == "function_call":
        for key in ("name", "arguments"):
            if raw.get(key) is None:
                raise errors.missing_parameter(f"item.{key}")
            check_value(f"item.{key}", param("string"), raw[key])
        item.update(name=raw["name"], call_id=raw.get("call_id"), arguments=raw["arguments"])
    else:
        for key in ("call_id", "output"):
            if raw.get(key) is None:
                raise errors.missing_parameter(f"item.{key}")
            check_value(f"item.{key}", param("string"), raw[key])
        item.update(call_id=raw["call_id"], output=raw["output"])
    return item, audio


@dataclass
class Conversation:
    """The session's items in order, and the audio of their parts (by item id, part index)."""

    items: list[dict[str, Any]] = field(default_factory=list)
    audio: dict[tuple[str, int], bytes] = field(default_factory=dict)
    # What each audio part says (the model hears audio natively): by item id.
    heard: dict[str, str] = field(default_factory=dict)

    def index(self, where: str, item_id: Any) -> int:
        if item_id is None:
            raise errors.missing_parameter(where)
        check_value(where, param("string"), item_id)
        for k, item in enumerate(self.items):
            if item["id"] == item_id:
                return k
        raise item_not_found(where, str(item_id))

    def previous_id(self, item: dict[str, Any]) -> str | None:
        k = self.items.index(item)
        return self.items[k - 1]["id"] if k > 0 else None

    def insert(self, item: dict[str, Any], after: Any = None) -> str | None:
        """Adds ``item`` (after the item ``after`` names, ``"root"`` for first, else last);
        the id of the item before it."""
        if after is None:
            self.items.append(item)
        elif after == "root":
            self.items.insert(0, item)
        else:
            self.items.insert(self.index("previous_item_id", after) + 1, item)
        return self.previous_id(item)

    def get(self, item_id: Any) -> dict[str, Any]:
        return self.items[self.index("item_id", item_id)]

    def delete(self, item_id: Any) -> None:
        item = self.items.pop(self.index("item_id", item_id))
        for key in [key for key in self.audio if key[0] == item["id"]]:
            del self.audio[key]
        self.heard.pop(item["id"], None)


def _part_text(item_id: str, part: dict[str, Any], heard: dict[str, str]) -> str:
    if part["type"] in TEXT_PARTS:
        return str(part.get("text") or "")
    if part.get("transcript"):
        return str(part["transcript"])
    return heard.get(item_id, "")


def chat_messages(items: list[dict[str, Any]], heard: dict[str, str]) -> list[dict[str, Any]]:
    """The items as chat messages: text and heard audio, calls and their outputs."""
    messages: list[dict[str, Any]] = []
    for item in items:
        if item["type"] == "message":
            text = " ".join(_part_text(item["id"], p, heard) for p in item["content"]).strip()
            messages.append({"role": item["role"], "content": text})
        elif item["type"] == "function_call":
            call = {
                "id": item.get("call_id") or item["id"],
                "type": "function",
                "function": {"name": item["name"], "arguments": item["arguments"]},
            }
            messages.append({"role": "assistant", "content": None, "tool_calls": [call]})
        else:
            messages.append(
                {"role": "tool", "tool_call_id": item["call_id"], "content": item["output"]}
            )
    return messages
