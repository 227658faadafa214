"""Conversation messages, read once: each message's text is extracted here and nowhere else,
and the facts a reply depends on (the last user text, its language, trailing tool results,
the instructions) are computed once per request."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

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


class Message(NamedTuple):
    """One message as sent (``raw``, for storing and token counting), its texts (``parts``) and
    what it says (``text``: its string, or its parts joined by spaces). A named tuple with the
    text worked out at once: a request makes one per message, and a frozen dataclass with a
    ``cached_property`` (which takes a lock on first use) cost several times as much."""

    role: str
    raw: Mapping[str, Any]
    parts: tuple[str, ...]
    text: str

    @classmethod
    def of(cls, raw: Mapping[str, Any]) -> Message:
        content = raw.get("content")
        if isinstance(content, str):
            return cls(str(raw.get("role")), raw, (content,), content)
        parts = part_texts(content)
        return cls(str(raw.get("role")), raw, parts, " ".join(parts).strip())

    @property
    def image_count(self) -> int:
        content = self.raw.get("content")
        if not isinstance(content, list):
            return 0
        return sum(1 for p in content if isinstance(p, Mapping) and p.get("type") == "image_url")


class Conversation:
    """The messages of a request, and the facts a reply depends on: the last user text and the
    trailing tool results, worked out when it is made (each a short pass from the end); the
    language, which takes a detector, when first asked. A slotted class, not a frozen
    dataclass with ``cached_property`` (a lock taken on each first use): one is made per
    request. Read-only by use: nothing changes one after ``of`` made it."""

    __slots__ = ("_language", "last_user_text", "messages", "tool_results")

    def __init__(self, messages: tuple[Message, ...]) -> None:
        self.messages = messages
        self.last_user_text = _last_user_text(messages)
        self.tool_results = _tool_results(messages)
        self._language: str | None = None

    @classmethod
    def of(cls, raw: Sequence[Mapping[str, Any]]) -> Conversation:
        return cls(tuple([Message.of(m) for m in raw]))

    def __repr__(self) -> str:
        return f"Conversation(messages={self.messages!r})"

    @property
    def raw(self) -> list[Mapping[str, Any]]:
        return [m.raw for m in self.messages]

    @property
    def instructions(self) -> str:
        """The system and developer messages' texts (asked only when the user's has no letters)."""
        return " ".join([m.text for m in self.messages if m.role in INSTRUCTION_ROLES])

    @property
    def language(self) -> str:
        """The language of the last user message; if it has no letters, the instructions'."""
        language = self._language
        if language is None:
            user = self.last_user_text
            if any(ch.isalpha() for ch in user):
                language = textgen.detect_language(user)
            else:
                language = textgen.detect_language(self.instructions or user)
            self._language = language
        return language

    @property
    def ends_with_assistant(self) -> bool:
        return bool(self.messages) and self.messages[-1].role == "assistant"

    def mentions(self, word: str) -> bool:
        """Whether any message's text holds ``word`` (any case)."""
        return any(word in m.text.lower() for m in self.messages)


def _last_user_text(messages: tuple[Message, ...]) -> str:
    message: Message  # (mypy reads reversed() of a tuple holding Any fields as Any)
    for message in reversed(messages):
        if message.role == "user":
            return message.text
    return messages[-1].text if messages else ""


def _tool_results(messages: tuple[Message, ...]) -> list[str]:
    """The tool results that end the conversation (the turn the model now answers)."""
    results: list[str] = []
    message: Message
    for message in reversed(messages):
        if message.role not in TOOL_RESULT_ROLES:
            break
        results.insert(0, message.text)
    return results
