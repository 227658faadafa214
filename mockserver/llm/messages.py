"""Conversation messages, read once: each message's text is extracted here and nowhere else,
and the facts a reply depends on (the last user text, its language, trailing tool results,
the instructions) are computed once per request."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from ..generate import text as textgen

INSTRUCTION_ROLES = ("system", "developer")
TOOL_RESULT_ROLES = ("tool", "function")


def part_texts(content: Any) -> tuple[str, ...]:
    """The texts of a message's content: the string itself, or each text (or refusal) part."""
    if isinstance(content, str):
        return (content,)
    if not isinstance(content, list):
        return ()
    texts = []
    for part in content:
        if isinstance(part, Mapping):
            text = part.get("text")
            if not isinstance(text, str):
                text = part.get("refusal")
            if isinstance(text, str):
                texts.append(text)
    return tuple(texts)


@dataclass(frozen=True)
class Message:
    """One message as sent (``raw``, for storing and token counting) and its text."""

    role: str
    raw: Mapping[str, Any]
    parts: tuple[str, ...]

    @classmethod
    def of(cls, raw: Mapping[str, Any]) -> Message:
        return cls(role=str(raw.get("role")), raw=raw, parts=part_texts(raw.get("content")))

    @cached_property
    def text(self) -> str:
        """What the message says: its string, or its parts joined by spaces."""
        content = self.raw.get("content")
        return content if isinstance(content, str) else " ".join(self.parts).strip()

    @property
    def image_count(self) -> int:
        content = self.raw.get("content")
        if not isinstance(content, list):
            return 0
        return sum(1 for p in content if isinstance(p, Mapping) and p.get("type") == "image_url")


@dataclass(frozen=True)
class Conversation:
    messages: tuple[Message, ...]

    @classmethod
    def of(cls, raw: Sequence[Mapping[str, Any]]) -> Conversation:
        return cls(tuple(Message.of(m) for m in raw))

    @property
    def raw(self) -> list[Mapping[str, Any]]:
        return [m.raw for m in self.messages]

    @cached_property
    def last_user_text(self) -> str:
        for message in reversed(self.messages):
            if message.role == "user":
                return message.text
        return self.messages[-1].text if self.messages else ""

    @cached_property
    def instructions(self) -> str:
        return " ".join(m.text for m in self.messages if m.role in INSTRUCTION_ROLES)

    @cached_property
    def language(self) -> str:
        """The language of the last user message; if it has no letters, the instructions'."""
        user = self.last_user_text
        if any(ch.isalpha() for ch in user):
            return textgen.detect_language(user)
        return textgen.detect_language(self.instructions or user)

    @cached_property
    def tool_results(self) -> list[str]:
        """The tool results that end the conversation (the turn the model now answers)."""
        results: list[str] = []
        for message in reversed(self.messages):
            if message.role not in TOOL_RESULT_ROLES:
                break
            results.insert(0, message.text)
        return results

    @property
    def ends_with_assistant(self) -> bool:
        return bool(self.messages) and self.messages[-1].role == "assistant"

    def mentions(self, word: str) -> bool:
        """Whether any message's text holds ``word`` (any case)."""
        return any(word in m.text.lower() for m in self.messages)
