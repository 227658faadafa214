"""A completion as the stream of ``chat.completion.chunk`` objects the real API sends.

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

import orjson

from ... import tokens
from ...http.obfuscation import Obfuscator
from ...llm.plan import Choice
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
            content = choice.logprobs.json(piece.start, piece.end)
            logprobs = {"content": content, "refusal": None}
        yield {"content": piece.text}, logprobs, piece.text


def _header(index: int, call: dict[str, Any]) -> dict[str, Any]:
    return {
        "index": index,
        "id": call["id"],
        "type": "function",
        "function": {"name": call["function"]["name"], "arguments": ""},
    }


def _rows(req: ChatRequest, completion: Completion) -> Iterator[tuple[list[Any], str, Any]]:
    """(choices, visible text, usage) of every chunk, in order: the choices' deltas
    interleaved, then each finish, then (``include_usage``) the usage chunk."""
    streams = [_deltas(c, req.call.encoding) for c in completion.choices]
    for row in zip_longest(*streams):
        for index, item in enumerate(row):
            if item is None:
                continue
            delta, logprobs, visible = item
            choice = {"index": index, "delta": delta, "logprobs": logprobs, "finish_reason": None}
            yield [choice], visible, None
    for done in completion.choices:
        finish = {"index": done.index, "delta": {}, "logprobs": None}
        yield [{**finish, "finish_reason": done.finish_reason}], "", None
    if req.include_usage:
        yield [], "", completion.usage


# A content delta of a lone choice without logprobs, as orjson writes
# ``[{"index": 0, "delta": {"content": TEXT}, "logprobs": None, "finish_reason": None}]``:
# most chunks of most streams, written around the text alone.
_CONTENT_OPEN = b'[{"index":0,"delta":{"content":'
_CONTENT_CLOSE = b'},"logprobs":null,"finish_reason":null}]'


def _json_rows(req: ChatRequest, completion: Completion) -> Iterator[tuple[bytes, str, Any]]:
    """``_rows`` with each choices list as JSON."""
    for choices, visible, usage in _rows(req, completion):
        yield orjson.dumps(choices), visible, usage


def frames(req: ChatRequest, completion: Completion, seed: int) -> Iterator[bytes]:
    """Every ``data:`` frame of the stream, in order (the ``[DONE]`` line is the framing's).

    A chunk is ``{"id", "object", "created", "model", "service_tier", "system_fingerprint",
    "choices", ["usage"], ["obfuscation"]}`` in compact JSON; all but the choices, the usage and
    the padding are the same in every chunk, so that head is written once and each frame is
    the head, its own parts and the close: the bytes ``orjson.dumps`` gives for the whole."""
    head = b"".join(
        (
            b'data: {"id":',
            orjson.dumps(completion.id),
            b',"object":"chat.completion.chunk","created":',
            orjson.dumps(completion.created),
            b',"model":',
            orjson.dumps(completion.model),
            b',"service_tier":',
            orjson.dumps(completion.service_tier),
            b',"system_fingerprint":',
            orjson.dumps(completion.system_fingerprint),
            b',"choices":',
        )
    )
    obfuscator = Obfuscator(seed, completion.id) if req.include_obfuscation else None
    with_usage = req.include_usage

    def frame(position: int, choices: bytes, visible: str, usage: Any) -> bytes:
        if with_usage:
            choices += b',"usage":' + (b"null" if usage is None else orjson.dumps(usage))
        if obfuscator is None:
            return head + choices + b"}\n\n"
        pad = obfuscator.pad_bytes(position, len(visible))
        return b"".join((head, choices, b',"obfuscation":"', pad, b'"}\n\n'))

    only = completion.choices[0] if len(completion.choices) == 1 else None
    if only is None or only.tool_calls or only.logprobs is not None:
        for position, (choices, visible, usage) in enumerate(_json_rows(req, completion)):
            yield frame(position, choices, visible, usage)
        return
    # One text choice without logprobs (most streams): the role delta, then a content delta
    # per piece, each written around its text in one join (one frame per token: this loop is
    # most of a stream's cost), then the finish and the usage.
    role, visible, usage = next(_rows(req, completion))
    yield frame(0, orjson.dumps(role), visible, usage)
    opened = head + _CONTENT_OPEN
    closed = _CONTENT_CLOSE + b',"usage":null' if with_usage else _CONTENT_CLOSE
    dumps = orjson.dumps
    pieces = tokens.pieces(only.content_ids, req.call.encoding)
    if obfuscator is None:
        for piece in pieces:
            yield b"".join((opened, dumps(piece.text), closed, b"}\n\n"))
    else:
        pad = obfuscator.pad_bytes
        for position, piece in enumerate(pieces, 1):
            text = piece.text
            padding = pad(position, len(text))
            yield b"".join((opened, dumps(text), closed, b',"obfuscation":"', padding, b'"}\n\n'))
    finish = {"index": 0, "delta": {}, "logprobs": None, "finish_reason": only.finish_reason}
    yield frame(len(pieces) + 1, orjson.dumps([finish]), "", None)
    if with_usage:
        yield frame(len(pieces) + 2, b"[]", "", completion.usage)
