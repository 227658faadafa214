"""A completion as the stream of ``chat.completion.chunk`` objects the real API sends.

Per choice: a first delta with ``role: "assistant"`` and ``content: ""`` (tool calls: the first
call's header instead), then one delta per token (tokens that are only part of a UTF-8
character are held until the character is whole), then an empty delta with the
``finish_reason``. Choices interleave when ``n > 1``. With ``include_usage`` every chunk has
``usage: null`` and one last chunk has ``choices: []`` and the usage.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from itertools import zip_longest
from typing import Any

from ... import tokens
from ...llm.plan import Choice
from ...randomness import digest
from .render import Completion
from .request import ChatRequest


def _deltas(choice: Choice, encoding: str) -> Iterator[tuple[dict[str, Any], Any, str]]:
    """(delta, logprobs, visible text) for each chunk of one choice, the last one excluded."""
    with_logprobs = choice.logprobs is not None
    if choice.tool_calls:
        first = _header(0, choice.tool_calls[0])
        yield (
            {"role": "assistant", "content": None, "tool_calls": [first], "refusal": None},
            None,
            "",
        )
        for k, call in enumerate(choice.tool_calls):
            if k:
                yield {"tool_calls": [_header(k, call)]}, None, ""
            ids = tokens.encode(call["function"]["arguments"], encoding)
            for piece in tokens.pieces(ids, encoding):
                delta = {"tool_calls": [{"index": k, "function": {"arguments": piece.text}}]}
                yield delta, None, piece.text
        return
    yield (
        {"role": "assistant", "content": "", "refusal": None},
        {"content": [], "refusal": None} if with_logprobs else None,
        "",
    )
    for piece in tokens.pieces(choice.content_ids, encoding):
        logprobs = None
        if choice.logprobs is not None:
            logprobs = {"content": choice.logprobs[piece.start : piece.end], "refusal": None}
        yield {"content": piece.text}, logprobs, piece.text


def _header(index: int, call: dict[str, Any]) -> dict[str, Any]:
    return {
        "index": index,
        "id": call["id"],
        "type": "function",
        "function": {"name": call["function"]["name"], "arguments": ""},
    }


def chunks(req: ChatRequest, completion: Completion, seed: int) -> Iterator[dict[str, Any]]:
    """Every chunk of the stream, in order (the ``[DONE]`` line is the framing's)."""
    position = 0
    obfuscator = Obfuscator(seed, completion.id) if req.include_obfuscation else None

    def chunk(choices: list[dict[str, Any]], visible: str, usage: Any = None) -> dict[str, Any]:
        nonlocal position
        body: dict[str, Any] = {
            "id": completion.id,
            "object": "chat.completion.chunk",
            "created": completion.created,
            "model": completion.model,
            "service_tier": completion.service_tier,
            "system_fingerprint": completion.system_fingerprint,
            "choices": choices,
        }
        if req.include_usage:
            body["usage"] = usage
        if obfuscator is not None:
            body["obfuscation"] = obfuscator.pad(position, len(visible))
        position += 1
        return body

    streams = [_deltas(c, req.call.encoding) for c in completion.choices]
    for row in zip_longest(*streams):
        for index, item in enumerate(row):
            if item is None:
                continue
            delta, logprobs, visible = item
            yield chunk(
                [{"index": index, "delta": delta, "logprobs": logprobs, "finish_reason": None}],
                visible,
            )
    for choice in completion.choices:
        yield chunk(
            [
                {
                    "index": choice.index,
                    "delta": {},
                    "logprobs": None,
                    "finish_reason": choice.finish_reason,
                }
            ],
            "",
        )
    if req.include_usage:
        yield chunk([], "", completion.usage)


OBFUSCATION_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"


_OBFUSCATION_TABLE = bytes(
    ord(OBFUSCATION_ALPHABET[i % len(OBFUSCATION_ALPHABET)]) for i in range(256)
)


class Obfuscator:
    """Padding that evens out chunk sizes (the API's side-channel mitigation): random letters
    and digits, longer for shorter content. One seeded pool per stream keeps it cheap."""

    POOL = 1024

    def __init__(self, seed: int, completion_id: str) -> None:
        # One seeded XOF output, mapped byte by byte onto the alphabet: no per-char Python loop.
        raw = hashlib.shake_256(digest(seed, "obfuscation", completion_id)).digest(self.POOL + 64)
        self._pool = raw[: self.POOL].translate(_OBFUSCATION_TABLE).decode("ascii")
        self._lengths = [b % 4 for b in raw[self.POOL :]]

    def pad(self, position: int, visible: int) -> str:
        length = max(1, 16 - visible % 16) + self._lengths[position % 64]
        start = (position * 61) % (self.POOL - 24)
        return self._pool[start : start + length]
