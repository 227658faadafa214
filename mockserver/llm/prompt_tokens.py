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
    count = tokens.count
    total = REPLY_PRIMING
    for message in messages:
        # The text first (no content has no parts: 0), then the other strings a message holds,
        # looked at by kind: a message is mostly a role and a content string.
        total += TOKENS_PER_MESSAGE + count("".join(message.parts), encoding)
        for key, value in message.raw.items():
            if isinstance(value, str):
                if key == "role" or key == "tool_call_id":
                    total += count(value, encoding)
                elif key == "name":
                    total += count(value, encoding) + TOKENS_PER_NAME
            elif isinstance(value, list):
                if key == "content":
                    total += IMAGE_TOKENS * message.image_count
                elif key == "tool_calls":
                    for call in value:
                        fn = call.get("function", {}) if isinstance(call, dict) else {}
                        total += count(str(fn.get("name", "")), encoding)
                        total += count(str(fn.get("arguments", "")), encoding)
    return total
