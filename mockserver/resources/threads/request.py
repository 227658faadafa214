"""Checking thread and message bodies the way the real API does: a message's role, its content
(a string, or ``text``, ``image_file`` and ``image_url`` parts), attachments and metadata; a
thread's messages, tool_resources and metadata."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ...http import errors
from ...http.metadata import check_metadata
from ...http.params import check_value, param, required
from ...llm.image_urls import check_image_url
from ..assistants.request import check_tool_resources

ROLES = ("user", "assistant")
PART_TYPES = ("text", "image_file", "image_url")
ATTACHMENT_TOOLS = ("code_interpreter", "file_search")
DETAILS = ("auto", "low", "high")
MESSAGE_FIELDS = ("role", "content", "attachments", "metadata")
THREAD_FIELDS = ("messages", "tool_resources", "metadata")
MAX_MESSAGES = 32  # the real API's limit on messages given at thread creation


@dataclass(frozen=True)
class NewMessage:
    """A checked message, its content as the API keeps it (text parts with annotations)."""

    role: str
    content: list[dict[str, Any]]
    attachments: list[dict[str, Any]]
    metadata: dict[str, str]


def _unknown(where: str, value: Mapping[str, Any], known: tuple[str, ...]) -> None:
    for key in value:
        if key not in known:
            if where:
                raise errors.unknown_parameter(f"{where}.{key}")
            raise errors.unrecognized_argument(key)


def _image(where: str, part: Mapping[str, Any], kind: str, key: str) -> dict[str, Any]:
    inner: Any = part.get(kind)
    required(f"{where}.{kind}", inner, param("object"))
    required(f"{where}.{kind}.{key}", inner.get(key), param("string"))
    if kind == "image_url":  # checked as chat checks it: MessageObject's url is a URI
        check_image_url(f"{where}.{kind}.{key}", inner[key])
    detail = inner.get("detail")
    if detail is not None:
        check_value(f"{where}.{kind}.detail", param("string", enum=DETAILS), detail)
    return {"type": kind, kind: {key: inner[key], "detail": detail or "auto"}}


def _part(where: str, part: Any) -> dict[str, Any]:
    check_value(where, param("object"), part)
    kind = part.get("type")
    required(f"{where}.type", kind, param("string", enum=PART_TYPES))
    if kind == "text":
        required(f"{where}.text", part.get("text"), param("string"))
        return text_part(part["text"])
    if kind == "image_file":
        return _image(where, part, "image_file", "file_id")
    return _image(where, part, "image_url", "url")


def text_part(value: str) -> dict[str, Any]:
    return {"type": "text", "text": {"value": value, "annotations": []}}


def _attachments(where: str, value: Any) -> list[dict[str, Any]]:
    if value is None:
        return []
    check_value(where, param("array"), value)
    kept = []
    for i, item in enumerate(value):
        at = f"{where}[{i}]"
        check_value(at, param("object"), item)
        _unknown(at, item, ("file_id", "tools"))
        required(f"{at}.file_id", item.get("file_id"), param("string"))
        tools = item.get("tools")
        if tools is None:  # {} or false are no array: refused below
            tools = []
        check_value(f"{at}.tools", param("array"), tools)
        for k, tool in enumerate(tools):
            check_value(f"{at}.tools[{k}]", param("object"), tool)
            kind = param("string", enum=ATTACHMENT_TOOLS)
            required(f"{at}.tools[{k}].type", tool.get("type"), kind)
        kept.append({"file_id": item["file_id"], "tools": [{"type": t["type"]} for t in tools]})
    return kept


def check_message(message: Any, where: str = "") -> NewMessage:
    """One message: of a create-message body (``where`` empty) or of a list
    (``messages[0]``, ``additional_messages[1]``)."""
    prefix = f"{where}." if where else ""
    if where:
        check_value(where, param("object"), message)
    _unknown(where, message, MESSAGE_FIELDS)
    required(f"{prefix}role", message.get("role"), param("string", enum=ROLES))
    content = message.get("content")
    required(f"{prefix}content", content, param("string", "array"))
    if isinstance(content, str):
        parts = [text_part(content)]
    else:
        if not content:
            raise errors.array_too_short(f"{prefix}content", 1, 0)
        parts = [_part(f"{prefix}content[{j}]", p) for j, p in enumerate(content)]
    attachments = _attachments(f"{prefix}attachments", message.get("attachments"))
    metadata = message.get("metadata")
    if metadata is not None:
        check_value(f"{prefix}metadata", param("object"), metadata)
    return NewMessage(message["role"], parts, attachments, check_metadata(metadata or {}))


def check_messages(messages: Any, where: str) -> list[NewMessage]:
    if messages is None:
        return []
    check_value(where, param("array", max_items=MAX_MESSAGES), messages)
    return [check_message(m, f"{where}[{i}]") for i, m in enumerate(messages)]


@dataclass(frozen=True)
class NewThread:
    messages: list[NewMessage]
    tool_resources: dict[str, Any]
    metadata: dict[str, str]


def check_thread(body: Mapping[str, Any], where: str = "") -> NewThread:
    """A create-thread body (or the ``thread`` of a create-thread-and-run one)."""
    prefix = f"{where}." if where else ""
    _unknown(where, body, THREAD_FIELDS)
    resources = body.get("tool_resources")
    if resources is not None:
        check_value(f"{prefix}tool_resources", param("object"), resources)
    metadata = body.get("metadata")
    if metadata is not None:
        check_value(f"{prefix}metadata", param("object"), metadata)
    return NewThread(
        check_messages(body.get("messages"), f"{prefix}messages"),
        check_tool_resources(resources),
        check_metadata(metadata or {}),
    )


def check_modify(body: Mapping[str, Any], fields: tuple[str, ...]) -> None:
    _unknown("", body, fields)
    if body.get("metadata") is not None:
        check_value("metadata", param("object"), body["metadata"])
    if body.get("tool_resources") is not None:
        check_value("tool_resources", param("object"), body["tool_resources"])
