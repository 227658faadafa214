"""One-shot chat and streaming chat: the seed's first chat lessons as two functions.

``instructions`` goes first as a ``developer`` message (the seed's newer examples) or a
``system`` message (its older ones, and what models before o1 expect); both mean "how the
assistant should behave".
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from openai import OpenAI
from openai.types.chat import ChatCompletion, ChatCompletionChunk, ChatCompletionMessageParam

DEFAULT_CHAT_MODEL = "gpt-4o-mini"
InstructionRole = Literal["system", "developer"]


def build_messages(
    prompt: str, instructions: str | None = None, role: InstructionRole = "developer"
) -> list[ChatCompletionMessageParam]:
    messages: list[ChatCompletionMessageParam] = []
    if instructions is not None:
        if role == "system":
            messages.append({"role": "system", "content": instructions})
        else:
            messages.append({"role": "developer", "content": instructions})
    messages.append({"role": "user", "content": prompt})
    return messages


def ask(
    client: OpenAI,
    prompt: str,
    *,
    instructions: str | None = None,
    role: InstructionRole = "developer",
    model: str = DEFAULT_CHAT_MODEL,
    **params: Any,
) -> ChatCompletion:
    """One question, one answer; ``params`` go to the API as they are (temperature, ...)."""
    completion: ChatCompletion = client.chat.completions.create(
        model=model, messages=build_messages(prompt, instructions, role), **params
    )
    return completion


def reply_text(completion: ChatCompletion) -> str:
    """The first choice's text ('' when the model answered with tool calls only)."""
    return completion.choices[0].message.content or ""


def stream_text(client: OpenAI, prompt: str, **options: Any) -> Iterator[str]:
    """The answer's text pieces as the server sends them (empty deltas skipped); ``options``
    as :func:`stream_chunks` takes them."""
    for chunk in stream_chunks(client, prompt, **options):
        piece = chunk_text(chunk)
        if piece:
            yield piece


def stream_chunks(
    client: OpenAI,
    prompt: str,
    *,
    instructions: str | None = None,
    role: InstructionRole = "developer",
    model: str = DEFAULT_CHAT_MODEL,
    **params: Any,
) -> Iterator[ChatCompletionChunk]:
    """The raw chunks of a streamed answer (the seed prints their ``delta``)."""
    stream = client.chat.completions.create(
        model=model, messages=build_messages(prompt, instructions, role), stream=True, **params
    )
    with stream:
        yield from stream


def chunk_text(chunk: ChatCompletionChunk) -> str:
    """The text a chunk adds to the first answer ('' for the role and the final chunks)."""
    return "".join(choice.delta.content or "" for choice in chunk.choices if choice.index == 0)
