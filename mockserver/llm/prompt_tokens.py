"""Prompt tokens of a conversation, after OpenAI's cookbook "How to count tokens with
tiktoken": every message costs 3 tokens of framing, a name 1 more, and every reply is primed
with 3; a low-detail image costs a flat 85 (the API's vision pricing rule)."""

from __future__ import annotations

from collections.abc import Iterable

from .. import tokens
from .messages import Message

TOKENS_PER_MESSAGE = 3
TOKENS_PER_NAME = 1
REPLY_PRIMING = 3
IMAGE_TOKENS = 85


def count_messages(messages: Iterable[Message], encoding: str) -> int:
    total = 0
    for message in messages:
        total += TOKENS_PER_MESSAGE
        for key, value in message.raw.items():
            if key == "content":
                total += tokens.count("".join(message.parts), encoding)
                total += IMAGE_TOKENS * message.image_count
            elif key == "name" and isinstance(value, str):
                total += tokens.count(value, encoding) + TOKENS_PER_NAME
            elif key == "role" and isinstance(value, str):
                total += tokens.count(value, encoding)
            elif key == "tool_calls" and isinstance(value, list):
                for call in value:
                    fn = call.get("function", {}) if isinstance(call, dict) else {}
                    total += tokens.count(str(fn.get("name", "")), encoding)
                    total += tokens.count(str(fn.get("arguments", "")), encoding)
            elif key == "tool_call_id" and isinstance(value, str):
                total += tokens.count(value, encoding)
    return total + REPLY_PRIMING
