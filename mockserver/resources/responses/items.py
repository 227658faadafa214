"""Input items: the real API's checks of ``input`` (a string, or a list of messages, earlier
output items and tool outputs), and how they read as the chat-form messages the shared
``llm/`` layer plans from. The same conversation sent to chat completions and to Responses
becomes the same messages, so both plan the same reply."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ...catalogue import Model
from ...http import errors
from ...http.params import check_value, param, required
from ...llm.image_urls import check_image_reference
from . import client_tools, compact, declared, tool_search
from . import errors as resp_errors
from . import tools as resp_tools

ROLES = ("user", "assistant", "system", "developer")
ITEM_TYPES = (
    "message",
    "function_call",
    "function_call_output",
    "reasoning",
    "file_search_call",
    "web_search_call",
    "code_interpreter_call",
    "image_generation_call",
    "tool_search_call",
    "tool_search_output",
    "compaction",
    *client_tools.PREFIXES,
    *client_tools.OUTPUT_TYPES,
)
# Earlier calls of tools the server ran, passed back: context only (the answer after each
# carries the text).
CONTEXT_ONLY = (
    "file_search_call",
    "web_search_call",
    "code_interpreter_call",
    "image_generation_call",
)
INPUT_PARTS = ("input_text", "input_image", "input_file")
ASSISTANT_PARTS = ("output_text", "refusal")
IMAGE_DETAILS = ("low", "high", "auto", "original")
# A message's phase (an assistant's commentary or final answer) and, passed back, its status.
PHASES = ("commentary", "final_answer")
STATUSES = ("in_progress", "completed", "incomplete")

Message = dict[str, Any]


@dataclass(frozen=True)
class Input:
    """The checked input: the items as sent (a string became one user message) and the same
    conversation as chat-form messages."""

    items: list[dict[str, Any]]
    messages: list[Message]


def _check_part(where: str, part: Any, role: str, model: Model | None) -> None:
    check_value(where, param("object"), part)
    kind = part.get("type")
    if kind is None:
        raise errors.missing_parameter(f"{where}.type")
    allowed = ASSISTANT_PARTS if role == "assistant" else INPUT_PARTS
    check_value(f"{where}.type", param("string"), kind)
    if kind not in allowed:
        raise errors.invalid_enum(f"{where}.type", kind, allowed)
    if kind in ("input_text", "output_text"):
        required(f"{where}.text", part.get("text"), param("string"))
    elif kind == "refusal":
        required(f"{where}.refusal", part.get("refusal"), param("string"))
    elif kind == "input_image":
        if model is not None and not model.feature("vision"):
            raise errors.invalid_value(
                f"{where}.type",
                "Invalid content type. input_image is only supported by certain models.",
                code=None,
            )
        detail = part.get("detail")
        if detail is not None:
            check_value(f"{where}.detail", param("string", enum=IMAGE_DETAILS), detail)
        check_image_reference(where, part)
    elif kind == "input_file":
        given = [k for k in ("file_id", "file_data", "file_url") if part.get(k) is not None]
        if not given:
            raise errors.missing_parameter(f"{where}.file_id")
        for key in given:
            check_value(f"{where}.{key}", param("string"), part[key])
    # Then the whole part against the SDK's types (an annotation, a cache breakpoint...).
    declared.check_part(where, part)


def _check_message(where: str, item: Mapping[str, Any], model: Model | None) -> None:
    role = item.get("role")
    if role is None:
        raise errors.missing_parameter(f"{where}.role")
    check_value(f"{where}.role", param("string", enum=ROLES), role)
    for key, values in (("phase", PHASES), ("status", STATUSES)):
        if item.get(key) is not None:
            check_value(f"{where}.{key}", param("string", enum=values), item[key])
    content = item.get("content")
    if content is None:
        raise errors.missing_parameter(f"{where}.content")
    check_value(f"{where}.content", param("string", "array"), content)
    if isinstance(content, list):
        for j, part in enumerate(content):
            _check_part(f"{where}.content[{j}]", part, role, model)


def _check_item(where: str, item: Any, model: Model | None) -> str:
    check_value(where, param("object"), item)
    kind = item.get("type")
    if kind is None:
        if "role" not in item:
            raise errors.missing_parameter(f"{where}.type")
        kind = "message"  # an easy input message: {"role", "content"}
    check_value(f"{where}.type", param("string", enum=ITEM_TYPES), kind)
    if kind == "message":
        _check_message(where, item, model)
    elif kind == "function_call":
        for key in ("call_id", "name", "arguments"):
            required(f"{where}.{key}", item.get(key), param("string"))
    elif kind == "function_call_output":
        required(f"{where}.call_id", item.get("call_id"), param("string"))
        output = item.get("output")
        required(f"{where}.output", output, param("string", "array"))
        if isinstance(output, list):
            for j, part in enumerate(output):
                _check_part(f"{where}.output[{j}]", part, "user", model)
    elif kind == "reasoning":
        required(f"{where}.id", item.get("id"), param("string"))
        required(f"{where}.summary", item.get("summary"), param("array"))
    elif kind in ("tool_search_call", "tool_search_output"):
        _check_tool_search(where, kind, item)
    elif kind in CONTEXT_ONLY:
        required(f"{where}.id", item.get("id"), param("string"))
        required(f"{where}.status", item.get("status"), param("string"))
    elif kind == "compaction":
        content = item.get("encrypted_content")
        required(f"{where}.encrypted_content", content, param("string"))
        compact.unseal(content)
    else:
        client_tools.check_input_item(where, kind, item)
    if kind != "message":  # a message's parts are walked one by one (_check_part)
        declared.check_item(where, item)  # an action's coordinates, a tool definition...
    return str(kind)


def _check_tool_search(where: str, kind: str, item: Mapping[str, Any]) -> None:
    execution = item.get("execution")
    if execution is not None:
        check_value(f"{where}.execution", param("string", enum=tool_search.EXECUTIONS), execution)
    if execution == "client":
        # A client's search is answered by its call's id.
        required(f"{where}.call_id", item.get("call_id"), param("string"))
    if kind == "tool_search_call":
        required(f"{where}.arguments", item.get("arguments"), param("object"))
        return
    # The tools it loaded, checked as a request's own tools are (a client's become the
    # model's to call; a server's are context only).
    required(f"{where}.tools", item.get("tools"), param("array"))
    resp_tools.check_tools(item["tools"], at=f"{where}.tools")


# --- the chat form ---------------------------------------------------------------------------


def _chat_part(part: Mapping[str, Any]) -> dict[str, Any]:
    kind = part.get("type")
    if kind in ("input_text", "output_text"):
        return {"type": "text", "text": part["text"]}
    if kind == "refusal":
        return {"type": "refusal", "refusal": part["refusal"]}
    if kind == "input_image":
        image: dict[str, Any] = {"url": part.get("image_url") or part.get("file_id")}
        if part.get("detail") is not None:
            image["detail"] = part["detail"]
        return {"type": "image_url", "image_url": image}
    return {"type": "file", "file": {k: v for k, v in part.items() if k != "type"}}


def _chat_content(content: Any) -> Any:
    if isinstance(content, str):
        return content
    return [_chat_part(part) for part in content]


def _output_text(output: Any) -> str:
    if isinstance(output, str):
        return output
    return "".join(str(p.get("text", "")) for p in output if isinstance(p, Mapping))


def chat_messages(items: list[dict[str, Any]]) -> list[Message]:
    """Checked items as chat-form messages: a run of function calls is one assistant message
    with ``tool_calls``, an output a ``tool`` message; reasoning and search items carry no
    text."""
    messages: list[Message] = []
    for item in items:
        kind = item.get("type", "message")
        if kind == "message":
            messages.append({"role": item["role"], "content": _chat_content(item["content"])})
        elif kind == "function_call" or kind in client_tools.PREFIXES:
            call = (
                {
                    "id": item["call_id"],
                    "type": "function",
                    "function": {"name": item["name"], "arguments": item["arguments"]},
                }
                if kind == "function_call"
                else client_tools.chat_call(item)
            )
            last = messages[-1] if messages else None
            if last is not None and last["role"] == "assistant" and last.get("tool_calls"):
                last["tool_calls"].append(call)
            else:
                messages.append({"role": "assistant", "content": None, "tool_calls": [call]})
        elif kind == "compaction":
            # The context it compacted, where it stands.
            messages.extend(compact.unseal(item["encrypted_content"]))
        elif kind in client_tools.OUTPUT_TYPES:
            messages.append(client_tools.chat_result(item))
        elif kind == "function_call_output":
            messages.append(
                {
                    "role": "tool",
                    "tool_call_id": item["call_id"],
                    "content": _output_text(item["output"]),
                }
            )
    return messages


def check_pairing(messages: list[Message]) -> None:
    """Every tool output answers an earlier call, and every call is answered (the real API's
    400s, raised for the first offender)."""
    calls: list[str] = []
    answered: set[str] = set()
    for message in messages:
        for call in message.get("tool_calls") or []:
            calls.append(call["id"])
        if message["role"] == "tool":
            call_id = message["tool_call_id"]
            if call_id not in calls:
                raise resp_errors.no_tool_call_for_output(call_id)
            answered.add(call_id)
    for call_id in calls:
        if call_id not in answered:
            raise resp_errors.no_tool_output(call_id)


def parse_input(value: Any, model: Model | None, where: str = "input") -> Input:
    """``input`` (or a conversation's ``items``, checked the same way) checked: a string is
    one user message; ``model`` None: no model to ask about images."""
    if value is None:
        return Input([], [])
    if isinstance(value, str):
        items = [{"type": "message", "role": "user", "content": value}]
        return Input(items, [{"role": "user", "content": value}])
    check_value(where, param("string", "array"), value)
    for i, item in enumerate(value):
        _check_item(f"{where}[{i}]", item, model)
    return Input(list(value), chat_messages(list(value)))
