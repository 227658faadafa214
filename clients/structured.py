"""Structured outputs: the answer as a validated pydantic object, not text to pick apart.

``client.chat.completions.parse`` sends the model's JSON schema as a strict
``response_format`` and validates the reply into the model class.
"""

from __future__ import annotations

from typing import Any, TypeVar

from openai import OpenAI
from pydantic import BaseModel

from .chat import DEFAULT_CHAT_MODEL, InstructionRole, build_messages

ModelT = TypeVar("ModelT", bound=BaseModel)


class Refused(RuntimeError):
    """The model declined to answer (its ``refusal`` text is the message)."""


class NoParsedAnswer(RuntimeError):
    """The reply held no object (cut off by ``max_tokens`` or a content filter)."""


def extract(
    client: OpenAI,
    schema: type[ModelT],
    prompt: str,
    *,
    instructions: str | None = None,
    role: InstructionRole = "developer",
    model: str = DEFAULT_CHAT_MODEL,
    **params: Any,
) -> ModelT:
    completion = client.chat.completions.parse(
        model=model,
        messages=build_messages(prompt, instructions, role),
        response_format=schema,
        **params,
    )
    choice = completion.choices[0]
    if choice.message.refusal:
        raise Refused(choice.message.refusal)
    if choice.message.parsed is None:
        raise NoParsedAnswer(f"no object in the reply (finish_reason={choice.finish_reason!r})")
    return choice.message.parsed


class CalendarEvent(BaseModel):
    """The lesson's example schema (OpenAI's structured-outputs guide uses the same)."""

    name: str
    date: str
    participants: list[str]


EXAMPLE_PROMPT = "Alice and Bob are going to a science fair on Friday."
EXAMPLE_INSTRUCTIONS = "Extract the event information."
