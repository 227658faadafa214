"""The format a training or validation file must have for the job's ``method``, checked at job
creation: the first line that is not in it is named in the 400. What the files count (examples,
tokens) sets the job's steps and ``trained_tokens``.

- supervised, chat models: ``{"messages": [...]}`` with at least one assistant message (and
  optional ``tools``, ``functions``, ``parallel_tool_calls``);
- supervised, ``davinci-002`` / ``babbage-002``: ``{"prompt": str, "completion": str}``;
- dpo: ``{"input": {"messages": [...]}, "preferred_output": [assistant message],
  "non_preferred_output": [assistant message]}``;
- reinforcement: ``{"messages": [...]}`` ending on a user (or tool) turn, whatever other keys the
  grader reads (reference answers).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import orjson

from ... import tokens
from . import errors

ROLES = ("system", "developer", "user", "assistant", "tool", "function")
SUPERVISED_KEYS = frozenset({"messages", "tools", "functions", "parallel_tool_calls"})
DPO_KEYS = frozenset({"input", "preferred_output", "non_preferred_output"})
# Tokens each message costs beyond its text (the chat format's framing).
MESSAGE_OVERHEAD = 4


@dataclass(frozen=True)
class Dataset:
    examples: int
    tokens: int


class _Bad(Exception):
    pass


def _text(value: Any) -> str:
    """Every string inside a value, joined: what its tokens are counted from."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return " ".join(_text(v) for v in value)
    if isinstance(value, dict):
        return " ".join(_text(v) for v in value.values())
    return ""


def _messages(value: Any, key: str) -> list[dict[str, Any]]:
    if not isinstance(value, list) or not value:
        raise _Bad(f'key "{key}": expected a non-empty array of messages.')
    for i, message in enumerate(value, start=1):
        if not isinstance(message, dict):
            raise _Bad(f"message {i}: expected an object.")
        role = message.get("role")
        if role not in ROLES:
            raise _Bad(f"message {i}: Unrecognized role: {role}.")
        content = message.get("content")
        if content is None and not (role == "assistant" and message.get("tool_calls")):
            raise _Bad(f'message {i}: Missing key "content".')
    return value


def _supervised(example: dict[str, Any]) -> None:
    extra = sorted(set(example) - SUPERVISED_KEYS)
    if "messages" not in example:
        raise _Bad('Missing key "messages".')
    if extra:
        raise _Bad(f"Unrecognized key(s) in object: {', '.join(repr(k) for k in extra)}.")
    messages = _messages(example["messages"], "messages")
    if not any(m["role"] == "assistant" for m in messages):
        raise _Bad('key "messages": At least one message must be from the assistant.')


def _prompt_completion(example: dict[str, Any]) -> None:
    for key in ("prompt", "completion"):
        if not isinstance(example.get(key), str):
            raise _Bad(f'Missing key "{key}" (a string).')
    extra = sorted(set(example) - {"prompt", "completion"})
    if extra:
        raise _Bad(f"Unrecognized key(s) in object: {', '.join(repr(k) for k in extra)}.")


def _dpo(example: dict[str, Any]) -> None:
    for key in sorted(DPO_KEYS):
        if key not in example:
            raise _Bad(f'Missing key "{key}".')
    given = example["input"]
    if not isinstance(given, dict) or "messages" not in given:
        raise _Bad('key "input": Missing key "messages".')
    _messages(given["messages"], "input.messages")
    for key in ("preferred_output", "non_preferred_output"):
        output = _messages(example[key], key)
        if len(output) != 1 or output[0]["role"] != "assistant":
            raise _Bad(f'key "{key}": expected exactly one assistant message.')


def _reinforcement(example: dict[str, Any]) -> None:
    if "messages" not in example:
        raise _Bad('Missing key "messages".')
    messages = _messages(example["messages"], "messages")
    if messages[-1]["role"] == "assistant":
        raise _Bad('key "messages": The last message must not be from the assistant.')


CHECKS = {"supervised": _supervised, "dpo": _dpo, "reinforcement": _reinforcement}


def check(
    data: bytes, *, method: str, prompt_completion: bool, param: str, encoding: str
) -> Dataset:
    """The file's examples and tokens, or the 400 naming its first line not in ``method``'s
    format. (The file is JSONL already: its upload checked that every line is an object.)"""
    rule = _prompt_completion if prompt_completion else CHECKS[method]
    count = 0
    text: list[str] = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            example = orjson.loads(line)
        except orjson.JSONDecodeError:
            raise errors.invalid_line(param, number, "not valid JSON.") from None
        try:
            if not isinstance(example, dict):
                raise _Bad("expected an object.")
            rule(example)
        except _Bad as bad:
            raise errors.invalid_line(param, number, str(bad)) from None
        count += 1
        text.append(_text(example))
    counted = tokens.count("\n".join(text), encoding) if text else 0
    return Dataset(examples=count, tokens=counted + MESSAGE_OVERHEAD * count)
