"""A ``Completion`` as the stream of ``chat.completion.chunk`` objects the real API sends.

Per choice: a first delta with ``role: "assistant"`` and ``content: ""`` (tool calls: the first
call's header instead), then one delta per token (tokens that are only part of a UTF-8
character are held until the character is whole), then an empty delta with the
``finish_reason``. Choices interleave when ``n > 1``. With ``include_usage`` every chunk has
``usage: null`` and one last chunk has ``choices: []`` and the usage.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import zip_longest
from typing import Any

from .. import tokens
from .params import ChatRequest
from .reply import Choice, Completion, Obfuscator


def token_pieces(ids: list[int], encoding: str) -> list[tuple[str, list[int]]]:
    """``ids`` grouped into pieces of whole characters, with the text of each; the texts
    concatenate to ``tokens.decode(ids)``."""
    enc = tokens.get_encoding(encoding)
    pieces: list[tuple[str, list[int]]] = []
    pending, group = b"", []
    for token_id in ids:
        pending += enc.decode_single_token_bytes(token_id)
        group.append(token_id)
        try:
            text = pending.decode("utf-8")
        except UnicodeDecodeError:
            continue
        pieces.append((text, group))
        pending, group = b"", []
    if group:
        pieces.append((pending.decode("utf-8", errors="replace"), group))
    return pieces


def _deltas(req: ChatRequest, choice: Choice) -> Iterator[tuple[dict[str, Any], Any, str]]:
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
            ids = tokens.encode(call["function"]["arguments"], req.encoding)
            for text, _ in token_pieces(ids, req.encoding):
                yield {"tool_calls": [{"index": k, "function": {"arguments": text}}]}, None, text
        return
    yield (
        {"role": "assistant", "content": "", "refusal": None},
        {"content": [], "refusal": None} if with_logprobs else None,
        "",
    )
    position = 0
    for text, group in token_pieces(choice.content_ids, req.encoding):
        logprobs = None
        if choice.logprobs is not None:
            logprobs = {
                "content": choice.logprobs[position : position + len(group)],
                "refusal": None,
            }
        position += len(group)
        yield {"content": text}, logprobs, text


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

    streams = [_deltas(req, c) for c in completion.choices]
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
